// Kill the worker process (SIGKILL) in the middle of a decision; after a restart the case goes on:
// the decision is recorded once, the audit trail is 1..n without gaps, and the chain verifies.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { WorkflowUpdateStage } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { DataSource } from 'typeorm';
import { verifyChain } from '../../activities/audit-hash';
import { decideUpdate } from '../../workflows/contracts/messages';
import { clusterActivationId } from '../../workflows/contracts/workflow-ids';
import { connectToDevServer } from '../utils/temporal';
import { auditEvents, clusterRow, createActor, createOperation, openDataSource, processRow, uniqueSuffix } from '../factories';
import { decide, eventually, openTaskId } from './harness';

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

test('SIGKILL during a decision: after a restart the case continues, nothing lost or duplicated', async () => {
  const taskQueue = `kill-${uniqueSuffix()}`;
  const operationId = await createOperation(ds);
  const sector = 'education';
  const hc = await createActor(ds, ['hc']);
  const erc = await createActor(ds, ['erc']);
  const lead = await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }] });
  const id = clusterActivationId(operationId, sector);

  let worker = startWorker(taskQueue);
  const handle = await env.client.workflow.start('clusterActivationWorkflow', {
    taskQueue,
    workflowId: id,
    args: [{
      input: { operationId, sector, leadAgency: 'UNICEF', rationale: 'Schools closed', criteria: { responseGaps: true, nationalCapacityInsufficient: true } },
      startedBy: { kind: 'system' },
    }],
  });
  const t1 = await eventually(() => openTaskId(handle, 'hc-endorsement').catch(() => ''), (v) => v !== '', 90_000);
  await decide(handle, { taskId: t1, decision: 'endorse', actor: hc });
  const t2 = await openTaskId(handle, 'erc-approval');

  // Kill the worker as soon as the ERC's decision is accepted: its projection may be half-way.
  const updateId = `${t2}:${erc.id}`;
  const pending = await handle.startUpdate(decideUpdate, { args: [{ taskId: t2, decision: 'approve', actor: erc }], updateId, waitForStage: WorkflowUpdateStage.ACCEPTED });
  worker.kill('SIGKILL');
  expect((await exited(worker)).signal).toBe('SIGKILL');

  worker = startWorker(taskQueue);
  const result = await pending.result();
  expect(result.task).toMatchObject({ id: t2, status: 'decided', decision: 'approve' });
  expect(result.process.currentSteps).toEqual(['cla-confirmation']);

  // The same submit again (same update id): the same answer, no second decision.
  const again = await handle.executeUpdate(decideUpdate, { args: [{ taskId: t2, decision: 'approve', actor: erc }], updateId });
  expect(again.task.decidedAt).toBe(result.task.decidedAt);

  // The case goes on to the end with the restarted worker.
  await decide(handle, { taskId: await openTaskId(handle, 'cla-confirmation'), decision: 'confirm', data: { coordinatorName: 'C', informationManagerName: 'D' }, actor: lead });
  await decide(handle, {
    taskId: await openTaskId(handle, 'cluster-setup'), decision: 'complete', actor: lead,
    data: { termsOfReferenceAdopted: true, strategicAdvisoryGroupFormed: true, partnerMappingDone: true, workPlanAdopted: true },
  });
  expect(await handle.result()).toEqual({ processId: id, outcome: 'activated' });

  const events = await auditEvents(ds, id);
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(verifyChain(events)).toBeNull();
  expect(events.filter((e) => e.type === 'decision').map((e) => e.stepId)).toEqual(['hc-endorsement', 'erc-approval', 'cla-confirmation', 'cluster-setup']);
  expect(await processRow(ds, id)).toMatchObject({ status: 'completed', outcome: 'activated', last_seq: events.length });
  const cluster = await clusterRow(ds, operationId, sector);
  expect(cluster.status).toBe('active');
  await env.client.workflow.getHandle(`transition-review:${cluster.id}`).terminate('end of test');

  // Graceful stop on SIGTERM.
  worker.kill('SIGTERM');
  expect((await exited(worker)).code).toBe(0);
});
