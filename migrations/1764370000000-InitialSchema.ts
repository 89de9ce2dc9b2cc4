import type { MigrationInterface, QueryRunner } from 'typeorm';

// Reference data (written by the API) and the process read model + audit trail (written only by
// the worker's activities). Append-only: never edit a migration once it has landed.
export class InitialSchema1764370000000 implements MigrationInterface {
  name = 'InitialSchema1764370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await q.query(`
      CREATE TABLE organisations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        type text NOT NULL CHECK (type IN ('un-agency','ingo','nngo','lngo','government','red-cross')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX organisations_name_key ON organisations (lower(name))`);

    await q.query(`
      CREATE TABLE operations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        country_iso3 char(3) NOT NULL,
        type text NOT NULL CHECK (type IN ('sudden-onset','protracted')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX operations_name_key ON operations (lower(name))`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username text NOT NULL,
        display_name text NOT NULL,
        password_hash text NOT NULL,
        roles text[] NOT NULL DEFAULT '{}',
        cluster_scopes jsonb NOT NULL DEFAULT '[]',
        organisation_id uuid REFERENCES organisations(id),
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX users_username_key ON users (lower(username))`);
    await q.query(`CREATE INDEX users_roles_idx ON users USING gin (roles)`);

    await q.query(`
      CREATE TABLE clusters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        operation_id uuid NOT NULL REFERENCES operations(id),
        sector text NOT NULL,
        parent_cluster_id uuid REFERENCES clusters(id),
        lead_agency text NOT NULL,
        co_lead_agency text,
        status text NOT NULL DEFAULT 'proposed'
          CHECK (status IN ('proposed','active','in-transition','deactivated','not-activated')),
        activated_at timestamptz,
        deactivated_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT clusters_operation_sector_key UNIQUE (operation_id, sector)
      )`);

    // One row per case (one Temporal workflow); id = the workflow id (a business id).
    await q.query(`
      CREATE TABLE processes (
        id text PRIMARY KEY,
        type text NOT NULL,
        definition_version integer NOT NULL DEFAULT 1,
        title text NOT NULL,
        status text NOT NULL,
        outcome text,
        operation_id uuid,
        cluster_id uuid,
        sector text,
        subject jsonb NOT NULL DEFAULT '{}',
        input jsonb NOT NULL DEFAULT '{}',
        current_steps text[] NOT NULL DEFAULT '{}',
        awaiting_roles text[] NOT NULL DEFAULT '{}',
        started_by jsonb,
        started_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        ended_at timestamptz,
        last_seq integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX processes_type_status_idx ON processes (type, status, started_at DESC)`);
    await q.query(`CREATE INDEX processes_status_idx ON processes (status, started_at DESC)`);
    await q.query(`CREATE INDEX processes_operation_idx ON processes (operation_id, started_at DESC)`);
    await q.query(`CREATE INDEX processes_cluster_idx ON processes (cluster_id, started_at DESC)`);
    await q.query(`CREATE INDEX processes_started_at_idx ON processes (started_at DESC)`);

    // One row per human step; id = '<processId>/<stepId>/<n>'.
    await q.query(`
      CREATE TABLE tasks (
        id text PRIMARY KEY,
        process_id text NOT NULL REFERENCES processes(id),
        process_type text NOT NULL,
        step_id text NOT NULL,
        title text NOT NULL,
        roles text[] NOT NULL,
        operation_id uuid,
        sector text,
        organisation_id uuid,
        decisions text[] NOT NULL,
        due_at timestamptz,
        status text NOT NULL CHECK (status IN ('open','decided','cancelled')),
        overdue boolean NOT NULL DEFAULT false,
        escalated_to text[] NOT NULL DEFAULT '{}',
        decision text,
        decided_by jsonb,
        decided_at timestamptz,
        comment text,
        data jsonb,
        context jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        last_seq integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX tasks_open_due_idx ON tasks (due_at) WHERE status = 'open'`);
    await q.query(`CREATE INDEX tasks_roles_idx ON tasks USING gin (roles)`);
    await q.query(`CREATE INDEX tasks_process_idx ON tasks (process_id, created_at)`);
    await q.query(`CREATE INDEX tasks_status_due_idx ON tasks (status, due_at)`);
    await q.query(`CREATE INDEX tasks_scope_idx ON tasks (operation_id, sector) WHERE status = 'open'`);

    // Append-only, hash-chained audit trail; (process_id, seq) numbered 1..n without gaps.
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        process_id text NOT NULL,
        seq integer NOT NULL CHECK (seq >= 1),
        at timestamptz NOT NULL,
        type text NOT NULL,
        actor jsonb NOT NULL,
        step_id text,
        task_id text,
        decision text,
        comment text,
        data jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT audit_events_process_seq_key UNIQUE (process_id, seq)
      )`);
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_update_delete BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
    await q.query(`
      CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`);

    // In-app notifications (reminders, escalations, new tasks); dedupe_key makes retries idempotent.
    await q.query(`
      CREATE TABLE notifications (
        id bigserial PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id),
        type text NOT NULL,
        process_id text,
        task_id text,
        message text NOT NULL,
        data jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        read_at timestamptz,
        dedupe_key text NOT NULL,
        CONSTRAINT notifications_dedupe_key UNIQUE (user_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE notifications`);
    await q.query(`DROP TRIGGER audit_events_no_truncate ON audit_events`);
    await q.query(`DROP TRIGGER audit_events_no_update_delete ON audit_events`);
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only()`);
    await q.query(`DROP TABLE tasks`);
    await q.query(`DROP TABLE processes`);
    await q.query(`DROP TABLE clusters`);
    await q.query(`DROP TABLE users`);
    await q.query(`DROP TABLE operations`);
    await q.query(`DROP TABLE organisations`);
  }
}
