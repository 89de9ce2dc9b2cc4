import type { MigrationInterface, QueryRunner } from 'typeorm';

// token_version: bumped on a password change, a role change or a deactivation, so older tokens stop working.
// idempotency_keys: which task and request body a user's Idempotency-Key was first used for, so a key replayed
// with another body (or task) is refused instead of returning the first result.
export class IdempotencyAndTokens1796000100000 implements MigrationInterface {
  name = 'IdempotencyAndTokens1796000100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        key text NOT NULL,
        task_id text NOT NULL,
        body_hash text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version`);
  }
}
