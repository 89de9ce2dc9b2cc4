// The engine: interprets a process definition. It owns the loop (wait, fire timers, react to what ended,
// transition, open next, end), the step kinds, effects and guards by name, incidents, and continue-as-new.
// No process-specific code here: a process is its definition plus the handlers of its folder.
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
  workflowInfo,
  WorkflowIdReusePolicy,
} from '@temporalio/workflow';
import { auditActorOf, SYSTEM_ACTOR, type AuditActor } from '../domain/actor';
import { authorizeDecision, authorizeScope, type TaskScope } from '../domain/authorization';
import { endOfLocalDate, formatLocal } from '../domain/calendar';
import { addDuration } from '../domain/durations';
import { centsToMoney, moneyToCents, MONEY, validateDecision, validateFields } from '../domain/definitions/validation';
import { findResult, initialSteps, nextSteps, stepKind, valueAt, type PredicateScope } from '../domain/definitions/transitions';
import type { ClaimSpec, DecisionSpec, DurationOverrides, EffectRef, FieldError, ProcessDefinition, StepDefinition } from '../domain/definitions/types';
import { findStep } from '../domain/definitions/validation';
import { operationSettingsOf } from '../domain/reference';
import type { Role } from '../domain/roles';
import type { ProcessView } from '../domain/views';
import type { FanOutMember, HpcActivities, NotificationKind } from '../contracts/activities';
import {
  actUpdate,
  cancelUpdate,
  childEndedSignal,
  childProgressSignal,
  claimAnswerSignal,
  claimSignal,
  decideUpdate,
  DECISION_ERRORS,
  retryIncidentUpdate,
  stateQuery,
  submitUpdate,
  type ActRequest,
  type CancelRequest,
  type ChildEnded,
  type ChildProgress,
  type ClaimAnswer,
  type ClaimRequest,
  type DecideRequest,
  type DecideResult,
  type RetryIncidentRequest,
  type SubmitRequest,
  type SubmitResult,
} from '../contracts/messages';
import type { ProcessStartArgs } from '../contracts/start-args';
import { taskId as buildTaskId } from '../contracts/workflow-ids';
import { getDefinition, getProcess } from '../processes';
import type { EffectContext, NotifyRequest, ProcessModule } from '../processes/types';
import { failureMessage, nowIso, Projector } from './projector';
import type { Completion, EngineState, StepInstance, SubmissionRecord, TaskRecord } from './state';
import { DEFAULT_CASE_CALENDAR, dueAt as computeDueAt, openAt as computeOpenAt, taskTimers, type CaseCalendar, type TaskTimer } from './timers';
import { exportState, processView, snapshot, taskView } from './views';

const acts = proxyActivities<HpcActivities>({
  startToCloseTimeout: '60 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds', backoffCoefficient: 2, maximumAttempts: 10 },
});
// Recording an incident must work when everything else fails: it writes sanitised values only.
const incidents = proxyActivities<HpcActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

/** The chair's decision that closes a vote with the recorded attendance. */
export const CHAIR_CLOSE: DecisionSpec = {
  id: 'close-vote',
  label: 'Close the vote',
  next: [],
  tone: 'neutral',
  data: [{ name: 'attendance', label: 'Members present', type: 'integer', required: true, min: 0, max: 10_000 }],
};

/** An incident is retried by itself after this long (an admin may retry sooner or cancel). */
const INCIDENT_AUTO_RETRY_MS = 10 * 60_000;
/** Replay-safe switches (workflows/README.md, "Golden histories"): cases that ran before them replay without. */
const PATCH_CHILD_PROGRESS = 'child-progress-to-parent';
const PATCH_PARENT_CLAIMS = 'claims-on-parent-ledger';
const PATCH_RETRY_WHILE_RECORDING = 'incident-retry-while-recording';
/** A child waits this long for its parent's answer to a claim before refusing the decision. */
const CLAIM_ANSWER_TIMEOUT = '5 minutes';

/** Long cases continue as new well before Temporal's history limits. */
const MAX_HISTORY_EVENTS = 8_000;

export interface EngineArgs extends ProcessStartArgs {
  /** Set by continue-as-new: the engine state of the previous run. */
  carried?: EngineState;
}

export interface EngineResult {
  processId: string;
  outcome: string;
}

function reject(type: string, message: string, details?: unknown): never {
  throw ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });
}

function mergeDurations(a: DurationOverrides | undefined, b: DurationOverrides | undefined): DurationOverrides {
  const out: DurationOverrides = { ...(a ?? {}) };
  for (const [step, v] of Object.entries(b ?? {})) out[step] = { ...(out[step] ?? {}), ...v };
  return out;
}

class CaseCancelled extends Error {}

export class Engine {
  readonly module: ProcessModule<any>;
  readonly definition: ProcessDefinition;
  readonly state: EngineState;
  readonly projector: Projector;
  private readonly resolving: string[] = [];
  private readonly onOpenQueue: string[] = [];
  /** Window reminders whose time came (instance id, reminder index, timer key): sent in the loop (an activity). */
  private readonly windowReminders: { instanceId: string; index: number; key: string }[] = [];
  private windowRemindersOn: boolean | null = null;
  /** Tasks whose decision waits until the workflow reacted (opened the next steps). */
  private readonly awaitingReaction = new Set<string>();
  private draining = false;
  private checkpoint = false;
  private ended: string | null = null;
  private retryRequested = false;
  private cancelEffectsRun = false;
  private reacting = false;
  /** Tasks whose decision waits for the parent's answer to its claim (a second decision is refused meanwhile). */
  private readonly claiming = new Set<string>();
  private readonly claimAnswers = new Map<string, ClaimAnswer>();

  constructor(type: string, args: EngineArgs) {
    const module = getProcess(type);
    if (!module) throw ApplicationFailure.nonRetryable(`unknown process type "${type}"`, 'UnknownProcessType');
    this.module = module;
    const info = workflowInfo();
    if (args.carried) {
      this.state = args.carried;
    } else {
      const at = nowIso();
      const op = args.operation ?? null;
      const settings = op ? operationSettingsOf(op.settings) : null;
      const calendar: CaseCalendar = settings
        ? { timeZone: settings.timeZone, weekendDays: settings.weekendDays, holidays: settings.holidays, planningCycleStartMonth: settings.planningCycleStartMonth }
        : DEFAULT_CASE_CALENDAR;
      this.state = {
        processId: info.workflowId,
        type,
        definitionVersion: module.definition.version,
        title: module.title(args.input as never, op),
        status: 'running',
        outcome: null,
        subject: module.subject(args.input as never),
        input: { ...(args.input as Record<string, unknown>) },
        startedBy: args.startedBy,
        startedAt: at,
        updatedAt: at,
        endedAt: null,
        seq: 0,
        stepCounters: {},
        tasks: {},
        closed: {},
        decided: [],
        lastDeciderId: null,
        durations: mergeDurations(settings?.durationOverrides?.[type] as DurationOverrides | undefined, args.durations),
        calendar,
        operation: op,
        parentProcessId: args.parentProcessId ?? null,
        instances: {},
        // A case a Temporal Schedule started (a backfill too) dates itself from its scheduled time: `case.scheduledAt`.
        caseData: scheduledStartOf(info) ? { scheduledAt: scheduledStartOf(info) } : {},
        children: {},
        completions: [],
        incident: null,
        incidentCount: 0,
        run: 1,
      };
    }
    const definition = getDefinition(type, this.state.definitionVersion);
    if (!definition) throw ApplicationFailure.nonRetryable(`${type} has no definition version ${this.state.definitionVersion}`, 'UnknownDefinitionVersion');
    this.definition = definition;
    this.projector = new Projector(this.state);
    // Handlers before the first await: an Update delivered with the first workflow task must find them.
    setHandler(decideUpdate, (req) => this.handleDecide(req), { validator: (req) => this.validateDecide(req) });
    setHandler(cancelUpdate, (req) => this.handleCancel(req), { validator: (req) => this.validateCancel(req) });
    setHandler(submitUpdate, (req) => this.handleSubmit(req), { validator: (req) => this.validateSubmit(req) });
    setHandler(actUpdate, (req) => this.handleAct(req), { validator: (req) => this.validateAct(req) });
    setHandler(retryIncidentUpdate, (req) => this.handleRetry(req), { validator: (req) => this.validateRetry(req) });
    setHandler(childEndedSignal, (s) => this.onChildEnded(s));
    setHandler(childProgressSignal, (s) => this.onChildProgress(s));
    setHandler(claimSignal, (c) => this.onClaim(c));
    setHandler(claimAnswerSignal, (a) => void this.claimAnswers.set(a.claimId, a));
    setHandler(stateQuery, () => snapshot(this.state));
    this.projector.begin(!args.carried);
  }

  get processId(): string {
    return this.state.processId;
  }

  // ================================================================ the loop

  async run(args: EngineArgs): Promise<EngineResult> {
    try {
      if (!args.carried) {
        this.projector.emit('process-started', { actor: this.state.startedBy ?? SYSTEM_ACTOR, data: this.state.input });
        // Open the first steps before any await, so a decision sent the moment the start returns finds its task.
        for (const stepId of initialSteps(this.definition, this.scope())) this.openStep(stepId);
        await this.guarded(null, () => this.runEffects(this.definition.onStart ?? [], this.effectContext(null, {})));
      }
      for (;;) {
        await this.work();
        if (this.ended !== null) return await this.finish(this.ended);
        if ((this.state.status as string) === 'cancelled') return await this.finishCancelled();
        if (this.checkpoint || workflowInfo().historyLength > MAX_HISTORY_EVENTS || workflowInfo().continueAsNewSuggested) {
          await this.drain();
          if ((this.state.status as string) === 'cancelled') return await this.finishCancelled();
          return await continueAsNew<(a: EngineArgs) => Promise<EngineResult>>({ input: this.state.input, startedBy: this.state.startedBy ?? SYSTEM_ACTOR, carried: exportState(this.state) });
        }
        this.release();
        await this.sleepUntilWork();
        this.fireDueTimers();
      }
    } catch (err) {
      if (err instanceof CaseCancelled || isCancellation(err) || this.state.status === 'cancelled') {
        if (this.state.status !== 'cancelled') this.cancelCase(SYSTEM_ACTOR, 'cancelled through Temporal');
        return this.finishCancelled();
      }
      throw err;
    }
  }

  /** Resolve opening steps and react to completions until there is nothing left to do now. */
  private async work(): Promise<void> {
    while (this.state.status === 'running' && this.ended === null) {
      if (this.projector.failure) {
        await this.incident(null, 'project', this.projector.failure.message, async () => {
          this.projector.retry();
          await this.projector.flush();
          if (this.projector.failure) throw new Error(this.projector.failure.message);
        });
        continue;
      }
      const opened = this.onOpenQueue.shift();
      if (opened) {
        const inst = this.state.instances[opened];
        await this.guarded(inst.stepId, () => this.runEffects(this.step(inst.stepId).onOpen ?? [], this.effectContext(null, {})));
        continue;
      }
      const reminder = this.windowReminders.shift();
      if (reminder) {
        const inst = this.state.instances[reminder.instanceId];
        await this.guarded(inst.stepId, () => this.sendWindowReminder(inst, reminder.index, reminder.key));
        continue;
      }
      const resolving = this.resolving.shift();
      if (resolving) {
        const inst = this.state.instances[resolving];
        await this.guarded(inst.stepId, () => this.resolveInstance(inst));
        continue;
      }
      const completion = this.state.completions[0];
      if (!completion) return;
      this.reacting = true;
      try {
        await this.guarded(this.state.instances[completion.instanceId]?.stepId ?? null, () => this.react(completion));
      } finally {
        this.reacting = false;
      }
    }
  }

  private hasWork(): boolean {
    return this.state.completions.length > 0 || this.resolving.length > 0 || this.onOpenQueue.length > 0 || this.windowReminders.length > 0 || this.state.status !== 'running' || this.projector.failure !== null;
  }

  private async sleepUntilWork(): Promise<void> {
    const next = this.nextTimerAt();
    if (next === null) {
      await condition(() => this.hasWork());
      return;
    }
    const delay = next - Date.now();
    if (delay > 0) await condition(() => this.hasWork(), delay);
  }

  /**
   * Run a step of work; a failure (an activity that keeps failing, a bug, bad data) becomes an incident on the
   * case, visible with its error and step, retried by an admin (or by itself later); the case can be cancelled.
   */
  private async guarded(stepId: string | null, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof CaseCancelled || isCancellation(err) || this.state.status === 'cancelled') throw err;
      await this.incident(stepId, activityName(err), failureMessage(err), fn);
    }
  }

  private async incident(stepId: string | null, activity: string | null, message: string, retry: () => Promise<void>): Promise<void> {
    let attempts = 1;
    let msg = message;
    for (;;) {
      this.state.incidentCount += 1;
      this.state.incident = { id: this.state.incidentCount, at: nowIso(), message: msg, stepId, activity, attempts };
      // An admin's retry counts from the moment the incident is open: one that came while the incident row was being
      // written (the row is what the admin sees) used to be reset after the write, and lost.
      const retryCountsWhileRecording = patched(PATCH_RETRY_WHILE_RECORDING);
      if (retryCountsWhileRecording) this.retryRequested = false;
      this.projector.syncSearchAttributes(false);
      await incidents.recordIncident({ process: processView(this.state), message: msg, stepId, activity, attempts, at: nowIso(), resolved: false });
      this.projector.emit('incident-opened', { stepId, data: { message: msg, activity, attempts } });
      if (!retryCountsWhileRecording) this.retryRequested = false;
      await condition(() => this.retryRequested || this.state.status !== 'running', INCIDENT_AUTO_RETRY_MS);
      if (this.state.status !== 'running') {
        // Cancelled during the incident: say so on the row even if the projection still fails.
        this.state.incident = null;
        await incidents.recordIncident({ process: processView(this.state), message: msg, stepId, activity, attempts, at: nowIso(), resolved: true });
        throw new CaseCancelled();
      }
      try {
        await retry();
        const resolved = this.state.incident;
        this.state.incident = null;
        this.projector.syncSearchAttributes(false);
        this.projector.emit('incident-resolved', { stepId, data: { incident: resolved?.id ?? null, attempts } });
        await incidents.recordIncident({ process: processView(this.state), message: msg, stepId, activity, attempts, at: nowIso(), resolved: true });
        return;
      } catch (err) {
        if (err instanceof CaseCancelled || isCancellation(err)) throw err;
        attempts += 1;
        msg = failureMessage(err);
      }
    }
  }

  // ================================================================ opening steps

  private step(stepId: string): StepDefinition {
    const step = findStep(this.definition, stepId);
    if (!step) throw ApplicationFailure.nonRetryable(`${this.definition.type}: undeclared step "${stepId}"`, 'UndeclaredStep');
    return step;
  }

  /** What predicates and path mappings read. */
  scope(data: Record<string, unknown> | null = null): PredicateScope {
    const op = this.state.operation;
    return {
      input: this.state.input,
      data,
      case: this.state.caseData,
      subject: this.state.subject,
      operation: op ? ({ ...op, settings: op.settings } as unknown as Record<string, unknown>) : null,
    };
  }

  /** What a task's rules read: a fan-out member's task is about its member (e.g. `subject.sector` is the cluster's sector). */
  private taskScope(task: TaskRecord): PredicateScope {
    const base = this.scope();
    if (!task.memberKey || task.memberKey === 'chair' || this.state.instances[task.instanceId]?.kind !== 'fan-out') return base;
    return { ...base, subject: { ...this.state.subject, operationId: task.operationId, sector: task.sector, organisationId: task.organisationId } };
  }

  private anchorOf(step: StepDefinition): string | null {
    if (!step.anchor) return null;
    const v = valueAt(this.scope(), step.anchor);
    // A date without a time (a plan's target date) means the end of that day in the operation's zone.
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return new Date(endOfLocalDate(v, this.state.calendar)).toISOString();
    return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(Date.parse(v)).toISOString() : null;
  }

  /** Open a step: tasks open at once (synchronously); members, voters and computations resolve in the loop. */
  openStep(stepId: string, opts: { now?: boolean } = {}): StepInstance {
    const step = this.step(stepId);
    const n = (this.state.stepCounters[stepId] ?? 0) + 1;
    this.state.stepCounters[stepId] = n;
    const kind = stepKind(step);
    const now = Date.now();
    const anchorAt = this.anchorOf(step);
    const overrides = this.state.durations[stepId];
    const due = computeDueAt(step, { openedAt: now, anchorAt: anchorAt ? Date.parse(anchorAt) : null }, overrides, this.state.calendar);
    const opensAt = opts.now ? null : computeOpenAt(step, due, overrides, this.state.calendar);
    const inst: StepInstance = {
      id: `${stepId}~${n}`,
      stepId,
      kind,
      n,
      status: 'open',
      openAt: opensAt !== null && opensAt > now ? new Date(opensAt).toISOString() : null,
      openedAt: null,
      dueAt: due === null ? null : new Date(due).toISOString(),
      anchorAt,
      taskIds: [],
      result: null,
      fired: [],
    };
    this.state.instances[inst.id] = inst;
    if (inst.openAt) {
      inst.status = 'scheduled';
      this.projector.emit('step-scheduled', { stepId, data: { opensAt: inst.openAt, dueAt: inst.dueAt } });
      return inst;
    }
    this.activate(inst);
    return inst;
  }

  /** A scheduled (or new) instance becomes open now. */
  private activate(inst: StepInstance): void {
    const step = this.step(inst.stepId);
    inst.openAt = null;
    inst.openedAt = nowIso();
    switch (inst.kind) {
      case 'task':
        inst.status = 'open';
        this.openTask(inst, step, {});
        break;
      case 'window': {
        inst.status = 'open';
        inst.submissions = [];
        const spec = step.window!;
        const fromData = spec.durationFrom ? valueAt(this.scope(), spec.durationFrom) : undefined;
        const duration = typeof fromData === 'string' && fromData ? fromData : spec.duration;
        inst.closesAt = new Date(addDurationSafe(Date.now(), duration, this.state.calendar)).toISOString();
        this.projector.emit('step-opened', { stepId: inst.stepId, data: { kind: inst.kind, closesAt: inst.closesAt, closesAtLocal: formatLocal(Date.parse(inst.closesAt), this.state.calendar) } });
        break;
      }
      default:
        inst.status = 'resolving';
        this.resolving.push(inst.id);
    }
    // Effects of an opening run in the loop, after its tasks exist (fan-outs and votes run them while resolving).
    if (step.onOpen && step.onOpen.length > 0 && (inst.kind === 'task' || inst.kind === 'window')) this.onOpenQueue.push(inst.id);
    this.projector.process();
  }

  /** Fan-out members, voters, system computations and child waits need the outside world: done in the loop. */
  private async resolveInstance(inst: StepInstance): Promise<void> {
    if (inst.status !== 'resolving') return;
    const step = this.step(inst.stepId);
    const s = this.state.subject;
    if (step.onOpen && step.onOpen.length > 0) await this.runEffects(step.onOpen, this.effectContext(null, {}));
    switch (inst.kind) {
      case 'fan-out': {
        const spec = step.fanOut!;
        const organisationIds = spec.from ? toStringList(valueAt(this.scope(), spec.from)) : undefined;
        const members = await acts.resolveMembers({ set: spec.members, operationId: s.operationId, clusterId: s.clusterId, sector: s.sector, organisationIds });
        inst.members = members;
        inst.status = 'open';
        this.projector.emit('step-opened', { stepId: inst.stepId, data: { kind: 'fan-out', members: members.map((m) => m.key) } });
        for (const m of members) this.openTask(inst, step, { member: m });
        if (members.length === 0) this.complete(inst, 'complete', null, SYSTEM_ACTOR, null);
        return;
      }
      case 'vote': {
        const voters = await acts.resolveVoters({ roles: [...step.roles], operationId: s.operationId, sector: s.sector, clusterId: s.clusterId });
        inst.voters = voters;
        inst.status = 'open';
        this.projector.emit('step-opened', { stepId: inst.stepId, data: { kind: 'vote', members: voters.length, quorum: this.quorumOf(step, voters.length) } });
        for (const v of voters) this.openTask(inst, step, { voter: v });
        this.openTask(inst, step, { chair: true });
        return;
      }
      case 'children': {
        inst.status = 'open';
        this.projector.emit('step-opened', { stepId: inst.stepId, data: { kind: 'children' } });
        this.checkChildren(inst);
        return;
      }
      case 'system': {
        inst.status = 'open';
        const out = await acts.computeSystemStep({
          processId: this.processId,
          stepId: inst.stepId,
          compute: step.system!.compute,
          input: this.state.input,
          subject: this.state.subject,
          caseData: this.state.caseData,
        });
        this.state.caseData[inst.stepId] = out.data;
        this.projector.emit('system-result', { stepId: inst.stepId, decision: out.result, data: out.data });
        this.complete(inst, out.result, null, SYSTEM_ACTOR, null);
        return;
      }
      default:
        throw ApplicationFailure.nonRetryable(`step kind "${inst.kind}" cannot be resolved`, 'UnknownStepKind');
    }
  }

  private openTask(inst: StepInstance, step: StepDefinition, who: { member?: FanOutMember; voter?: { id: string; displayName: string }; chair?: boolean }): TaskRecord {
    const memberKey = who.member?.key ?? (who.voter ? who.voter.id : who.chair ? 'chair' : null);
    const id = buildTaskId(this.processId, inst.stepId, inst.n, memberKey);
    const at = nowIso();
    const s = this.state.subject;
    const rules = new Set([...(step.rules ?? []), ...(step.fourEyes ? (['four-eyes'] as const) : [])]);
    const decisions = who.chair ? [CHAIR_CLOSE] : step.decisions.filter((d) => !d.system);
    const roles: Role[] = who.chair ? [...(step.vote?.chair ?? [])] : [...step.roles];
    const title = who.member ? `${step.title} — ${who.member.label}` : who.chair ? `${step.title} — close the vote` : step.title;
    const task: TaskRecord = {
      id,
      processId: this.processId,
      processType: this.state.type,
      stepId: inst.stepId,
      title,
      roles,
      operationId: who.member?.operationId ?? s.operationId ?? null,
      sector: who.member ? who.member.sector : (s.sector ?? null),
      organisationId: who.member ? who.member.organisationId : ((s.organisationId as string | null | undefined) ?? null),
      decisions: decisions.map((d) => d.id),
      dueAt: inst.dueAt,
      status: 'open',
      overdue: false,
      escalatedTo: [],
      decision: null,
      decidedBy: null,
      decidedAt: null,
      comment: null,
      data: null,
      context: {
        operationId: s.operationId,
        clusterId: s.clusterId,
        sector: s.sector,
        processTitle: this.state.title,
        ...(this.state.operation ? { operationName: this.state.operation.name } : {}),
        ...(inst.anchorAt ? { anchorAt: inst.anchorAt } : {}),
        ...(s.leadAgencyId ? { leadAgencyId: s.leadAgencyId } : {}),
        ...(who.member ? { member: who.member.label } : {}),
      },
      createdAt: at,
      updatedAt: at,
      stepKind: inst.kind,
      memberKey,
      memberLabel: who.member?.label ?? who.voter?.displayName ?? null,
      assigneeId: who.voter?.id ?? null,
      recusalOrganisationId: rules.has('recusal') ? ((s.organisationId as string | null | undefined) ?? null) : null,
      leadAgencyId: rules.has('lead-agency') ? ((s.leadAgencyId as string | null | undefined) ?? null) : null,
      instanceId: inst.id,
      anchorAt: inst.anchorAt,
      fired: [],
      fourEyes: rules.has('four-eyes'),
      previousDeciderId: this.state.lastDeciderId,
      previousOnBehalfOfId: this.state.lastOnBehalfOfId ?? null,
    };
    this.state.tasks[id] = task;
    inst.taskIds.push(id);
    this.projector.task(id);
    this.projector.emit('task-opened', { stepId: inst.stepId, taskId: id, data: { dueAt: task.dueAt, roles: task.roles, ...(memberKey ? { member: task.memberLabel } : {}) } });
    this.notifyTask(task, 'task-opened', 'opened', task.roles, `New task: ${task.title} (${this.state.title})`);
    this.release();
    return task;
  }

  // ================================================================ completions and transitions

  /** An instance ended with a result: queue the reaction (transitions run in the loop, in order). */
  private complete(inst: StepInstance, result: string, taskId: string | null, actor: AuditActor, data: Record<string, unknown> | null): void {
    if (inst.status === 'done') return;
    inst.status = 'done';
    inst.result = result;
    this.state.completions.push({ instanceId: inst.id, result, taskId, data, actor });
    if (taskId) this.awaitingReaction.add(taskId);
  }

  private async react(c: Completion): Promise<void> {
    const inst = this.state.instances[c.instanceId];
    const step = this.step(inst.stepId);
    // What is still open in the instance ends with it (the rest of a fan-out after `any`, the chair's task).
    for (const id of inst.taskIds) {
      const t = this.state.tasks[id];
      if (t && t.status === 'open') this.closeTask(t, inst.kind === 'fan-out' && c.result !== 'complete' ? 'expired' : 'cancelled', SYSTEM_ACTOR);
    }
    if (inst.kind !== 'task') {
      this.projector.emit('step-completed', { stepId: inst.stepId, decision: c.result, data: c.data });
    }
    const spec = findResult(step, c.result);
    if (!spec) throw ApplicationFailure.nonRetryable(`${this.definition.type}/${inst.stepId}: undeclared result "${c.result}"`, 'UndeclaredResult');
    if (c.data && Object.keys(c.data).length > 0) this.state.caseData[inst.stepId] = c.data;
    const ctx = this.effectContext(c.taskId ? this.state.tasks[c.taskId] ?? null : null, { decision: c.result, data: c.data, actor: c.actor });
    if (spec.patch) {
      const patch: Record<string, unknown> = {};
      for (const [key, path] of Object.entries(spec.patch)) {
        const v = valueAt(this.scope(c.data), path);
        if (v !== undefined) patch[key] = v;
      }
      if (Object.keys(patch).length > 0) this.updateSubject(patch);
    }
    await this.runEffects(spec.effects ?? [], ctx);
    if (spec.milestone) await this.tellParentProgress(spec.milestone);
    const t = nextSteps(this.definition, inst.stepId, c.result, this.scope(c.data));
    // Reacted: the completion leaves the queue before the next steps open (an incident above retries it whole).
    this.state.completions.shift();
    if (t.end !== null) {
      this.ended = t.end;
      return;
    }
    for (const stepId of t.steps) this.openStep(stepId);
    if (spec.checkpoint) this.checkpoint = true;
    if (c.taskId) this.awaitingReaction.delete(c.taskId);
    this.projector.process();
  }

  private checkJoin(inst: StepInstance): void {
    const step = this.step(inst.stepId);
    const tasks = inst.taskIds.map((id) => this.state.tasks[id]);
    const done = tasks.filter((t) => t.status === 'decided').length;
    const join = step.fanOut!.join;
    const total = tasks.length;
    const met = join === 'all' || join === 'all-or-deadline' ? done === total : join === 'any' ? done >= 1 : join === 'deadline' ? false : done >= Math.min(join.atLeast, total);
    if (met) this.complete(inst, 'complete', null, SYSTEM_ACTOR, { done, total });
    // Members that closed themselves at their due time (onDue) leave nothing to wait for: the step ends as at a deadline.
    else if (join !== 'deadline' && tasks.every((t) => t.status !== 'open')) this.complete(inst, 'deadline', null, SYSTEM_ACTOR, { done, total });
  }

  private quorumOf(step: StepDefinition, members: number): number {
    const q = step.vote?.quorum ?? 'majority';
    return q === 'majority' ? Math.floor(members / 2) + 1 : Math.min(q.atLeast, members);
  }

  /** The majority decision among the ballots cast (ties: the decision declared first). */
  private majority(inst: StepInstance): { decision: string; counts: Record<string, number> } | null {
    const step = this.step(inst.stepId);
    const counts: Record<string, number> = {};
    for (const id of inst.taskIds) {
      const t = this.state.tasks[id];
      if (t.memberKey !== 'chair' && t.status === 'decided' && t.decision) counts[t.decision] = (counts[t.decision] ?? 0) + 1;
    }
    let best: string | null = null;
    for (const d of step.decisions) if ((counts[d.id] ?? 0) > 0 && (best === null || counts[d.id] > counts[best])) best = d.id;
    return best === null ? null : { decision: best, counts };
  }

  private checkVote(inst: StepInstance, closedByChair: { attendance: number; actor: AuditActor; taskId: string } | null): void {
    const step = this.step(inst.stepId);
    const ballots = inst.taskIds.map((id) => this.state.tasks[id]).filter((t) => t.memberKey !== 'chair');
    const cast = ballots.filter((t) => t.status === 'decided').length;
    const m = this.majority(inst);
    if (!m) return;
    if (closedByChair) {
      this.complete(inst, m.decision, closedByChair.taskId, closedByChair.actor, { votes: m.counts, cast, members: ballots.length, attendance: closedByChair.attendance });
      return;
    }
    if (cast >= this.quorumOf(step, ballots.length)) this.complete(inst, m.decision, null, SYSTEM_ACTOR, { votes: m.counts, cast, members: ballots.length });
  }

  /** A children step ends when no child is still short of its milestone (`until`) or, without one, still running. */
  private checkChildren(inst: StepInstance): void {
    if (inst.status !== 'open') return;
    const until = this.step(inst.stepId).children?.until;
    const all = Object.values(this.state.children);
    const waiting = all.filter((c) => c.status === 'running' && !(until && c.milestones?.includes(until)));
    if (waiting.length > 0) return;
    if (!until) {
      this.complete(inst, 'complete', null, SYSTEM_ACTOR, { children: all.length });
      return;
    }
    const running = all.filter((c) => c.status === 'running').length;
    this.complete(inst, 'complete', null, SYSTEM_ACTOR, { children: all.length, [until]: running, ended: all.length - running });
  }

  // ================================================================ timers

  private timersOf(task: TaskRecord): TaskTimer[] {
    const step = this.step(task.stepId);
    const inst = this.state.instances[task.instanceId];
    return taskTimers(
      step,
      { openedAt: Date.parse(task.createdAt), anchorAt: task.anchorAt ? Date.parse(task.anchorAt) : null, dueAt: inst?.dueAt ? Date.parse(inst.dueAt) : null },
      this.state.durations[task.stepId],
      this.state.calendar,
      Date.now(),
    ).filter((t) => !task.fired.includes(t.key));
  }

  private instanceTimers(inst: StepInstance): { key: string; at: number }[] {
    const out: { key: string; at: number }[] = [];
    if (inst.status === 'scheduled' && inst.openAt) out.push({ key: 'open', at: Date.parse(inst.openAt) });
    if (inst.status === 'open' && inst.kind === 'window' && inst.closesAt) {
      out.push({ key: 'close', at: Date.parse(inst.closesAt) });
      // Repeating reminders: the next one of each, while it falls before the window closes (cases whose history
      // predates them replay without: the patch marker).
      const reminders = this.step(inst.stepId).window?.reminders ?? [];
      if (reminders.length > 0 && (this.windowRemindersOn ??= patched('window-reminders'))) reminders.forEach((r, i) => {
        const sent = inst.fired.filter((k) => k.startsWith(`remind:${i}:`)).length;
        let at = Date.parse(inst.openedAt as string);
        for (let k = 0; k <= sent; k++) at = addDurationSafe(at, r.every, this.state.calendar);
        if (at < Date.parse(inst.closesAt as string)) out.push({ key: `remind:${i}:${sent}`, at });
      });
    }
    if (inst.status === 'open' && inst.kind === 'fan-out' && inst.dueAt && ['deadline', 'all-or-deadline'].includes(this.step(inst.stepId).fanOut?.join as string)) out.push({ key: 'deadline', at: Date.parse(inst.dueAt) });
    return out.filter((t) => !inst.fired.includes(t.key));
  }

  private nextTimerAt(): number | null {
    let next: number | null = null;
    const consider = (at: number) => {
      if (next === null || at < next) next = at;
    };
    for (const t of Object.values(this.state.tasks)) if (t.status === 'open') for (const x of this.timersOf(t).slice(0, 1)) consider(x.at);
    for (const i of Object.values(this.state.instances)) for (const x of this.instanceTimers(i)) consider(x.at);
    return next;
  }

  private fireDueTimers(): void {
    const now = Date.now();
    for (const inst of Object.values(this.state.instances)) {
      for (const timer of this.instanceTimers(inst)) {
        if (timer.at > now) continue;
        inst.fired.push(timer.key);
        if (timer.key === 'open') this.activate(inst);
        else if (timer.key.startsWith('remind:')) this.windowReminders.push({ instanceId: inst.id, index: Number(timer.key.split(':')[1]), key: timer.key });
        else if (timer.key === 'close') this.complete(inst, 'closed', null, SYSTEM_ACTOR, { submissions: (inst.submissions ?? []).filter((s) => s.status === 'received').length });
        else if (timer.key === 'deadline') {
          const tasks = inst.taskIds.map((id) => this.state.tasks[id]);
          const done = tasks.filter((t) => t.status === 'decided').length;
          this.complete(inst, done === tasks.length ? 'complete' : 'deadline', null, SYSTEM_ACTOR, { done, total: tasks.length });
        }
      }
    }
    for (const task of Object.values(this.state.tasks)) {
      if (task.status !== 'open') continue;
      for (const timer of this.timersOf(task)) {
        if (timer.at > now || task.status !== 'open') break;
        this.fireTaskTimer(task, timer);
      }
    }
  }

  private fireTaskTimer(task: TaskRecord, timer: TaskTimer): void {
    task.fired.push(timer.key);
    task.updatedAt = nowIso();
    this.projector.task(task.id);
    const base = { stepId: task.stepId, taskId: task.id };
    const step = this.step(task.stepId);
    if (timer.kind === 'reminder') {
      this.projector.emit('reminder-sent', { ...base, data: { reminder: timer.key, dueAt: task.dueAt } });
      this.notifyTask(task, 'reminder', timer.key, task.roles, `Reminder: ${task.title} (${this.state.title}) is due ${task.dueAt ? formatLocal(Date.parse(task.dueAt), this.state.calendar) : 'soon'}`);
    } else if (timer.kind === 'overdue') {
      task.overdue = true;
      this.projector.emit('task-overdue', { ...base, data: { dueAt: task.dueAt } });
      this.notifyTask(task, 'overdue', 'overdue', task.roles, `Overdue: ${task.title} (${this.state.title}) was due ${task.dueAt ? formatLocal(Date.parse(task.dueAt), this.state.calendar) : ''}`);
    } else if (timer.kind === 'close') {
      // A deadline outcome: the step closes itself (e.g. `missed`) and the case moves on.
      const result = step.onDue!.close;
      task.status = 'expired';
      task.overdue = true;
      task.decision = result;
      task.decidedBy = SYSTEM_ACTOR;
      task.decidedAt = nowIso();
      this.projector.emit('task-expired', { ...base, decision: result, data: { dueAt: task.dueAt } });
      const inst = this.state.instances[task.instanceId];
      if (inst.kind === 'task') this.complete(inst, result, null, SYSTEM_ACTOR, null);
      else if (inst.kind === 'fan-out') this.checkJoin(inst);
    } else {
      const to = [...(step.escalation?.to ?? [])];
      task.escalatedTo = [...new Set([...task.escalatedTo, ...to])];
      this.projector.emit('task-escalated', { ...base, data: { to, dueAt: task.dueAt } });
      this.notifyTask(task, 'escalation', 'escalation', to, `Escalated to you: ${task.title} (${this.state.title}) is overdue since ${task.dueAt ? formatLocal(Date.parse(task.dueAt), this.state.calendar) : ''}`);
    }
  }

  // ================================================================ decisions

  /** What a task may be decided with (the chair of a vote closes it; system decisions are never offered). */
  private decisionSpecs(task: TaskRecord, step: StepDefinition): readonly DecisionSpec[] {
    return task.memberKey === 'chair' && stepKind(step) === 'vote' ? [CHAIR_CLOSE] : step.decisions.filter((d) => !d.system);
  }

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
      const why = c.status === 'decided' ? `decided by ${who} at ${c.decidedAt}` : c.status === 'expired' ? 'expired at its deadline' : 'cancelled';
      reject(DECISION_ERRORS.TaskNotOpen, `task ${req.taskId} is no longer open (${why})`, {
        taskId: req.taskId,
        status: c.status,
        decidedBy: c.decidedBy,
        decidedAt: c.decidedAt,
      });
    }
    if (this.state.incident) {
      reject(DECISION_ERRORS.Conflict, `the case has an incident (${this.state.incident.message}); an admin must retry it before decisions are taken`);
    }
    if (this.claiming.has(task.id)) reject(DECISION_ERRORS.Conflict, `task ${req.taskId} is being decided (its claim on the parent case is being checked)`);
    const step = this.step(task.stepId);
    const auth = authorizeDecision(req.actor, {
      roles: task.roles,
      scope: { operationId: task.operationId, sector: task.sector, organisationId: task.organisationId },
      fourEyes: task.fourEyes,
      previousDeciderId: task.previousDeciderId,
      previousOnBehalfOfId: task.previousOnBehalfOfId ?? null,
      assigneeId: task.assigneeId ?? null,
      recusalOrganisationId: task.recusalOrganisationId ?? null,
      leadAgencyId: task.leadAgencyId ?? null,
    });
    if (!auth.allowed) reject(DECISION_ERRORS.Forbidden, auth.message, { reason: auth.reason, message: auth.message });
    const specs = this.decisionSpecs(task, step);
    const spec = specs.find((d) => d.id === req.decision);
    if (!spec) {
      const errors = [{ field: 'decision', message: `decision must be one of the following values: ${specs.map((d) => d.id).join(', ')}` }];
      reject(DECISION_ERRORS.DecisionNotAllowed, errors[0].message, errors);
    }
    const errors: FieldError[] = task.memberKey === 'chair'
      ? validateFields(CHAIR_CLOSE.data, (req.data ?? {}) as Record<string, unknown>)
      : validateDecision(this.definition, step.id, req.decision, req.data, { comment: req.comment, scope: this.taskScope(task), nowMs: Date.now() });
    if (req.comment !== undefined && req.comment !== null && typeof req.comment !== 'string') {
      errors.push({ field: 'comment', message: 'comment must be a string' });
    } else if (typeof req.comment === 'string' && req.comment.length > 10_000) {
      errors.push({ field: 'comment', message: 'comment must be shorter than or equal to 10000 characters' });
    }
    if (errors.length > 0) reject(DECISION_ERRORS.InvalidDecisionData, errors.map((e) => e.message).join('; '), errors);
    if (task.memberKey === 'chair') {
      const inst = this.state.instances[task.instanceId];
      if (!this.majority(inst)) reject(DECISION_ERRORS.Conflict, 'no vote has been cast yet: the vote cannot be closed');
    }
    for (const guard of spec.guards ?? []) {
      const handler = this.module.guards?.[guard];
      if (!handler) throw ApplicationFailure.nonRetryable(`${this.definition.type}: guard "${guard}" has no handler`, 'UnknownGuard');
      // Guards may read who decides beyond the trail's actor (a partner's organisation, the authorised-signatory flag).
      const refusal = handler(this.effectContext(task, { decision: req.decision, data: req.data ?? null, actor: { ...auditActorOf(req.actor), organisationId: req.actor.organisationId ?? null, authorisedSignatory: req.actor.authorisedSignatory === true } as AuditActor }));
      if (typeof refusal === 'string') reject(DECISION_ERRORS.Conflict, refusal);
      if (refusal) reject(DECISION_ERRORS.InvalidDecisionData, refusal.message, [refusal]);
    }
  }

  private async handleDecide(req: DecideRequest): Promise<DecideResult> {
    const task = this.state.tasks[req.taskId];
    const claim = task.memberKey === 'chair' ? undefined : this.step(task.stepId).decisions.find((d) => d.id === req.decision)?.claims;
    if (claim) {
      // The parent decides whether the money is there; nothing of the decision is recorded before it says yes.
      this.claiming.add(task.id);
      let refusal: string | null;
      try {
        refusal = await this.claimFromParent(claim, req.data ?? null);
      } finally {
        this.claiming.delete(task.id);
      }
      if (refusal) reject(DECISION_ERRORS.Conflict, refusal);
      if (task.status !== 'open' || this.state.status !== 'running') reject(DECISION_ERRORS.TaskNotOpen, `task ${req.taskId} is no longer open (${this.state.status !== 'running' ? `the case is ${this.state.status}` : task.status})`);
    }
    const by = auditActorOf(req.actor);
    const at = nowIso();
    task.status = 'decided';
    task.decision = req.decision;
    task.decidedBy = by;
    task.decidedAt = at;
    task.comment = req.comment ?? null;
    task.data = req.data ?? null;
    task.updatedAt = at;
    this.projector.task(task.id);
    this.state.lastDeciderId = req.actor.id;
    this.state.lastOnBehalfOfId = req.actor.onBehalfOf?.id ?? null;
    this.state.decided.push({ taskId: task.id, stepId: task.stepId, decision: req.decision, decidedBy: by, decidedAt: at });
    const inst = this.state.instances[task.instanceId];
    const event = this.projector.emit(inst.kind === 'vote' && task.memberKey !== 'chair' ? 'vote-cast' : 'decision', {
      actor: by,
      stepId: task.stepId,
      taskId: task.id,
      decision: req.decision,
      comment: task.comment,
      data: task.data,
    });
    if (inst.kind === 'task') this.complete(inst, req.decision, task.id, by, task.data);
    else if (inst.kind === 'fan-out') this.checkJoin(inst);
    else if (inst.kind === 'vote') {
      if (task.memberKey === 'chair') this.checkVote(inst, { attendance: Number((req.data ?? {}).attendance ?? 0), actor: by, taskId: task.id });
      else this.checkVote(inst, null);
    }
    // Return with the next steps already opened, so a client reading after the 2xx sees the case move on.
    // An incident while reacting: the decision is recorded; it returns with the incident instead of waiting for its fix.
    await condition(() => !this.awaitingReaction.has(task.id) || this.draining || this.state.status !== 'running' || this.ended !== null || this.state.incident !== null);
    const target = Math.max(event.seq, this.state.seq);
    this.projector.request();
    await condition(() => this.projector.isProjected(target) || this.projector.failure !== null);
    return { task: taskView(task), process: processView(this.state) };
  }

  private closeTask(t: TaskRecord, status: 'cancelled' | 'expired', by: AuditActor): void {
    t.status = status;
    t.updatedAt = nowIso();
    this.projector.task(t.id);
    this.projector.emit(status === 'expired' ? 'task-expired' : 'task-cancelled', { actor: by, stepId: t.stepId, taskId: t.id });
  }

  // ================================================================ submissions (windows)

  private openWindowFor(kind: string): { inst: StepInstance; step: StepDefinition } | null {
    for (const inst of Object.values(this.state.instances)) {
      if (inst.kind !== 'window' || inst.status !== 'open') continue;
      const step = this.step(inst.stepId);
      if (step.window?.kinds.some((k) => k.id === kind)) return { inst, step };
    }
    return null;
  }

  private validateSubmit(req: SubmitRequest): void {
    if (!req || typeof req.kind !== 'string' || typeof req.data !== 'object' || req.data === null || Array.isArray(req.data)) {
      reject(DECISION_ERRORS.InvalidDecisionData, 'kind and data are required', [{ field: 'data', message: 'data must be an object' }]);
    }
    if (this.state.status !== 'running') reject(DECISION_ERRORS.TaskNotOpen, `process ${this.processId} is ${this.state.status}`);
    const kinds = this.definition.steps.flatMap((s) => s.window?.kinds ?? []);
    const kind = kinds.find((k) => k.id === req.kind);
    if (!kind) reject(DECISION_ERRORS.InvalidDecisionData, `kind must be one of the following values: ${kinds.map((k) => k.id).join(', ')}`, [{ field: 'kind', message: `kind must be one of the following values: ${kinds.map((k) => k.id).join(', ')}` }]);
    const open = this.openWindowFor(req.kind);
    // Once the window's timer fired, a late submission still learns when it closed (in the operation's time).
    const lastClosed = open ? undefined : Object.values(this.state.instances).filter((i) => i.kind === 'window' && i.status === 'done' && i.closesAt && this.step(i.stepId).window?.kinds.some((k) => k.id === req.kind)).at(-1);
    if (lastClosed) reject(DECISION_ERRORS.WindowClosed, `the window closed at ${formatLocal(Date.parse(lastClosed.closesAt as string), this.state.calendar)}; late submissions are refused`, { closesAt: lastClosed.closesAt });
    if (!open) reject(DECISION_ERRORS.WindowClosed, `submissions of ${kind.label.toLowerCase()} are not open in this case`);
    if (Date.parse(open.inst.closesAt as string) <= Date.now()) {
      reject(DECISION_ERRORS.WindowClosed, `the window closed at ${formatLocal(Date.parse(open.inst.closesAt as string), this.state.calendar)}; late submissions are refused`, { closesAt: open.inst.closesAt });
    }
    if (kind.anonymous) {
      if (req.actor) reject(DECISION_ERRORS.InvalidDecisionData, 'anonymous submissions carry no user');
      if (typeof req.anonymousKey !== 'string' || req.anonymousKey.length < 16) reject(DECISION_ERRORS.InvalidDecisionData, 'anonymousKey is required');
    } else {
      if (!req.actor) reject(DECISION_ERRORS.Forbidden, 'a submission needs a user', { reason: 'role', message: 'a submission needs a user' });
      const s = this.state.subject;
      const auth = authorizeScope(req.actor, kind.roles, { operationId: s.operationId, sector: s.sector, organisationId: req.actor.organisationId });
      if (!auth.allowed) reject(DECISION_ERRORS.Forbidden, auth.message, { reason: auth.reason, message: auth.message });
      if (kind.invitedFrom) {
        const from = valueAt(this.scope(), kind.invitedFrom);
        const per = kind.invitedPer ? String(req.data[kind.invitedPer] ?? '') : null;
        const invited = toStringList(per !== null ? (from as Record<string, unknown> | undefined)?.[per] : from) ?? [];
        if (per !== null && (!req.actor.organisationId || !invited.includes(req.actor.organisationId))) {
          const message = `your organisation is not invited for ${kind.invitedPer} ${per || '(none)'}`;
          reject(DECISION_ERRORS.Forbidden, message, { reason: 'scope', message });
        }
        if (!req.actor.organisationId || !invited.includes(req.actor.organisationId)) {
          reject(DECISION_ERRORS.Forbidden, 'your organisation is not invited to this round', { reason: 'scope', message: 'your organisation is not invited to this round' });
        }
      }
    }
    const errors = validateFields(kind.fields, req.data, 'data.', { scope: this.scope(req.data), nowMs: Date.now() });
    if (errors.length > 0) reject(DECISION_ERRORS.InvalidDecisionData, errors.map((e) => e.message).join('; '), errors);
  }

  private async handleSubmit(req: SubmitRequest): Promise<SubmitResult> {
    const { inst, step } = this.openWindowFor(req.kind)!;
    const kind = step.window!.kinds.find((k) => k.id === req.kind)!;
    const at = nowIso();
    const by = req.actor ? auditActorOf(req.actor) : null;
    const organisationId = kind.anonymous ? null : (req.actor?.organisationId ?? null);
    const dedupeKey = kind.anonymous
      ? (req.anonymousKey as string)
      : kind.onePer
        ? [organisationId ?? (by?.kind === 'user' ? by.id : ''), ...kind.onePer.map((f) => String(req.data[f] ?? ''))].join('|')
        : null;
    const submissions = inst.submissions ?? (inst.submissions = []);
    let replaced = false;
    if (dedupeKey) {
      for (const s of submissions) {
        if (s.dedupeKey === dedupeKey && s.status === 'received') {
          s.status = 'replaced';
          replaced = true;
          this.projector.submission(this.submissionRow(inst, s));
        }
      }
    }
    const record: SubmissionRecord = { id: uuid4(), kind: req.kind, organisationId, dedupeKey, by: kind.anonymous ? null : by, data: req.data, at, status: 'received', childProcessId: null };
    submissions.push(record);
    if (kind.child) {
      const input: Record<string, unknown> = { ...req.data };
      for (const [key, path] of Object.entries(kind.child.input ?? {})) {
        const v = path === 'submission.organisationId' ? organisationId : path === 'submission.id' ? record.id : valueAt(this.scope(req.data), path);
        if (v !== undefined) input[key] = v;
      }
      record.childProcessId = await this.startChildCase(kind.child.type, input, { instanceId: inst.id, outlivesParent: false, startedBy: by ?? SYSTEM_ACTOR });
    }
    this.projector.submission(this.submissionRow(inst, record));
    // Anonymous: the trail says that an answer arrived, never who sent it or what it says.
    this.projector.emit('submission-received', kind.anonymous
      ? { stepId: inst.stepId, data: { kind: req.kind, replaced } }
      : { actor: by ?? SYSTEM_ACTOR, stepId: inst.stepId, data: { kind: req.kind, submissionId: record.id, organisationId, replaced, childProcessId: record.childProcessId } });
    this.projector.process();
    await this.projector.flush();
    return { submissionId: record.id, replaced, childProcessId: record.childProcessId, process: processView(this.state) };
  }

  /**
   * A window's reminder: the count of standing submissions to `roles`, or a reminder to the invited organisations
   * that have not submitted. Who they are is derived by the activity from the dedupe keys and never comes back
   * here: the case (and its history) only records how many organisations were reminded.
   */
  private async sendWindowReminder(inst: StepInstance, index: number, key: string): Promise<void> {
    if (inst.status !== 'open') return;
    const step = this.step(inst.stepId);
    const r = step.window!.reminders![index];
    const kind = step.window!.kinds.find((k) => k.id === r.kind);
    if (!kind) throw ApplicationFailure.nonRetryable(`${this.definition.type}/${inst.stepId}: reminder of unknown kind "${r.kind}"`, 'UndeclaredKind');
    const standing = (inst.submissions ?? []).filter((x) => x.kind === kind.id && x.status === 'received');
    const closes = formatLocal(Date.parse(inst.closesAt as string), this.state.calendar);
    const invited = kind.invitedFrom ? toStringList(valueAt(this.scope(), kind.invitedFrom)) ?? [] : [];
    if (r.to === 'count') {
      this.notifyCase({
        roles: [...(r.roles ?? step.roles)],
        key: `${inst.id}:${key}`,
        message: `${kind.label}: ${standing.length} received so far (${this.state.title}); the window closes ${closes}`,
        data: { stepId: inst.stepId, kind: kind.id, count: standing.length, invited: invited.length, closesAt: inst.closesAt },
      });
      this.projector.process();
      return;
    }
    const expected = r.expectedFrom ? toStringList(valueAt(this.scope(), r.expectedFrom)) ?? [] : [];
    const field = kind.onePer?.[0];
    const values = expected.length > 0 ? expected : field ? [...(kind.fields.find((f) => f.name === field)?.options ?? [])] : [];
    const result = await acts.remindPendingSubmitters({
      processId: this.processId,
      anonymous: kind.anonymous === true,
      organisationIds: invited,
      values,
      all: expected.length > 0,
      standingKeys: standing.map((x) => x.dedupeKey).filter((k): k is string => typeof k === 'string'),
      roles: [...kind.roles],
      message: `Reminder: ${kind.label.toLowerCase()} for ${this.state.title} is awaited from your organisation; the window closes ${closes}`,
      dedupeKey: `${this.processId}:${this.state.run}:${inst.id}:${key}`,
      data: { stepId: inst.stepId, kind: kind.id, closesAt: inst.closesAt },
    });
    this.projector.emit('reminder-sent', { stepId: inst.stepId, data: { reminder: key, kind: kind.id, organisations: result.organisations, closesAt: inst.closesAt } });
    this.projector.process();
  }

  private submissionRow(inst: StepInstance, s: SubmissionRecord) {
    return {
      id: s.id,
      processId: this.processId,
      stepId: inst.stepId,
      kind: s.kind,
      submittedBy: s.by,
      organisationId: s.organisationId,
      dedupeKey: s.dedupeKey,
      data: s.data,
      childProcessId: s.childProcessId,
      status: s.status,
      at: s.at,
    };
  }

  // ================================================================ children

  private async startChildCase(type: string, input: Record<string, unknown>, opts: { instanceId: string | null; outlivesParent: boolean; startedBy: AuditActor }): Promise<string> {
    const child = getProcess(type);
    if (!child) throw ApplicationFailure.nonRetryable(`unknown process type "${type}"`, 'UnknownProcessType');
    const workflowId = child.workflowId(input as never);
    const args: ProcessStartArgs = { input, startedBy: opts.startedBy, operation: this.state.operation, parentProcessId: this.processId };
    try {
      await startChild(type, {
        workflowId,
        args: [args],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
      });
      if (!opts.outlivesParent) this.state.children[workflowId] = { id: workflowId, type, status: 'running', outcome: null, instanceId: opts.instanceId };
      this.projector.emit('process-linked', { data: { workflowId, relation: 'started', processType: type } });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      this.projector.emit('process-linked', { data: { workflowId, relation: 'already-running', processType: type } });
    }
    return workflowId;
  }

  private onChildEnded(s: ChildEnded): void {
    const c = this.state.children[s.processId];
    if (!c || c.status !== 'running') return;
    c.status = s.status;
    c.outcome = s.outcome;
    this.projector.emit('child-ended', { data: { processId: s.processId, type: s.type, outcome: s.outcome } });
    for (const inst of Object.values(this.state.instances)) if (inst.kind === 'children') this.checkChildren(inst);
  }

  /** A child passed a named milestone: a children step waiting for it may end. */
  private onChildProgress(s: ChildProgress): void {
    const c = this.state.children[s?.processId];
    if (!c || c.status !== 'running' || typeof s.milestone !== 'string' || (c.milestones ?? []).includes(s.milestone)) return;
    c.milestones = [...(c.milestones ?? []), s.milestone];
    for (const inst of Object.values(this.state.instances)) if (inst.kind === 'children') this.checkChildren(inst);
    this.projector.process();
  }

  /** The child tells its parent which milestone it passed (a parent that has ended waits for nobody). */
  private async tellParentProgress(milestone: string): Promise<void> {
    if (!this.state.parentProcessId || !patched(PATCH_CHILD_PROGRESS)) return;
    try {
      await getExternalWorkflowHandle(this.state.parentProcessId).signal(childProgressSignal, { processId: this.processId, type: this.state.type, milestone, at: nowIso() });
    } catch {
      // The parent has ended: nobody waits for this milestone.
    }
  }

  /**
   * A child claims money from one of this case's ledgers. Signals are handled one at a time, so the check and the
   * record are atomic: two children never both take the last dollars. The answer goes back to the child.
   */
  private onClaim(req: ClaimRequest): void {
    if (!req || typeof req.claimId !== 'string' || typeof req.processId !== 'string') return;
    const answer = (ok: boolean, message: string | null): void => {
      getExternalWorkflowHandle(req.processId).signal(claimAnswerSignal, { claimId: req.claimId, ok, message }).catch(() => undefined);
    };
    const child = this.state.children[req.processId];
    if (!child) return answer(false, `${req.processId} is not a case of ${this.state.title}`);
    if (this.state.status !== 'running') return answer(false, `${this.state.title} is ${this.state.status}: nothing more can be claimed from it`);
    const ledger = this.definition.ledgers?.find((l) => l.id === req.ledger);
    // A parent without the ledger holds its children to nothing (e.g. a definition from before the ledger).
    if (!ledger) return answer(true, null);
    if (typeof req.amountUsd !== 'string' || !MONEY.test(req.amountUsd)) return answer(false, `the amount claimed must be a decimal string of USD (got ${String(req.amountUsd)})`);
    const rule = this.module.ledgers?.[ledger.id];
    if (!rule) return answer(false, `${this.definition.type}: ledger "${ledger.id}" has no rule`);
    const held = Object.values(this.state.children)
      .filter((c) => c.id !== req.processId && c.claims?.[ledger.id] && !(c.status !== 'running' && ledger.releasedOn.includes(c.outcome ?? 'cancelled')))
      .map((c) => ({ processId: c.id, key: c.claims![ledger.id].key, amountUsd: c.claims![ledger.id].amountUsd }));
    const next = { processId: req.processId, key: req.key ?? null, amountUsd: centsToMoney(moneyToCents(req.amountUsd)) };
    const s = this.state;
    const refusal = rule({ processId: s.processId, input: s.input, subject: s.subject, caseData: s.caseData, operation: s.operation, now: nowIso() }, held, next);
    if (refusal) return answer(false, refusal);
    child.claims = { ...(child.claims ?? {}), [ledger.id]: { key: next.key, amountUsd: next.amountUsd, at: nowIso() } };
    this.projector.process();
    answer(true, null);
  }

  /** This case's decision claims money from its parent's ledger; resolves with the parent's refusal, or null. */
  private async claimFromParent(spec: ClaimSpec, data: Record<string, unknown> | null): Promise<string | null> {
    const parent = this.state.parentProcessId;
    if (!parent || !patched(PATCH_PARENT_CLAIMS)) return null;
    const scope = this.scope(data);
    const amount = valueAt(scope, spec.amount);
    const key = spec.key ? valueAt(scope, spec.key) : null;
    const claimId = uuid4();
    try {
      await getExternalWorkflowHandle(parent).signal(claimSignal, { claimId, processId: this.processId, ledger: spec.ledger, key: key === null || key === undefined ? null : String(key), amountUsd: String(amount) });
    } catch {
      return `the parent case ${parent} has ended: nothing more can be claimed from its ${spec.ledger}`;
    }
    const answered = await condition(() => this.claimAnswers.has(claimId), CLAIM_ANSWER_TIMEOUT);
    const a = this.claimAnswers.get(claimId);
    this.claimAnswers.delete(claimId);
    if (!answered || !a) return `the parent case ${parent} did not answer the claim on its ${spec.ledger}; try again`;
    return a.ok ? null : (a.message ?? `the parent case refused the claim on its ${spec.ledger}`);
  }

  // ================================================================ case actions, cancel, incidents

  private validateAct(req: ActRequest): void {
    const action = this.definition.actions?.find((a) => a.id === req?.action);
    if (!action) reject(DECISION_ERRORS.DecisionNotAllowed, `action must be one of the following values: ${(this.definition.actions ?? []).map((a) => a.id).join(', ') || '(none)'}`);
    if (this.state.status !== 'running') reject(DECISION_ERRORS.TaskNotOpen, `process ${this.processId} is ${this.state.status}`);
    const s = this.state.subject;
    const auth = authorizeScope(req.actor, action.roles, { operationId: s.operationId, sector: s.sector, organisationId: (s.organisationId as string | null | undefined) ?? null });
    if (!auth.allowed) reject(DECISION_ERRORS.Forbidden, auth.message, { reason: auth.reason, message: auth.message });
    if (action.commentRequired && (typeof req.comment !== 'string' || req.comment.trim() === '')) {
      reject(DECISION_ERRORS.InvalidDecisionData, 'comment should not be empty (say why)', [{ field: 'comment', message: 'comment should not be empty (say why)' }]);
    }
    if (action.opens) {
      const alreadyOpen = Object.values(this.state.instances).some((i) => i.stepId === action.opens && i.status === 'open');
      if (alreadyOpen) reject(DECISION_ERRORS.Conflict, `${this.step(action.opens).title} is already open`);
    }
    if (action.closes) {
      const open = Object.values(this.state.instances).some((i) => i.stepId === action.closes!.step && i.status === 'open');
      if (!open) reject(DECISION_ERRORS.Conflict, `${this.step(action.closes.step).title} is not open`);
    }
  }

  private async handleAct(req: ActRequest): Promise<ProcessView> {
    const action = this.definition.actions!.find((a) => a.id === req.action)!;
    const by = auditActorOf(req.actor);
    this.projector.emit('case-action', { actor: by, stepId: action.opens ?? action.closes?.step ?? null, decision: action.id, comment: req.comment ?? null });
    if (action.closes) {
      const inst = Object.values(this.state.instances).find((i) => i.stepId === action.closes!.step && i.status === 'open')!;
      const tasks = inst.taskIds.map((id) => this.state.tasks[id]);
      // A window closed early closed now (a late submission is told so, not the deadline it no longer has).
      if (inst.kind === 'window') inst.closesAt = nowIso();
      this.complete(inst, action.closes.result, null, by, { done: tasks.filter((t) => t.status === 'decided').length, total: tasks.length, closedBy: action.id });
    }
    if (action.opens) {
      const scheduled = Object.values(this.state.instances).find((i) => i.stepId === action.opens && i.status === 'scheduled');
      if (scheduled) {
        scheduled.fired.push('open');
        this.activate(scheduled);
      } else {
        this.openStep(action.opens, { now: true });
      }
    }
    // Return once the workflow has reacted (a closed step's next steps are open) and that is written.
    await condition(() => this.state.completions.length === 0 || this.state.status !== 'running' || this.ended !== null);
    await this.projector.flush();
    return processView(this.state);
  }

  private validateCancel(req: CancelRequest): void {
    if (!req || !req.actor || !Array.isArray(req.actor.roles) || !req.actor.roles.includes('admin')) {
      reject(DECISION_ERRORS.Forbidden, 'only an admin may cancel a process', { reason: 'role', message: 'only an admin may cancel a process' });
    }
    if (typeof req.reason !== 'string' || req.reason.trim() === '') {
      reject(DECISION_ERRORS.InvalidDecisionData, 'reason should not be empty', [{ field: 'reason', message: 'reason should not be empty' }]);
    }
    if (this.state.status !== 'running') reject(DECISION_ERRORS.TaskNotOpen, `process ${this.processId} is already ${this.state.status}`);
  }

  private cancelCase(by: AuditActor, reason: string): void {
    for (const t of Object.values(this.state.tasks)) if (t.status === 'open') this.closeTask(t, 'cancelled', by);
    for (const i of Object.values(this.state.instances)) if (i.status !== 'done') i.status = 'done';
    this.state.status = 'cancelled';
    this.state.outcome = 'cancelled';
    this.state.endedAt = nowIso();
    this.projector.emit('process-cancelled', { actor: by, comment: reason, data: { reason } });
  }

  private async handleCancel(req: CancelRequest): Promise<ProcessView> {
    this.cancelCase(auditActorOf(req.actor), req.reason);
    // Bounded: an admin's cancel returns even while the projection is failing (the incident path records it).
    await condition(() => this.projector.isProjected(this.state.seq) || this.projector.failure !== null, '10 seconds');
    return processView(this.state);
  }

  private validateRetry(req: RetryIncidentRequest): void {
    if (!req?.actor?.roles?.includes('admin')) reject(DECISION_ERRORS.Forbidden, 'only an admin may retry an incident', { reason: 'role', message: 'only an admin may retry an incident' });
    if (!this.state.incident) reject(DECISION_ERRORS.Conflict, 'the case has no incident to retry');
  }

  private async handleRetry(req: RetryIncidentRequest): Promise<ProcessView> {
    this.projector.emit('case-action', { actor: auditActorOf(req.actor), decision: 'retry-incident', comment: req.comment ?? null, data: { incident: this.state.incident?.id ?? null } });
    this.retryRequested = true;
    return processView(this.state);
  }

  // ================================================================ effects

  effectContext(task: TaskRecord | null, extra: { decision?: string | null; data?: Record<string, unknown> | null; actor?: AuditActor; args?: Record<string, unknown> }): EffectContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the context's methods act on this engine
    const engine = this;
    return {
      processId: this.processId,
      type: this.state.type,
      input: this.state.input,
      subject: this.state.subject,
      caseData: this.state.caseData,
      operation: this.state.operation,
      task: task ? taskView(task) : null,
      decision: extra.decision ?? null,
      data: extra.data ?? null,
      actor: extra.actor ?? SYSTEM_ACTOR,
      args: extra.args ?? {},
      now: nowIso(),
      updateSubject: (patch) => engine.updateSubject(patch),
      setCaseData: (key, value) => {
        engine.state.caseData[key] = value;
        engine.projector.process();
      },
      emit: (type, fields = {}) => void engine.projector.emit(type, { actor: extra.actor ?? SYSTEM_ACTOR, stepId: fields.stepId ?? task?.stepId ?? null, data: fields.data ?? null }),
      notify: (req) => engine.notifyCase(req),
      activity: async <T>(name: string, ...args: unknown[]): Promise<T> => {
        const fn = (acts as unknown as Record<string, (...a: unknown[]) => Promise<T>>)[name];
        return fn(...args);
      },
      startProcess: (type, input, opts = {}) => engine.startChildCase(type, input, { instanceId: null, outlivesParent: !!opts.outlivesParent, startedBy: SYSTEM_ACTOR }),
    };
  }

  /** Run named effects in order: the engine's own (notify, start-process) first, then the process's handlers. */
  private async runEffects(effects: readonly EffectRef[], base: EffectContext, opts: { afterCancel?: boolean } = {}): Promise<void> {
    for (const ref of effects) {
      // A case cancelled while an earlier effect ran does nothing more (no notice after its end, no next step).
      if (this.state.status === 'cancelled' && !opts.afterCancel) throw new CaseCancelled();
      const name = typeof ref === 'string' ? ref : ref.name;
      const args = typeof ref === 'string' ? {} : (ref.args ?? {});
      const ctx: EffectContext = { ...base, args, now: nowIso(), subject: this.state.subject, caseData: this.state.caseData };
      if (name === 'notify') {
        this.notifyCase({
          roles: (args.roles as Role[]) ?? [],
          message: `${String(args.message ?? 'Notice')}: ${this.state.title}`,
          key: String(args.key ?? name),
          scope: args.global ? {} : undefined,
        });
        continue;
      }
      if (name === 'start-process') {
        const input: Record<string, unknown> = {};
        for (const [key, path] of Object.entries((args.input as Record<string, string>) ?? {})) input[key] = valueAt(this.scope(base.data as Record<string, unknown> | null), path);
        await this.startChildCase(String(args.type), input, { instanceId: null, outlivesParent: !!args.outlivesParent, startedBy: SYSTEM_ACTOR });
        continue;
      }
      const handler = this.module.effects?.[name];
      if (!handler) throw ApplicationFailure.nonRetryable(`${this.definition.type}: effect "${name}" has no handler`, 'UnknownEffect');
      await handler(ctx);
    }
    if (effects.length > 0 && this.state.status === 'cancelled' && !opts.afterCancel) throw new CaseCancelled();
  }

  updateSubject(patch: Record<string, unknown>): void {
    this.state.subject = { ...this.state.subject, ...patch };
    this.projector.process();
  }

  private caseScope(): TaskScope {
    const s = this.state.subject;
    return { operationId: s.operationId, sector: s.sector, organisationId: (s.organisationId as string | null | undefined) ?? null };
  }

  private notifyCase(req: NotifyRequest): void {
    this.projector.notify({
      kind: 'notice',
      roles: [...req.roles],
      scope: req.scope ?? this.caseScope(),
      clusterMembersOf: req.clusterMembersOf ?? null,
      processId: this.processId,
      taskId: null,
      message: req.message,
      dedupeKey: `${this.processId}:${this.state.run}:${req.key}`,
      data: req.data,
    });
    this.projector.emit('notice-sent', { data: { roles: req.roles, key: req.key, ...(req.clusterMembersOf ? { clusterMembersOf: req.clusterMembersOf } : {}) } });
  }

  private notifyTask(task: TaskRecord, kind: NotificationKind, occurrence: string, roles: Role[], message: string): void {
    this.projector.notify({
      kind,
      roles: [...roles],
      scope: { operationId: task.operationId, sector: task.sector, organisationId: task.organisationId },
      userId: task.assigneeId ?? null,
      excludeOrganisationId: task.recusalOrganisationId ?? null,
      processId: this.processId,
      taskId: task.id,
      message,
      dedupeKey: `${task.id}:${kind}:${occurrence}`,
      data: { stepId: task.stepId, dueAt: task.dueAt },
    });
  }

  // ================================================================ ending

  /** Say that the workflow has reacted to the latest decision(s), so their Update may return. */
  release(): void {
    if (this.reacting) return;
    this.awaitingReaction.clear();
  }

  private async drain(): Promise<void> {
    this.draining = true;
    this.awaitingReaction.clear();
    await this.projector.flush();
    await condition(allHandlersFinished);
    await this.projector.flush();
  }

  private async finish(outcome: string): Promise<EngineResult> {
    if (!this.definition.outcomes.some((o) => o.id === outcome)) {
      throw ApplicationFailure.nonRetryable(`${this.definition.type}: undeclared outcome "${outcome}"`, 'UndeclaredOutcome');
    }
    if (this.definition.onEnd) await this.guarded(null, () => this.runEffects(this.definition.onEnd ?? [], this.effectContext(null, {})));
    for (const t of Object.values(this.state.tasks)) if (t.status === 'open') this.closeTask(t, 'cancelled', SYSTEM_ACTOR);
    for (const i of Object.values(this.state.instances)) if (i.status !== 'done') i.status = 'done';
    this.state.status = 'completed';
    this.state.outcome = outcome;
    this.state.endedAt = nowIso();
    this.projector.emit('process-completed', { data: { outcome } });
    await this.drain();
    await this.tellParent('completed', outcome);
    return { processId: this.processId, outcome };
  }

  private async finishCancelled(): Promise<EngineResult> {
    // The definition's cancel effects (e.g. the proposed cluster becomes not-activated): tried once, a failure
    // is recorded in the trail but never keeps a cancelled case alive.
    if (this.definition.onCancel && this.definition.onCancel.length > 0 && !this.cancelEffectsRun) {
      this.cancelEffectsRun = true;
      try {
        await this.runEffects(this.definition.onCancel, this.effectContext(null, {}), { afterCancel: true });
      } catch (err) {
        this.projector.emit('incident-opened', { data: { message: failureMessage(err), activity: activityName(err), attempts: 1, onCancel: true } });
      }
    }
    this.draining = true;
    this.awaitingReaction.clear();
    await condition(() => this.projector.isProjected(this.state.seq) || this.projector.failure !== null, '1 minute');
    await condition(allHandlersFinished);
    await this.tellParent('cancelled', 'cancelled');
    return { processId: this.processId, outcome: 'cancelled' };
  }

  private async tellParent(status: 'completed' | 'cancelled', outcome: string): Promise<void> {
    if (!this.state.parentProcessId) return;
    try {
      await getExternalWorkflowHandle(this.state.parentProcessId).signal(childEndedSignal, { processId: this.processId, type: this.state.type, outcome, status });
    } catch {
      // The parent has ended (e.g. an activation whose review outlives it): nobody waits for this case.
    }
  }
}

/** The time a Temporal Schedule meant to start this workflow (search attribute TemporalScheduledStartTime), ISO UTC. */
function scheduledStartOf(info: ReturnType<typeof workflowInfo>): string | null {
  const raw = (info.searchAttributes as Record<string, unknown> | undefined)?.TemporalScheduledStartTime;
  const first = Array.isArray(raw) ? raw[0] : raw;
  const d = first instanceof Date ? first : typeof first === 'string' ? new Date(first) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : null;
}

function toStringList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  return v.filter((x): x is string => typeof x === 'string');
}

function activityName(err: unknown): string | null {
  const e = err as { activityType?: string } | null;
  return e && typeof e.activityType === 'string' ? e.activityType : null;
}

function addDurationSafe(fromMs: number, duration: string, cal: CaseCalendar): number {
  return addDuration(fromMs, duration, 1, cal);
}

