// Short-lived, single-use tickets for the live stream: EventSource cannot send an Authorization
// header, so the console trades its bearer token for a ticket (POST /api/live/ticket) and puts the
// ticket, never the token, in the stream's URL. Tickets are rows in PostgreSQL (their SHA-256 only), not
// memory: with several API instances behind a load balancer, the stream's request may reach another
// instance than the one that issued its ticket, and a ticket must still be redeemable once, and only once.
import { createHash, randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { Actor } from '@hpc/workflows/domain';

export const TICKET_TTL_MS = 30_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export class LiveTickets {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ttlMs: number = TICKET_TTL_MS,
  ) {}

  /** A new ticket for this actor; expired tickets of anyone are swept on the way (the index keeps that cheap). */
  async issue(actor: Actor): Promise<{ ticket: string; expiresAt: number }> {
    await this.dataSource.query(`DELETE FROM live_tickets WHERE expires_at < now()`);
    const ticket = randomBytes(24).toString('base64url');
    // The database's clock decides expiry, so instances with drifting clocks agree.
    const rows: { expires_at: Date }[] = await this.dataSource.query(
      `INSERT INTO live_tickets (ticket_hash, actor, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000)) RETURNING expires_at`,
      [sha256(ticket), JSON.stringify(actor), this.ttlMs],
    );
    return { ticket, expiresAt: new Date(rows[0].expires_at).getTime() };
  }

  /** The ticket's actor, once, whichever instance asks: a used, unknown or expired ticket gives null. */
  async redeem(ticket: string | undefined): Promise<Actor | null> {
    if (typeof ticket !== 'string' || !ticket || ticket.length > 200) return null;
    // TypeORM answers a DELETE … RETURNING with [rows, count].
    const [rows] = (await this.dataSource.query(`DELETE FROM live_tickets WHERE ticket_hash = $1 RETURNING actor, expires_at > now() AS live`, [
      sha256(ticket),
    ])) as [{ actor: Actor; live: boolean }[], number];
    return rows[0]?.live ? rows[0].actor : null;
  }
}

/** What the projection announces on channel hpc_changes after each committed batch. */
export interface ChangeNotice {
  processId: string;
  taskIds: string[];
  userIds: string[];
}

/** Parses a pg_notify payload; anything malformed is dropped (null), never forwarded. */
export function parseChangeNotice(payload: string | undefined): ChangeNotice | null {
  if (!payload) return null;
  try {
    const v = JSON.parse(payload) as Partial<ChangeNotice>;
    if (typeof v.processId !== 'string' || !v.processId) return null;
    const strings = (a: unknown) => (Array.isArray(a) ? a.filter((x): x is string => typeof x === 'string') : []);
    return { processId: v.processId, taskIds: strings(v.taskIds), userIds: strings(v.userIds) };
  } catch {
    return null;
  }
}
