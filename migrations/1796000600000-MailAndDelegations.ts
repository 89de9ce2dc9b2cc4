import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 14: e-mail notifications (a per-user outbox the projection fills in its transaction, sent later by the
// mail dispatcher), the user's mail preferences and out-of-office flag, and delegations of roles for a period.
export class MailAndDelegations1796000600000 implements MigrationInterface {
  name = 'MailAndDelegations1796000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN email text,
        ADD COLUMN locale text NOT NULL DEFAULT 'en' CHECK (locale IN ('en','fr','es','ar','ru','zh')),
        ADD COLUMN mail_enabled boolean NOT NULL DEFAULT true,
        ADD COLUMN mail_digest_kinds text[] NOT NULL DEFAULT '{reminder}',
        ADD COLUMN away boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE UNIQUE INDEX users_email_lower_idx ON users (lower(email)) WHERE email IS NOT NULL`);
    await q.query(`
      CREATE TABLE mail_outbox (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        dedupe_key text NOT NULL,
        kind text NOT NULL,
        process_id text,
        task_id text,
        message text NOT NULL,
        data jsonb,
        digest boolean NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sending','sent','logged')),
        due_at timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 0,
        claim_id uuid,
        claimed_at timestamptz,
        message_id text,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        UNIQUE (user_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX mail_outbox_due_idx ON mail_outbox (due_at) WHERE status IN ('pending','sending')`);
    await q.query(`
      CREATE TABLE delegations (
        id serial PRIMARY KEY,
        delegator_id uuid NOT NULL REFERENCES users(id),
        delegate_id uuid NOT NULL REFERENCES users(id),
        roles text[] NOT NULL CHECK (cardinality(roles) > 0),
        operation_id uuid,
        sector text,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        reason text NOT NULL,
        ended_at timestamptz,
        ended_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (delegator_id <> delegate_id),
        CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX delegations_delegate_idx ON delegations (delegate_id, ends_at)`);
    await q.query(`CREATE INDEX delegations_delegator_idx ON delegations (delegator_id, ends_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE delegations`);
    await q.query(`DROP TABLE mail_outbox`);
    await q.query(`DROP INDEX users_email_lower_idx`);
    await q.query(`ALTER TABLE users DROP COLUMN email, DROP COLUMN locale, DROP COLUMN mail_enabled, DROP COLUMN mail_digest_kinds, DROP COLUMN away`);
  }
}
