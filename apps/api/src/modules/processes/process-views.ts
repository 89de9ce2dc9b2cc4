// Read-model rows → the plain JSON views shared with the workflows and the console (workflows/domain/views.ts).
import type { ProcessView, Role, TaskView } from '@hpc/workflows/domain';
import type { AuditEventEntity, ProcessEntity, TaskEntity } from '../../persistence/entities';
import type { JsonField } from '../../persistence/repositories/json-rows';

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

// The same views as JSON built by PostgreSQL (persistence/repositories/json-rows.ts), field for field in the order
// of the mappers above: the list and history endpoints pass that text through without hydrating entities.
// test/integration/json-pages.integration-spec.ts checks each against its mapper.
const scalar = (name: string, sql: string): JsonField => ({ name, sql, kind: 'scalar' });
const timestamp = (name: string, sql: string): JsonField => ({ name, sql, kind: 'timestamp' });
const jsonb = (name: string, sql: string): JsonField => ({ name, sql, kind: 'jsonb' });

export const PROCESS_VIEW_JSON: readonly JsonField[] = [
  scalar('id', 'p.id'),
  scalar('type', 'p.type'),
  scalar('definitionVersion', 'p.definition_version'),
  scalar('title', 'p.title'),
  scalar('status', 'p.status'),
  scalar('outcome', 'p.outcome'),
  scalar('operationId', 'p.operation_id'),
  scalar('clusterId', 'p.cluster_id'),
  scalar('sector', 'p.sector'),
  jsonb('subject', 'p.subject'),
  jsonb('input', 'p.input'),
  scalar('currentSteps', 'p.current_steps'),
  scalar('awaitingRoles', 'p.awaiting_roles'),
  jsonb('startedBy', 'p.started_by'),
  timestamp('startedAt', 'p.started_at'),
  timestamp('updatedAt', 'p.updated_at'),
  timestamp('endedAt', 'p.ended_at'),
  scalar('lastSeq', 'p.last_seq'),
  scalar('parentProcessId', 'p.parent_process_id'),
  { name: 'data', sql: 'p.data', kind: 'jsonb-default', fallback: '{}' },
  { name: 'steps', sql: 'p.steps', kind: 'jsonb-default', fallback: '[]' },
  jsonb('incident', 'p.incident'),
  timestamp('nextDueAt', 'p.next_due_at'),
  scalar('overdueCount', 'p.overdue_count'),
];

export const TASK_VIEW_JSON: readonly JsonField[] = [
  scalar('id', 't.id'),
  scalar('processId', 't.process_id'),
  scalar('processType', 't.process_type'),
  scalar('stepId', 't.step_id'),
  scalar('title', 't.title'),
  scalar('roles', 't.roles'),
  scalar('operationId', 't.operation_id'),
  scalar('sector', 't.sector'),
  scalar('organisationId', 't.organisation_id'),
  scalar('decisions', 't.decisions'),
  timestamp('dueAt', 't.due_at'),
  scalar('status', 't.status'),
  scalar('overdue', 't.overdue'),
  scalar('escalatedTo', 't.escalated_to'),
  scalar('decision', 't.decision'),
  jsonb('decidedBy', 't.decided_by'),
  timestamp('decidedAt', 't.decided_at'),
  scalar('comment', 't.comment'),
  jsonb('data', 't.data'),
  jsonb('context', 't.context'),
  timestamp('createdAt', 't.created_at'),
  timestamp('updatedAt', 't.updated_at'),
  scalar('stepKind', 't.step_kind'),
  scalar('memberKey', 't.member_key'),
  scalar('memberLabel', 't.member_label'),
  scalar('assigneeId', 't.assignee_id'),
  scalar('recusalOrganisationId', 't.recusal_organisation_id'),
  scalar('leadAgencyId', 't.lead_agency_id'),
];

export const AUDIT_EVENT_VIEW_JSON: readonly JsonField[] = [
  scalar('processId', 'e.process_id'),
  scalar('seq', 'e.seq'),
  timestamp('at', 'e.at'),
  scalar('type', 'e.type'),
  jsonb('actor', 'e.actor'),
  scalar('stepId', 'e.step_id'),
  scalar('taskId', 'e.task_id'),
  scalar('decision', 'e.decision'),
  scalar('comment', 'e.comment'),
  jsonb('data', 'e.data'),
  scalar('prevHash', 'e.prev_hash'),
  scalar('hash', 'e.hash'),
  timestamp('recordedAt', 'e.recorded_at'),
];
