import { useCaseTitle } from './CaseTitle';
import { definitionFieldLabel } from '../definitions';
import type { Process } from '../types';
import { humanize } from './errors';
import { useFormat } from '../i18n/format';
import { Table, TableBody, TableCell, TableRow } from '@mui/material';
import { FunctionField, RecordContextProvider, ReferenceField, TextField, useGetOne, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

export { humanize };

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
  if (/^(leadAgencyId|coLeadAgencyId|organisationId)$/.test(name) && typeof value === 'string') {
    return (
      <RecordContextProvider value={{ id: 'fact', [name]: value }}>
        <ReferenceField source={name} reference="organisations" link={false}>
          <TextField source="name" />
        </ReferenceField>
      </RecordContextProvider>
    );
  }
  if ((name === 'workflowId' || name === 'processId' || name === 'parentProcessId') && typeof value === 'string') {
    return <CaseLink id={value} />;
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
  // User text keeps its own direction (an English rationale inside the Arabic console, and vice versa).
  return (
    <span dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
      {String(value)}
    </span>
  );
};

/** A linked case as a link named by its title (its id only while the title loads or if it cannot be read). */
export const CaseLink = ({ id }: { id: string }) => {
  const { data } = useGetOne<Process>('processes', { id }, { retry: false });
  const title = useCaseTitle(data);
  return (
    <Link to={`/processes/${encodeURIComponent(id)}/show`} data-testid="case-link">
      <bdi>{title || id}</bdi>
    </Link>
  );
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
              {label ? label(key) : translate(`hpc.defs.fields.${key}`, { _: definitionFieldLabel(key) ?? humanize(key) })}
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
