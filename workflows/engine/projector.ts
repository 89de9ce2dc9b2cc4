// The ordered projection of every change of a case to PostgreSQL (one batch at a time, in seq order) and the
// search attributes Temporal lists cases by. A projection that keeps failing becomes an incident, never a wedge.
import { ActivityFailure, ApplicationFailure, defineSearchAttributeKey, SearchAttributeType, type SearchAttributeUpdatePair } from '@temporalio/common';
import { context as otelContext, ROOT_CONTEXT, type Context as OtelContext } from '@opentelemetry/api';
import { condition, patched, proxyActivities, proxyLocalActivities, upsertSearchAttributes } from '@temporalio/workflow';
import type { AuditActor } from '../domain/actor';
import type { AuditEventDraft, AuditEventType } from '../domain/views';
import type { HpcActivities, NotificationRequest, SubmissionRow } from '../contracts/activities';
import type { EngineState } from './state';
import { processView, taskView } from './views';

const PROJECTION_RETRY = { initialInterval: '200 milliseconds', maximumInterval: '10 seconds', backoffCoefficient: 2, maximumAttempts: 8 } as const;

/**
 * A regular activity: Temporal schedules it only once the workflow task that produced the batch is committed, so
 * the read model and the audit trail hold only what the case durably did. The local activity it replaces ran inside
 * that workflow task: when the worker or the Temporal server died before the task completed (fault injection:
 * kill -9 under decision traffic), the batch was already written although Temporal had not taken the decision, and
 * the re-execution wrote its own events after it — the same decision twice in the audit trail, or a task in the
 * read model the case did not have (404 to the user who opened it). Bounded: a batch that keeps failing opens an
 * incident.
 */
const projection = proxyActivities<HpcActivities>({ startToCloseTimeout: '15 seconds', retry: PROJECTION_RETRY });
/** Cases whose history predates PROJECTION_AFTER_COMMIT replay with the local activity they ran. */
const localProjection = proxyLocalActivities<HpcActivities>({ startToCloseTimeout: '30 seconds', localRetryThreshold: '10 seconds', retry: PROJECTION_RETRY });
export const PROJECTION_AFTER_COMMIT = 'projection-after-commit';
/**
 * One batch per change: before taking a batch the projector lets the workflow code run as far as it can in the
 * current activation (a decision's reaction and the steps it opens, a fan-out's members), so they are written
 * together: one activity and one workflow task instead of two of each. It never waits beyond the activation (an
 * activity, a timer or a signal the engine awaits), so nothing that itself waits for the read model can hold it.
 * Cases whose history predates it replay without.
 */
export const PROJECTION_SETTLES_IN_TASK = 'projection-settles-in-task';
/** Consecutive passes of Temporal's condition checks without a new change that count as settled. */
const QUIET_PASSES = 2;

export const SA_PROCESS_TYPE = defineSearchAttributeKey('HpcProcessType', SearchAttributeType.KEYWORD);
export const SA_STATUS = defineSearchAttributeKey('HpcStatus', SearchAttributeType.KEYWORD);
export const SA_OPERATION = defineSearchAttributeKey('HpcOperationId', SearchAttributeType.KEYWORD);
export const SA_CLUSTER = defineSearchAttributeKey('HpcClusterId', SearchAttributeType.KEYWORD);
export const SA_AWAITING_ROLES = defineSearchAttributeKey('HpcAwaitingRoles', SearchAttributeType.KEYWORD_LIST);

export interface EventFields {
  actor?: AuditActor;
  stepId?: string | null;
  taskId?: string | null;
  decision?: string | null;
  comment?: string | null;
  data?: Record<string, unknown> | null;
}

const SYSTEM: AuditActor = { kind: 'system' };
export const nowIso = (): string => new Date(Date.now()).toISOString();

export class Projector {
  projectedSeq: number;
  private pendingEvents: AuditEventDraft[] = [];
  private pendingNotifications: NotificationRequest[] = [];
  private pendingSubmissions: SubmissionRow[] = [];
  private dirtyTasks = new Set<string>();
  private processDirty = false;
  private flushing = false;
  private requestContext: OtelContext = ROOT_CONTEXT;
  private lastSearchAttributes = '';
  /** Every change asks for a projection: the count tells the settle loop whether the workflow code is still acting. */
  private requests = 0;
  /** PROJECTION_SETTLES_IN_TASK, decided once per run at its start (see begin). */
  private settles = false;
  /** Set when a batch failed for good: the engine opens an incident and retries the flush later. */
  failure: { message: string; attempts: number } | null = null;

  constructor(private readonly state: EngineState) {
    this.projectedSeq = state.seq;
  }

  /**
   * At the start of a run: decide its projection path once, and give the case its search attributes. A fresh case
   * that settles emits process-started at once, so its first batch, in this same workflow task, sets them all: one
   * upsert instead of two. A settling run writes after commit (a regular activity) without a second patch marker.
   */
  begin(fresh: boolean): void {
    this.settles = patched(PROJECTION_SETTLES_IN_TASK);
    if (!(this.settles && fresh)) this.syncSearchAttributes(true);
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
    this.request();
    return event;
  }

  task(id: string): void {
    this.dirtyTasks.add(id);
    this.request();
  }

  process(): void {
    this.processDirty = true;
    this.request();
  }

  notify(n: NotificationRequest): void {
    this.pendingNotifications.push(n);
    this.request();
  }

  submission(s: SubmissionRow): void {
    this.pendingSubmissions.push(s);
    this.request();
  }

  /** Wait until everything emitted so far is written (or the projection failed: the engine handles that). */
  async flush(): Promise<void> {
    const target = this.state.seq;
    this.request();
    await condition(() => this.isProjected(target) || this.failure !== null);
  }

  hasPending(): boolean {
    return this.pendingEvents.length > 0 || this.dirtyTasks.size > 0 || this.pendingNotifications.length > 0 || this.pendingSubmissions.length > 0 || this.processDirty;
  }

  /** Events up to `seq` are written, and nothing else is waiting (the process row carries the case as it is now). */
  isProjected(seq: number): boolean {
    return this.projectedSeq >= seq && !this.flushing && !this.hasPending();
  }

  request(): void {
    // With tracing on (OTEL_*), the batch's activity joins the trace of whatever asked for it last (a decision's
    // Update, a signal, the start): the loop itself may have been started by an earlier request. No-op otherwise.
    this.requestContext = otelContext.active();
    this.requests += 1;
    if (this.flushing || this.failure) return;
    this.flushing = true;
    void this.loop();
  }

  /** After an incident: try the failed batch again. */
  retry(): void {
    this.failure = null;
    this.request();
  }

  private async loop(): Promise<void> {
    try {
      // Let the current synchronous step finish so its changes go in one batch.
      await Promise.resolve();
      while (this.hasPending() && !this.failure) {
        if (this.settles) {
          try {
            await this.settle();
          } catch {
            // Only a cancelled scope rejects a condition: the batch goes as it is (its activity reports the cancellation).
          }
        }
        const events = this.pendingEvents.slice();
        const notifications = this.pendingNotifications.slice();
        const submissions = this.pendingSubmissions.slice();
        // Taken now: a task changed while this batch is written (the activity runs after its workflow task) is dirty again.
        const taskIds = [...this.dirtyTasks];
        this.dirtyTasks.clear();
        const tasks = taskIds.map((id) => this.state.tasks[id]).filter(Boolean).map(taskView);
        const process = processView(this.state);
        this.syncSearchAttributes(false);
        this.processDirty = false;
        try {
          const batch = { process, tasks, events, notifications, submissions };
          await otelContext.with(this.requestContext, () => (this.settles || patched(PROJECTION_AFTER_COMMIT) ? projection : localProjection).project(batch));
        } catch (err) {
          // Keep the batch: it is written again when the incident is retried.
          this.processDirty = true;
          for (const id of taskIds) this.dirtyTasks.add(id);
          this.failure = { message: failureMessage(err), attempts: 8 };
          return;
        }
        // The batch is written after its workflow task committed, so the case may have changed meanwhile without asking
        // for a projection (an incident cleared as the case is cancelled): the last batch carries the case as it is now.
        if (JSON.stringify(processView(this.state)) !== JSON.stringify(process)) this.processDirty = true;
        this.pendingEvents.splice(0, events.length);
        this.pendingNotifications.splice(0, notifications.length);
        this.pendingSubmissions.splice(0, submissions.length);
        if (events.length > 0) this.projectedSeq = events[events.length - 1].seq;
      }
    } finally {
      this.flushing = false;
    }
  }

  /**
   * Wait until the workflow code has run as far as it can in this activation. Temporal's worker runs the jobs,
   * then checks the blocked conditions in passes, running the code they release between passes, until a pass
   * releases nothing. Each wait below is a condition that is false when made and true at the next pass, so it keeps
   * the passes going while the case is still changing and returns once QUIET_PASSES passes in a row saw no new
   * change. It ends in the same activation whatever the engine awaits: the batch is scheduled in this workflow task.
   */
  private async settle(): Promise<void> {
    let seen = this.requests;
    let quiet = 0;
    while (quiet < QUIET_PASSES) {
      let made = true;
      let now = seen;
      await condition(() => {
        if (made) {
          made = false;
          return false;
        }
        now = this.requests;
        return true;
      });
      quiet = now === seen ? quiet + 1 : 0;
      seen = now;
    }
  }

  syncSearchAttributes(initial: boolean): void {
    const v = processView(this.state);
    const attrs = { status: this.state.incident ? 'incident' : v.status, roles: [...v.awaitingRoles].sort(), op: v.operationId ?? '', cluster: v.clusterId ?? '' };
    const key = JSON.stringify(attrs);
    if (!initial && key === this.lastSearchAttributes) return;
    this.lastSearchAttributes = key;
    const updates: SearchAttributeUpdatePair[] = [
      { key: SA_PROCESS_TYPE, value: v.type },
      { key: SA_STATUS, value: attrs.status },
      { key: SA_AWAITING_ROLES, value: attrs.roles },
    ];
    if (v.operationId) updates.push({ key: SA_OPERATION, value: v.operationId });
    if (v.clusterId) updates.push({ key: SA_CLUSTER, value: v.clusterId });
    upsertSearchAttributes(updates);
  }
}

/** The error a person can act on: the activity's own failure message, not the wrapper's. */
export function failureMessage(err: unknown): string {
  let e: unknown = err;
  while (e instanceof ActivityFailure && e.cause) e = e.cause;
  if (e instanceof ApplicationFailure || e instanceof Error) return e.message.slice(0, 2000);
  return String(e).slice(0, 2000);
}
