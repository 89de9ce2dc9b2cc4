// What a process folder exports: its versioned definition (data) and only what data cannot say.
// Pure (no Temporal, no Node): the worker, the API, the console and the tests all read it.
import type { AuditActor } from '../domain/actor';
import type { TaskScope } from '../domain/authorization';
import type { FieldError, ProcessDefinition } from '../domain/definitions/types';
import type { OperationSettings, OperationType } from '../domain/reference';
import type { Role } from '../domain/roles';
import type { AuditEventType, TaskView } from '../domain/views';

/** What a case is about: the API lists and authorises by it; tasks inherit its scope. */
export interface ProcessSubject {
  operationId: string | null;
  clusterId: string | null;
  sector: string | null;
  organisationId?: string | null;
  [key: string]: unknown;
}

/** The operation a case belongs to, handed to the case at start (calendar, overrides, name for titles). */
export interface OperationContext {
  id: string;
  name: string;
  type: OperationType;
  settings: OperationSettings;
}

export interface NotifyRequest {
  roles: Role[];
  message: string;
  /** Unique per case: a retried projection never notifies twice. */
  key: string;
  /** Default: the case's operation (and sector for cluster leads). */
  scope?: TaskScope;
  /** Also every user of the organisations that are members of this cluster. */
  clusterMembersOf?: string | null;
  data?: Record<string, unknown>;
}

/** What an effect or guard handler may read and do; the engine implements it inside the workflow. */
export interface EffectContext {
  readonly processId: string;
  readonly type: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly subject: Readonly<ProcessSubject>;
  readonly caseData: Readonly<Record<string, unknown>>;
  readonly operation: OperationContext | null;
  /** The task whose decision runs the effect (null for onStart/onOpen/onEnd). */
  readonly task: TaskView | null;
  readonly decision: string | null;
  readonly data: Readonly<Record<string, unknown>> | null;
  readonly actor: AuditActor;
  readonly args: Readonly<Record<string, unknown>>;
  /** Workflow time, ISO UTC. */
  readonly now: string;
  updateSubject(patch: Partial<ProcessSubject>): void;
  setCaseData(key: string, value: unknown): void;
  emit(type: AuditEventType, fields?: { stepId?: string | null; data?: Record<string, unknown> | null }): void;
  notify(req: NotifyRequest): void;
  /** Call an activity of workflows/contracts/activities.ts by name (retried, audited on failure as an incident). */
  activity<T = unknown>(name: string, ...args: unknown[]): Promise<T>;
  /** Start another case (a child, linked by parentProcessId); resolves its process id. */
  startProcess(type: string, input: Record<string, unknown>, opts?: { outlivesParent?: boolean }): Promise<string>;
}

export type EffectHandler = (ctx: EffectContext) => Promise<void> | void;

/** A guard reads the case and says why a decision is refused, or null to allow it (runs in the validator). */
/** A string refuses with a conflict (409); a field error refuses the decision's data (400 naming the field). */
export type GuardHandler = (ctx: Omit<EffectContext, 'activity' | 'startProcess' | 'updateSubject' | 'setCaseData' | 'emit' | 'notify'>) => string | FieldError | null;

/** A child's hold on a ledger of its parent (ProcessDefinition.ledgers). */
export interface LedgerClaim {
  processId: string;
  /** What the amount is for (e.g. the proposal's sector), or null. */
  key: string | null;
  /** Decimal string (exact cents). */
  amountUsd: string;
}

/**
 * A ledger's rule: may `next` be added to what the other children hold? A refusal (a 409) names what remains;
 * runs in the parent's workflow, one claim at a time.
 */
export type LedgerRule = (
  ctx: Pick<EffectContext, 'processId' | 'input' | 'subject' | 'caseData' | 'operation' | 'now'>,
  held: readonly LedgerClaim[],
  next: LedgerClaim,
) => string | null;

export interface StartCheckInput {
  input: Record<string, unknown>;
}

export interface ProcessModule<I = Record<string, unknown>> {
  /** The process type id (PROCESSES.md), also the Temporal workflow type. */
  type: string;
  /** The current definition; cases started earlier keep theirs (see previousDefinitions). */
  definition: ProcessDefinition;
  previousDefinitions?: readonly ProcessDefinition[];
  /** The business id: one open case per subject. */
  workflowId(input: I): string;
  subject(input: I): ProcessSubject;
  /** A readable title that names the operation ("Cluster activation — Protection, South Sudan 2026"). */
  title(input: I, operation: OperationContext | null): string;
  /** Pure rules on the input beyond the field specs (e.g. both IASC criteria). */
  validateInput?(input: I): FieldError[];
  /** Preconditions on reference data, checked by the API before the start (names of the API's start checks). */
  startChecks?: readonly string[];
  /** Only the system (another case) starts it, never a person through the API. */
  systemOnly?: boolean;
  effects?: Readonly<Record<string, EffectHandler>>;
  guards?: Readonly<Record<string, GuardHandler>>;
  /** The rules of the definition's ledgers, by ledger id. */
  ledgers?: Readonly<Record<string, LedgerRule>>;
}
