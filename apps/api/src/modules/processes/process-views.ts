// Read-model rows → the plain JSON views shared with the workflows and the console (workflows/domain/views.ts).
import type { ProcessView, Role, TaskView } from '@hpc/workflows/domain';
import type { AuditEventEntity, ProcessEntity, TaskEntity } from '../../persistence/entities';

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

export function toProcessView(p: ProcessEntity): ProcessView {
  return {
    id: p.id,
    type: p.type,
    definitionVersion: p.definitionVersion,
    title: p.title,
    status: p.status as ProcessView['status'],
    outcome: p.outcome,
    operationId: p.operationId,
    clusterId: p.clusterId,
    sector: p.sector,
    subject: p.subject,
    input: p.input,
    currentSteps: p.currentSteps,
    awaitingRoles: p.awaitingRoles as Role[],
    startedBy: p.startedBy,
    startedAt: p.startedAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    endedAt: iso(p.endedAt),
    lastSeq: p.lastSeq,
    parentProcessId: p.parentProcessId,
    data: p.data ?? {},
    steps: p.steps ?? [],
    incident: p.incident,
    nextDueAt: iso(p.nextDueAt),
    overdueCount: p.overdueCount,
  };
}

export function toTaskView(t: TaskEntity): TaskView {
  return {
    id: t.id,
    processId: t.processId,
    processType: t.processType,
    stepId: t.stepId,
    title: t.title,
    roles: t.roles as Role[],
    operationId: t.operationId,
    sector: t.sector,
    organisationId: t.organisationId,
    decisions: t.decisions,
    dueAt: iso(t.dueAt),
    status: t.status,
    overdue: t.overdue,
    escalatedTo: t.escalatedTo as Role[],
    decision: t.decision,
    decidedBy: t.decidedBy,
    decidedAt: iso(t.decidedAt),
    comment: t.comment,
    data: t.data,
    context: t.context,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    stepKind: t.stepKind,
    memberKey: t.memberKey,
    memberLabel: t.memberLabel,
    assigneeId: t.assigneeId,
    recusalOrganisationId: t.recusalOrganisationId,
    leadAgencyId: t.leadAgencyId,
  };
}

export interface AuditEventView {
  processId: string;
  seq: number;
  at: string;
  type: string;
  actor: AuditEventEntity['actor'];
  stepId: string | null;
  taskId: string | null;
  decision: string | null;
  comment: string | null;
  data: Record<string, unknown> | null;
  prevHash: string;
  hash: string;
  recordedAt: string;
}

export function toAuditEventView(e: AuditEventEntity): AuditEventView {
  return {
    processId: e.processId,
    seq: e.seq,
    at: e.at.toISOString(),
    type: e.type,
    actor: e.actor,
    stepId: e.stepId,
    taskId: e.taskId,
    decision: e.decision,
    comment: e.comment,
    data: e.data,
    prevHash: e.prevHash,
    hash: e.hash,
    recordedAt: e.recordedAt.toISOString(),
  };
}
