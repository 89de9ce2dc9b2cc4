// The activities the process workflows call; the worker's activity classes implement this interface.
import type { AuditActor } from '../domain/actor';
import type { TaskScope } from '../domain/authorization';
import type { ClusterStatus, OperationType } from '../domain/reference';
import type { Role } from '../domain/roles';
import type { AuditEventDraft, ProcessView, TaskView } from '../domain/views';

export type NotificationKind = 'task-opened' | 'reminder' | 'overdue' | 'escalation' | 'process-ended';

/** In-app notification to every active user who holds one of `roles` with a scope covering `scope`. */
export interface NotificationRequest {
  kind: NotificationKind;
  roles: Role[];
  scope: TaskScope;
  processId: string;
  taskId: string | null;
  message: string;
  /** Unique per (task, kind, occurrence): a retried projection never notifies twice. */
  dedupeKey: string;
  data?: Record<string, unknown>;
}

/** Everything one state change of a case writes, in one transaction. */
export interface ProjectionBatch {
  process: ProcessView;
  /** Tasks changed since the previous batch (full rows). */
  tasks: TaskView[];
  /** Consecutive seqs, continuing the process's chain. */
  events: AuditEventDraft[];
  notifications: NotificationRequest[];
}

export interface ProjectionResult {
  lastSeq: number;
  /** Events newly inserted (0 on a retry of an already written batch). */
  inserted: number;
  notified: number;
}

export interface ClusterInfo {
  id: string;
  operationId: string;
  sector: string;
  status: ClusterStatus;
  leadAgency: string;
  coLeadAgency: string | null;
  activatedAt: string | null;
  operationType: OperationType;
}

export interface ClusterStatusRequest {
  /** When absent the cluster is found by (operationId, sector), and created if missing. */
  clusterId?: string | null;
  operationId: string;
  sector: string;
  status: ClusterStatus;
  leadAgency?: string;
  coLeadAgency?: string | null;
  /** Workflow time of the change, ISO UTC (activatedAt / deactivatedAt). */
  at: string;
  actor: AuditActor;
}

export interface ClusterStatusResult {
  cluster: ClusterInfo;
  /** Status before the change; equal to cluster.status when the change was not allowed or already made. */
  previousStatus: ClusterStatus | null;
  changed: boolean;
}

export interface ProjectionActivities {
  project(batch: ProjectionBatch): Promise<ProjectionResult>;
}

export interface ClusterActivities {
  setClusterStatus(request: ClusterStatusRequest): Promise<ClusterStatusResult>;
  getCluster(clusterId: string): Promise<ClusterInfo | null>;
}

export type HpcActivities = ProjectionActivities & ClusterActivities;
