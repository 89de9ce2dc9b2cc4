// The ONE definition of the audit hash chain: the projection writes with it, the API's verify recomputes with it.
import { createHash } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level and no whitespace; undefined properties are dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('canonicalJson: non-finite number');
    return JSON.stringify(value ?? null);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  const entries = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** The hashed fields of one audit event (`at` as ISO UTC with milliseconds). */
export interface HashableAuditEvent {
  processId: string;
  seq: number;
  at: string | Date;
  type: string;
  actor: unknown;
  stepId: string | null;
  taskId: string | null;
  decision: string | null;
  comment: string | null;
  data: unknown;
  prevHash: string;
}

export function auditEventHash(e: HashableAuditEvent): string {
  const canonical = canonicalJson({
    processId: e.processId,
    seq: e.seq,
    at: typeof e.at === 'string' ? new Date(e.at).toISOString() : e.at.toISOString(),
    type: e.type,
    actor: e.actor,
    stepId: e.stepId ?? null,
    taskId: e.taskId ?? null,
    decision: e.decision ?? null,
    comment: e.comment ?? null,
    data: e.data ?? null,
    prevHash: e.prevHash,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export type ChainBreak = { seq: number; reason: 'gap' | 'prev-hash' | 'hash'; expected: string; actual: string };

/** Walk a process's events in seq order; the first broken link, or null when the chain holds. */
export function verifyChain(events: readonly (HashableAuditEvent & { hash: string })[]): ChainBreak | null {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of events) {
    if (e.seq !== expectedSeq) return { seq: expectedSeq, reason: 'gap', expected: String(expectedSeq), actual: String(e.seq) };
    if (e.prevHash !== prev) return { seq: e.seq, reason: 'prev-hash', expected: prev, actual: e.prevHash };
    const h = auditEventHash(e);
    if (h !== e.hash) return { seq: e.seq, reason: 'hash', expected: h, actual: e.hash };
    prev = e.hash;
    expectedSeq++;
  }
  return null;
}
