import type { MigrationInterface, QueryRunner } from 'typeorm';

// Engine v2: child cases (parent_process_id), case data and step instances for the diagram, incidents,
// tasks that expire at a deadline, fan-out members and ballots (with their authorisation rules), and
// submissions into windows (anonymous ones carry no user, only a keyed dedupe hash).
export class EngineV21796000200000 implements MigrationInterface {
  name = 'EngineV21796000200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE processes
      ADD COLUMN parent_process_id text,
      ADD COLUMN data jsonb NOT NULL DEFAULT '{}',
      ADD COLUMN steps jsonb NOT NULL DEFAULT '[]',
      ADD COLUMN incident jsonb,
      ADD COLUMN incident_at timestamptz`);
    await q.query(`CREATE INDEX processes_parent_idx ON processes (parent_process_id, started_at) WHERE parent_process_id IS NOT NULL`);
    await q.query(`CREATE INDEX processes_incident_idx ON processes (incident_at DESC) WHERE incident IS NOT NULL`);

    await q.query(`ALTER TABLE tasks DROP CONSTRAINT IF EXISTS tasks_status_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN ('open','decided','cancelled','expired'))`);
    await q.query(`ALTER TABLE tasks
      ADD COLUMN step_kind text NOT NULL DEFAULT 'task',
      ADD COLUMN member_key text,
      ADD COLUMN member_label text,
      ADD COLUMN assignee_id uuid,
      ADD COLUMN recusal_organisation_id uuid,
      ADD COLUMN lead_agency_id uuid`);

    await q.query(`
      CREATE TABLE submissions (
        id uuid PRIMARY KEY,
        process_id text NOT NULL,
        step_id text NOT NULL,
        kind text NOT NULL,
        submitted_by jsonb,
        organisation_id uuid,
        dedupe_key text,
        data jsonb NOT NULL,
        child_process_id text,
        status text NOT NULL CHECK (status IN ('received','replaced')),
        at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX submissions_process_idx ON submissions (process_id, kind, at)`);
    await q.query(`CREATE INDEX submissions_organisation_idx ON submissions (organisation_id, at DESC) WHERE organisation_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE submissions`);
    await q.query(`ALTER TABLE tasks DROP COLUMN lead_agency_id, DROP COLUMN recusal_organisation_id, DROP COLUMN assignee_id,
      DROP COLUMN member_label, DROP COLUMN member_key, DROP COLUMN step_kind`);
    await q.query(`ALTER TABLE tasks DROP CONSTRAINT tasks_status_check`);
    await q.query(`ALTER TABLE tasks ADD CONSTRAINT tasks_status_check CHECK (status IN ('open','decided','cancelled'))`);
    await q.query(`DROP INDEX processes_incident_idx`);
    await q.query(`DROP INDEX processes_parent_idx`);
    await q.query(`ALTER TABLE processes DROP COLUMN incident_at, DROP COLUMN incident, DROP COLUMN steps, DROP COLUMN data, DROP COLUMN parent_process_id`);
  }
}
