// Pure views of the engine state: what the projection writes, the state query returns and the console draws.
import type { ProcessSnapshot, ProcessView, StepInstanceView, TaskView } from '../domain/views';
import type { EngineState, TaskRecord } from './state';

/** The step instances shown on a case (open and scheduled ones, then the most recent done ones). */
const MAX_INSTANCES_SHOWN = 60;

export function taskView(t: TaskRecord): TaskView {
  const { anchorAt: _a, fired: _f, fourEyes: _e, previousDeciderId: _p, previousOnBehalfOfId: _pb, instanceId: _i, ...view } = t;
  return { ...view, roles: [...t.roles], escalatedTo: [...t.escalatedTo], decisions: [...t.decisions] };
}

export function stepViews(st: EngineState): StepInstanceView[] {
  const all = Object.values(st.instances);
  const views = all.map((i): StepInstanceView => {
    const tasks = i.taskIds.map((id) => st.tasks[id]).filter(Boolean);
    const children = Object.values(st.children).filter((c) => c.instanceId === i.id);
    const view: StepInstanceView = {
      id: i.id,
      stepId: i.stepId,
      kind: i.kind,
      status: i.status === 'resolving' ? 'open' : i.status,
      openAt: i.openAt,
      openedAt: i.openedAt,
      dueAt: i.dueAt,
      result: i.result,
    };
    if (i.kind === 'fan-out' || i.kind === 'vote') {
      const ballots = i.kind === 'vote' ? tasks.filter((t) => t.memberKey !== 'chair') : tasks;
      view.total = ballots.length;
      view.done = ballots.filter((t) => t.status === 'decided').length;
    }
    if (i.kind === 'window') {
      view.closesAt = i.closesAt ?? null;
      view.submissions = (i.submissions ?? []).filter((s) => s.status === 'received').length;
    }
    if (children.length > 0) view.children = children.map((c) => ({ id: c.id, type: c.type, status: c.status, outcome: c.outcome }));
    return view;
  });
  const live = views.filter((v) => v.status !== 'done');
  const done = views.filter((v) => v.status === 'done').slice(-Math.max(0, MAX_INSTANCES_SHOWN - live.length));
  return [...done, ...live];
}

/** The case's next due time and overdue count, from its open tasks and windows (the process list sorts by them). */
export function dueSummary(open: readonly { dueAt: string | null; overdue: boolean }[]): { nextDueAt: string | null; overdueCount: number } {
  let next: number | null = null;
  for (const t of open) {
    const at = t.dueAt ? Date.parse(t.dueAt) : NaN;
    if (!Number.isNaN(at) && (next === null || at < next)) next = at;
  }
  return { nextDueAt: next === null ? null : new Date(next).toISOString(), overdueCount: open.filter((t) => t.overdue).length };
}

export function processView(st: EngineState): ProcessView {
  const open = Object.values(st.tasks).filter((t) => t.status === 'open');
  return {
    id: st.processId,
    type: st.type,
    definitionVersion: st.definitionVersion,
    title: st.title,
    status: st.status,
    outcome: st.outcome,
    operationId: st.subject.operationId ?? null,
    clusterId: st.subject.clusterId ?? null,
    sector: st.subject.sector ?? null,
    subject: { ...st.subject },
    input: st.input,
    currentSteps: [...new Set([...open.map((t) => t.stepId), ...Object.values(st.instances).filter((i) => i.status === 'open' || i.status === 'resolving').map((i) => i.stepId)])],
    awaitingRoles: [...new Set(open.flatMap((t) => t.roles))],
    startedBy: st.startedBy,
    startedAt: st.startedAt,
    updatedAt: st.updatedAt,
    endedAt: st.endedAt,
    lastSeq: st.seq,
    parentProcessId: st.parentProcessId,
    data: st.caseData,
    steps: stepViews(st),
    incident: st.incident,
    // A submission window has no task: its closing time is the case's deadline too.
    ...dueSummary([...open, ...Object.values(st.instances).filter((i) => i.kind === 'window' && i.status === 'open').map((i) => ({ dueAt: i.closesAt ?? i.dueAt, overdue: false }))]),
  };
}

export function snapshot(st: EngineState): ProcessSnapshot {
  return {
    process: processView(st),
    openTasks: Object.values(st.tasks).filter((t) => t.status === 'open').map(taskView),
    decided: [...st.decided],
    seq: st.seq,
  };
}

/** State to carry across continue-as-new: open tasks and live instances in full, closed ones summarised. */
export function exportState(st: EngineState, maxDecided = 50): EngineState {
  const reacting = new Set(st.completions.map((c) => c.taskId).filter((x): x is string => !!x));
  const tasks: EngineState['tasks'] = {};
  const closed = { ...st.closed };
  for (const t of Object.values(st.tasks)) {
    if (t.status === 'open' || reacting.has(t.id)) tasks[t.id] = t;
    else closed[t.id] = { status: t.status as 'decided' | 'cancelled' | 'expired', decidedBy: t.decidedBy, decidedAt: t.decidedAt };
  }
  const liveIds = new Set(st.completions.map((c) => c.instanceId));
  const instances: EngineState['instances'] = {};
  for (const i of Object.values(st.instances)) if (i.status !== 'done' || liveIds.has(i.id)) instances[i.id] = i;
  const children: EngineState['children'] = {};
  for (const c of Object.values(st.children)) if (c.status === 'running') children[c.id] = c;
  return { ...st, tasks, closed, instances, children, decided: st.decided.slice(-maxDecided), run: st.run + 1 };
}
