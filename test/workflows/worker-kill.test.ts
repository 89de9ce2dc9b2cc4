// Kill the worker process (SIGKILL) while a decision's Update is in flight: the workflow has taken the decision
// but its projection is held by a table lock this test owns, so nothing is written yet. After a restart the
// decision lands exactly once, the Update answers its caller, the audit trail is 1..n without gaps and verifies.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Client as PgClient } from 'pg';
import type { DataSource } from 'typeorm';
import { verifyChain } from '../../activities/audit-hash';
import { DECISION_ERRORS, decideUpdate, type DecideResult } from '../../workflows/contracts/messages';
import { clusterActivationId, transitionReviewId } from '../../workflows/processes';
import { connectToDevServer } from '../utils/temporal';
import { auditEvents, clusterRow, createActor, createOperation, createOrganisation, openDataSource, processRow, taskRows, uniqueSuffix } from '../factories';
import { decide, eventually, openTaskId, refusal } from './harness';

jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '../..');
let env: TestWorkflowEnvironment;
let ds: DataSource;
const children: ChildProcess[] = [];

beforeAll(async () => {
  [env, ds] = await Promise.all([connectToDevServer(), openDataSource()]);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await ds?.destroy();
  await env?.teardown();
});

/** The real worker entry point (apps/worker/src/main.ts) in its own process. */
function startWorker(taskQueue: string): ChildProcess {
  const child = spawn(process.execPath, ['-r', './test/factories/register-ts.js', 'apps/worker/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, TEMPORAL_TASK_QUEUE: taskQueue, LOG_LEVEL: 'silent', NODE_ENV: 'test' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', () => undefined);
  children.push(child);
  return child;
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** Backends waiting for a lock on the table (the worker's projection behind our lock). */
function waitingOn(table: string): Promise<{ pid: number }[]> {
  return ds.query(`SELECT l.pid FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = $1 AND NOT l.granted`, [table]);
}

async function decisionsOf(processId: string, stepId: string): Promise<number> {
  const rows = await ds.query(`SELECT count(*)::int AS n FROM audit_events WHERE process_id = $1 AND type = 'decision' AND step_id = $2`, [processId, stepId]);
  return rows[0].n;
}

test('SIGKILL while the decision Update is in flight: after a restart exactly one decision lands and its caller gets the answer', async () => {
  const taskQueue = `kill-${uniqueSuffix()}`;
  const operationId = await createOperation(ds, 'sudden-onset');
  const sector = 'education';
  const leadAgencyId = await createOrganisation(ds, 'un-agency');
  const hc = await createActor(ds, ['hc'], { operationScopes: [operationId] });
  const erc = await createActor(ds, ['erc']);
  const lead = await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }], organisationId: leadAgencyId });
  const id = clusterActivationId(operationId, sector);

  let worker = startWorker(taskQueue);
  const handle = await env.client.workflow.start('cluster-activation', {
    taskQueue,
    workflowId: id,
    args: [{
      input: { operationId, sector, leadAgencyId, rationale: 'Schools closed', criteria: { responseGaps: true, nationalCapacityInsufficient: true } },
      startedBy: { kind: 'system' },
    }],
  });
  const t1 = await eventually(() => openTaskId(handle, 'hc-endorsement').catch(() => ''), (v) => v !== '', 90_000);
  await decide(handle, { taskId: t1, decision: 'endorse', actor: hc });
  const t2 = await openTaskId(handle, 'erc-approval');
  await eventually(() => taskRows(ds, id), (rows) => rows.some((r) => r.id === t2 && r.status === 'open'));
  const seqBefore = (await processRow(ds, id)).last_seq;

  // Hold every write to the tasks table: the decision's projection (the activity the Update waits for) blocks on it.
  const blocker = new PgClient({ connectionString: process.env.DATABASE_URL });
  await blocker.connect();
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    await blocker.query('ROLLBACK');
    await blocker.end();
  };
  try {
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE tasks IN ACCESS EXCLUSIVE MODE');
    const updateId = `${t2}:${erc.id}`;
    let settled = false;
    const inFlight: Promise<DecideResult> = handle.executeUpdate(decideUpdate, { args: [{ taskId: t2, decision: 'approve', actor: erc }], updateId });
    inFlight.then(() => (settled = true), () => (settled = true));

    // The worker's projection of the decision waits on our lock: the Update is in flight, nothing is written.
    const waiting = await eventually(() => waitingOn('tasks'), (rows) => rows.length > 0, 30_000);
    expect(waiting.length).toBeGreaterThanOrEqual(1);
    expect(settled).toBe(false);
    expect(await decisionsOf(id, 'erc-approval')).toBe(0);
    expect((await processRow(ds, id)).last_seq).toBe(seqBefore);

    worker.kill('SIGKILL');
    expect((await exited(worker)).signal).toBe('SIGKILL');
    expect(settled).toBe(false);
    await release();

    // A new worker picks the case up; the caller still waiting on its Update gets the one decision.
    worker = startWorker(taskQueue);
    const result = await inFlight;
    expect(result.task).toMatchObject({ id: t2, status: 'decided', decision: 'approve' });
    expect(result.process.currentSteps).toEqual(['cla-confirmation']);
    expect(await decisionsOf(id, 'erc-approval')).toBe(1);
    const row = (await taskRows(ds, id)).find((r) => r.id === t2);
    expect(row).toMatchObject({ status: 'decided', decision: 'approve' });
    expect(new Date(row.decided_at).toISOString()).toBe(result.task.decidedAt);

    // The same submit again (same update id): the same answer, no second decision; another key: already decided.
    const again = await handle.executeUpdate(decideUpdate, { args: [{ taskId: t2, decision: 'approve', actor: erc }], updateId });
    expect(again.task.decidedAt).toBe(result.task.decidedAt);
    expect((await refusal(decide(handle, { taskId: t2, decision: 'approve', actor: erc }, 'a-second-click'))).type).toBe(DECISION_ERRORS.TaskNotOpen);
    expect(await decisionsOf(id, 'erc-approval')).toBe(1);
  } finally {
    await release();
  }

  // The case goes on to the end with the restarted worker.
  await decide(handle, { taskId: await openTaskId(handle, 'cla-confirmation'), decision: 'confirm', data: { coordinatorName: 'C', informationManagerName: 'D' }, actor: lead });
  await decide(handle, {
    taskId: await openTaskId(handle, 'cluster-setup'), decision: 'complete', actor: lead,
    data: {
      termsOfReferenceAdopted: true, strategicAdvisoryGroupFormed: true, nationalActorsInSag: true, partnerMappingDone: true,
      workPlanAdopted: true, informationSharingProtocolAgreed: true,
    },
  });
  expect(await handle.result()).toEqual({ processId: id, outcome: 'activated' });

  const events = await auditEvents(ds, id);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(verifyChain(events)).toBeNull();
  expect(events.filter((e) => e.type === 'decision').map((e) => e.stepId)).toEqual(['hc-endorsement', 'erc-approval', 'cla-confirmation', 'cluster-setup']);
  expect(await processRow(ds, id)).toMatchObject({ status: 'completed', outcome: 'activated', last_seq: events.length });
  const cluster = await clusterRow(ds, operationId, sector);
  expect(cluster.status).toBe('active');
  await env.client.workflow.getHandle(transitionReviewId(cluster.id)).terminate('end of test');

  // Graceful stop on SIGTERM.
  worker.kill('SIGTERM');
  expect((await exited(worker)).code).toBe(0);
});
