import { useFormat } from '../i18n/format';
import { Table, TableBody, TableCell, TableRow } from '@mui/material';
import { FunctionField, RecordContextProvider, ReferenceField, TextField, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** "coordinatorName" → "Coordinator name": the fallback label for facts without a translation. */
export function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_.]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const FactValue = ({ name, value }: { name: string; value: unknown }) => {
  const translate = useTranslate();
  const format = useFormat();
  if (value === null || value === undefined || value === '') return <>—</>;
  if (name === 'operationId' && typeof value === 'string') {
    return (
      <RecordContextProvider value={{ id: 'fact', operationId: value }}>
        <ReferenceField source="operationId" reference="operations" link={false}>
          <TextField source="name" />
        </ReferenceField>
      </RecordContextProvider>
    );
  }
  if (name === 'clusterId' && typeof value === 'string') {
    return (
      <RecordContextProvider value={{ id: 'fact', clusterId: value }}>
        <ReferenceField source="clusterId" reference="clusters" link="show">
          <FunctionField render={(c: { sector: string; leadAgency: string }) => `${translate(`hpc.sectors.${c.sector}`, { _: c.sector })} · ${c.leadAgency}`} />
        </ReferenceField>
      </RecordContextProvider>
    );
  }
  if ((name === 'workflowId' || name === 'processId') && typeof value === 'string') {
    return <Link to={`/processes/${encodeURIComponent(value)}/show`}>{value}</Link>;
  }
  if (name === 'roles' && Array.isArray(value)) return <>{value.map((r) => translate(`hpc.roles.${r}`, { _: String(r) })).join(', ')}</>;
  if (name === 'processType' && typeof value === 'string') return <>{translate(`hpc.process_types.${value}`, { _: value })}</>;
  if ((name === 'to' || name === 'from' || name === 'status') && typeof value === 'string') {
    return <>{translate(`hpc.cluster_statuses.${value}`, { _: translate(`hpc.process_statuses.${value}`, { _: value }) })}</>;
  }
  if (name === 'sector' && typeof value === 'string') return <>{translate(`hpc.sectors.${value}`, { _: value })}</>;
  if (name === 'operationType' && typeof value === 'string') return <>{translate(`hpc.operation_types.${value}`, { _: value })}</>;
  if (typeof value === 'boolean') return <>{translate(value ? 'hpc.common.yes' : 'hpc.common.no')}</>;
  if (typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value))) return <>{format.dateTime(value)}</>;
  if (Array.isArray(value)) return <>{value.map((v) => (typeof v === 'object' ? JSON.stringify(v) : String(v))).join(', ')}</>;
  if (typeof value === 'object') {
    return (
      <FactsTable
        facts={value as Record<string, unknown>}
        dense
      />
    );
  }
  return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
};

/** Key facts of a case or a decision's data, as a two-column table with translated labels. */
export const FactsTable = ({ facts, dense, label }: { facts: Record<string, unknown> | null | undefined; dense?: boolean; label?: (key: string) => string }) => {
  const translate = useTranslate();
  const entries = Object.entries(facts ?? {}).filter(([, v]) => v !== undefined);
  if (!entries.length) return null;
  return (
    <Table size="small" sx={dense ? { '& td': { border: 0, py: 0.25, px: 0.5 } } : undefined}>
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell component="th" sx={{ color: 'text.secondary', width: dense ? undefined : '35%', verticalAlign: 'top' }}>
              {label ? label(key) : translate(`hpc.defs.fields.${key}`, { _: humanize(key) })}
            </TableCell>
            <TableCell>
              <FactValue name={key} value={value} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
