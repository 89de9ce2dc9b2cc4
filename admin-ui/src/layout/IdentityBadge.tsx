import { Box, Chip, Stack, Tooltip, Typography } from '@mui/material';
import { useGetIdentity, useTranslate } from 'react-admin';
import type { ClusterScope } from '../../../workflows/domain';

/** Who is signed in: name, roles and cluster scopes, always visible in the app bar. */
export const IdentityBadge = () => {
  const { identity, isPending } = useGetIdentity();
  const translate = useTranslate();
  if (isPending || !identity) return null;
  const roles: string[] = identity.roles ?? [];
  const scopes: ClusterScope[] = identity.clusterScopes ?? [];
  const scopeText = scopes.map((s) => translate(`hpc.sectors.${s.sector}`, { _: s.sector })).join(', ');
  return (
    <Stack direction="row" spacing={1} alignItems="center" sx={{ mx: 1, display: { xs: 'none', md: 'flex' } }} data-testid="identity">
      <Typography variant="body2" sx={{ fontWeight: 600 }} data-testid="identity-name">
        {identity.fullName}
      </Typography>
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
      {scopes.length > 0 && (
        <Tooltip title={`${translate('hpc.identity.scopes')}: ${scopeText}`}>
          <Box component="span" sx={{ fontSize: 12, opacity: 0.85, maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
            {scopeText}
          </Box>
        </Tooltip>
      )}
    </Stack>
  );
};
