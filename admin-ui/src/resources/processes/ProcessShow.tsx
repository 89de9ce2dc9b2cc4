import { useLiveInterval } from '../../live';
import { useCaseTitle } from '../../components/CaseTitle';
import { useFormat } from '../../i18n/format';
import { Alert, Box, Card, CardContent, Grid, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  Loading,
  type RaRecord,
  ReferenceField,
  Show,
  TextField,
  TopToolbar,
  useDataProvider,
  useGetList,
  usePermissions,
  useShowContext,
  useTranslate,
} from 'react-admin';
import { ActorName } from '../../components/ActorName';
import { explainError } from '../../components/errors';
import { FactsTable } from '../../components/FactsTable';
import { StatusChip } from '../../components/TranslatedChip';
import type { HpcDataProvider } from '../../dataProvider';
import { getDefinition, useDefinitionLabels } from '../../definitions';
import { canReadTemporalHistory } from '../../permissions';
import type { AuditEvent, Process, Task } from '../../types';
import { decisionsByStep, stepStates, takenEdges } from '../../util/diagram';
import { CancelProcessButton } from './CancelProcessButton';
import { CaseActionButtons, IncidentBanner, LinkedCases, SubmissionsPanel } from './CaseEnginePanels';
import { HistoryActions } from './HistoryActions';
import { ProcessDiagram } from './ProcessDiagram';
import { StepDetails } from './StepDetails';
import { Timeline } from './Timeline';
import { TemporalHistory } from './TemporalHistory';

const Summary = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const title = useCaseTitle(process);
  const format = useFormat();
  const labels = useDefinitionLabels();
  return (
    <Card sx={{ mb: 2 }}>
      <CardContent>
        <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
          <Typography variant="overline">{labels.processType(process.type)}</Typography>
          <StatusChip prefix="hpc.process_statuses" value={process.status} />
          {process.outcome && <Typography variant="body2">→ {labels.outcomeLabel(process.type, process.outcome)}</Typography>}
        </Stack>
        <Typography variant="h5" component="h2" data-testid="process-title" dir="auto">
          {title}
        </Typography>
        <Grid container spacing={2} sx={{ mt: 1 }}>
          <Grid size={{ xs: 12, md: 6 }}>
            <Typography variant="body2">
              {translate('resources.processes.fields.startedBy')}: <ActorName actor={process.startedBy as never} /> · {format.dateTime(process.startedAt)}
            </Typography>
            {process.endedAt && (
              <Typography variant="body2">
                {translate('resources.processes.fields.endedAt')}: {format.dateTime(process.endedAt)}
              </Typography>
            )}
            {process.status === 'running' && process.currentSteps.length > 0 && (
              <Typography variant="body2" data-testid="current-steps">
                {translate('resources.processes.fields.currentSteps')}: {process.currentSteps.map((s) => labels.stepTitle(process.type, s)).join(', ')}
              </Typography>
            )}
            {process.operationId && (
              <Typography variant="body2" component="div">
                {translate('resources.processes.fields.operationId')}:{' '}
                <ReferenceField record={process} source="operationId" reference="operations" link={false}>
                  <TextField source="name" />
                </ReferenceField>
                {process.sector ? ` · ${translate(`hpc.sectors.${process.sector}`, { _: process.sector })}` : ''}
              </Typography>
            )}
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            {/* The operation and sector are named above; the rest by the definition's input specs. */}
            <FactsTable facts={process.input} fields={getDefinition(process.type)?.input} omit={process.operationId ? ['operationId', 'sector', 'durations'] : ['durations']} dense />
          </Grid>
        </Grid>
      </CardContent>
    </Card>
  );
};

const ProcessDetail = () => {
  const { record: process, isPending } = useShowContext<Process>();
  const translate = useTranslate();
  const dataProvider = useDataProvider<HpcDataProvider>();
  const { permissions = [] } = usePermissions<string[]>();
  const [tab, setTab] = useState('diagram');
  const [selected, setSelected] = useState<string | null>(null);
  const history = useQuery({
    queryKey: ['processes', 'history', process?.id, process?.updatedAt],
    queryFn: () => dataProvider.getHistory(process!.id),
    enabled: !!process,
    retry: false,
  });
  // Open tasks of the case, when the API embeds them or lets this user list them.
  const { data: listedTasks } = useGetList<Task>(
    'tasks',
    { filter: { processId: process?.id, status: 'open', assigned: false }, pagination: { page: 1, perPage: 50 }, sort: { field: 'dueAt', order: 'ASC' } },
    { enabled: !!process && !process.tasks, retry: false },
  );
  const events: AuditEvent[] = useMemo(() => history.data ?? [], [history.data]);
  const definition = process ? getDefinition(process.type) : undefined;
  // Stable while nothing changed: the diagram lays itself out again only when its content changes.
  const tasks: Task[] = useMemo(() => process?.tasks ?? listedTasks ?? [], [process?.tasks, listedTasks]);
  const states = useMemo(() => (definition && process ? stepStates(definition, process, events, tasks) : {}), [definition, process, events, tasks]);
  const taken = useMemo(() => (definition ? takenEdges(definition, events) : new Set<string>()), [definition, events]);
  const byStep = useMemo(() => decisionsByStep(events), [events]);
  const format = useFormat();
  // The case's own deadlines (its per-case and per-operation overrides), from its open tasks.
  const dues = useMemo(() => {
    const out: Record<string, string> = {};
    for (const t of tasks) if (t.status === 'open' && t.dueAt && !out[t.stepId]) out[t.stepId] = format.dateTime(t.dueAt);
    return out;
  }, [tasks, format]);

  // Fan-outs and votes count what is in, windows say when they close, steps with child cases count them.
  const progress = useMemo(() => {
    const out: Record<string, string[]> = {};
    for (const i of process?.steps ?? []) {
      const lines: string[] = [];
      if (i.status === 'scheduled' && i.openAt) lines.push(translate('hpc.diagram.opens', { at: format.dateTime(i.openAt) }));
      if (i.status === 'open' && i.total !== undefined) lines.push(translate('hpc.diagram.progress', { done: i.done ?? 0, total: i.total }));
      if (i.status === 'open' && i.closesAt) lines.push(translate('hpc.diagram.window', { at: format.dateTime(i.closesAt), count: i.submissions ?? 0 }));
      if (i.children && i.children.length > 0) lines.push(translate('hpc.diagram.linked', { count: i.children.length }));
      if (lines.length > 0) out[i.stepId] = lines;
    }
    return out;
  }, [process?.steps, translate, format]);

  if (isPending || !process) return <Loading />;
  const selectedStep = selected ?? process.currentSteps?.[0] ?? null;
  return (
    <Box sx={{ mt: 1 }}>
      <IncidentBanner process={process} />
      <Summary process={process} />
      <CaseActionButtons process={process} />
      <LinkedCases process={process} />
      <SubmissionsPanel process={process} />
      <Tabs value={tab} onChange={(_, v) => setTab(v)} sx={{ mb: 2 }}>
        <Tab value="diagram" label={translate('hpc.processes.tabs.diagram')} data-testid="tab-diagram" />
        <Tab value="history" label={translate('hpc.processes.tabs.history')} data-testid="tab-history" />
        {canReadTemporalHistory(permissions) && <Tab value="temporal" label={translate('hpc.processes.tabs.temporal')} data-testid="tab-temporal" />}
      </Tabs>
      {history.error && <Alert severity="error">{explainError(history.error, translate).message}</Alert>}
      {tab === 'diagram' &&
        // States come from the audit trail: draw once it is read, never a misleading all-idle diagram.
        (history.isPending && !history.error ? (
          <Loading />
        ) : definition ? (
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, lg: 8 }}>
              <ProcessDiagram
                definition={definition}
                states={states}
                taken={taken}
                outcome={process.outcome}
                selected={selectedStep}
                onSelect={setSelected}
                dues={dues}
                progress={progress}
              />
            </Grid>
            <Grid size={{ xs: 12, lg: 4 }}>
              <StepDetails
                definition={definition}
                stepId={selectedStep}
                state={selectedStep ? states[selectedStep] : undefined}
                decisions={selectedStep ? (byStep[selectedStep] ?? []) : []}
                openTasks={tasks.filter((t) => t.stepId === selectedStep && t.status === 'open')}
              />
            </Grid>
          </Grid>
        ) : (
          <Alert severity="warning">{translate('hpc.processes.unknown_type', { type: process.type })}</Alert>
        ))}
      {tab === 'history' && (
        <Box>
          <HistoryActions processId={process.id} events={events} />
          {history.isPending ? <Loading /> : <Timeline events={events} processType={process.type} />}
        </Box>
      )}
      {tab === 'temporal' && <TemporalHistory processId={process.id} />}
    </Box>
  );
};

const Actions = () => (
  <TopToolbar>
    <CancelProcessButton />
  </TopToolbar>
);

export const ProcessShow = () => {
  // Live: pushed by the stream; while it is down a running case is re-read every few seconds.
  const poll = useLiveInterval(4_000);
  const queryOptions = { refetchInterval: (query: { state: { data?: RaRecord } }) => (poll && query.state.data?.status === 'running' ? poll : false) };
  return (
    <Show component="div" actions={<Actions />} queryOptions={queryOptions}>
      <ProcessDetail />
    </Show>
  );
};
