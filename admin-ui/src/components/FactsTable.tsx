import { useCaseTitle } from './CaseTitle';
import { definitionFieldSpec, isCaseId, useDefinitionLabels } from '../definitions';
import type { FieldSpec } from '../../../workflows/domain';
import type { Process } from '../types';
import { humanize } from './errors';
import { useFormat } from '../i18n/format';
import { referenceOf } from './SpecFieldInput';
import { Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import { FunctionField, RecordContextProvider, ReferenceField, useGetOne, useTranslate } from 'react-admin';
import { Link } from 'react-router-dom';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;
const YEAR = /(^y|Y)ear$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export { humanize };

/** The spec of a fact: the one given with the facts, else the one a definition gives that name. */
function specOf(name: string, fields: readonly FieldSpec[] | undefined): FieldSpec | undefined {
  return fields?.find((f) => f.name === name) ?? definitionFieldSpec(name);
}

/** The record a reference fact points at: a spec's declared ref, else what the name says (leadAgencyId, clusterId, …). */
function resourceOf(name: string, spec: FieldSpec | undefined): string | null {
  return referenceOf(spec && spec.type === 'uuid' ? spec : ({ name, type: 'uuid', label: name } as FieldSpec));
}

/** A fact that says nothing to a person: an internal id no record of the console resolves (a submission's uuid). */
export function isHiddenFact(name: string, value: unknown, spec?: FieldSpec): boolean {
  return typeof value === 'string' && UUID.test(value) && !resourceOf(name, spec ?? definitionFieldSpec(name));
}

/** A referenced record by its name, a link where the console has a page for it. */
const RefValue = ({ resource, id }: { resource: string; id: string }) => {
  const translate = useTranslate();
  const render = (r: Record<string, any>) => {
    if (resource === 'clusters') return `${translate(`hpc.sectors.${r.sector}`, { _: r.sector })} · ${r.leadAgency ?? ''}`;
    if (resource === 'users') return r.displayName ?? r.username;
    return r.name;
  };
  return (
    <RecordContextProvider value={{ id: 'fact', ref: id }}>
      <ReferenceField source="ref" reference={resource} link={resource === 'clusters' || resource === 'operations' ? 'show' : false} emptyText="—">
        <FunctionField render={(r: Record<string, any>) => <bdi>{render(r)}</bdi>} />
      </ReferenceField>
    </RecordContextProvider>
  );
};

/** Rows of a list fact as a table whose columns are its item spec's fields (or the rows' own keys). */
const ListValue = ({ rows, spec, path }: { rows: Record<string, unknown>[]; spec: FieldSpec | undefined; path: string }) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const columns: FieldSpec[] = spec?.fields?.length
    ? [...spec.fields]
    : [...new Set(rows.flatMap((r) => Object.keys(r)))].map((k) => specOf(k, undefined) ?? ({ name: k, label: humanize(k), type: 'string' } as FieldSpec));
  return (
    <Table size="small" sx={{ '& td, & th': { py: 0.25, px: 0.5 } }} data-testid={`fact-list-${path}`}>
      <TableHead>
        <TableRow>
          {columns.map((c) => (
            <TableCell key={c.name} component="th" sx={{ color: 'text.secondary' }}>
              {spec?.fields ? labels.fieldLabel(c, `${path}.${c.name}`) : translate(`hpc.defs.fields.${c.name}`, { _: c.label })}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={i}>
            {columns.map((c) => (
              <TableCell key={c.name}>
                <FactValue name={c.name} value={row[c.name]} spec={c} path={`${path}.${c.name}`} />
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

/** One value rendered by its field spec: money, dates, option labels, references by name, lists as tables; never JSON or a raw id. */
export const FactValue = ({ name, value, spec, path = name }: { name: string; value: unknown; spec?: FieldSpec; path?: string }) => {
  const translate = useTranslate();
  const format = useFormat();
  const labels = useDefinitionLabels();
  if (value === null || value === undefined || value === '') return <>—</>;
  if (typeof value === 'string' && isCaseId(value)) return <CaseLink id={value} />;
  const resource = typeof value === 'string' && (spec?.type === 'uuid' || !spec || UUID.test(value)) ? resourceOf(name, spec) : null;
  if (resource && typeof value === 'string') return <RefValue resource={resource} id={value} />;
  if (spec?.type === 'money' && (typeof value === 'string' || typeof value === 'number')) return <bdi>{format.money(value)}</bdi>;
  if ((spec?.type === 'enum' || name === 'sector' || name === 'operationType') && typeof value === 'string') return <>{labels.optionLabel(spec ?? { name }, value)}</>;
  if (spec?.type === 'enum-list' && Array.isArray(value)) return <>{format.list(value.map((v) => labels.optionLabel(spec, String(v))))}</>;
  // A year is a name, not an amount: 2026, never "2,026".
  if (YEAR.test(name) && typeof value === 'number') return <>{String(value)}</>;
  if ((spec?.type === 'integer' || spec?.type === 'number') && typeof value === 'number') return <>{format.number(value)}</>;
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return <>{format.plainDate(value)}</>;
  if (name === 'roles' && Array.isArray(value)) return <>{format.list(value.map((r) => translate(`hpc.roles.${r}`, { _: String(r) })))}</>;
  if (name === 'processType' && typeof value === 'string') return <>{labels.processType(value)}</>;
  if ((name === 'to' || name === 'from' || name === 'status') && typeof value === 'string') {
    return <>{translate(`hpc.cluster_statuses.${value}`, { _: translate(`hpc.process_statuses.${value}`, { _: value }) })}</>;
  }
  if (typeof value === 'boolean') return <>{translate(value ? 'hpc.common.yes' : 'hpc.common.no')}</>;
  if (typeof value === 'number') return <>{format.number(value)}</>;
  if (typeof value === 'string' && ISO.test(value) && !Number.isNaN(Date.parse(value))) return <>{format.dateTime(value)}</>;
  if (Array.isArray(value)) {
    if (value.some((v) => v && typeof v === 'object')) {
      return <ListValue rows={value.filter((v) => v && typeof v === 'object') as Record<string, unknown>[]} spec={spec} path={path} />;
    }
    const item = spec?.type === 'list' ? undefined : spec;
    return (
      <>
        {value.map((v, i) => (
          <span key={i}>
            {i > 0 && ', '}
            <FactValue name={name} value={v} spec={item?.type === 'enum-list' ? { ...item, type: 'enum' } : item} path={path} />
          </span>
        ))}
      </>
    );
  }
  if (typeof value === 'object') return <FactsTable facts={value as Record<string, unknown>} fields={spec?.fields} path={path} dense />;
  // User text keeps its own direction (an English rationale inside the Arabic console, and vice versa).
  return (
    <span dir="auto" style={{ whiteSpace: 'pre-wrap' }}>
      {String(value)}
    </span>
  );
};

/** A linked case as a link named by its title. */
export const CaseLink = ({ id }: { id: string }) => {
  const { data } = useGetOne<Process>('processes', { id }, { retry: false });
  const labels = useDefinitionLabels();
  const title = useCaseTitle(data);
  // Until the title loads (or where the case cannot be read): its process, never the workflow id.
  return (
    <Link to={`/processes/${encodeURIComponent(id)}/show`} data-testid="case-link">
      <bdi>{title || labels.processType(id.slice(0, id.indexOf(':')))}</bdi>
    </Link>
  );
};

/**
 * Key facts of a case or a decision's data, as a two-column table with translated labels; each value rendered by
 * its field spec (`fields`, else the definitions' spec of that name). `omit`: facts shown elsewhere on the screen.
 */
export const FactsTable = ({
  facts,
  dense,
  label,
  fields,
  path,
  omit,
}: {
  facts: Record<string, unknown> | null | undefined;
  dense?: boolean;
  label?: (key: string) => string;
  fields?: readonly FieldSpec[];
  /** Dotted path of nested facts (`criteria`), for their labels. */
  path?: string;
  omit?: readonly string[];
}) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const entries = Object.entries(facts ?? {}).filter(([k, v]) => v !== undefined && !omit?.includes(k) && !isHiddenFact(k, v, specOf(k, fields)));
  if (!entries.length) return null;
  const labelOf = (key: string) => {
    if (label) return label(key);
    const spec = specOf(key, fields);
    const full = path ? `${path}.${key}` : key;
    return spec ? labels.fieldLabel(spec, full) : translate(`hpc.defs.fields.${full}`, { _: humanize(key) });
  };
  return (
    <Table size="small" sx={dense ? { '& td': { border: 0, py: 0.25, px: 0.5 } } : undefined} data-testid={path ? undefined : 'facts'}>
      <TableBody>
        {entries.map(([key, value]) => (
          <TableRow key={key}>
            <TableCell component="th" sx={{ color: 'text.secondary', width: dense ? undefined : '35%', verticalAlign: 'top' }}>
              {labelOf(key)}
            </TableCell>
            <TableCell>
              <FactValue name={key} value={value} spec={specOf(key, fields)} path={path ? `${path}.${key}` : key} />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};
