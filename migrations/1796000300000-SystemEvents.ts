import type { MigrationInterface, QueryRunner } from 'typeorm';

// Operator actions that belong to no case (the first admin, a reconciliation after a restore): audit_events
// is per process and hash-chained by the workflow's seq, so these get an append-only table of their own.
export class SystemEvents1796000300000 implements MigrationInterface {
  name = 'SystemEvents1796000300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE system_events (
        id bigserial PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        type text NOT NULL CHECK (type IN ('admin-bootstrapped','admin-created','audit-reconciled')),
        actor text NOT NULL,
        subject text NOT NULL,
        note text NOT NULL,
        data jsonb
      )`);
    await q.query(`CREATE INDEX system_events_type_at_idx ON system_events (type, at DESC)`);
    await q.query(`
      CREATE FUNCTION system_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'system_events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER system_events_no_update_delete BEFORE UPDATE OR DELETE ON system_events
      FOR EACH ROW EXECUTE FUNCTION system_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER system_events_no_update_delete ON system_events`);
    await q.query(`DROP TABLE system_events`);
    await q.query(`DROP FUNCTION system_events_append_only()`);
  }
}
