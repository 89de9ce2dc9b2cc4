// Called by the projection inside its transaction: every notification that reached a user becomes an outbox row
// (same dedupe key, so a retried batch records nothing twice), and a case's starter hears of decisions and its end.
import type { EntityManager } from 'typeorm';
import type { AuditActor } from '@hpc/workflows/domain/actor';
import type { NotificationRequest, ProjectionBatch } from '@hpc/workflows/contracts/activities';

/** The next daily digest time after `now` (MAIL_DIGEST_HOUR, UTC, default 7). */
export function nextDigestAt(now: Date, hour = Number(process.env.MAIL_DIGEST_HOUR ?? 7)): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), Number.isFinite(hour) ? hour : 7));
  if (at.getTime() <= now.getTime()) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

interface OutboxDraft {
  kind: string;
  dedupeKey: string;
  processId: string | null;
  taskId: string | null;
  message: string;
  data: Record<string, unknown> | null;
}

async function insert(em: EntityManager, userIds: string[], d: OutboxDraft): Promise<void> {
  if (userIds.length === 0) return;
  // Users without an address or who turned mail off get none; the kinds they digest wait for the daily digest.
  await em.query(
    `INSERT INTO mail_outbox (user_id, dedupe_key, kind, process_id, task_id, message, data, digest, due_at)
     SELECT u.id, $2, $3, $4, $5, $6, $7, $3 = ANY(u.mail_digest_kinds),
            CASE WHEN $3 = ANY(u.mail_digest_kinds) THEN $8::timestamptz ELSE now() END
     FROM users u WHERE u.id = ANY($1::uuid[]) AND u.active AND u.mail_enabled AND u.email IS NOT NULL
     ON CONFLICT (user_id, dedupe_key) DO NOTHING`,
    [userIds, d.dedupeKey, d.kind, d.processId, d.taskId, d.message, d.data ? JSON.stringify(d.data) : null, nextDigestAt(new Date()).toISOString()],
  );
}

/** The notification `n` reached `userIds`: queue their mails. */
export async function recordNotificationMails(em: EntityManager, n: NotificationRequest, userIds: string[]): Promise<void> {
  await insert(em, userIds, { kind: n.kind, dedupeKey: n.dedupeKey, processId: n.processId, taskId: n.taskId, message: n.message, data: n.data ?? null });
}

/** Decisions on a case and its end, for the user who started it (not for their own decisions). */
export async function recordCaseMails(em: EntityManager, batch: ProjectionBatch): Promise<void> {
  const starter = batch.process.startedBy;
  if (!starter || starter.kind !== 'user') return;
  for (const e of batch.events) {
    const actor = e.actor as AuditActor;
    if (e.type === 'decision' && !(actor.kind === 'user' && actor.id === starter.id)) {
      await insert(em, [starter.id], {
        kind: 'decision', dedupeKey: `${batch.process.id}:event:${e.seq}`, processId: batch.process.id, taskId: e.taskId,
        message: `${actor.kind === 'user' ? actor.displayName : 'HPC Flow'}: ${e.decision ?? ''}`,
        data: { by: actor.kind === 'user' ? actor.displayName : null, decision: e.decision, stepId: e.stepId },
      });
    }
    if (e.type === 'process-completed' || e.type === 'process-cancelled') {
      await insert(em, [starter.id], {
        kind: 'process-ended', dedupeKey: `${batch.process.id}:event:${e.seq}`, processId: batch.process.id, taskId: null,
        message: `${batch.process.title}: ${batch.process.outcome ?? e.type}`,
        data: { outcome: batch.process.outcome ?? (e.type === 'process-cancelled' ? 'cancelled' : null) },
      });
    }
  }
}
