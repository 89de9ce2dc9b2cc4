// The demo data of the HPC cycle: after the demo cases (real activations), createDemoHpc puts the demo
// operation's cycle in the middle of its needs analysis over the real API with a real worker: kickoff agreed,
// Health and Food Security in, WASH late (its task expires at the short phase deadline and shows overdue in the
// matrix, the JIAF consolidation waits for OCHA). Run twice, it skips.
import request from 'supertest';
import { createDemoCases } from '../../apps/api/src/modules/seed/demo-cases';
import { createDemoHpc } from '../../apps/api/src/modules/seed/demo-hpc';
import { startDemoProduct } from '../utils/demo-product';
import { as } from '../utils/http';

jest.setTimeout(240_000);

interface Matrix {
  phase: string;
  rows: { sector: string; cells: Record<string, { status: string; overdue: boolean } | null> }[];
  tasks: { stepId: string; status: string }[];
}

test('demo HPC cycle: needs analysis under way through the real workflows, two clusters in, WASH late and overdue; a second run skips', async () => {
  const demo = await startDemoProduct('hpc-demo');
  const { app, ds, opts } = demo;
  try {
    await createDemoCases(opts);
    // Another suite may have made the demo cycle already (one per operation and year): then it is read as it is.
    const made = await createDemoHpc({ ...opts, needsDeadlineMs: 8_000 });
    const [cycle] = await ds.query(
      `SELECT p.id FROM processes p JOIN operations o ON o.id = p.operation_id WHERE o.name = 'South Sudan 2026' AND p.type = 'hpc-cycle' ORDER BY p.started_at DESC LIMIT 1`,
    );
    expect(cycle).toBeDefined();
    const ocha = (await as(app, 'ocha')).headers;
    const http = () => request(app.getHttpServer());
    const summary = await http().get(`/api/hpc/cycles/${encodeURIComponent(cycle.id)}`).set(ocha);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ phase: 'needs-analysis', costingMethod: 'project-based', expected: null });
    // The audit trail says it was made by people deciding, not by rows written by hand.
    const actors: { type: string; username: string }[] = await ds.query(
      `SELECT DISTINCT a.type, a.actor->>'username' AS username FROM audit_events a WHERE a.process_id = $1 AND a.type = 'decision' ORDER BY 2`,
      [cycle.id],
    );
    expect(actors.map((a) => a.username)).toEqual(expect.arrayContaining(['hc', 'lead.food-security', 'lead.health', 'ocha']));
    // WASH misses the short deadline: its task expires, the join goes on to the JIAF consolidation, the cell is red.
    const deadline = Date.now() + 60_000;
    let matrix: Matrix;
    for (;;) {
      matrix = (await http().get(`/api/hpc/cycles/${encodeURIComponent(cycle.id)}/matrix`).set(ocha)).body as Matrix;
      if (matrix.tasks.some((t) => t.stepId === 'jiaf-consolidation' && t.status === 'open')) break;
      if (Date.now() > deadline) throw new Error(`no JIAF consolidation: ${JSON.stringify(matrix)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    const cells = Object.fromEntries(matrix.rows.map((r) => [r.sector, r.cells['cluster-needs']]));
    expect(cells.health).toMatchObject({ status: 'decided', overdue: false });
    expect(cells['food-security']).toMatchObject({ status: 'decided', overdue: false });
    expect(cells.wash).toMatchObject({ status: 'expired', overdue: true });
    const jiaf = await http().get(`/api/hpc/cycles/${encodeURIComponent(cycle.id)}/jiaf`).set(ocha);
    expect(jiaf.body.rows.find((r: { adminArea: string; populationGroup: string }) => r.adminArea === 'Upper Nile' && r.populationGroup === 'IDPs')).toMatchObject({
      peopleInNeed: 240_000,
      drivenBy: 'food-security',
    });
    if (made === 1) expect(summary.body.history.map((h: { phase: string }) => h.phase)).toEqual(['kickoff', 'needs-analysis']);
    expect(await createDemoHpc(opts)).toBe(0);
  } finally {
    await demo.stop();
  }
});
