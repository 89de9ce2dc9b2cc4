// The activities the process workflows call; the worker's activity classes implement this interface.
import type { AuditActor } from '../domain/actor';
import type { TaskScope } from '../domain/authorization';
import type { ClusterStatus, OperationType } from '../domain/reference';
import type { Role } from '../domain/roles';
import type { AuditEventDraft, ProcessView, TaskView } from '../domain/views';

export type NotificationKind = 'task-opened' | 'reminder' | 'overdue' | 'escalation' | 'process-ended' | 'notice';

/** In-app notification to every active user who holds one of `roles` with a scope covering `scope`. */
export interface NotificationRequest {
  kind: NotificationKind;
  roles: Role[];
  scope: TaskScope;
  /** Only this user (a ballot). */
  userId?: string | null;
  /** Users of this organisation are left out (recusal). */
  excludeOrganisationId?: string | null;
  /** Instead of the role scope: users (with one of the roles) of the organisations that are members of this cluster. */
  clusterMembersOf?: string | null;
  /** Instead of the role scope: users (with one of the roles) of these organisations (e.g. invited ones that have not answered). */
  organisationIds?: string[] | null;
  processId: string;
  taskId: string | null;
  message: string;
  /** Unique per (task, kind, occurrence): a retried projection never notifies twice. */
  dedupeKey: string;
  data?: Record<string, unknown>;
}

/** Everything one state change of a case writes, in one transaction. */
export interface SubmissionRow {
  id: string;
  processId: string;
  stepId: string;
  kind: string;
  /** null for anonymous submissions (never linked to a person). */
  submittedBy: AuditActor | null;
  organisationId: string | null;
  /** Anonymous: the keyed dedupe hash; otherwise the organisation (+ level) key. */
  dedupeKey: string | null;
  data: Record<string, unknown>;
  childProcessId: string | null;
  status: 'received' | 'replaced';
  at: string;
}

export interface ProjectionBatch {
  process: ProcessView;
  submissions?: SubmissionRow[];
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
  leadAgencyId: string | null;
  coLeadAgencyId: string | null;
  activatedAt: string | null;
  operationType: OperationType;
}

export interface ClusterStatusRequest {
  /** When absent the cluster is found by (operationId, sector), and created if missing. */
  clusterId?: string | null;
  operationId: string;
  sector: string;
  status: ClusterStatus;
  leadAgencyId?: string | null;
  coLeadAgencyId?: string | null;
  coordinatorName?: string | null;
  informationManagerName?: string | null;
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

/** One member of a fan-out: the task opened for it is scoped to it. */
export interface FanOutMember {
  key: string;
  label: string;
  operationId: string | null;
  sector: string | null;
  organisationId: string | null;
  clusterId?: string | null;
}

export interface ResolveMembersRequest {
  set: string;
  operationId: string | null;
  clusterId: string | null;
  sector: string | null;
  /** Organisation ids, for `invited-organisations`. */
  organisationIds?: string[];
}

export interface Voter {
  id: string;
  displayName: string;
  organisationId: string | null;
}

export interface ResolveVotersRequest {
  roles: Role[];
  operationId: string | null;
  sector: string | null;
  clusterId: string | null;
}

export interface SystemStepRequest {
  processId: string;
  stepId: string;
  compute: string;
  input: Record<string, unknown>;
  subject: Record<string, unknown>;
  caseData: Record<string, unknown>;
}

export interface IncidentRequest {
  process: ProcessView;
  message: string;
  stepId: string | null;
  activity: string | null;
  attempts: number;
  at: string;
  resolved: boolean;
}

export interface MembershipActivities {
  resolveMembers(request: ResolveMembersRequest): Promise<FanOutMember[]>;
  resolveVoters(request: ResolveVotersRequest): Promise<Voter[]>;
}

export interface SystemActivities {
  /** Runs a named computation (scores, shares) registered in activities/<area>/; its result lands in the case data. */
  computeSystemStep(request: SystemStepRequest): Promise<{ result: string; data: Record<string, unknown> }>;
  /** Records (or clears) an incident on the case's row, with its strings made safe for PostgreSQL. */
  recordIncident(request: IncidentRequest): Promise<void>;
  /** Stops a cluster's recurring duties and open CCPM round (deactivation). */
  stopClusterSchedules(request: { clusterId: string; reason: string }): Promise<{ stopped: number }>;
}

/** The clusters' recurring-duty schedules (activities/duties). */
export interface DutiesActivities {
  createClusterSchedules(request: { clusterId: string }): Promise<{ created: number; existing: number }>;
  pauseClusterSchedules(request: { clusterId: string; paused: boolean; reason: string }): Promise<{ changed: number }>;
}

/** A window's reminder to the invited organisations that have not submitted (activities/submissions). */
export interface RemindPendingRequest {
  processId: string;
  anonymous: boolean;
  /** The invited organisations. */
  organisationIds: string[];
  /** The onePer values each organisation is expected to submit for; `all`: every one, else any one ([] when the kind has no onePer). */
  values: string[];
  all: boolean;
  /** Dedupe keys of the standing submissions (never a user: anonymous ones are keyed hashes). */
  standingKeys: string[];
  /** Who is reminded in those organisations. */
  roles: Role[];
  message: string;
  dedupeKey: string;
  data?: Record<string, unknown>;
}

export interface SubmissionActivities {
  /** Reminds the users of invited organisations that have not submitted; who they are never leaves the activity (only counts). */
  remindPendingSubmitters(request: RemindPendingRequest): Promise<{ organisations: number; notified: number }>;
}

export type HpcActivities = SubmissionActivities & ProjectionActivities & ClusterActivities & MembershipActivities & SystemActivities & DutiesActivities;
