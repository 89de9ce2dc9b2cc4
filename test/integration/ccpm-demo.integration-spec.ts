// The demo data of CCPM: after the demo cases (real activations), createDemoCcpm opens the Health cluster's
// round in its survey window with three anonymous answers, over the real API with a real worker; run twice, it
// skips. The activation gave the Health cluster its first round 4 months on (no schedules: see duty-schedules).
import { createDemoCases } from '../../apps/api/src/modules/seed/demo-cases';
import { createDemoCcpm } from '../../apps/api/src/modules/seed/demo-ccpm';
import { createDemoDuties } from '../../apps/api/src/modules/seed/demo-duties';
import { Client, Connection } from '@temporalio/client';
import { dutyScheduleId } from '../../workflows/processes/recurring-duty';
import { startDemoProduct } from '../utils/demo-product';
import { DEMO_PASSWORD } from '../utils/http';
import { startTestWorker } from '../utils/worker';
import { testNamespace } from '../utils/temporal';

jest.setTimeout(240_000);

test('demo CCPM round: in its survey window with three anonymous answers; a second run skips', async () => {
  const demo = await startDemoProduct('ccpm-demo');
  const { ds, taskQueue, baseUrl, opts } = demo;
  try {
    await createDemoCases(opts);
    expect(await createDemoCcpm(opts)).toBe(1);
    const [round] = await ds.query(`SELECT p.id, p.current_steps FROM processes p JOIN clusters c ON c.id = p.cluster_id JOIN operations o ON o.id = c.operation_id WHERE o.name = 'South Sudan 2026' AND p.type = 'ccpm-round' AND c.sector = 'health' AND p.input->>'launchAt' IS NULL`);
    expect(round.current_steps).toEqual(['ccpm-survey']);
    const rows: { kind: string; submitted_by: unknown }[] = await ds.query(`SELECT kind, submitted_by FROM submissions WHERE process_id = $1 AND status = 'received'`, [round.id]);
    expect(rows.map((r) => r.kind).sort()).toEqual(['coordinator-answer', 'partner-answer', 'partner-answer']);
    expect(rows.every((r) => r.submitted_by === null)).toBe(true);
    // The activation scheduled the cluster's first round 4 months after it became active.
    const first: { input: { launchAt: string } }[] = await ds.query(`SELECT p.input FROM processes p JOIN clusters c ON c.id = p.cluster_id JOIN operations o ON o.id = c.operation_id WHERE o.name = 'South Sudan 2026' AND p.type = 'ccpm-round' AND c.sector = 'health' AND p.input->>'launchAt' IS NOT NULL`);
    expect(first).toHaveLength(1);
    expect(await createDemoCcpm(opts)).toBe(0);

    // Demo duties: the active clusters' monthly schedules backfilled over two months, through Temporal.
    const clusters: { id: string; sector: string }[] = await ds.query(`SELECT c.id, c.sector FROM clusters c JOIN operations o ON o.id = c.operation_id WHERE o.name = 'South Sudan 2026' AND c.status = 'active'`);
    const health = clusters.find((c) => c.sector === 'health')!;
    const clientConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    const client = new Client({ connection: clientConnection, namespace: testNamespace() });
    // The schedules start their cases on the task queue of the worker that ran the activations (another suite's, if it ran first).
    const scheduleQueue = ((await client.schedule.getHandle(dutyScheduleId(health.id, '5w-update')).describe()).action as { taskQueue: string }).taskQueue;
    const other = scheduleQueue === taskQueue ? null : await startTestWorker(scheduleQueue, ds);
    try {
      const now = new Date();
      const ran = await createDemoDuties({ ...opts, temporal: { connection: { address: process.env.TEMPORAL_ADDRESS! }, namespace: testNamespace() }, now });
      expect(ran).toBeGreaterThan(0);
      const rows: { id: string; status: string; outcome: string | null; scheduled: string; duty: string }[] = await ds.query(
        `SELECT id, status, outcome, data->>'scheduledAt' AS scheduled, input->>'duty' AS duty FROM processes WHERE type = 'recurring-duty' AND cluster_id = $1 ORDER BY data->>'scheduledAt', id`, [health.id],
      );
      // Three periods of each monthly duty (5W, funding), each dated from the first of its month in the operation's zone.
      expect(rows).toHaveLength(6);
      expect(new Set(rows.map((r) => r.scheduled)).size).toBe(3);
      // The two older periods were missed by the system (their successor has opened); this month's 5W update was recorded done.
      expect(rows.slice(0, 4).map((r) => [r.status, r.outcome])).toEqual(Array(4).fill(['completed', 'missed']));
      expect(rows.slice(4).map((r) => [r.duty, r.status, r.outcome]).sort()).toEqual([['5w-update', 'completed', 'done'], ['funding-update', 'running', null]]);
      const trail: { decision: string }[] = await ds.query(`SELECT decision FROM audit_events WHERE process_id = $1 AND type = 'task-expired'`, [rows[0].id]);
      expect(trail.map((e) => e.decision)).toEqual(['missed-by-system']);
      // The compliance grid places them in their months (the operation's zone is ahead of UTC: a period's first
      // is the evening before in UTC): missed, missed, then done — late once past its due date.
      const admin = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ocha', password: DEMO_PASSWORD }) }).then((r) => r.json() as Promise<{ accessToken: string }>);
      const [op] = await ds.query(`SELECT id FROM operations WHERE name = 'South Sudan 2026'`);
      const grid = await fetch(`${baseUrl}/api/duties/compliance?operationId=${op.id}`, { headers: { authorization: `Bearer ${admin.accessToken}` } }).then((r) => r.json() as Promise<{ rows: { clusterId: string; duty: string; cells: { status: string }[] }[] }>);
      expect(grid.rows.find((r) => r.clusterId === health.id && r.duty === '5w-update')!.cells.map((c) => c.status)).toEqual(['missed', 'missed', now.getUTCDate() > 11 ? 'late' : 'on-time']);
      const fiveW = grid.rows.find((r) => r.clusterId === health.id && r.duty === '5w-update')! as unknown as { cells: { month: string }[] };
      expect(fiveW.cells.map((c) => c.month)).toEqual([2, 1, 0].map((k) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - k, 15)).toISOString().slice(0, 7)));
      // A second run skips the clusters that have occurrences.
      expect(await createDemoDuties({ ...opts, temporal: { connection: { address: process.env.TEMPORAL_ADDRESS! }, namespace: testNamespace() }, now })).toBe(0);
    } finally {
      await other?.stop();
      await clientConnection.close();
    }
  } finally {
    await demo.stop();
  }
});
