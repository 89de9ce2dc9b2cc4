// JSON shapes the console reads from the API (plain JSON; dates as ISO strings).
import type { AuditActor, Role } from '../../workflows/domain';

export type FieldType = 'string' | 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'datetime' | 'enum' | 'array' | 'object';

/** One input of a decision or a process start, as the definitions declare it. */
export interface FieldSpec {
  name: string;
  label?: string;
  type?: FieldType | string;
  required?: boolean;
  /** For enums: the allowed values. */
  options?: readonly string[];
  enum?: readonly string[];
  values?: readonly string[];
  min?: number;
  max?: number;
  /** Checklist items that must be ticked (true) to decide. */
  mustBeTrue?: boolean;
  const?: unknown;
  description?: string;
  reference?: string;
}

export interface DecisionSpec {
  id: string;
  label?: string;
  /** Target step id, or an end outcome (null / 'end' / 'end:<outcome>'). */
  next?: string | null;
  outcome?: string | null;
  data?: readonly FieldSpec[];
}

export interface StepSpec {
  id: string;
  title?: string;
  roles: readonly Role[];
  decisions: readonly DecisionSpec[];
  due?: unknown;
  fourEyes?: boolean;
  system?: boolean;
  description?: string;
}

export interface ProcessDefinition {
  type: string;
  version?: number;
  title?: string;
  description?: string;
  startRoles?: readonly Role[];
  startedBy?: readonly Role[];
  input?: readonly FieldSpec[];
  steps: readonly StepSpec[];
  initialStep?: string;
  start?: string;
  outcomes?: readonly (string | { id: string; label?: string })[];
}

export interface DecidedBy {
  id?: string;
  displayName?: string;
  username?: string;
  roles?: Role[];
}

export interface Task {
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
  dueAt: string | null;
  status: 'open' | 'decided' | 'cancelled';
  overdue: boolean;
  decision: string | null;
  decidedBy: DecidedBy | null;
  decidedAt: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  context: Record<string, unknown> | null;
  createdAt: string;
}

export interface Process {
  id: string;
  type: string;
  title: string;
  status: string;
  outcome: string | null;
  operationId: string | null;
  clusterId: string | null;
  sector: string | null;
  subject: Record<string, unknown> | null;
  input: Record<string, unknown> | null;
  currentSteps: string[];
  awaitingRoles: Role[];
  startedBy: DecidedBy | null;
  startedAt: string;
  updatedAt: string;
  endedAt: string | null;
  tasks?: Task[];
}

export interface AuditEvent {
  seq: number;
  at: string;
  type: string;
  actor: AuditActor | (Record<string, unknown> & { kind?: string });
  stepId: string | null;
  taskId: string | null;
  decision: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
}

export interface VerifyResult {
  processId: string;
  valid: boolean;
  checked: number;
  firstBrokenSeq?: number | null;
  reason?: string | null;
}
