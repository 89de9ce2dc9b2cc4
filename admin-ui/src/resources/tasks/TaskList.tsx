import { useLiveInterval } from '../../live';
import InboxIcon from '@mui/icons-material/Inbox';
import { Box, Chip, Typography } from '@mui/material';
import {
  BooleanInput,
  DataTable,
  List,
  NullableBooleanInput,
  ReferenceInput,
  SearchInput,
  SelectInput,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import { taskStatusChoices } from '../../components/choices';
import { DueField } from '../../components/DueField';
import { StatusField } from '../../components/fields';
import { SubjectField } from '../../components/SubjectField';
import { DEFINITIONS, useDefinitionLabels } from '../../definitions';
import { canListAllTasks } from '../../permissions';
import type { Task } from '../../types';

const StepTitle = (_: { label?: string }) => {
  const task = useRecordContext<Task>();
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  if (!task) return null;
  return (
    <span>
      {labels.stepTitle(task.processType, task.stepId, task.title)}
      {task.status === 'open' && task.overdue && (
        <Chip size="small" color="error" label={translate('hpc.tasks.overdue')} sx={{ ml: 1 }} data-testid="overdue-chip" />
      )}
    </span>
  );
};

const ProcessTypeCell = (_: { label?: string }) => {
  const task = useRecordContext<Task>();
  const labels = useDefinitionLabels();
  return task ? <span>{labels.processType(task.processType)}</span> : null;
};

const useFilters = (listsAll: boolean) => {
  const labels = useDefinitionLabels();
  const translate = useTranslate();
  const typeChoices = DEFINITIONS.map((d) => ({ id: d.type, name: labels.processType(d.type) }));
  const stepChoices = DEFINITIONS.flatMap((d) =>
    d.steps.map((s) => ({ id: s.id, name: `${labels.stepTitle(d.type, s.id)} (${labels.processType(d.type)})` })),
  );
  return [
    <SearchInput key="q" source="q" alwaysOn placeholder={translate('hpc.tasks.search')} />,
    <SelectInput key="processType" source="processType" choices={typeChoices} translateChoice={false} alwaysOn />,
    <SelectInput key="stepId" source="stepId" choices={stepChoices} translateChoice={false} alwaysOn />,
    <NullableBooleanInput key="overdue" source="overdue" alwaysOn />,
    <ReferenceInput key="operationId" source="operationId" reference="operations" sort={{ field: 'name', order: 'ASC' }}>
      <SelectInput optionText="name" />
    </ReferenceInput>,
    <SelectInput key="status" source="status" choices={taskStatusChoices} />,
    // Auditors and admins may also see tasks they do not decide (the API refuses it to others); "mine" by default.
    ...(listsAll ? [<BooleanInput key="assigned" source="assigned" alwaysOn />] : []),
  ];
};

/** An empty inbox says so in words. */
const EmptyInbox = () => {
  const translate = useTranslate();
  return (
    <Box sx={{ py: 6, textAlign: 'center' }} data-testid="inbox-empty">
      <InboxIcon sx={{ fontSize: 48, color: 'text.disabled' }} aria-hidden />
      <Typography variant="h6" component="p">
        {translate('hpc.tasks.empty')}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {translate('hpc.tasks.empty_help')}
      </Typography>
    </Box>
  );
};

/** The inbox: open tasks assigned to the user, soonest due first, overdue ones highlighted. */
export const TaskList = () => {
  const { permissions = [] } = usePermissions<string[]>();
  const listsAll = canListAllTasks(permissions);
  const filters = useFilters(listsAll);
  // Pushed by the live stream; polled only while it is down.
  const refetchInterval = useLiveInterval(30_000);
  return (
    <List
      filters={filters}
      filterDefaultValues={listsAll ? { assigned: true, status: 'open' } : {}}
      sort={{ field: 'dueAt', order: 'ASC' }}
      perPage={25}
      title="hpc.tasks.inbox"
      empty={false}
      exporter={false}
      queryOptions={{ refetchInterval: refetchInterval }}
    >
      <DataTable
        empty={<EmptyInbox />}
        rowClick="show"
        bulkActionButtons={false}
        rowSx={(task: Task) => (task.status === 'open' && task.overdue ? { backgroundColor: 'rgba(211, 47, 47, 0.08)' } : {})}
      >
        <DataTable.Col source="title">
          <StepTitle />
        </DataTable.Col>
        <DataTable.Col source="processType">
          <ProcessTypeCell />
        </DataTable.Col>
        <DataTable.Col source="operationId" label="hpc.tasks.subject" disableSort>
          <SubjectField />
        </DataTable.Col>
        <DataTable.Col source="dueAt">
          <DueField />
        </DataTable.Col>
        <DataTable.Col source="status">
          <StatusField prefix="hpc.task_statuses" />
        </DataTable.Col>
      </DataTable>
    </List>
  );
};
