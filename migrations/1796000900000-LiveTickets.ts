import type { MigrationInterface, QueryRunner } from 'typeorm';

// Scale-out (issue 15, item 6): live-stream tickets were kept in the memory of the API instance that issued them,
// so behind a load balancer with two or more API instances the console's GET /api/live?ticket=… reached another
// instance about half the time and was refused (401). Tickets now live here, shared by every instance: a row per
// ticket (its SHA-256, never the ticket), deleted by the one redemption that succeeds or once expired.
export class LiveTickets1796000900000 implements MigrationInterface {
  name = 'LiveTickets1796000900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE live_tickets (
        ticket_hash text PRIMARY KEY,
        actor jsonb NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX live_tickets_expires_idx ON live_tickets (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE live_tickets`);
  }
}
