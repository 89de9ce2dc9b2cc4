// The human-task engine: every process workflow runs its steps through one ProcessRuntime.
// It owns the case's state (tasks, seq, status), the decide/cancel Updates and the state query,
// the timers of each open task, and the ordered projection of every change to PostgreSQL.
import { defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import {
  ApplicationFailure,
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import { auditActorOf, type AuditActor } from '../domain/actor';
import { authorizeDecision, type TaskScope } from '../domain/authorization';
import { findStep, validateDecision } from '../domain/definitions/validation';
import type { DurationOverrides, ProcessDefinition, StepDefinition } from '../domain/definitions/types';
import type { ClusterStatus } from '../domain/reference';
import type { Role } from '../domain/roles';
import type {
  AuditEventDraft,
  AuditEventType,
  DecidedStep,
  ProcessSnapshot,
  ProcessStatus,
  ProcessView,
  TaskView,
} from '../domain/views';
import type { ClusterStatusResult, HpcActivities, NotificationKind, NotificationRequest } from '../contracts/activities';
import {
  cancelUpdate,
  decideUpdate,
  DECISION_ERRORS,
  stateQuery,
  type CancelRequest,
  type DecideRequest,
  type DecideResult,
} from '../contracts/messages';
import { taskId as buildTaskId } from '../contracts/workflow-ids';
import { dueAt as computeDueAt, taskTimers, type TaskTimer } from './timers';

const acts = proxyActivities<HpcActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});
// The projection runs as a local activity: it is short and idempotent, and skipping the server round
// trips of a regular activity is most of a decision's latency (the Update returns after it).
const projection = proxyLocalActivities<HpcActivities>({
  startToCloseTimeout: '30 seconds',
  localRetryThreshold: '10 seconds',
  retry: { initialInterval: '200 milliseconds', maximumInterval: '30 seconds', backoffCoefficient: 2 },
});

export const SA_PROCESS_TYPE = defineSearchAttributeKey('HpcProcessType', SearchAttributeType.KEYWORD);
export const SA_STATUS = defineSearchAttributeKey('HpcStatus', SearchAttributeType.KEYWORD);
export const SA_OPERATION = defineSearchAttributeKey('HpcOperationId', SearchAttributeType.KEYWORD);
export const SA_CLUSTER = defineSearchAttributeKey('HpcClusterId', SearchAttributeType.KEYWORD);
export const SA_AWAITING_ROLES = defineSearchAttributeKey('HpcAwaitingRoles', SearchAttributeType.KEYWORD_LIST);

/** Raised inside the workflow when an admin cancelled the case; `ProcessRuntime.run` turns it into the outcome. */
export class ProcessCancelled extends Error {
  constructor() {
    super('process cancelled');
    this.name = 'ProcessCancelled';
  }
}

export interface TaskRecord extends TaskView {
  anchorAt: string | null;
  fired: string[];
  fourEyes: boolean;
  previousDeciderId: string | null;
}

export interface ClosedTaskSummary {
  status: 'decided' | 'cancelled';
  decidedBy: AuditActor | null;
  decidedAt: string | null;
}

export interface ProcessSubject {
  operationId: string | null;
  clusterId: string | null;
  sector: string | null;
  organisationId?: string | null;
  [key: string]: unknown;
}

/** Everything a case carries across continue-as-new (plain JSON). */
export interface EngineState {
  processId: string;
  type: string;
  definitionVersion: number;
  title: string;
  status: ProcessStatus;
  outcome: string | null;
  subject: ProcessSubject;
  input: Record<string, unknown>;
  startedBy: AuditActor | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  seq: number;
  stepCounters: Record<string, number>;
  /** Open tasks, and the tasks closed in this run (closed ones are summarised on continue-as-new). */
  tasks: Record<string, TaskRecord>;
  closed: Record<string, ClosedTaskSummary>;
  decided: DecidedStep[];
  lastDeciderId: string | null;
  durations: DurationOverrides;
  /** Decided tasks the workflow has not reacted to yet (a decision that arrived while draining). */
  unreacted?: string[];
}

export interface RuntimeInit {
  definition: ProcessDefinition;
  title: string;
  subject: ProcessSubject;
  input: Record<string, unknown>;
  startedBy: AuditActor | null;
  durations?: DurationOverrides;
  carried?: EngineState;
}

export interface OpenOptions {
  /** ISO time the step's `anchor`-relative times count from (activation date, previous review, target date). */
  anchor?: string | null;
  context?: Record<string, unknown>;
}

export interface EventFields {
  actor?: AuditActor;
  stepId?: string | null;
  taskId?: string | null;
  decision?: string | null;
  comment?: string | null;
  data?: Record<string, unknown> | null;
}

const nowIso = (): string => new Date(Date.now()).toISOString();
const SYSTEM: AuditActor = { kind: 'system' };
const MAX_DECIDED_CARRIED = 50;
/** patched() id: an Update whose decision ends the case returns once the case has ended. */
const DECISION_RETURNS_ENDED_CASE = 'decision-returns-ended-case';

function reject(type: string, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

export class ProcessRuntime {
  readonly definition: ProcessDefinition;
  readonly state: EngineState;
  private projectedSeq: number;
  private pendingEvents: AuditEventDraft[] = [];
  private pendingNotifications: NotificationRequest[] = [];
  private dirtyTasks = new Set<string>();
  private processDirty = false;
  private flushing = false;
  /** Decisions whose handler waits until the workflow has reacted (opened the next steps). */
  private awaitingReaction = new Set<string>();
  private lastSearchAttributes = '';
  /** Set once the run is about to end or continue-as-new: decisions then return without waiting for a reaction. */
  private draining = false;

  constructor(init: RuntimeInit) {
    this.definition = init.definition;
    const info = workflowInfo();
    if (init.carried) {
      this.state = init.carried;
    } else {
      const at = nowIso();
      this.state = {
        processId: info.workflowId,
        type: init.definition.type,
        definitionVersion: init.definition.version,
        title: init.title,
        status: 'running',
        outcome: null,
        subject: init.subject,
        input: init.input,
        startedBy: init.startedBy,
        startedAt: at,
        updatedAt: at,
        endedAt: null,
        seq: 0,
        stepCounters: {},
        tasks: {},
        closed: {},
        decided: [],
        lastDeciderId: null,
        durations: init.durations ?? {},
      };
    }
    this.projectedSeq = this.state.seq;
    // Handlers before the first await: an Update delivered with the first workflow task must find them.
    setHandler(decideUpdate, (req) => this.handleDecide(req), { validator: (req) => this.validateDecide(req) });
    setHandler(cancelUpdate, (req) => this.handleCancel(req), { validator: (req) => this.validateCancel(req) });
    setHandler(stateQuery, () => this.snapshot());
    this.syncSearchAttributes(true);
  }

  get processId(): string {
    return this.state.processId;
  }

  // ---------------------------------------------------------------- running a case

  /** Run the workflow body; an admin cancel ends it with the outcome `cancelled`. */
  async run(body: () => Promise<string>): Promise<{ processId: string; outcome: string }> {
    try {
      const outcome = await body();
      return { processId: this.processId, outcome };
    } catch (err) {
      if (err instanceof ProcessCancelled || this.state.status === 'cancelled') {
        await this.drain();
        return { processId: this.processId, outcome: 'cancelled' };
      }
      throw err;
    }
  }

  /** Record the start (seq 1). */
  started(data?: Record<string, unknown>): void {
    this.emit('process-started', { actor: this.state.startedBy ?? SYSTEM, data: data ?? this.state.input });
  }

  /** Open a human task of a declared step; returns at once (the projection follows in order). */
  open(stepId: string, opts: OpenOptions = {}): TaskRecord {
    this.assertRunning();
    const step = this.step(stepId);
    const n = (this.state.stepCounters[stepId] ?? 0) + 1;
    this.state.stepCounters[stepId] = n;
    const id = buildTaskId(this.processId, stepId, n);
    const openedAt = Date.now();
    const anchorAt = opts.anchor ? Date.parse(opts.anchor) : null;
    const due = computeDueAt(step, { openedAt, anchorAt }, this.state.durations[stepId]);
    const at = new Date(openedAt).toISOString();
    const s = this.state.subject;
    const task: TaskRecord = {
      id,
      processId: this.processId,
      processType: this.state.type,
      stepId,
      title: step.title,
      roles: [...step.roles],
      operationId: s.operationId ?? null,
      sector: s.sector ?? null,
      organisationId: s.organisationId ?? null,
      decisions: step.decisions.map((d) => d.id),
      dueAt: due === null ? null : new Date(due).toISOString(),
      status: 'open',
      overdue: false,
      escalatedTo: [],
      decision: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      data: null,
      context: { ...this.contextOfSubject(), ...(opts.anchor ? { anchorAt: opts.anchor } : {}), ...(opts.context ?? {}) },
      createdAt: at,
      updatedAt: at,
      anchorAt: opts.anchor ?? null,
      fired: [],
      fourEyes: !!step.fourEyes,
      previousDeciderId: this.state.lastDeciderId,
    };
    this.state.tasks[id] = task;
    this.dirtyTasks.add(id);
    this.emit('task-opened', { stepId, taskId: id, data: { dueAt: task.dueAt, roles: task.roles } });
    this.notify(task, 'task-opened', 'opened', task.roles, `New task: ${task.title} (${this.state.title})`);
    this.release();
    return task;
  }

  /** Open tasks of a step (e.g. tasks carried over a continue-as-new). */
  openTasksOf(stepId: string): TaskRecord[] {
    return Object.values(this.state.tasks).filter((t) => t.stepId === stepId && t.status === 'open');
  }

  /**
   * Wait for the task's decision, firing its reminders, due time (overdue) and escalation on time.
   * A deadline is an outcome, not an exception: the task stays open, marked overdue and escalated.
   */
  async waitFor(task: TaskRecord): Promise<TaskRecord> {
    const isClosed = () => task.status !== 'open';
    for (;;) {
      if (isClosed()) break;
      const next = this.nextTimer(task);
      if (!next) {
        await condition(isClosed);
        break;
      }
      const delay = next.at - Date.now();
      if (delay > 0 && (await condition(isClosed, delay))) break;
      if (!isClosed()) this.fireTimer(task, next);
    }
    if (task.status === 'cancelled') throw new ProcessCancelled();
    if (this.state.unreacted?.includes(task.id)) this.state.unreacted = this.state.unreacted.filter((id) => id !== task.id);
    return task;
  }

  /** Tasks to pick up after continue-as-new: open ones, and decided ones the previous run had no time to react to. */
  resumableTasks(): TaskRecord[] {
    const unreacted = this.state.unreacted ?? [];
    return Object.values(this.state.tasks).filter((t) => t.status === 'open' || unreacted.includes(t.id));
  }

  /**
   * Wait on a side branch's task (e.g. erc-annual-report): the decision needs no further reaction.
   * Never rejects (branches run un-awaited): resolves null when the task is cancelled with the case.
   */
  async waitForBranch(task: TaskRecord): Promise<TaskRecord | null> {
    try {
      return await this.waitFor(task);
    } catch (err) {
      if (err instanceof ProcessCancelled) return null;
      throw err;
    } finally {
      this.release();
    }
  }

  /** Say that the workflow has reacted to the latest decision(s), so their Update may return. */
  release(): void {
    this.awaitingReaction.clear();
  }

  emit(type: AuditEventType, fields: EventFields = {}): AuditEventDraft {
    const at = nowIso();
    this.state.seq += 1;
    const event: AuditEventDraft = {
      seq: this.state.seq,
      at,
      type,
      actor: fields.actor ?? SYSTEM,
      stepId: fields.stepId ?? null,
      taskId: fields.taskId ?? null,
      decision: fields.decision ?? null,
      comment: fields.comment ?? null,
      data: fields.data ?? null,
    };
    this.state.updatedAt = at;
    this.pendingEvents.push(event);
    this.processDirty = true;
    this.requestFlush();
    return event;
  }

  /** Merge facts into the subject (e.g. the cluster id, a new lead agency). */
  updateSubject(patch: Partial<ProcessSubject>): void {
    this.state.subject = { ...this.state.subject, ...patch };
    this.processDirty = true;
  }

  /** Set the cluster's status through the clusters activity; audited when it changed. */
  async setClusterStatus(status: ClusterStatus, extra: { leadAgency?: string; coLeadAgency?: string | null; actor?: AuditActor } = {}): Promise<ClusterStatusResult> {
    // A decision that opened next steps may return now; one that ends the case returns with it ended
    // (complete() releases). Patched: recorded histories returned their Update here.
    if (!patched(DECISION_RETURNS_ENDED_CASE) || Object.values(this.state.tasks).some((t) => t.status === 'open')) this.release();
    const s = this.state.subject;
    if (!s.operationId || !s.sector) throw ApplicationFailure.nonRetryable('the case has no operation and sector', 'InvalidSubject');
    const result = await acts.setClusterStatus({
      clusterId: s.clusterId,
      operationId: s.operationId,
      sector: s.sector,
      status,
      leadAgency: extra.leadAgency,
      coLeadAgency: extra.coLeadAgency,
      at: nowIso(),
      actor: extra.actor ?? SYSTEM,
    });
    if (s.clusterId !== result.cluster.id) this.updateSubject({ clusterId: result.cluster.id });
    if (result.changed) {
      this.emit('cluster-status-changed', {
        actor: extra.actor ?? SYSTEM,
        data: { clusterId: result.cluster.id, from: result.previousStatus, to: result.cluster.status },
      });
    }
    return result;
  }

  /** Notify roles about the case outside a task (e.g. the ERC and partners on deactivation). */
  notifyRoles(roles: Role[], scope: TaskScope, message: string, key: string, data?: Record<string, unknown>): void {
    this.pendingNotifications.push({
      kind: 'process-ended',
      roles,
      scope,
      processId: this.processId,
      taskId: null,
      message,
      dedupeKey: `${this.processId}:${key}`,
      data,
    });
    this.requestFlush();
  }

  /** End the case with an outcome declared by the definition; open tasks are cancelled. */
  async complete(outcome: string): Promise<string> {
    if (!this.definition.outcomes.some((o) => o.id === outcome)) {
      throw ApplicationFailure.nonRetryable(`${this.definition.type}: undeclared outcome "${outcome}"`, 'UndeclaredOutcome');
    }
    this.release();
    for (const t of Object.values(this.state.tasks)) if (t.status === 'open') this.closeAsCancelled(t, SYSTEM);
    this.state.status = 'completed';
    this.state.outcome = outcome;
    this.state.endedAt = nowIso();
    this.emit('process-completed', { data: { outcome } });
    await this.drain();
    return outcome;
  }

  /** Everything projected and every Update handler finished: safe to return or continue-as-new. */
  async drain(): Promise<void> {
    this.draining = true;
    this.release();
    await this.flush();
    await condition(allHandlersFinished);
    await this.flush();
  }

  /** State to carry across continue-as-new: open tasks in full, closed ones summarised. */
  exportState(): EngineState {
    const tasks: Record<string, TaskRecord> = {};
    const closed = { ...this.state.closed };
    const unreacted = this.state.unreacted ?? [];
    for (const t of Object.values(this.state.tasks)) {
      if (t.status === 'open' || unreacted.includes(t.id)) tasks[t.id] = t;
      else closed[t.id] = { status: t.status, decidedBy: t.decidedBy, decidedAt: t.decidedAt };
    }
    return { ...this.state, tasks, closed, decided: this.state.decided.slice(-MAX_DECIDED_CARRIED) };
  }

  async flush(): Promise<void> {
    const target = this.state.seq;
    this.requestFlush();
    await condition(() => this.projectedSeq >= target && !this.flushing);
  }

  // ---------------------------------------------------------------- views

  processView(): ProcessView {
    const st = this.state;
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
      currentSteps: [...new Set(open.map((t) => t.stepId))],
      awaitingRoles: [...new Set(open.flatMap((t) => t.roles))],
      startedBy: st.startedBy,
      startedAt: st.startedAt,
      updatedAt: st.updatedAt,
      endedAt: st.endedAt,
      lastSeq: st.seq,
    };
  }

  taskView(t: TaskRecord): TaskView {
    const { anchorAt: _a, fired: _f, fourEyes: _e, previousDeciderId: _p, ...view } = t;
    return { ...view, roles: [...t.roles], escalatedTo: [...t.escalatedTo], decisions: [...t.decisions] };
  }

  snapshot(): ProcessSnapshot {
    return {
      process: this.processView(),
      openTasks: Object.values(this.state.tasks).filter((t) => t.status === 'open').map((t) => this.taskView(t)),
      decided: [...this.state.decided],
      seq: this.state.seq,
    };
  }

  // ---------------------------------------------------------------- updates

  private validateDecide(req: DecideRequest): void {
    if (!req || typeof req.taskId !== 'string' || !req.actor || typeof req.actor.id !== 'string') {
      reject(DECISION_ERRORS.InvalidDecisionData, 'taskId, decision and actor are required', [{ field: 'taskId', message: 'taskId must be a string' }]);
    }
    const task = this.state.tasks[req.taskId];
    const closed = task && task.status !== 'open' ? { status: task.status, decidedBy: task.decidedBy, decidedAt: task.decidedAt } : this.state.closed[req.taskId];
    if (!task && !closed) reject(DECISION_ERRORS.UnknownTask, `task ${req.taskId} not found in process ${this.processId}`);
    if (closed || this.state.status !== 'running') {
      const c = closed ?? { status: 'cancelled' as const, decidedBy: null, decidedAt: null };
      const who = c.decidedBy && c.decidedBy.kind === 'user' ? c.decidedBy.displayName : 'the system';
      const why = c.status === 'decided' ? `decided by ${who} at ${c.decidedAt}` : `cancelled`;
      reject(DECISION_ERRORS.TaskNotOpen, `task ${req.taskId} is no longer open (${why})`, {
        taskId: req.taskId,
        status: c.status === 'decided' ? 'decided' : 'cancelled',
        decidedBy: c.decidedBy,
        decidedAt: c.decidedAt,
      });
    }
    const step = this.step(task.stepId);
    const auth = authorizeDecision(req.actor, {
      roles: task.roles,
      scope: this.authScope(step),
      fourEyes: task.fourEyes,
      previousDeciderId: task.previousDeciderId,
    });
    if (!auth.allowed) reject(DECISION_ERRORS.Forbidden, auth.message, { reason: auth.reason, message: auth.message });
    if (!step.decisions.some((d) => d.id === req.decision)) {
      const errors = validateDecision(this.definition, step.id, String(req.decision), req.data);
      reject(DECISION_ERRORS.DecisionNotAllowed, errors[0]?.message ?? `decision "${req.decision}" is not allowed`, errors);
    }
    const errors = validateDecision(this.definition, step.id, req.decision, req.data);
    if (req.comment !== undefined && req.comment !== null && typeof req.comment !== 'string') {
      errors.push({ field: 'comment', message: 'comment must be a string' });
    } else if (typeof req.comment === 'string' && req.comment.length > 10_000) {
      errors.push({ field: 'comment', message: 'comment must be shorter than or equal to 10000 characters' });
    }
    if (errors.length > 0) reject(DECISION_ERRORS.InvalidDecisionData, errors.map((e) => e.message).join('; '), errors);
  }

  private async handleDecide(req: DecideRequest): Promise<DecideResult> {
    const task = this.state.tasks[req.taskId];
    if (!task) throw new Error(`decide: task ${req.taskId} is not in process ${this.processId}`);
    const by = auditActorOf(req.actor);
    const at = nowIso();
    task.status = 'decided';
    task.decision = req.decision;
    task.decidedBy = by;
    task.decidedAt = at;
    task.comment = req.comment ?? null;
    task.data = req.data ?? null;
    task.updatedAt = at;
    this.dirtyTasks.add(task.id);
    this.state.lastDeciderId = req.actor.id;
    this.state.decided.push({ taskId: task.id, stepId: task.stepId, decision: req.decision, decidedBy: by, decidedAt: at });
    const event = this.emit('decision', {
      actor: by,
      stepId: task.stepId,
      taskId: task.id,
      decision: req.decision,
      comment: task.comment,
      data: task.data,
    });
    // Return with the next steps already opened, so a client reading after the 2xx sees the case move on.
    this.state.unreacted = [...(this.state.unreacted ?? []), task.id];
    this.awaitingReaction.add(task.id);
    await condition(() => !this.awaitingReaction.has(task.id) || this.draining || this.state.status !== 'running');
    const target = Math.max(event.seq, this.state.seq);
    this.requestFlush();
    await condition(() => this.projectedSeq >= target);
    return { task: this.taskView(task), process: this.processView() };
  }

  private validateCancel(req: CancelRequest): void {
    if (!req || !req.actor || !Array.isArray(req.actor.roles) || !req.actor.roles.includes('admin')) {
      reject(DECISION_ERRORS.Forbidden, 'only an admin may cancel a process', { reason: 'role', message: 'only an admin may cancel a process' });
    }
    if (typeof req.reason !== 'string' || req.reason.trim() === '') {
      reject(DECISION_ERRORS.InvalidDecisionData, 'reason should not be empty', [{ field: 'reason', message: 'reason should not be empty' }]);
    }
    if (this.state.status !== 'running') {
      reject(DECISION_ERRORS.TaskNotOpen, `process ${this.processId} is already ${this.state.status}`);
    }
  }

  private async handleCancel(req: CancelRequest): Promise<ProcessView> {
    const by = auditActorOf(req.actor);
    for (const t of Object.values(this.state.tasks)) if (t.status === 'open') this.closeAsCancelled(t, by);
    this.state.status = 'cancelled';
    this.state.outcome = 'cancelled';
    this.state.endedAt = nowIso();
    this.emit('process-cancelled', { actor: by, comment: req.reason, data: { reason: req.reason } });
    await this.flush();
    return this.processView();
  }

  // ---------------------------------------------------------------- internals

  private step(stepId: string): StepDefinition {
    const step = findStep(this.definition, stepId);
    if (!step) throw ApplicationFailure.nonRetryable(`${this.definition.type}: undeclared step "${stepId}"`, 'UndeclaredStep');
    return step;
  }

  private assertRunning(): void {
    if (this.state.status === 'cancelled') throw new ProcessCancelled();
    if (this.state.status !== 'running') throw ApplicationFailure.nonRetryable(`process ${this.processId} is ${this.state.status}`, 'ProcessEnded');
  }

  private authScope(step: StepDefinition): TaskScope {
    const s = this.state.subject;
    if (step.scope === 'cluster') return { operationId: s.operationId, sector: s.sector };
    if (step.scope === 'organisation') return { organisationId: s.organisationId ?? null };
    return {};
  }

  private contextOfSubject(): Record<string, unknown> {
    const { operationId, clusterId, sector } = this.state.subject;
    return { operationId, clusterId, sector, processTitle: this.state.title };
  }

  private closeAsCancelled(t: TaskRecord, by: AuditActor): void {
    t.status = 'cancelled';
    t.updatedAt = nowIso();
    this.dirtyTasks.add(t.id);
    this.emit('task-cancelled', { actor: by, stepId: t.stepId, taskId: t.id });
  }

  private nextTimer(task: TaskRecord): TaskTimer | undefined {
    const step = this.step(task.stepId);
    const timers = taskTimers(step, { openedAt: Date.parse(task.createdAt), anchorAt: task.anchorAt ? Date.parse(task.anchorAt) : null }, this.state.durations[task.stepId]);
    return timers.find((t) => !task.fired.includes(t.key));
  }

  private fireTimer(task: TaskRecord, timer: TaskTimer): void {
    task.fired.push(timer.key);
    task.updatedAt = nowIso();
    this.dirtyTasks.add(task.id);
    const base = { stepId: task.stepId, taskId: task.id };
    if (timer.kind === 'reminder') {
      this.emit('reminder-sent', { ...base, data: { reminder: timer.key, dueAt: task.dueAt } });
      this.notify(task, 'reminder', timer.key, task.roles, `Reminder: ${task.title} is due ${task.dueAt ?? 'soon'}`);
    } else if (timer.kind === 'overdue') {
      task.overdue = true;
      this.emit('task-overdue', { ...base, data: { dueAt: task.dueAt } });
      this.notify(task, 'overdue', 'overdue', task.roles, `Overdue: ${task.title} was due ${task.dueAt}`);
    } else {
      const to = [...(this.step(task.stepId).escalation?.to ?? [])];
      task.escalatedTo = [...new Set([...task.escalatedTo, ...to])];
      this.emit('task-escalated', { ...base, data: { to, dueAt: task.dueAt } });
      this.notify(task, 'escalation', 'escalation', to, `Escalated to you: ${task.title} (${this.state.title}) is overdue since ${task.dueAt}`, {});
    }
  }

  private notify(task: TaskRecord, kind: NotificationKind, occurrence: string, roles: Role[], message: string, scope?: TaskScope): void {
    this.pendingNotifications.push({
      kind,
      roles: [...roles],
      scope: scope ?? this.authScope(this.step(task.stepId)),
      processId: this.processId,
      taskId: task.id,
      message,
      dedupeKey: `${task.id}:${kind}:${occurrence}`,
      data: { stepId: task.stepId, dueAt: task.dueAt },
    });
  }

  private requestFlush(): void {
    if (this.flushing) return;
    this.flushing = true;
    void this.flushLoop();
  }

  /** One projection at a time, in seq order, so each event's predecessor is already written. */
  private async flushLoop(): Promise<void> {
    try {
      // Let the current synchronous step finish so its changes go in one batch.
      await Promise.resolve();
      while (this.pendingEvents.length > 0 || this.dirtyTasks.size > 0 || this.pendingNotifications.length > 0 || this.processDirty) {
        const events = this.pendingEvents.splice(0);
        const notifications = this.pendingNotifications.splice(0);
        const tasks = [...this.dirtyTasks].map((id) => this.taskView(this.state.tasks[id]));
        this.dirtyTasks.clear();
        this.processDirty = false;
        const process = this.processView();
        this.syncSearchAttributes(false);
        await projection.project({ process, tasks, events, notifications });
        if (events.length > 0) this.projectedSeq = events[events.length - 1].seq;
      }
    } finally {
      this.flushing = false;
    }
  }

  private syncSearchAttributes(initial: boolean): void {
    const v = this.processView();
    const attrs = {
      status: v.status,
      roles: [...v.awaitingRoles].sort(),
      op: v.operationId ?? '',
      cluster: v.clusterId ?? '',
    };
    const key = JSON.stringify(attrs);
    if (!initial && key === this.lastSearchAttributes) return;
    this.lastSearchAttributes = key;
    const updates: SearchAttributeUpdatePair[] = [
      { key: SA_PROCESS_TYPE, value: v.type },
      { key: SA_STATUS, value: v.status },
      { key: SA_AWAITING_ROLES, value: attrs.roles },
    ];
    if (v.operationId) updates.push({ key: SA_OPERATION, value: v.operationId });
    if (v.clusterId) updates.push({ key: SA_CLUSTER, value: v.clusterId });
    upsertSearchAttributes(updates);
  }
}
