import type { MigrationInterface, QueryRunner } from 'typeorm';

// The process list's due and overdue columns and its "overdue first" sort: each case carries the earliest due
// time of its open tasks and how many of them are overdue (written by the projection with the case), filled
// here for the cases already projected; indexed in the orders the list sorts by.
export class ProcessDue1796000700000 implements MigrationInterface {
  name = 'ProcessDue1796000700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE processes ADD COLUMN next_due_at timestamptz, ADD COLUMN overdue_count integer NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE processes p SET next_due_at = t.next_due_at, overdue_count = t.overdue_count
      FROM (SELECT process_id, min(due_at) AS next_due_at, count(*) FILTER (WHERE overdue)::int AS overdue_count
            FROM tasks WHERE status = 'open' GROUP BY process_id) t
      WHERE t.process_id = p.id`);
    await q.query(`CREATE INDEX processes_overdue_first_idx ON processes (overdue_count DESC, next_due_at ASC, id DESC)`);
    await q.query(`CREATE INDEX processes_next_due_idx ON processes (next_due_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX processes_next_due_idx`);
    await q.query(`DROP INDEX processes_overdue_first_idx`);
    await q.query(`ALTER TABLE processes DROP COLUMN overdue_count, DROP COLUMN next_due_at`);
  }
}
