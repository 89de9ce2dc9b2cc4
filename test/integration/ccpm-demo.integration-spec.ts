// The demo data of CCPM: after the demo cases (real activations), createDemoCcpm opens the Health cluster's
// round in its survey window with three anonymous answers, over the real API with a real worker; run twice, it
// skips. The activation gave the Health cluster its first round 4 months on (no schedules: see duty-schedules).
import type { INestApplication } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { createDemoCases } from '../../apps/api/src/modules/seed/demo-cases';
import { createDemoCcpm } from '../../apps/api/src/modules/seed/demo-ccpm';
import { bundleWorkflows, createWorker } from '../../apps/worker/src/worker.factory';
import { uniqueSuffix } from '../factories';
import { createTestApp, DEMO_PASSWORD } from '../utils/http';

jest.setTimeout(240_000);

test('demo CCPM round: in its survey window with three anonymous answers; a second run skips', async () => {
  const taskQueue = `it-ccpm-demo-${uniqueSuffix()}`;
  const app: INestApplication = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
  const ds = app.get(DataSource);
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker: Worker = await createWorker({ connection, taskQueue, dataSource: ds, workflowBundle: await bundleWorkflows() });
  const run = worker.run();
  try {
    await app.listen(0, '127.0.0.1');
    const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const opts = { baseUrl, password: DEMO_PASSWORD, operationName: 'South Sudan 2026', log: (line: string) => process.stdout.write(`${line}\n`) };
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
  } finally {
    worker.shutdown();
    await run.catch(() => undefined);
    await connection.close();
    await app.close();
  }
});
