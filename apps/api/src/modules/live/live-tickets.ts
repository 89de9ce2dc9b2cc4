// Short-lived, single-use tickets for the live stream: EventSource cannot send an Authorization
// header, so the console trades its bearer token for a ticket (POST /api/live/ticket) and puts the
// ticket, never the token, in the stream's URL.
import { randomBytes } from 'node:crypto';
import type { Actor } from '@hpc/workflows/domain';

export const TICKET_TTL_MS = 30_000;

export class LiveTickets {
  private readonly tickets = new Map<string, { actor: Actor; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  issue(actor: Actor): { ticket: string; expiresAt: number } {
    this.sweep();
    const ticket = randomBytes(24).toString('base64url');
    const expiresAt = this.now() + TICKET_TTL_MS;
    this.tickets.set(ticket, { actor, expiresAt });
    return { ticket, expiresAt };
  }

  /** The ticket's actor, once: a used, unknown or expired ticket gives null. */
  redeem(ticket: string | undefined): Actor | null {
    if (!ticket) return null;
    const entry = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (!entry || entry.expiresAt < this.now()) return null;
    return entry.actor;
  }

  private sweep(): void {
    const now = this.now();
    for (const [t, e] of this.tickets) if (e.expiresAt < now) this.tickets.delete(t);
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
