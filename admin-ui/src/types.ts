// JSON shapes the console reads from the API: the domain's own view types (plain JSON, ISO dates).
import type { AuditEventDraft, ProcessView, TaskView } from '../../workflows/domain';

export type { DecisionSpec, FieldSpec, ProcessDefinition, StepDefinition } from '../../workflows/domain';

export type Task = TaskView;
export type Process = ProcessView & { tasks?: TaskView[] };
export type AuditEvent = AuditEventDraft & { prevHash: string; hash: string };

export interface VerifyResult {
  processId: string;
  valid: boolean;
  checked: number;
  firstBrokenSeq?: number | null;
  reason?: string | null;
}
