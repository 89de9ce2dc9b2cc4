import type { MigrationInterface, QueryRunner } from 'typeorm';

// The totals of the two busiest lists, answered from an index alone (`npm run bench`, scenario reads, at 10,000
// cases, 30,000 tasks and 1M audit events; docs/benchmarks.md):
// - the process list of an operation-scoped officer (type and status filtered, operation_id in their scope) was a
//   sequential scan of every case (10 ms for 6,000 of 10,000): now an index-only scan (1 ms);
// - the inbox total lost its index-only scan when the lead-agency rule, assignees and recusal added columns to the
//   read rule that tasks_open_inbox_idx did not carry (15 ms, a bitmap heap scan over the operations' open tasks):
//   the index now includes them (2 ms).
// Both need the count without DISTINCT that json-rows.ts uses when nothing is joined.
export class ListCountIndexes1796001000000 implements MigrationInterface {
  name = 'ListCountIndexes1796001000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX processes_type_status_operation_idx ON processes (type, status, operation_id)`);
    await q.query(`DROP INDEX tasks_open_inbox_idx`);
    await q.query(`
      CREATE INDEX tasks_open_inbox_idx ON tasks (process_type, step_id)
      INCLUDE (roles, overdue, operation_id, sector, organisation_id, assignee_id, lead_agency_id, recusal_organisation_id)
      WHERE status = 'open'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tasks_open_inbox_idx`);
    await q.query(`
      CREATE INDEX tasks_open_inbox_idx ON tasks (process_type, step_id)
      INCLUDE (roles, overdue, operation_id, sector, organisation_id)
      WHERE status = 'open'`);
    await q.query(`DROP INDEX processes_type_status_operation_idx`);
  }
}
