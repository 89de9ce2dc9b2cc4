// The projection: the only writer of processes, tasks, audit_events and notifications.
// One transaction per batch, idempotent: a retried batch writes nothing twice.
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { roleCoversScope } from '@hpc/workflows/domain/authorization';
import type { Actor } from '@hpc/workflows/domain/actor';
import type { Role } from '@hpc/workflows/domain/roles';
import type { AuditEventDraft, ProcessView, TaskView } from '@hpc/workflows/domain/views';
import type { NotificationRequest, ProjectionActivities, ProjectionBatch, ProjectionResult, SubmissionRow } from '@hpc/workflows/contracts/activities';
import { toActor } from '../../apps/api/src/auth/actor.mapper';
import { auditEventHash, GENESIS_HASH } from '../audit-hash';
import { recordCaseMails, recordNotificationMails } from '../mail/mail.outbox';
import { escalationRecipients } from '../mail/out-of-office';

/** PostgreSQL text cannot hold U+0000: a NUL that got past the API must never wedge a case's projection. */
export function withoutNul<T>(value: T): T {
  // eslint-disable-next-line no-control-regex -- the NUL character is exactly what must go
  if (typeof value === 'string') return value.replace(/\u0000/g, '\uFFFD') as unknown as T;
  if (Array.isArray(value)) return value.map(withoutNul) as unknown as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[withoutNul(k)] = withoutNul(v);
    return out as T;
  }
  return value;
}

/** The channel the API's live stream listens on (server-sent events to the console). */
export const CHANGES_CHANNEL = 'hpc_changes';

@Injectable()
export class ProjectionActivitiesService implements ProjectionActivities {
  constructor(private readonly dataSource: DataSource) {}

  async project(raw: ProjectionBatch): Promise<ProjectionResult> {
    const batch = withoutNul(raw);
    return this.dataSource.transaction(async (em) => {
      // Serialise writers of one process (a timed-out attempt may still be running beside its retry).
      await em.query('SELECT pg_advisory_xact_lock(hashtext($1))', [batch.process.id]);
      await upsertProcess(em, batch.process);
      for (const task of batch.tasks) await upsertTask(em, task, batch.process.lastSeq);
      for (const s of batch.submissions ?? []) await upsertSubmission(em, s);
      const inserted = await appendEvents(em, batch.process.id, batch.events);
      let notified = 0;
      const userIds: string[] = [];
      for (const n of batch.notifications) {
        const ids = await notify(em, n);
        notified += ids.length;
        userIds.push(...ids);
        await recordNotificationMails(em, n, ids);
      }
      await recordCaseMails(em, batch);
      // Delivered at commit: the API pushes the change to the console clients that may see it.
      const payload = JSON.stringify({ processId: batch.process.id, taskIds: batch.tasks.map((t) => t.id), userIds: [...new Set(userIds)].slice(0, 200) });
      await em.query('SELECT pg_notify($1, $2)', [CHANGES_CHANNEL, payload.length < 7900 ? payload : JSON.stringify({ processId: batch.process.id, taskIds: [], userIds: [] })]);
      return { lastSeq: batch.events.length ? batch.events[batch.events.length - 1].seq : batch.process.lastSeq, inserted, notified };
    });
  }
}

async function upsertProcess(em: EntityManager, p: ProcessView): Promise<void> {
  await em.query(
    `INSERT INTO processes (id, type, definition_version, title, status, outcome, operation_id, cluster_id, sector,
        subject, input, current_steps, awaiting_roles, started_by, started_at, updated_at, ended_at, last_seq,
        parent_process_id, data, steps, incident, incident_at, next_due_at, overdue_count)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25)
     ON CONFLICT (id) DO UPDATE SET
        title = EXCLUDED.title, status = EXCLUDED.status, outcome = EXCLUDED.outcome,
        operation_id = EXCLUDED.operation_id, cluster_id = EXCLUDED.cluster_id, sector = EXCLUDED.sector,
        subject = EXCLUDED.subject, current_steps = EXCLUDED.current_steps, awaiting_roles = EXCLUDED.awaiting_roles,
        updated_at = EXCLUDED.updated_at, ended_at = EXCLUDED.ended_at, last_seq = EXCLUDED.last_seq,
        data = EXCLUDED.data, steps = EXCLUDED.steps, incident = EXCLUDED.incident, incident_at = EXCLUDED.incident_at,
        next_due_at = EXCLUDED.next_due_at, overdue_count = EXCLUDED.overdue_count
     WHERE processes.last_seq <= EXCLUDED.last_seq`,
    [
      p.id, p.type, p.definitionVersion, p.title, p.status, p.outcome, p.operationId, p.clusterId, p.sector,
      JSON.stringify(p.subject), JSON.stringify(p.input), p.currentSteps, p.awaitingRoles,
      p.startedBy ? JSON.stringify(p.startedBy) : null, p.startedAt, p.updatedAt, p.endedAt, p.lastSeq,
      p.parentProcessId ?? null, JSON.stringify(p.data ?? {}), JSON.stringify(p.steps ?? []),
      p.incident ? JSON.stringify(p.incident) : null, p.incident ? p.incident.at : null, p.nextDueAt ?? null, p.overdueCount ?? 0,
    ],
  );
}

async function upsertTask(em: EntityManager, t: TaskView, seq: number): Promise<void> {
  await em.query(
    `INSERT INTO tasks (id, process_id, process_type, step_id, title, roles, operation_id, sector, organisation_id,
        decisions, due_at, status, overdue, escalated_to, decision, decided_by, decided_at, comment, data, context,
        created_at, updated_at, last_seq, step_kind, member_key, member_label, assignee_id, recusal_organisation_id, lead_agency_id)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29)
     ON CONFLICT (id) DO UPDATE SET
        due_at = EXCLUDED.due_at, status = EXCLUDED.status, overdue = EXCLUDED.overdue,
        escalated_to = EXCLUDED.escalated_to, decision = EXCLUDED.decision, decided_by = EXCLUDED.decided_by,
        decided_at = EXCLUDED.decided_at, comment = EXCLUDED.comment, data = EXCLUDED.data, context = EXCLUDED.context,
        updated_at = EXCLUDED.updated_at, last_seq = EXCLUDED.last_seq, recusal_organisation_id = EXCLUDED.recusal_organisation_id,
        lead_agency_id = EXCLUDED.lead_agency_id
     WHERE tasks.last_seq <= EXCLUDED.last_seq`,
    [
      t.id, t.processId, t.processType, t.stepId, t.title, t.roles, t.operationId, t.sector, t.organisationId,
      t.decisions, t.dueAt, t.status, t.overdue, t.escalatedTo, t.decision,
      t.decidedBy ? JSON.stringify(t.decidedBy) : null, t.decidedAt, t.comment,
      t.data ? JSON.stringify(t.data) : null, JSON.stringify(t.context), t.createdAt, t.updatedAt, seq,
      t.stepKind ?? 'task', t.memberKey ?? null, t.memberLabel ?? null, t.assigneeId ?? null, t.recusalOrganisationId ?? null, t.leadAgencyId ?? null,
    ],
  );
}

/** A submission row: anonymous ones have no submitter, only the keyed dedupe hash. */
async function upsertSubmission(em: EntityManager, s: SubmissionRow): Promise<void> {
  await em.query(
    `INSERT INTO submissions (id, process_id, step_id, kind, submitted_by, organisation_id, dedupe_key, data, child_process_id, status, at)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)
     ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, child_process_id = EXCLUDED.child_process_id`,
    [s.id, s.processId, s.stepId, s.kind, s.submittedBy ? JSON.stringify(s.submittedBy) : null, s.organisationId, s.dedupeKey,
      JSON.stringify(s.data), s.childProcessId, s.status, s.at],
  );
}

/** Append events in seq order, chaining hashes; an event already written is kept as it is. */
async function appendEvents(em: EntityManager, processId: string, events: AuditEventDraft[]): Promise<number> {
  if (events.length === 0) return 0;
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  let prevHash: string;
  if (sorted[0].seq === 1) {
    prevHash = GENESIS_HASH;
  } else {
    const rows: { hash: string }[] = await em.query('SELECT hash FROM audit_events WHERE process_id = $1 AND seq = $2', [processId, sorted[0].seq - 1]);
    // A gap means an earlier batch is missing: fail so the activity retries instead of breaking the chain.
    if (rows.length === 0) throw new Error(`audit chain of ${processId}: event ${sorted[0].seq - 1} is missing`);
    prevHash = rows[0].hash;
  }
  let inserted = 0;
  for (const e of sorted) {
    const hash = auditEventHash({ processId, ...e, prevHash });
    const rows: { hash: string }[] = await em.query(
      `INSERT INTO audit_events (process_id, seq, at, type, actor, step_id, task_id, decision, comment, data, prev_hash, hash)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)
       ON CONFLICT (process_id, seq) DO NOTHING
       RETURNING hash`,
      [processId, e.seq, e.at, e.type, JSON.stringify(e.actor), e.stepId, e.taskId, e.decision, e.comment,
        e.data === null ? null : JSON.stringify(e.data), prevHash, hash],
    );
    if (rows.length > 0) {
      inserted++;
      prevHash = hash;
    } else {
      const existing: { hash: string }[] = await em.query('SELECT hash FROM audit_events WHERE process_id = $1 AND seq = $2', [processId, e.seq]);
      prevHash = existing[0].hash;
    }
  }
  return inserted;
}

interface UserRow {
  id: string;
  username: string;
  display_name: string;
  roles: Role[];
  cluster_scopes: Actor['clusterScopes'];
  operation_scopes: string[];
  organisation_id: string | null;
  authorised_signatory: boolean;
  away: boolean;
}

/**
 * Notify every active user holding one of the roles with a scope that covers the request's scope (or, for a
 * cluster's notice to its members, the users of its member organisations); returns the users notified.
 */
export async function notify(em: EntityManager, n: NotificationRequest): Promise<string[]> {
  if (n.roles.length === 0) return [];
  const users: UserRow[] = n.organisationIds
    ? await em.query(
      `SELECT id, username, display_name, roles, cluster_scopes, operation_scopes::text[] AS operation_scopes,
              organisation_id, authorised_signatory, away
       FROM users WHERE active AND roles && $1::text[] AND organisation_id = ANY($2::uuid[])`,
      [n.roles, n.organisationIds],
    )
    : n.clusterMembersOf
    ? await em.query(
      `SELECT u.id, u.username, u.display_name, u.roles, u.cluster_scopes, u.operation_scopes::text[] AS operation_scopes,
              u.organisation_id, u.authorised_signatory, u.away
       FROM users u JOIN cluster_members m ON m.organisation_id = u.organisation_id AND m.cluster_id = $2 AND m.status = 'member'
       WHERE u.active AND u.roles && $1::text[]`,
      [n.roles, n.clusterMembersOf],
    )
    : await em.query(
      `SELECT id, username, display_name, roles, cluster_scopes, operation_scopes::text[] AS operation_scopes,
              organisation_id, authorised_signatory, away
       FROM users WHERE active AND roles && $1::text[]`,
      [n.roles],
    );
  const eligible: UserRow[] = [];
  for (const u of users) {
    if (n.userId && u.id !== n.userId) continue;
    if (n.excludeOrganisationId && u.organisation_id === n.excludeOrganisationId) continue;
    // Same mapping as the API's guard, so a notification reaches exactly the users who may act (the HC of that operation).
    const actor = toActor({
      id: u.id, username: u.username, displayName: u.display_name, roles: u.roles, clusterScopes: u.cluster_scopes,
      operationScopes: u.operation_scopes, organisationId: u.organisation_id, authorisedSignatory: u.authorised_signatory,
    });
    if (!n.clusterMembersOf && !n.organisationIds && !n.roles.some((r) => roleCoversScope(actor, r, n.scope))) continue;
    eligible.push(u);
  }
  // Out of office: an escalation skips users marked away, reaching their delegate or the others in scope.
  const recipients = n.kind === 'escalation' ? await escalationRecipients(em, eligible, n) : eligible.map((u) => u.id);
  const notified: string[] = [];
  for (const userId of recipients) {
    const rows = await em.query(
      `INSERT INTO notifications (user_id, type, process_id, task_id, message, data, dedupe_key)
       VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (user_id, dedupe_key) DO NOTHING RETURNING id`,
      [userId, n.kind, n.processId, n.taskId, n.message, n.data ? JSON.stringify(n.data) : null, n.dedupeKey],
    );
    if (rows.length > 0) notified.push(userId);
  }
  return notified;
}
