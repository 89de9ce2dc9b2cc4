// Plain-JSON shapes of the read model, as the workflow projects them and the API/console show them.
import type { AuditActor } from './actor';
import type { Role } from './roles';

export type TaskStatus = 'open' | 'decided' | 'cancelled';
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
] as const;
export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export interface TaskView {
  /** `<processId>/<stepId>/<n>` */
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
