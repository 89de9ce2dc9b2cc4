// Process definitions are data: the workflows run them, the API validates against them, the console draws them.
import type { Role } from '../roles';

export type FieldType = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'enum' | 'uuid' | 'object';

/** One input or decision-data field, with the rules the validators enforce. */
export interface FieldSpec {
  name: string;
  label: string;
  type: FieldType;
  required?: boolean;
  /** number/integer: inclusive bounds; string/text: length bounds. */
  min?: number;
  max?: number;
  /** enum: allowed values. */
  options?: readonly string[];
  /** boolean checklist items that must be ticked. */
  mustBeTrue?: boolean;
  /** object: nested fields. */
  fields?: readonly FieldSpec[];
  description?: string;
}

export type Tone = 'positive' | 'negative' | 'neutral';

/** Where a decision leads: the steps opened next (possibly none: the branch just ends), or the end of the case. */
export type DecisionTarget = readonly string[] | { end: string };

export interface DecisionSpec {
  id: string;
  label: string;
  next: DecisionTarget;
  /** Required/optional data that comes with the decision. */
  data: readonly FieldSpec[];
  tone: Tone;
  /** Side effects the workflow performs, for people and the diagram (e.g. 'cluster-active'). */
  effects?: readonly string[];
}

/**
 * A point in time relative to the task: when it was opened, its anchor (set by the workflow, e.g. the
 * cluster's activation date or the previous review), or its due time. `before` counts backwards.
 */
export interface Moment {
  from: 'opened' | 'anchor' | 'due';
  after?: string;
  before?: string;
}

export interface DueSpec {
  after: string;
  from: 'opened' | 'anchor';
}

export interface EscalationSpec {
  to: readonly Role[];
  at: Moment;
}

export type ScopeRule = 'none' | 'cluster' | 'organisation';

export interface StepDefinition {
  id: string;
  title: string;
  description: string;
  roles: readonly Role[];
  /** Which scope a scoped role (cluster_lead, partner) must cover to decide. */
  scope: ScopeRule;
  decisions: readonly DecisionSpec[];
  due?: DueSpec;
  reminders?: readonly Moment[];
  escalation?: EscalationSpec;
  /** The decider must not be the one who decided the previous step of the same case. */
  fourEyes?: boolean;
}

export interface OutcomeSpec {
  id: string;
  label: string;
  tone: Tone;
}

export interface ProcessDefinition {
  type: string;
  version: number;
  title: string;
  description: string;
  /** Roles that may start the process (the auditor never). */
  startRoles: readonly Role[];
  input: readonly FieldSpec[];
  steps: readonly StepDefinition[];
  initialSteps: readonly string[];
  outcomes: readonly OutcomeSpec[];
}

/** Per-step duration overrides, per process start (input.durations) or per operation. */
export interface StepDurations {
  due?: string;
  /** Replaces the offsets of the step's reminders, in order. */
  reminders?: readonly string[];
  escalation?: string;
}
export type DurationOverrides = Record<string, StepDurations>;

/** A validation failure that names the field and the rule (same wording as the API's 400s). */
export interface FieldError {
  field: string;
  message: string;
}
