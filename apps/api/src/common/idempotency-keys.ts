// An Idempotency-Key belongs to one user and one request: the first use records (user, key) → task and body
// hash, so a replay with another task or body is refused (422) instead of answering with the first result.
import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppException, ErrorCode } from './errors';

/** Key recorded when the client sends none: one decision per user and task unless it keys its requests. */
export const NO_KEY = '';
const MAX_UPDATE_ID = 200;

/** JSON with object keys sorted, so the same body always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function bodyHash(body: unknown): string {
  return createHash('sha256').update(canonicalJson(body)).digest('hex');
}

/**
 * The Temporal Update id of one user's decision on one task: scoped by task and user on the server, so no
 * key a client sends (or guesses) can reach another user's or another task's Update.
 */
export function decisionUpdateId(taskId: string, userId: string, key: string, since?: string): string {
  const base = key === NO_KEY ? `decide:${taskId}:${userId}` : `decide:${taskId}:${userId}:${key}`;
  // A refused request releases its record; the next first use is a new Update (an Update the workflow accepted and
  // then refused, e.g. a claim over the envelope, keeps its refusal under its id for good).
  const id = since ? `${base}@${since}` : base;
  return id.length <= MAX_UPDATE_ID ? id : `decide:sha256:${createHash('sha256').update(id).digest('hex')}`;
}

export type Claim = 'first' | 'replay';

/** Without a client key the record is per task ('#' cannot start a client key, so they never collide). */
function storedKey(key: string, taskId: string): string {
  return key === NO_KEY ? `#${taskId}` : key;
}

@Injectable()
export class IdempotencyKeys {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Record the key's first use, or confirm a replay of the same task and body; 422 for anything else.
   * `since`: when the record was made (a replay gets the first use's; a use after a release gets a new one).
   */
  async claim(userId: string, key: string, taskId: string, hash: string): Promise<{ claim: Claim; since: string }> {
    const stored = storedKey(key, taskId);
    for (let attempt = 0; attempt < 3; attempt++) {
      const inserted: { since: string }[] = await this.dataSource.query(
        `INSERT INTO idempotency_keys (user_id, key, task_id, body_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (user_id, key) DO NOTHING RETURNING (extract(epoch FROM created_at) * 1000000)::bigint::text AS since`,
        [userId, stored, taskId, hash],
      );
      if (inserted.length > 0) return { claim: 'first', since: inserted[0].since };
      const [existing]: { task_id: string; body_hash: string; since: string }[] = await this.dataSource.query(
        `SELECT task_id, body_hash, (extract(epoch FROM created_at) * 1000000)::bigint::text AS since FROM idempotency_keys WHERE user_id = $1 AND key = $2`,
        [userId, stored],
      );
      if (!existing) continue; // released between our insert and select: claim again
      if (existing.task_id !== taskId) {
        throw new AppException(ErrorCode.IdempotencyKeyReused, `Idempotency-Key was already used for task ${existing.task_id}; send a new key for each decision`);
      }
      if (existing.body_hash !== hash) {
        throw new AppException(
          ErrorCode.IdempotencyKeyReused,
          key === NO_KEY
            ? `you already decided task ${taskId} with a different request; send an Idempotency-Key to make a new request`
            : 'Idempotency-Key was already used for this task with a different request body; send a new key for a different decision',
        );
      }
      return { claim: 'replay', since: existing.since };
    }
    throw new AppException(ErrorCode.Conflict, 'Idempotency-Key is being used by a concurrent request; retry');
  }

  /** Forget a first use whose request was refused (nothing recorded), so the client may correct and retry. */
  async release(userId: string, key: string, taskId: string): Promise<void> {
    await this.dataSource.query(`DELETE FROM idempotency_keys WHERE user_id = $1 AND key = $2 AND task_id = $3`, [userId, storedKey(key, taskId), taskId]);
  }
}
