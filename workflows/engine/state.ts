// Everything a case carries, as plain JSON (it crosses continue-as-new and is what the state query shows).
import type { AuditActor } from '../domain/actor';
import type { DurationOverrides } from '../domain/definitions/types';
import type { ProcessStatus, TaskView } from '../domain/views';
import type { FanOutMember, Voter } from '../contracts/activities';
import type { OperationContext, ProcessSubject } from '../processes/types';
import type { CaseCalendar } from './timers';

export interface TaskRecord extends TaskView {
  instanceId: string;
  anchorAt: string | null;
  fired: string[];
  fourEyes: boolean;
  previousDeciderId: string | null;
  /** The delegator the previous decider acted for (four-eyes looks at both). */
  previousOnBehalfOfId?: string | null;
}

export interface ClosedTaskSummary {
  status: 'decided' | 'cancelled' | 'expired';
  decidedBy: AuditActor | null;
  decidedAt: string | null;
}

export interface SubmissionRecord {
  id: string;
  kind: string;
  organisationId: string | null;
  /** Organisation (+ level) key, or the anonymous keyed hash: a second submission with it replaces the first. */
  dedupeKey: string | null;
  by: AuditActor | null;
  data: Record<string, unknown>;
  at: string;
  status: 'received' | 'replaced';
  childProcessId: string | null;
}

export interface ChildRecord {
  id: string;
  type: string;
  status: 'running' | 'completed' | 'cancelled';
  outcome: string | null;
  instanceId: string | null;
  /** Milestones the child reported passing (DecisionSpec.milestone). */
  milestones?: string[];
  /** What it holds of this case's ledgers, by ledger id (DecisionSpec.claims). */
  claims?: Record<string, { key: string | null; amountUsd: string; at: string }>;
}

/** One opening of a step: a task, a fan-out, a vote, a window, a wait for children or a system computation. */
export interface StepInstance {
  id: string;
  stepId: string;
  kind: string;
  n: number;
  status: 'resolving' | 'scheduled' | 'open' | 'done';
  openAt: string | null;
  openedAt: string | null;
  dueAt: string | null;
  anchorAt: string | null;
  taskIds: string[];
  result: string | null;
  members?: FanOutMember[];
  voters?: Voter[];
  closesAt?: string | null;
  submissions?: SubmissionRecord[];
  fired: string[];
}

/** A step instance that ended (a decision, a join, a vote, a closed window) and waits for the workflow to react. */
export interface Completion {
  instanceId: string;
  result: string;
  taskId: string | null;
  data: Record<string, unknown> | null;
  actor: AuditActor;
}

export interface Incident {
  id: number;
  at: string;
  message: string;
  stepId: string | null;
  activity: string | null;
  attempts: number;
}

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
  decided: { taskId: string; stepId: string; decision: string; decidedBy: AuditActor; decidedAt: string }[];
  lastDeciderId: string | null;
  lastOnBehalfOfId?: string | null;
  /** Per-start overrides merged over the operation's overrides for this process type. */
  durations: DurationOverrides;
  calendar: CaseCalendar;
  operation: OperationContext | null;
  parentProcessId: string | null;
  instances: Record<string, StepInstance>;
  caseData: Record<string, unknown>;
  children: Record<string, ChildRecord>;
  /** Completions the workflow has not reacted to yet (carried across continue-as-new). */
  completions: Completion[];
  incident: Incident | null;
  incidentCount: number;
  /** Which run of the case this is (1 = the first; continue-as-new adds one). */
  run: number;
}
