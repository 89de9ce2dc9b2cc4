// The backup drill: real cases on a real worker, a pg_dump backup, more decisions after it, a restore into a
// fresh database whose every audit chain verifies, then the reconciliation that brings back, from Temporal's
// histories, exactly the events and rows the backup missed (same seq, same hashes) without touching older ones.
// Also: an API stopped while a decision waits for its case still answers it (graceful shutdown with a real worker).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { verifyChain } from '../../activities/audit-hash';
import { createApp } from '../../apps/api/src/app.factory';
import { seedDemoData } from '../../apps/api/src/modules/seed/demo-data';
import { dataSourceOptions, migrate } from '../../apps/api/src/persistence/data-source';
import { bundleWorkflows, createWorker } from '../../apps/worker/src/worker.factory';
import { backup, BackupError, restore } from '../../apps/cli/src/backup';
import { createDatabaseIfMissing, databaseUrlFor, dropDatabase } from '../../apps/cli/src/database';
import { findFreePort } from '../../apps/cli/src/net';
import { bundleForReconcile, reconcile, reconcileQuery } from '../../apps/cli/src/reconcile';
import { startDevServer, type RunningDevServer } from '../../apps/cli/src/temporal-dev-server';
import { uniqueSuffix } from '../factories';
import { sampleInput, type Field } from '../utils/sample-input';
import { testDatabaseUrl } from '../utils/postgres';

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

const EVENT_COLUMNS = `process_id AS "processId", seq, at, type, actor, step_id AS "stepId", task_id AS "taskId", decision, comment, data, prev_hash AS "prevHash", hash`;

async function allEvents(ds: DataSource): Promise<Record<string, unknown>[]> {
  return ds.query(`SELECT ${EVENT_COLUMNS} FROM audit_events ORDER BY process_id, seq`);
}

/** Every process's chain verifies (null = no broken link), keyed by process id. */
async function chains(ds: DataSource): Promise<Record<string, unknown>> {
  const events = await allEvents(ds);
  const byProcess = new Map<string, any[]>();
  for (const e of events) byProcess.set(e.processId as string, [...(byProcess.get(e.processId as string) ?? []), e]);
  return Object.fromEntries([...byProcess].map(([id, list]) => [id, verifyChain(list)]));
}

describe('backup, restore and reconciliation', () => {
  const server = () => databaseUrlFor(testDatabaseUrl(), 'postgres');
  const suffix = uniqueSuffix().replace(/\W/g, '_').toLowerCase();
  const names = { live: `hpcflow_bk_live_${suffix}`.slice(0, 60), restored: `hpcflow_bk_rest_${suffix}`.slice(0, 60) };
  const urls = { live: '', restored: '' };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-backup-'));
  const file = path.join(dir, 'hpcflow.dump');
  let temporal: RunningDevServer;
  let app: INestApplication;
  let live: DataSource;
  let nativeConnection: NativeConnection;
  let worker: Worker;
  let workerRun: Promise<void>;
  const H: Record<string, { Authorization: string }> = {};
  let definition: { input: Field[]; steps: { id: string; decisions: { id: string; tone?: string; data?: Field[] }[] }[] };
  let refs: Record<string, string>;
  const http = () => request(app.getHttpServer());

  async function start(sector: string): Promise<string> {
    const res = await http().post('/api/processes').set(H.hc).send({ type: 'cluster-activation', input: sampleInput(definition.input, refs, { sector }) });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }

  async function decide(user: string, processId: string, stepId: string): Promise<void> {
    const decision = definition.steps.find((s) => s.id === stepId)!.decisions.find((d) => d.tone === 'positive') ?? definition.steps.find((s) => s.id === stepId)!.decisions[0];
    // the task's id comes from the inbox (its format belongs to the engine)
    const inbox = await eventually(
      async () => (await http().get('/api/tasks').query({ filter: JSON.stringify({ processId, stepId }) }).set(H[user])).body as { id: string }[],
      (tasks) => Array.isArray(tasks) && tasks.length > 0,
    );
    const taskId = inbox[0].id;
    const res = await http().post(`/api/tasks/${encodeURIComponent(taskId)}/decision`).set(H[user]).send({ decision: decision.id, data: sampleInput(decision.data ?? [], refs) });
    expect({ status: res.status, body: res.status === 200 ? undefined : res.body }).toEqual({ status: 200, body: undefined });
  }

  beforeAll(async () => {
    for (const key of ['live', 'restored'] as const) {
      await createDatabaseIfMissing(server(), names[key]);
      urls[key] = databaseUrlFor(server(), names[key]);
    }
    await migrate(urls.live);
    // A Temporal of its own: the reconciliation lists every case in the namespace, as in production.
    temporal = await startDevServer({ cliPath: process.env.TEMPORAL_CLI_PATH!, port: await findFreePort(), logLevel: 'error' });
    const taskQueue = `it-backup-${suffix}`;
    app = await createApp({ env: { DATABASE_URL: urls.live, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: taskQueue } });
    await app.init();
    live = app.get(DataSource);
    await seedDemoData(live, { password: 'demo12345' });
    nativeConnection = await NativeConnection.connect({ address: temporal.address });
    worker = await createWorker({ connection: nativeConnection, taskQueue, dataSource: live, workflowBundle: await bundleWorkflows() });
    workerRun = worker.run();
    for (const u of ['hc', 'erc', 'auditor']) {
      const login = await http().post('/api/auth/login').send({ username: u, password: 'demo12345' });
      H[u] = { Authorization: `Bearer ${login.body.accessToken}` };
    }
    definition = (await http().get('/api/process-definitions/cluster-activation').set(H.hc)).body;
    const [op] = await live.query(`SELECT id FROM operations WHERE name = 'South Sudan 2026'`);
    const [org] = await live.query(`SELECT id FROM organisations WHERE name = 'UNHCR'`);
    refs = { operation: op.id, organisation: org.id };
  }, 180_000);

  afterAll(async () => {
    worker?.shutdown();
    await workerRun?.catch(() => undefined);
    await nativeConnection?.close();
    await app?.close();
    await temporal?.stop();
    for (const name of Object.values(names)) await dropDatabase(server(), name).catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('restores a backup into a fresh database with every audit chain intact, then reconciles what changed since', async () => {
    // Before the backup: two cases, one of them decided once.
    const decidedBefore = await start('education');
    const untouched = await start('logistics');
    await decide('hc', decidedBefore, 'hc-endorsement');
    const lastSeq = async (id: string) => ((await live.query(`SELECT last_seq FROM processes WHERE id = $1`, [id])) as { last_seq: number }[])[0]?.last_seq ?? 0;
    await eventually(() => lastSeq(decidedBefore), (n) => n >= 4);
    await eventually(() => lastSeq(untouched), (n) => n >= 2);
    // The projection writes a decision's changes in more than one batch (each after its workflow task commits):
    // the backup is taken once the rows stop changing, so it holds the case up to a known seq.
    const settle = async () => {
      const rows = async () => JSON.stringify(await live.query(`SELECT id, last_seq FROM processes ORDER BY id`));
      await eventually(async () => { const a = await rows(); await new Promise((r) => setTimeout(r, 750)); return a === (await rows()); }, (same) => same, 20_000);
    };
    await settle();
    const seqAtBackup = await lastSeq(decidedBefore);

    const manifest = await backup(urls.live, file);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(manifest).toMatchObject({ format: 'hpc-flow-backup/1', migrations: expect.arrayContaining(['InitialSchema1764370000000']) });
    expect(manifest.counts.processes).toBe(2);

    // After the backup: a decision on the first case and a new case; the backup holds neither.
    await decide('erc', decidedBefore, 'erc-approval');
    const startedAfter = await start('nutrition');
    await eventually(() => lastSeq(decidedBefore), (n) => n > seqAtBackup);
    await eventually(() => lastSeq(startedAfter), (n) => n >= 2);
    // let the projections settle: the same cases read twice in a row give the same rows
    await settle();
    const liveEvents = await allEvents(live);
    const liveProcesses = await live.query(`SELECT id, status, current_steps, last_seq FROM processes ORDER BY id`);
    const liveTasks = await live.query(`SELECT id, status, decision, last_seq FROM tasks ORDER BY id`);

    // Restore: into an empty database only; every chain verifies; exactly the backup's rows.
    await expect(restore(urls.live, file)).rejects.toThrow(BackupError);
    await expect(restore(urls.live, file)).rejects.toThrow(/is not empty .*restore into a new database/);
    const restored = await restore(urls.restored, file);
    expect(restored.counts).toEqual(manifest.counts);
    const ds = await new DataSource(dataSourceOptions(urls.restored, { extra: { max: 3 } })).initialize();
    try {
      const restoredChains = await chains(ds);
      expect(Object.keys(restoredChains).sort()).toEqual([decidedBefore, untouched].sort());
      for (const broken of Object.values(restoredChains)) expect(broken).toBeNull();
      expect(await ds.query(`SELECT count(*)::int AS n FROM processes WHERE id = $1`, [startedAfter])).toEqual([{ n: 0 }]);
      const eventsAtBackup = await allEvents(ds);

      // Reconcile from Temporal: open cases and those closed since the backup.
      expect(reconcileQuery(new Date(manifest.createdAt))).toBe(`ExecutionStatus = 'Running' OR CloseTime >= '${manifest.createdAt}'`);
      const connection = await Connection.connect({ address: temporal.address });
      const bundle = await bundleForReconcile();
      try {
        const lines: string[] = [];
        const results = await reconcile({ connection, namespace: 'default', dataSource: ds, since: new Date(manifest.createdAt), bundle, log: (l) => lines.push(l) });
        const by = Object.fromEntries(results.map((r) => [r.processId, r]));
        expect(by[untouched]).toMatchObject({ reason: 'up-to-date', eventsAppended: 0 });
        expect(by[decidedBefore]).toMatchObject({ reason: 'behind', fromSeq: seqAtBackup + 1 });
        expect(by[decidedBefore].eventsAppended).toBeGreaterThan(0);
        expect(by[startedAfter]).toMatchObject({ reason: 'no-row', fromSeq: 1 });

        // The restored database now holds exactly what the live one does: same events, same hashes, same rows.
        expect(await allEvents(ds)).toEqual(liveEvents);
        for (const broken of Object.values(await chains(ds))) expect(broken).toBeNull();
        expect(await ds.query(`SELECT id, status, current_steps, last_seq FROM processes ORDER BY id`)).toEqual(liveProcesses);
        expect(await ds.query(`SELECT id, status, decision, last_seq FROM tasks ORDER BY id`)).toEqual(liveTasks);
        // Nothing the backup held was rewritten.
        const now = await allEvents(ds);
        for (const e of eventsAtBackup) expect(now).toContainEqual(e);
        // Each case that got events back carries a note.
        const notes = await ds.query(`SELECT subject, note FROM system_events WHERE type = 'audit-reconciled' ORDER BY subject`);
        expect(notes.map((n: { subject: string }) => n.subject).sort()).toEqual([`process:${decidedBefore}`, `process:${startedAfter}`].sort());
        expect(notes[0].note).toMatch(/^audit events \d+\.\.\d+ were missing from the database \(restored from a backup\) and were appended from Temporal's history/);

        // A second run finds nothing to do.
        const again = await reconcile({ connection, namespace: 'default', dataSource: ds, since: new Date(manifest.createdAt), bundle });
        expect(again.reduce((n, r) => n + r.eventsAppended, 0)).toBe(0);
      } finally {
        await connection.close();
      }
    } finally {
      await ds.destroy();
    }
  }, 240_000);

  it('lets an in-flight decision finish when the API is stopped (SIGTERM) while it waits for the case', async () => {
    const processId = await start('cccm');
    const inbox = await eventually(
      async () => (await http().get('/api/tasks').query({ filter: JSON.stringify({ processId }) }).set(H.hc)).body as { id: string }[],
      (tasks) => Array.isArray(tasks) && tasks.length > 0,
    );
    const stopping = await createApp({ env: { DATABASE_URL: urls.live, TEMPORAL_ADDRESS: temporal.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: `it-backup-${suffix}` } });
    await stopping.listen(0, '127.0.0.1');
    const server = stopping.getHttpServer() as import('node:http').Server;
    const { port } = server.address() as import('node:net').AddressInfo;
    let closeCalledAt = 0;
    let closed: Promise<void> | undefined;
    // the moment the decision's request is parsed (the connection is busy, not idle), shut the API down
    server.once('request', () => {
      closeCalledAt = Date.now();
      closed = (stopping as unknown as { close(signal?: string): Promise<void> }).close('SIGTERM');
    });
    const res = await fetch(`http://127.0.0.1:${port}/api/tasks/${encodeURIComponent(inbox[0].id)}/decision`, {
      method: 'POST',
      headers: { ...H.hc, 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'endorse' }),
    });
    const answeredAt = Date.now();
    expect(res.status).toBe(200);
    expect(((await res.json()) as { task: { status: string } }).task.status).toBe('decided');
    expect(closeCalledAt).toBeGreaterThan(0);
    expect(closeCalledAt).toBeLessThanOrEqual(answeredAt);
    await closed;
    // stopped: new connections are refused
    await expect(fetch(`http://127.0.0.1:${port}/api/health/live`)).rejects.toThrow();
  }, 60_000);
});
