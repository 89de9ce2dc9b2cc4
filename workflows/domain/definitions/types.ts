// Process definitions are data: the engine interprets them, the API validates against them, the console draws them.
import type { Role } from '../roles';

export type FieldType = 'string' | 'text' | 'number' | 'integer' | 'money' | 'boolean' | 'date' | 'enum' | 'enum-list' | 'uuid' | 'object' | 'list';

/** What a uuid field refers to: the API checks that it exists (400 naming the field otherwise). */
export type ReferenceKind = 'operation' | 'cluster' | 'organisation' | 'user';

/** One input or decision-data field, with the rules the validators enforce. */
export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** Required only when the predicate holds over the case (e.g. Protection-only checklist items). */
  requiredWhen?: Predicate;
  /** number/integer/money: inclusive bounds; string/text: length bounds; list/enum-list: item count bounds. */
  min?: number;
  max?: number;
  /** enum / enum-list: allowed values. */
  options?: readonly string[];
  /** boolean checklist items that must be ticked. */
  mustBeTrue?: boolean;
  /** object: nested fields; list: the fields of each row. */
  fields?: readonly FieldSpec[];
  /** date: must lie in the future (relative to the workflow's now / the API's now). */
  future?: boolean;
  /** uuid: the kind of record it references. */
  ref?: ReferenceKind;
  description?: string;
}

export type Tone = 'positive' | 'negative' | 'neutral';

/**
 * A small JSON predicate over the case (never code in strings). Paths are dotted:
 * `input.window`, `data.proposedPath` (the data of the decision being taken), `case.<stepId>.<field>`
 * (data recorded by earlier steps and system steps), `subject.sector`, `operation.type`, `operation.settings.planningFormat`.
 */
export type Predicate =
  | { path: string; eq?: unknown; ne?: unknown; in?: readonly unknown[]; exists?: boolean; gt?: number; gte?: number; lt?: number; lte?: number }
  | { all: readonly Predicate[] }
  | { any: readonly Predicate[] }
  | { not: Predicate };

/** A conditional transition; the first rule whose `when` holds wins. */
export type TransitionRule = { to: readonly string[]; when?: Predicate } | { end: string; when?: Predicate };

/** Where a result leads: steps opened next (possibly none: the branch ends), the end of the case, or rules. */
export type DecisionTarget = readonly string[] | { end: string } | { rules: readonly TransitionRule[] };

/** A named effect (handled by the engine or by the process's own handlers) with optional data arguments. */
export type EffectRef = string | { name: string; args?: Record<string, unknown> };

export interface DecisionSpec {
  id: string;
  label: string;
  next: DecisionTarget;
  /** Required/optional data that comes with the decision. */
  data: readonly FieldSpec[];
  tone: Tone;
  /** A reason is required (e.g. reject, abandon): the decision's comment must not be empty. */
  commentRequired?: boolean;
  /** Taken only by the engine (a deadline outcome, a join), never offered to people. */
  system?: boolean;
  /** Side effects run when the decision is taken (after the subject patch), in order. */
  effects?: readonly EffectRef[];
  /** Subject fields set from the decision: `{ leadAgencyId: 'data.leadAgencyId' }` (unset sources are skipped). */
  patch?: Readonly<Record<string, string>>;
  /** Named guards (the process's handlers) that may refuse the decision with a message; checked in the validator. */
  guards?: readonly string[];
  /** End this run and continue as new once the next steps are open (long-running cases, e.g. one run per review year). */
  checkpoint?: boolean;
  /** Taking it passes this named milestone: the parent case is told (a `children` step may wait for it, see ChildrenSpec.until). */
  milestone?: string;
  /**
   * The decision claims an amount from a ledger of the parent case (e.g. an allocation's envelope). The parent
   * (one workflow: claims are serialised) checks it against what its other children hold; a refusal is a 409 and
   * the decision is not taken. A second claim of the same case replaces its first.
   */
  claims?: ClaimSpec;
}

export interface ClaimSpec {
  /** The parent's ledger (ProcessDefinition.ledgers). */
  ledger: string;
  /** Path of the money amount claimed (`data.recommendedUsd`). */
  amount: string;
  /** Path of what the amount is for, for split rules (`subject.sector`). */
  key?: string;
}

/**
 * Money that children claim from their parent (an envelope). The rule is the process's own handler
 * (ProcessModule.ledgers[id]); a child's claim is released when the child ends with one of `releasedOn`.
 */
export interface LedgerSpec {
  id: string;
  label: string;
  releasedOn: readonly string[];
}

/**
 * A point in time relative to the task: when it was opened, its anchor (a date from the input or the case
 * data, see StepDefinition.anchor), or its due time. `before` counts backwards; `every` repeats until due.
 */
export interface Moment {
  from: 'opened' | 'anchor' | 'due';
  after?: string;
  before?: string;
  /** Repeat at this interval after the first occurrence, until the task closes (or its due time, when it has one). */
  every?: string;
}

/** A yearly date: `{ month: 5, day: 'last' }` (31 May) or relative to the operation's planning cycle. */
export interface AnnualDate {
  month: number | 'planning-cycle-start';
  /** Added to `month` (e.g. -1: the month before the planning cycle starts). */
  monthOffset?: number;
  day: number | 'last';
}

export type DueSpec =
  | { after: string; from: 'opened' | 'anchor' }
  /** The next occurrence of a yearly date after the step could open (now, or anchor + opensBefore). */
  | { annual: AnnualDate };

export interface EscalationSpec {
  to: readonly Role[];
  at: Moment;
}

/** Which scope a scoped role must cover: the case's operation, its cluster (operation + sector), its organisation. */
export type ScopeRule = 'none' | 'operation' | 'cluster' | 'organisation';

/** Per-task exclusion rules of the one authorisation function (PROCESSES.md, "Who uses it"). */
export type StepRule = 'four-eyes' | 'recusal' | 'lead-agency';

export type StepKind = 'task' | 'fan-out' | 'vote' | 'window' | 'children' | 'system';

/** The set a fan-out or vote resolves when the step opens. */
export type MemberSet = 'active-clusters' | 'cluster-members' | 'invited-organisations' | 'voters';

/** `all-or-deadline`: when every member is in, or at the step's due time (the rest `expired`), whichever comes first. */
export type JoinRule = 'all' | 'any' | { atLeast: number } | 'deadline' | 'all-or-deadline';

export interface FanOutSpec {
  members: MemberSet;
  join: JoinRule;
  /** Where invited organisations come from (case data path), for `invited-organisations`. */
  from?: string;
}

export interface VoteSpec {
  /** Default 'majority' (more than half of the members). */
  quorum?: 'majority' | { atLeast: number };
  /** The role that closes the vote with the recorded attendance. */
  chair: readonly Role[];
}

export interface SubmissionKind {
  id: string;
  label: string;
  roles: readonly Role[];
  fields: readonly FieldSpec[];
  /** Stored without the user: only a keyed hash of (round, organisation, level) for deduplication. */
  anonymous?: boolean;
  /** Data fields that, with the organisation, make one submission (a second one replaces the first). */
  onePer?: readonly string[];
  /** Only organisations with a risk level (eligible for pooled funds) may submit. */
  eligibleOrganisationsOnly?: boolean;
  /** Only organisations listed in this case data path may submit (e.g. invited CCPM members). */
  invitedFrom?: string;
  /** With invitedFrom: the path holds lists keyed by this data field's value (e.g. member organisations per sector). */
  invitedPer?: string;
  /** Each submission starts a child case of this process type (input = the submission's data + mapping). */
  child?: { type: string; input?: Readonly<Record<string, string>> };
}

/**
 * A repeating reminder while a window is open: the first `every` after it opens, then every `every` until it closes.
 * `not-submitted`: the users (with the kind's roles) of the invited organisations (the kind's invitedFrom) that have
 * not submitted — derived from the submissions' dedupe keys by an activity, so an anonymous kind stays anonymous;
 * `count`: `roles` in the case's scope get the number of standing submissions of the kind (never who).
 */
export interface WindowReminder {
  kind: string;
  every: string;
  to: 'not-submitted' | 'count';
  /** `count`: who gets it. */
  roles?: readonly Role[];
  /** `not-submitted` with onePer: a case path listing the values every organisation is expected to submit for (e.g. the levels taking part); without it one submission of any value counts. */
  expectedFrom?: string;
}

export interface WindowSpec {
  /** How long submissions are accepted (calendar or working days); a decision data path may override it. */
  duration: string;
  durationFrom?: string;
  kinds: readonly SubmissionKind[];
  reminders?: readonly WindowReminder[];
}

export interface ChildrenSpec {
  /** Wait for every child case this case started (by a window or an effect) to end. */
  wait: 'all' | 'none';
  /**
   * Wait only until every child has passed this milestone (a decision of the child's definition with
   * `milestone`, reported by the child) or ended, whichever comes first; without it, until every child ends.
   */
  until?: string;
}

export interface SystemSpec {
  /** Name of the computation (an activity handler in activities/<area>/). */
  compute: string;
}

export interface StepDefinition {
  id: string;
  title: string;
  description: string;
  /** Default 'task'. */
  kind?: StepKind;
  roles: readonly Role[];
  scope: ScopeRule;
  /** Task: the decisions people take. Vote: the ballot's choices (the majority is the step's result). */
  decisions: readonly DecisionSpec[];
  /** Results of fan-out, window, children and system steps (how the step ended) and where each leads. */
  results?: readonly DecisionSpec[];
  due?: DueSpec;
  /** The date `from: 'anchor'` counts from: a path (`input.activatedAt`, `case.handover-plan.targetDate`); default: opened. */
  anchor?: string;
  /** The task opens this long before its due time (it is scheduled until then). */
  opensBefore?: string;
  reminders?: readonly Moment[];
  escalation?: EscalationSpec;
  /** At the due time the step closes itself with this system decision/result instead of only turning overdue. */
  /** `at`: close at this moment instead (e.g. when the next occurrence opens); the task turns overdue at its due time first. */
  onDue?: { close: string; at?: Moment };
  rules?: readonly StepRule[];
  /** @deprecated use rules: ['four-eyes'] */
  fourEyes?: boolean;
  /** Effects run when the step opens. */
  onOpen?: readonly EffectRef[];
  fanOut?: FanOutSpec;
  vote?: VoteSpec;
  window?: WindowSpec;
  children?: ChildrenSpec;
  system?: SystemSpec;
}

export interface OutcomeSpec {
  id: string;
  label: string;
  tone: Tone;
}

/** A case-level action (not a task): e.g. OCHA or the HC calling an ad-hoc review now. */
export interface CaseActionSpec {
  id: string;
  label: string;
  roles: readonly Role[];
  scope: ScopeRule;
  /** Opens this step now (a scheduled opening of it is brought forward). */
  opens?: string;
  /** Ends this open step now with `result` (e.g. OCHA closes a phase with the clusters that are in; the rest expire). */
  closes?: { step: string; result: string };
  commentRequired?: boolean;
}

export interface ProcessDefinition {
  type: string;
  version: number;
  title: string;
  description: string;
  /** Roles that may start the process (the auditor never); empty = started by the system only. */
  startRoles: readonly Role[];
  input: readonly FieldSpec[];
  steps: readonly StepDefinition[];
  /** The steps opened at start, or rules over the input. */
  initialSteps: readonly string[] | { rules: readonly TransitionRule[] };
  outcomes: readonly OutcomeSpec[];
  /** Effects run at start, before the first await (e.g. mark the cluster proposed, notify the ERC). */
  onStart?: readonly EffectRef[];
  /** Effects run when the case ends with any outcome other than `cancelled`. */
  onEnd?: readonly EffectRef[];
  /** Effects run once when an admin cancels the case (e.g. the proposed cluster becomes not-activated). */
  onCancel?: readonly EffectRef[];
  actions?: readonly CaseActionSpec[];
  /** Money its children claim from it (see DecisionSpec.claims). */
  ledgers?: readonly LedgerSpec[];
}

/** Per-step duration overrides, per process start (input.durations) or per operation. */
export interface StepDurations {
  due?: string;
  /** Replaces the offsets of the step's reminders, in order. */
  reminders?: readonly string[];
  escalation?: string;
  opensBefore?: string;
}
export type DurationOverrides = Record<string, StepDurations>;

/** A validation failure that names the field and the rule (same wording as the API's 400s). */
export interface FieldError {
  field: string;
  message: string;
}
