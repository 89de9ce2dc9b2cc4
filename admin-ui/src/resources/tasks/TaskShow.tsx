import { useFormat } from '../../i18n/format';
import AccountTreeIcon from '@mui/icons-material/AccountTree';
import { Alert, Box, Button, Card, CardContent, Chip, Divider, Grid, Stack, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Loading, RecordContextProvider, Show, useGetOne, useShowContext, useTranslate } from 'react-admin';
import { authorizeDecision } from '../../../../workflows/domain';
import { ActorName } from '../../components/ActorName';
import { DueField } from '../../components/DueField';
import { FactsTable } from '../../components/FactsTable';
import { StatusChip } from '../../components/TranslatedChip';
import { getDefinition, useDefinitionLabels } from '../../definitions';
import { currentActor } from '../../session';
import type { Process, Task } from '../../types';
import { ChairCloseForm, isChairTask } from './ChairCloseForm';
import { DecisionForm } from './DecisionForm';

const TaskDetail = () => {
  const { record: task, isPending } = useShowContext<Task>();
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  // The case's own facts (its start input) complete what the task carries in its context.
  const { data: process } = useGetOne<Process>('processes', { id: task?.processId ?? '' }, { enabled: !!task?.processId, retry: false });
  if (isPending || !task) return <Loading />;
  const definition = getDefinition(task.processType);
  const step = definition?.steps.find((s) => s.id === task.stepId);
  const actor = currentActor();
  const verdict = actor
    ? authorizeDecision(actor, { roles: task.roles, scope: { operationId: task.operationId, sector: task.sector, organisationId: task.organisationId }, assigneeId: task.assigneeId, recusalOrganisationId: task.recusalOrganisationId, leadAgencyId: task.leadAgencyId })
    : null;

  return (
    <Grid container spacing={2} sx={{ mt: 1 }}>
      <Grid size={{ xs: 12, md: 7 }}>
        <Card>
          <CardContent>
            <Stack direction="row" spacing={1} alignItems="center" sx={{ mb: 1 }} useFlexGap flexWrap="wrap">
              <Typography variant="overline">{labels.processType(task.processType)}</Typography>
              <StatusChip prefix="hpc.task_statuses" value={task.status} />
              {task.status === 'open' && task.overdue && <Chip size="small" color="error" label={translate('hpc.tasks.overdue')} />}
            </Stack>
            <Typography variant="h5" component="h2" gutterBottom data-testid="task-title">
              {labels.stepTitle(task.processType, task.stepId, task.title)}
            </Typography>
            {task.memberKey && task.memberKey !== 'chair' && (
              <Typography variant="subtitle1" data-testid="task-member" dir="auto">
                {task.assigneeId
                  ? translate('hpc.engine.tasks.ballot', { member: task.memberLabel ?? task.memberKey })
                  : `${translate('hpc.engine.tasks.member')}: ${task.memberLabel ?? translate(`hpc.sectors.${task.memberKey}`, { _: task.memberKey })}`}
              </Typography>
            )}
            {step && (
              <Typography variant="body1" color="text.secondary" gutterBottom>
                {labels.stepDescription(task.processType, task.stepId)}
              </Typography>
            )}
            <Stack direction="row" spacing={3} sx={{ my: 2 }} useFlexGap flexWrap="wrap">
              <Box>
                <Typography variant="caption" color="text.secondary" display="block">
                  {translate('resources.tasks.fields.dueAt')}
                </Typography>
                <RecordContextProvider value={task}>
                  <DueField />
                </RecordContextProvider>
              </Box>
              <Box>
                <Typography variant="caption" color="text.secondary" display="block">
                  {translate('resources.tasks.fields.roles')}
                </Typography>
                <Typography variant="body2">{task.roles.map((r) => translate(`hpc.roles.${r}`, { _: r })).join(', ')}</Typography>
              </Box>
            </Stack>
            <Button component={Link} to={`/processes/${encodeURIComponent(task.processId)}/show`} startIcon={<AccountTreeIcon />} size="small" data-testid="open-process">
              {translate('hpc.tasks.open_process')}
            </Button>
            <Divider sx={{ my: 2 }} />
            {task.status === 'open' && step && verdict?.allowed && isChairTask(task) ? (
              <ChairCloseForm task={task} />
            ) : task.status === 'open' && step && definition && verdict?.allowed ? (
              <DecisionForm task={task} definition={definition} step={step} />
            ) : task.status === 'open' ? (
              <Alert severity="info" data-testid="read-only">
                {translate('hpc.tasks.read_only', {
                  roles: task.roles.map((r) => translate(`hpc.roles.${r}`, { _: r })).join(', '),
                })}
                {verdict && !verdict.allowed && verdict.reason === 'scope' ? ` ${translate('hpc.tasks.out_of_scope')}` : ''}
              </Alert>
            ) : (
              <DecidedSummary task={task} />
            )}
          </CardContent>
        </Card>
      </Grid>
      <Grid size={{ xs: 12, md: 5 }}>
        <Card>
          <CardContent>
            <Typography variant="h6" gutterBottom>
              {translate('hpc.tasks.key_facts')}
            </Typography>
            <FactsTable facts={keyFacts(task, process)} fields={definition?.input} />
          </CardContent>
        </Card>
      </Grid>
    </Grid>
  );
};

/** Context keys that repeat what is shown already (the operation by name, the case's title above). */
const REDUNDANT_FACTS = new Set(['operationName', 'processTitle', 'title']);

/** Operation and sector first, then the case's input, then what the task itself carries; no duplicates, no empty "—" rows. */
export function keyFacts(task: Pick<Task, 'operationId' | 'sector' | 'context'>, process: Pick<Process, 'input'> | undefined): Record<string, unknown> {
  const { durations: _durations, ...input } = (process?.input ?? {}) as Record<string, unknown>;
  const all: Record<string, unknown> = { operationId: task.operationId, sector: task.sector, ...input, ...(task.context ?? {}) };
  return Object.fromEntries(Object.entries(all).filter(([k, v]) => !REDUNDANT_FACTS.has(k) && v !== null && v !== undefined && v !== ''));
}

const DecidedSummary = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  const format = useFormat();
  const labels = useDefinitionLabels();
  if (task.status === 'cancelled') return <Alert severity="warning">{translate('hpc.tasks.cancelled')}</Alert>;
  if (task.status === 'expired') return <Alert severity="warning" data-testid="task-expired">{translate('hpc.engine.tasks.expired')}</Alert>;
  return (
    <Box data-testid="decided-summary">
      <Alert severity="success" sx={{ mb: 2 }}>
        {translate('hpc.tasks.decided_summary', {
          decision: task.decision ? labels.decisionLabel(task.processType, task.stepId, task.decision) : '—',
          at: format.dateTime(task.decidedAt),
        })}{' '}
        <ActorName actor={task.decidedBy} />
      </Alert>
      {task.comment && (
        <Typography dir="auto" variant="body2" sx={{ whiteSpace: 'pre-wrap', mb: 1 }}>
          “{task.comment}”
        </Typography>
      )}
      <FactsTable facts={task.data} fields={getDefinition(task.processType)?.steps.find((s) => s.id === task.stepId)?.decisions.find((d) => d.id === task.decision)?.data} />
    </Box>
  );
};

export const TaskShow = () => (
  <Show component="div" actions={false} title="hpc.tasks.task">
    <TaskDetail />
  </Show>
);
