import { CaseTitle } from '../../components/CaseTitle';
import { DateTimeField } from '../../components/DateTimeField';
import { Chip, Stack, Typography } from '@mui/material';
import {
  CreateButton,
  DataTable,
  ExportButton,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TopToolbar,
  useGetList,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { canStart } from '../../processes';
import { processStatusChoices } from '../../components/choices';
import { StatusField } from '../../components/fields';
import { SubjectField } from '../../components/SubjectField';
import { DEFINITIONS, useDefinitionLabels } from '../../definitions';
import { useFormat } from '../../i18n/format';
import type { Process, Task } from '../../types';

const TitleCell = (_: { label?: string }) => <CaseTitle />;

const TypeCell = (_: { label?: string }) => {
  const p = useRecordContext<Process>();
  const labels = useDefinitionLabels();
  return p ? <span>{labels.processType(p.type)}</span> : null;
};

const CurrentStepsCell = (_: { label?: string }) => {
  const p = useRecordContext<Process>();
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  if (!p || p.status !== 'running') return null;
  return (
    <Stack>
      {p.currentSteps.map((s) => (
        <span key={s}>{labels.stepTitle(p.type, s)}</span>
      ))}
      {p.awaitingRoles.length > 0 && (
        <span style={{ fontSize: 12, opacity: 0.7 }}>{p.awaitingRoles.map((r) => translate(`hpc.roles.${r}`, { _: r })).join(', ')}</span>
      )}
    </Stack>
  );
};

/**
 * The case's next deadline and how many of its open tasks are overdue, from its open tasks (one small
 * request per row; the process list endpoint carries no due dates yet).
 */
const DueCell = (_: { label?: string }) => {
  const p = useRecordContext<Process>();
  const translate = useTranslate();
  const format = useFormat();
  const running = p?.status === 'running';
  const { data = [] } = useGetList<Task>(
    'tasks',
    { filter: { processId: p?.id, status: 'open', assigned: false }, pagination: { page: 1, perPage: 50 }, sort: { field: 'dueAt', order: 'ASC' } },
    { enabled: !!p && running, retry: false },
  );
  if (!p || !running) return null;
  const next = data.find((t) => t.dueAt)?.dueAt;
  const overdue = data.filter((t) => t.overdue || (t.dueAt && Date.parse(t.dueAt) < Date.now())).length;
  return (
    <Stack spacing={0.5} alignItems="flex-start" data-testid="process-due">
      {next ? <Typography variant="body2">{format.dateTime(next)}</Typography> : <span>—</span>}
      {overdue > 0 && <Chip size="small" color="error" label={`${translate('hpc.processes.overdue_tasks')}: ${overdue}`} data-testid="process-overdue" />}
    </Stack>
  );
};

const ListActions = () => {
  const { permissions = [] } = usePermissions<string[]>();
  const mayStart = DEFINITIONS.some((d) => canStart(d.type, permissions));
  return (
    <TopToolbar>
      {mayStart && <CreateButton label="hpc.processes.start" data-testid="start-process" />}
      <ExportButton />
    </TopToolbar>
  );
};

export const ProcessList = () => {
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('hpc.tasks.search')} />,
    <SelectInput key="type" source="type" choices={DEFINITIONS.map((d) => ({ id: d.type, name: labels.processType(d.type) }))} translateChoice={false} alwaysOn />,
    <SelectInput key="status" source="status" choices={processStatusChoices} alwaysOn />,
    <ReferenceInput key="operationId" source="operationId" reference="operations" sort={{ field: 'name', order: 'ASC' }} alwaysOn>
      <SelectInput optionText="name" />
    </ReferenceInput>,
    <ReferenceInput key="clusterId" source="clusterId" reference="clusters" sort={{ field: 'sector', order: 'ASC' }}>
      <SelectInput optionText={(c: { sector: string; leadAgency: string }) => `${labels.optionLabel({ name: 'sector' }, c.sector)} · ${c.leadAgency}`} />
    </ReferenceInput>,
  ];
  return (
    <List filters={filters} sort={{ field: 'startedAt', order: 'DESC' }} actions={<ListActions />}>
      <DataTable rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="title">
          <TitleCell />
        </DataTable.Col>
        <DataTable.Col source="type">
          <TypeCell />
        </DataTable.Col>
        <DataTable.Col source="operationId" disableSort>
          <SubjectField />
        </DataTable.Col>
        <DataTable.Col source="status">
          <StatusField prefix="hpc.process_statuses" />
        </DataTable.Col>
        <DataTable.Col source="currentSteps" disableSort>
          <CurrentStepsCell />
        </DataTable.Col>
        <DataTable.Col source="nextDueAt" label="hpc.processes.next_due" disableSort>
          <DueCell />
        </DataTable.Col>
        <DataTable.Col source="startedAt">
          <DateTimeField source="startedAt" showTime />
        </DataTable.Col>
        <DataTable.Col source="updatedAt">
          <DateTimeField source="updatedAt" showTime />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
