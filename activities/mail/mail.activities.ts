// Sends the mail outbox by SMTP (nodemailer), as the activity of the mail dispatcher workflow
// (workflows/mail/mail-dispatcher.ts). Claim-then-send-then-mark: a row is claimed (status 'sending', a fresh
// claim id that is the Message-ID) in its own short transaction before SMTP is spoken, so a retried or
// concurrent dispatch never picks it up again; a mail the server refuses goes back with a growing delay; a
// server that cannot be reached releases the pass's claims untouched and fails the pass, which Temporal retries;
// a claim left by a crash is retried only after MAIL_CLAIM_TIMEOUT with the same Message-ID (receivers drop the copy).
import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { renderDigest, renderMail, type MailItem, type RenderedMail } from './mail.templates';

export interface MailSettings {
  /** smtp://user:pass@host:port (or smtps://); without it the mails are logged instead. */
  smtpUrl: string | null;
  from: string;
  publicUrl: string;
  /** Domain of the Message-IDs. */
  messageIdDomain: string;
  claimTimeoutMs: number;
  maxAttempts: number;
}

export function mailSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): MailSettings {
  const publicUrl = env.PUBLIC_URL ?? 'http://localhost:3000';
  let domain = 'hpcflow.local';
  try {
    domain = new URL(publicUrl).hostname || domain;
  } catch {
    /* a bad PUBLIC_URL keeps the default domain */
  }
  return {
    smtpUrl: env.SMTP_URL || null,
    from: env.MAIL_FROM ?? `HPC Flow <no-reply@${domain}>`,
    publicUrl,
    messageIdDomain: domain,
    claimTimeoutMs: Number(env.MAIL_CLAIM_TIMEOUT_MS ?? 10 * 60_000),
    maxAttempts: Number(env.MAIL_MAX_ATTEMPTS ?? 20),
  };
}

/** The mail server could not be reached (or said it is shutting down): the whole pass is retried later. */
export class MailServerUnavailable extends Error {
  constructor(message: string) {
    super(`mail server unavailable: ${message}`);
    this.name = 'MailServerUnavailable';
  }
}

/** Connection-level failures (no SMTP reply: refused, reset, timed out, DNS) and 421 are outages, not refusals. */
export function isMailServerOutage(err: unknown): boolean {
  const e = err as { responseCode?: number; code?: string };
  if (typeof e?.responseCode === 'number') return e.responseCode === 421;
  return true;
}

/** First key of the per-user digest claim lock (pg_try_advisory_xact_lock(int, int)); 'MAIL' in ASCII. */
const DIGEST_CLAIM_LOCK = 0x4d41494c;

export interface DispatchResult {
  sent: number;
  logged: number;
  failed: number;
  digests: number;
}

interface OutboxRow {
  id: string;
  user_id: string;
  kind: string;
  process_id: string | null;
  task_id: string | null;
  message: string;
  data: Record<string, unknown> | null;
  claim_id: string;
  attempts: number;
  email: string;
  display_name: string;
  locale: string;
  task_title: string | null;
  case_title: string | null;
  due_at: Date | string | null;
  outcome: string | null;
}

function itemOf(r: OutboxRow): MailItem {
  const data = r.data ?? {};
  const dueAt = r.due_at ? new Date(r.due_at).toISOString() : null;
  return {
    kind: r.kind,
    processId: r.process_id,
    taskId: r.task_id,
    taskTitle: r.task_title,
    caseTitle: r.case_title,
    dueAt: r.kind === 'decision' || r.kind === 'process-ended' ? null : dueAt,
    by: typeof data.by === 'string' ? data.by : null,
    detail: r.kind === 'decision' ? String(data.decision ?? '') : r.kind === 'process-ended' ? String(data.outcome ?? r.outcome ?? '') : null,
  };
}

@Injectable()
export class MailActivitiesService {
  private readonly logger = new Logger('Mail');
  private transporter: Transporter | null = null;
  private saidLogged = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: MailSettings = mailSettingsFromEnv(),
  ) {}

  /** One pass: every due single mail, then every due digest (one per user). `now` lets tests reach the digest hour. */
  async dispatchMail(opts: { now?: string; limit?: number } = {}): Promise<DispatchResult> {
    const now = opts.now ? new Date(opts.now) : new Date();
    const limit = opts.limit ?? 100;
    const result: DispatchResult = { sent: 0, logged: 0, failed: 0, digests: 0 };
    const singles = await this.claim(now, limit, false);
    try {
      while (singles.length > 0) {
        const row = singles[0];
        await this.deliver([row], renderMail(row.locale, row.display_name, itemOf(row), this.settings.publicUrl), result);
        singles.shift();
      }
    } catch (err) {
      await this.release(singles);
      throw err;
    }
    const digests = new Map<string, OutboxRow[]>();
    for (const row of await this.claim(now, limit, true)) digests.set(row.user_id, [...(digests.get(row.user_id) ?? []), row]);
    const groups = [...digests.values()];
    try {
      while (groups.length > 0) {
        const rows = groups[0];
        result.digests++;
        await this.deliver(rows, renderDigest(rows[0].locale, rows[0].display_name, rows.map(itemOf), this.settings.publicUrl), result);
        groups.shift();
      }
    } catch (err) {
      await this.release(groups.flat());
      throw err;
    }
    return result;
  }

  /** Claims of rows this pass did not get to: pending again, as they were (no attempt counted, no delay). */
  private async release(rows: OutboxRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.dataSource.query(
      `UPDATE mail_outbox SET status = 'pending', claim_id = NULL, claimed_at = NULL WHERE id = ANY($1::bigint[]) AND status = 'sending'`,
      [rows.map((r) => r.id)],
    );
  }

  /**
   * Claim due rows in one short transaction; a digest's rows share one claim id (one mail). A digest is claimed
   * whole, per user, under a transaction-scoped advisory lock on that user: two passes at once never split one
   * user's rows into two digests (row locks alone would: each pass would skip the rows the other holds).
   * claimed_at is the pass's own clock, the same clock that judges a claim stale.
   */
  private async claim(now: Date, limit: number, digest: boolean): Promise<OutboxRow[]> {
    const stale = new Date(now.getTime() - this.settings.claimTimeoutMs).toISOString();
    const dueRows = `digest = $1 AND due_at <= $2 AND attempts < $4
           AND (status = 'pending' OR (status = 'sending' AND claimed_at < $3))`;
    const params = [digest, now.toISOString(), stale, this.settings.maxAttempts];
    return this.dataSource.transaction(async (em) => {
      let due: { id: string; user_id: string; claim_id: string | null; status: string }[];
      if (digest) {
        const users: { user_id: string }[] = await em.query(
          `SELECT DISTINCT user_id FROM mail_outbox WHERE ${dueRows} ORDER BY user_id LIMIT $5`,
          [...params, limit],
        );
        const mine: string[] = [];
        for (const { user_id } of users) {
          const [{ ok }] = await em.query('SELECT pg_try_advisory_xact_lock($1, hashtext($2)) AS ok', [DIGEST_CLAIM_LOCK, user_id]);
          if (ok) mine.push(user_id);
        }
        if (mine.length === 0) return [];
        // Read after the lock: a pass that claimed these rows and committed meanwhile is seen here.
        due = await em.query(
          `SELECT id, user_id, claim_id, status FROM mail_outbox WHERE ${dueRows} AND user_id = ANY($5::uuid[]) ORDER BY id FOR UPDATE`,
          [...params, mine],
        );
      } else {
        due = await em.query(
          `SELECT id, user_id, claim_id, status FROM mail_outbox WHERE ${dueRows} ORDER BY id LIMIT $5 FOR UPDATE SKIP LOCKED`,
          [...params, limit],
        );
      }
      if (due.length === 0) return [];
      const claims = new Map<string, string>();
      for (const d of due) {
        const key = digest ? d.user_id : d.id;
        // A stale claim keeps its id: the resent mail carries the same Message-ID.
        if (!claims.has(key)) claims.set(key, d.status === 'sending' && d.claim_id ? d.claim_id : randomUUID());
      }
      for (const d of due) {
        await em.query(`UPDATE mail_outbox SET status = 'sending', claim_id = $2, claimed_at = $3 WHERE id = $1`, [d.id, claims.get(digest ? d.user_id : d.id), now.toISOString()]);
      }
      return em.query(
        `SELECT o.id, o.user_id, o.kind, o.process_id, o.task_id, o.message, o.data, o.claim_id, o.attempts,
                u.email, u.display_name, u.locale, t.title AS task_title, p.title AS case_title, t.due_at, p.outcome
         FROM mail_outbox o JOIN users u ON u.id = o.user_id
         LEFT JOIN tasks t ON t.id = o.task_id LEFT JOIN processes p ON p.id = o.process_id
         WHERE o.id = ANY($1::bigint[]) ORDER BY o.user_id, o.id`,
        [due.map((d) => d.id)],
      );
    });
  }

  private async deliver(rows: OutboxRow[], mail: RenderedMail, result: DispatchResult): Promise<void> {
    const ids = rows.map((r) => r.id);
    const messageId = `<${rows[0].claim_id}@${this.settings.messageIdDomain}>`;
    if (!this.settings.smtpUrl) {
      if (!this.saidLogged) {
        this.logger.warn('SMTP_URL is not set: mails are written to this log instead of being sent');
        this.saidLogged = true;
      }
      this.logger.log(`mail to ${rows[0].email}: ${mail.subject}\n${mail.text}`);
      await this.dataSource.query(`UPDATE mail_outbox SET status = 'logged', sent_at = now(), message_id = $2 WHERE id = ANY($1::bigint[])`, [ids, messageId]);
      result.logged++;
      return;
    }
    try {
      await this.transport().sendMail({ from: this.settings.from, to: rows[0].email, subject: mail.subject, text: mail.text, messageId, headers: { 'Auto-Submitted': 'auto-generated' } });
      await this.dataSource.query(`UPDATE mail_outbox SET status = 'sent', sent_at = now(), message_id = $2, last_error = NULL WHERE id = ANY($1::bigint[])`, [ids, messageId]);
      result.sent++;
    } catch (err) {
      // Unreachable: this pass stops; its claims are released by dispatchMail and the activity is retried.
      if (isMailServerOutage(err)) {
        this.logger.warn(`mail server unreachable (${(err as Error).message}): the dispatch is retried`);
        throw new MailServerUnavailable((err as Error).message);
      }
      // The server refused this mail: back to pending after 2^attempts minutes (at most a day); the decision that queued it is long done.
      const delayMinutes = Math.min(2 ** rows[0].attempts, 24 * 60);
      await this.dataSource.query(
        `UPDATE mail_outbox SET status = 'pending', claim_id = NULL, claimed_at = NULL, attempts = attempts + 1, last_error = $2,
            due_at = now() + make_interval(mins => $3) WHERE id = ANY($1::bigint[])`,
        [ids, String((err as Error).message ?? err).slice(0, 500), delayMinutes],
      );
      this.logger.warn(`mail to ${rows[0].email} failed (attempt ${rows[0].attempts + 1}): ${(err as Error).message}`);
      result.failed++;
    }
  }

  private transport(): Transporter {
    this.transporter ??= nodemailer.createTransport(this.settings.smtpUrl as string);
    return this.transporter;
  }

  close(): void {
    this.transporter?.close();
    this.transporter = null;
  }
}
