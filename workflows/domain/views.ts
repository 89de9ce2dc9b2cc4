// Plain-JSON shapes of the read model, as the workflow projects them and the API/console show them.
import type { AuditActor } from './actor';
import type { Role } from './roles';

export type TaskStatus = 'open' | 'decided' | 'cancelled' | 'expired';
export type ProcessStatus = 'running' | 'completed' | 'cancelled';

export const AUDIT_EVENT_TYPES = [
  'process-started',
  'task-opened',
  'decision',
  'reminder-sent',
  'task-overdue',
  'task-escalated',
  'task-cancelled',
  'cluster-status-changed',
  'process-linked',
  'process-completed',
  'process-cancelled',
  'step-opened',
  'step-scheduled',
  'step-completed',
  'task-expired',
  'vote-cast',
  'submission-received',
  'child-ended',
  'system-result',
  'case-action',
  'incident-opened',
  'incident-resolved',
  'notice-sent',
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface TaskView {
  /** `<processId>~<stepId>~<n>` (+ `~<member>` for fan-out and ballot tasks): URL-safe. */
  id: string;
  processId: string;
  processType: string;
  stepId: string;
  title: string;
  roles: Role[];
  operationId: string | null;
  sector: string | null;
  organisationId: string | null;
  decisions: string[];
  /** ISO UTC */
  dueAt: string | null;
  status: TaskStatus;
  overdue: boolean;
  escalatedTo: Role[];
  decision: string | null;
  decidedBy: AuditActor | null;
  decidedAt: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  /** Key facts shown with the task (subject, anchor, previous decision). */
  context: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  /** The step kind the task belongs to ('task', 'fan-out', 'vote'). */
  stepKind?: string;
  /** Fan-out member (e.g. the cluster's sector) or ballot holder the task is for. */
  memberKey?: string | null;
  memberLabel?: string | null;
  /** Only this user may decide (a ballot). */
  assigneeId?: string | null;
  /** Users of this organisation may not decide (recusal). */
  recusalOrganisationId?: string | null;
  /** Only a cluster lead of this organisation may decide (lead-agency rule). */
  leadAgencyId?: string | null;
}

export interface ProcessView {
  /** The workflow id (a business id). */
  id: string;
  type: string;
  definitionVersion: number;
  title: string;
  status: ProcessStatus;
  outcome: string | null;
  operationId: string | null;
  clusterId: string | null;
  sector: string | null;
  subject: Record<string, unknown>;
  input: Record<string, unknown>;
  currentSteps: string[];
  awaitingRoles: Role[];
  startedBy: AuditActor | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  lastSeq: number;
  /** The case that started this one (child cases). */
  parentProcessId?: string | null;
  /** Data recorded by steps (decision data by step id, system results). */
  data?: Record<string, unknown>;
  /** Step instances for the diagram: status, counts (7 of 12 done), window closing time, children. */
  steps?: StepInstanceView[];
  /** An activity or workflow failure the case waits on (retry or cancel); null when healthy. */
  incident?: IncidentView | null;
  /** The earliest due time of the case's open tasks (null: nothing open is due). */
  nextDueAt?: string | null;
  /** How many of the case's open tasks are overdue. */
  overdueCount?: number;
}

export interface StepInstanceView {
  id: string;
  stepId: string;
  kind: string;
  status: 'scheduled' | 'open' | 'done';
  openAt: string | null;
  openedAt: string | null;
  dueAt: string | null;
  closesAt?: string | null;
  result: string | null;
  /** Fan-out / vote: how many of how many are in. */
  done?: number;
  total?: number;
  submissions?: number;
  children?: { id: string; type: string; status: string; outcome: string | null }[];
}

export interface IncidentView {
  id: number;
  at: string;
  message: string;
  stepId: string | null;
  activity: string | null;
  attempts: number;
}

/** One audit event as the workflow emits it; the projection adds prevHash and hash. */
export interface AuditEventDraft {
  seq: number;
  /** Workflow time, ISO UTC. */
  at: string;
  type: AuditEventType;
  actor: AuditActor;
  stepId: string | null;
  taskId: string | null;
  decision: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
}

export interface DecidedStep {
  taskId: string;
  stepId: string;
  decision: string;
  decidedBy: AuditActor;
  decidedAt: string;
}

/** The live snapshot the `state` query returns. */
export interface ProcessSnapshot {
  process: ProcessView;
  openTasks: TaskView[];
  decided: DecidedStep[];
  seq: number;
}
