import { Stack, Typography } from '@mui/material';
import { ReferenceField, TextField, useRecordContext, useTranslate } from 'react-admin';

/** What a task or case is about: the operation and, when set, the sector. */
export const SubjectField = (_: { label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record) return null;
  return (
    <Stack direction="column" spacing={0}>
      {record.operationId ? (
        <ReferenceField source="operationId" reference="operations" link={false}>
          <TextField source="name" variant="body2" />
        </ReferenceField>
      ) : null}
      {record.sector ? (
        <Typography variant="caption" color="text.secondary">
          {translate(`hpc.sectors.${record.sector}`, { _: record.sector })}
        </Typography>
      ) : null}
    </Stack>
  );
};

/** The same on one line ("South Sudan 2026 · Protection"), for lists of deadlines and notices. */
export const SubjectInline = () => {
  const record = useRecordContext();
  const translate = useTranslate();
  if (!record?.operationId && !record?.sector) return null;
  return (
    <span data-testid="subject-inline">
      {record.operationId ? (
        <ReferenceField source="operationId" reference="operations" link={false}>
          <TextField source="name" variant="caption" />
        </ReferenceField>
      ) : null}
      {record.operationId && record.sector ? ' · ' : ''}
      {record.sector ? translate(`hpc.sectors.${record.sector}`, { _: record.sector }) : ''}
    </span>
  );
};
