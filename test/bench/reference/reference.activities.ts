// The reference workflow's projection: one INSERT per change into a table of its own (a stand-in for the product's
// read model and audit trail, without their hashing and fan-out to several tables).
import type { Pool } from 'pg';

export interface ReferenceChange {
  processId: string;
  seq: number;
  kind: 'started' | 'decided';
  openTask: string | null;
  decidedTask?: string;
  decision?: string;
  actorId?: string;
  data?: Record<string, unknown>;
}

export interface ReferenceActivities {
  project(change: ReferenceChange): Promise<void>;
}

export const REFERENCE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS bench_reference_changes (
    process_id text NOT NULL,
    seq integer NOT NULL,
    change jsonb NOT NULL,
    open_task text,
    PRIMARY KEY (process_id, seq)
  )`;

export function referenceActivities(pool: Pool): ReferenceActivities {
  return {
    async project(change) {
      await pool.query(
        `INSERT INTO bench_reference_changes (process_id, seq, change, open_task) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [change.processId, change.seq, JSON.stringify(change), change.openTask],
      );
    },
  };
}
