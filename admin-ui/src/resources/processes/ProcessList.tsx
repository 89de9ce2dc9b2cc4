import { CaseTitle } from '../../components/CaseTitle';
import { DateTimeField } from '../../components/DateTimeField';
import { Chip, Stack, Typography } from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import {
  Button,
  CreateButton,
  DataTable,
  ExportButton,
  List,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TopToolbar,
  useListContext,
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
import type { Process } from '../../types';

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

/** The case's next due time (the earliest of its open tasks), from the read model; red once it has passed. */
const DueCell = (_: { label?: string }) => {
  const p = useRecordContext<Process>();
  const format = useFormat();
  if (!p || p.status !== 'running' || !p.nextDueAt) return <span>—</span>;
  const late = Date.parse(p.nextDueAt) < Date.now();
  return (
    <Typography variant="body2" color={late ? 'error' : undefined} data-testid="process-due">
      {format.dateTime(p.nextDueAt)}
    </Typography>
  );
};

/** How many of the case's open tasks are overdue: a count in words and colour, nothing when none is. */
const OverdueCell = (_: { label?: string }) => {
  const p = useRecordContext<Process>();
  const translate = useTranslate();
  if (!p || !p.overdueCount) return null;
  return <Chip size="small" color="error" label={p.overdueCount} aria-label={`${translate('hpc.processes.overdue_tasks')}: ${p.overdueCount}`} data-testid="process-overdue" />;
};

/** Sorts the list by the most overdue tasks, then the earliest next due time (the API's overdueCount sort). */
const OverdueFirstButton = () => {
  const { sort, setSort } = useListContext();
  const active = sort?.field === 'overdueCount' && sort.order === 'DESC';
  return (
    <Button
      label="hpc.processes.overdue_first"
      onClick={() => setSort(active ? { field: 'startedAt', order: 'DESC' } : { field: 'overdueCount', order: 'DESC' })}
      variant={active ? 'contained' : 'text'}
      aria-pressed={active}
      data-testid="overdue-first"
    >
      <WarningAmberIcon />
    </Button>
  );
};

const ListActions = () => {
  const { permissions = [] } = usePermissions<string[]>();
  const mayStart = DEFINITIONS.some((d) => canStart(d.type, permissions));
  return (
    <TopToolbar>
      <OverdueFirstButton />
      {mayStart && <CreateButton label="hpc.processes.start" data-testid="start-process" />}
      <ExportButton />
    </TopToolbar>
  );
};

export const ProcessList = () => {
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  const filters = [
    // Wide enough for the placeholder in every language ("Titre du dossier, opération ou identifiant").
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('hpc.tasks.search')} sx={{ minWidth: 340 }} />,
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
        <DataTable.Col source="nextDueAt" label="hpc.processes.next_due">
          <DueCell />
        </DataTable.Col>
        <DataTable.Col source="overdueCount" label="hpc.processes.overdue_tasks">
          <OverdueCell />
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
