// Small read-only fields used across resources.
import { Box, Chip, Stack } from '@mui/material';
import { ReferenceField, TextField, useRecordContext, useTranslate } from 'react-admin';
import type { ClusterScope } from '../../../workflows/domain';
import { StatusChip, TranslatedChip } from './TranslatedChip';

export const RolesField = ({ source = 'roles' }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const roles: string[] = (record?.[source] as string[] | undefined) ?? [];
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {roles.map((r) => (
        <TranslatedChip key={r} prefix="hpc.roles" value={r} />
      ))}
    </Stack>
  );
};

export const ScopesField = ({ source = 'clusterScopes' }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const scopes: ClusterScope[] = (record?.[source] as ClusterScope[] | undefined) ?? [];
  if (!scopes.length) return null;
  return (
    <Stack direction="row" spacing={0.5} useFlexGap flexWrap="wrap">
      {scopes.map((s) => (
        <Chip
          key={`${s.operationId}:${s.sector}`}
          size="small"
          variant="outlined"
          label={
            <Box component="span">
              <ReferenceField record={s} source="operationId" reference="operations" link={false}>
                <TextField source="name" />
              </ReferenceField>
              {' · '}
              {translate(`hpc.sectors.${s.sector}`, { _: s.sector })}
            </Box>
          }
        />
      ))}
    </Stack>
  );
};

export const EnumField = ({ source, prefix }: { source: string; prefix: string; label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const value = record?.[source];
  if (value == null || value === '') return null;
  return <span>{translate(`${prefix}.${value}`, { _: String(value) })}</span>;
};

export const StatusField = ({ source = 'status', prefix }: { source?: string; prefix: string; label?: string }) => {
  const record = useRecordContext();
  return <StatusChip prefix={prefix} value={record?.[source] as string | undefined} />;
};
