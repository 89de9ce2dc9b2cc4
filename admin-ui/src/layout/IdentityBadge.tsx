import { Box, Chip, Stack, Tooltip } from '@mui/material';
import { useGetIdentity, useTranslate } from 'react-admin';
import type { ClusterScope } from '../../../workflows/domain';

/** Who is signed in: name, roles and cluster scopes, always visible in the app bar. */
export const IdentityBadge = () => {
  const { identity, isPending } = useGetIdentity();
  const translate = useTranslate();
  if (isPending || !identity) return null;
  const roles: string[] = identity.roles ?? [];
  const scopes: ClusterScope[] = identity.clusterScopes ?? [];
  // The user menu beside shows the name; here the roles and (distinct) sectors the user acts for.
  const sectors = [...new Set(scopes.map((s) => s.sector))];
  const scopeText = sectors.map((s) => translate(`hpc.sectors.${s}`, { _: s })).join(', ');
  const scopeTitle = `${translate('hpc.identity.scopes')}: ${translate('hpc.identity.scope_count', { smart_count: scopes.length })}`;
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ mx: 1, display: { xs: 'none', md: 'flex' } }} data-testid="identity" data-username={identity.username}>
      <Stack direction="row" spacing={0.5}>
        {roles.map((r) => (
          <Chip
            key={r}
            size="small"
            label={translate(`hpc.roles.${r}`, { _: r })}
            sx={{ color: 'inherit', borderColor: 'currentColor' }}
            variant="outlined"
            data-testid="identity-role"
          />
        ))}
      </Stack>
      {sectors.length > 0 && (
        <Tooltip title={scopeTitle}>
          <Box component="span" sx={{ fontSize: 12, opacity: 0.85, maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {scopeText}
          </Box>
        </Tooltip>
      )}
    </Stack>
  );
};
