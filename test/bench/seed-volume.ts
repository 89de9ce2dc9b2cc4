// Volume for the read scenario, written with SQL in a few statements (generate_series): processes, their
// tasks and their audit events. Volume events carry a synthetic hash chain (md5-based 64-hex values that
// link prev_hash to the previous hash but are not the sha256 of the content): reads do not verify them.
import type { Pool } from 'pg';
import type { ProcessDefinition } from '../../workflows/domain/definitions/types';
import { clusterActivationDefinition, transitionReviewDefinition } from '../../workflows/processes';
import { ALL_SECTORS } from '../../workflows/domain/reference';
import { AUDIT_EVENT_TYPES } from '../../workflows/domain/views';

export interface VolumeSeed {
  processes: number;
  tasks: number;
  auditEvents: number;
  /** The operations the cases belong to (hc and ocha are scoped to them, so their inbox and list are not empty). */
  operationIds: string[];
  /** Processes holding `longHistory` events: the history page is read from these. */
  longProcessIds: string[];
  longHistory: number;
  seedMs: number;
  vacuumMs: number;
}

const stepsOf = (def: ProcessDefinition) =>
  def.steps.map((s) => ({ id: s.id, title: s.title, roles: s.roles, decisions: s.decisions.map((d) => d.id) }));

/** Operations the volume is spread over: a real HC or OCHA officer holds a few operations, not one per case. */
export const VOLUME_OPERATIONS = 20;

export async function seedVolume(pool: Pool, opts: { processes: number; auditEvents: number }): Promise<VolumeSeed> {
  const t0 = Date.now();
  // The cases belong to operations in the read scope of the bench's hc and ocha (both are operation-scoped):
  // without it their inbox and process list are empty pages (WHERE FALSE), and the bench measures nothing.
  const ops = await pool.query<{ id: string }>(
    `INSERT INTO operations (name, country_iso3, type)
     SELECT 'bench volume ' || $1::text || ' ' || g, 'SSD', 'sudden-onset' FROM generate_series(1, $2::int) g RETURNING id`,
    [`${process.pid}-${Date.now()}`, VOLUME_OPERATIONS],
  );
  const operationIds = ops.rows.map((r) => r.id);
  await pool.query(`UPDATE users SET operation_scopes = operation_scopes || $1::uuid[] WHERE username IN ('ocha', 'hc')`, [operationIds]);
  const P = opts.processes;
  // A tenth of the cases have a long history (≥ 250 events, so a 200-event page is full); the rest share the remainder.
  const longCount = Math.max(1, Math.floor(P / 10));
  const longHistory = Math.max(250, Math.ceil((opts.auditEvents * 0.4) / longCount));
  const shortHistory = Math.max(3, Math.ceil((opts.auditEvents - longCount * longHistory) / Math.max(1, P - longCount)));
  const defs = { 'cluster-activation': stepsOf(clusterActivationDefinition), 'transition-review': stepsOf(transitionReviewDefinition) };
  const actor = { kind: 'user', id: '00000000-0000-0000-0000-00000000be4c', username: 'bench', displayName: 'Bench volume', roles: ['ocha'] };
  const client = await pool.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS bench_seed`);
    await client.query(
      `CREATE TEMP TABLE bench_seed AS
       SELECT g, type, op, sector, status, started, n_events,
              CASE WHEN type = 'cluster-activation' THEN type || ':' || op || ':' || sector ELSE type || ':' || op END || ':' || g AS id,
              ($1::jsonb -> type) AS steps
       FROM (
         SELECT g,
                CASE WHEN g % 5 = 0 THEN 'transition-review' ELSE 'cluster-activation' END AS type,
                ($7::uuid[])[1 + g % cardinality($7::uuid[])] AS op,
                ($2::text[])[1 + g % cardinality($2::text[])] AS sector,
                CASE WHEN g % 20 = 0 THEN 'cancelled' WHEN g % 4 = 0 THEN 'completed' ELSE 'running' END AS status,
                now() - make_interval(mins => g) AS started,
                CASE WHEN g <= $3 THEN $4::int ELSE $5::int END AS n_events
         FROM generate_series(1, $6::int) g
       ) s`,
      [JSON.stringify(defs), [...ALL_SECTORS], longCount, longHistory, shortHistory, P, operationIds],
    );
    await client.query(
      `INSERT INTO processes (id, type, definition_version, title, status, outcome, operation_id, cluster_id, sector, subject, input,
          current_steps, awaiting_roles, started_by, started_at, updated_at, ended_at, last_seq)
       SELECT s.id, s.type, 1, initcap(replace(s.type, '-', ' ')) || ' (volume ' || s.g || ')', s.status,
              CASE s.status WHEN 'completed' THEN 'activated' WHEN 'cancelled' THEN 'cancelled' END,
              CASE WHEN s.type = 'cluster-activation' THEN s.op END, CASE WHEN s.type = 'transition-review' THEN s.op END, s.sector,
              '{}'::jsonb, jsonb_build_object('sector', s.sector, 'rationale', 'volume'),
              CASE WHEN s.status = 'running' THEN ARRAY[open_step ->> 'id'] ELSE '{}'::text[] END,
              CASE WHEN s.status = 'running' THEN ARRAY(SELECT jsonb_array_elements_text(open_step -> 'roles')) ELSE '{}'::text[] END,
              $1::jsonb, s.started, s.started + interval '1 hour',
              CASE WHEN s.status <> 'running' THEN s.started + interval '2 days' END, s.n_events
       FROM bench_seed s, LATERAL (SELECT s.steps -> (s.g % jsonb_array_length(s.steps)) AS open_step) o`,
      [JSON.stringify(actor)],
    );
    // Three tasks per case: two decided, the third open while the case runs.
    const tasks = await client.query(
      `INSERT INTO tasks (id, process_id, process_type, step_id, title, roles, operation_id, sector, decisions, due_at, status,
          decision, decided_by, decided_at, context, created_at, updated_at, last_seq)
       SELECT s.id || '/' || (st ->> 'id') || '/' || k, s.id, s.type, st ->> 'id', st ->> 'title',
              ARRAY(SELECT jsonb_array_elements_text(st -> 'roles')), s.op, s.sector,
              ARRAY(SELECT jsonb_array_elements_text(st -> 'decisions')),
              s.started + make_interval(days => 3 * k), t.status,
              CASE WHEN t.status = 'decided' THEN st -> 'decisions' ->> 0 END,
              CASE WHEN t.status = 'decided' THEN $1::jsonb END,
              CASE WHEN t.status = 'decided' THEN s.started + make_interval(hours => k) END,
              '{}'::jsonb, s.started + make_interval(mins => k), s.started + make_interval(hours => k), k
       FROM bench_seed s
       CROSS JOIN generate_series(1, 3) k
       CROSS JOIN LATERAL (SELECT s.steps -> ((s.g + k - 3 + 3 * jsonb_array_length(s.steps)) % jsonb_array_length(s.steps)) AS st) x
       CROSS JOIN LATERAL (SELECT CASE WHEN k < 3 THEN 'decided' WHEN s.status = 'running' THEN 'open' WHEN s.status = 'cancelled' THEN 'cancelled' ELSE 'decided' END AS status) t`,
      [JSON.stringify(actor)],
    );
    const events = await client.query(
      `INSERT INTO audit_events (process_id, seq, at, type, actor, step_id, task_id, decision, comment, data, prev_hash, hash)
       SELECT s.id, e, s.started + make_interval(secs => e * 60),
              ($2::text[])[1 + e % cardinality($2::text[])], $1::jsonb,
              s.steps -> (e % jsonb_array_length(s.steps)) ->> 'id', NULL, NULL,
              CASE WHEN e % 7 = 0 THEN 'volume comment ' || e END, NULL,
              CASE WHEN e = 1 THEN repeat('0', 64) ELSE md5(s.id || ':' || (e - 1)) || md5((e - 1) || ':' || s.id) END,
              md5(s.id || ':' || e) || md5(e || ':' || s.id)
       FROM bench_seed s CROSS JOIN LATERAL generate_series(1, s.n_events) e`,
      [JSON.stringify(actor), [...AUDIT_EVENT_TYPES]],
    );
    const { rows } = await client.query<{ id: string }>(`SELECT id FROM bench_seed WHERE g <= $1 ORDER BY g`, [longCount]);
    await client.query(`DROP TABLE bench_seed`);
    const seedMs = Date.now() - t0;
    const t1 = Date.now();
    // Fresh statistics and visibility map, as autovacuum would leave them on a live system.
    await client.query(`VACUUM ANALYZE processes`);
    await client.query(`VACUUM ANALYZE tasks`);
    await client.query(`VACUUM ANALYZE audit_events`);
    return { processes: P, operationIds, tasks: tasks.rowCount ?? 0, auditEvents: events.rowCount ?? 0, longProcessIds: rows.map((r) => r.id), longHistory, seedMs, vacuumMs: Date.now() - t1 };
  } finally {
    client.release();
  }
}
