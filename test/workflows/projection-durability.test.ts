// The read model and the audit trail hold only what Temporal durably took. Here every workflow task that handles a
// decision fails after the handler (as when the worker or the server dies before the task completes): whatever
// Temporal's history keeps of that decision, audit_events and tasks say the same. Found by the fault injection
// suite (kill -9 under decision traffic): with the projection as a local activity inside that workflow task, the
// decision was written although Temporal never accepted it, and a re-execution wrote it again under a new seq.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { verifyChain } from '../../activities/audit-hash';
import { createWorker, WORKFLOWS_PATH } from '../../apps/worker/src/worker.factory';
import { decideUpdate } from '../../workflows/contracts/messages';
import { clusterActivationId } from '../../workflows/processes';
import { connectToDevServer, testNamespace } from '../utils/temporal';
import { auditEvents, createActor, createOperation, createOrganisation, openDataSource, taskRows, uniqueSuffix } from '../factories';
import { FAIL_AFTER_DECISION } from './fixtures/fail-after-decision.interceptors';
import { eventually, openTaskId } from './harness';

jest.setTimeout(120_000);

let env: TestWorkflowEnvironment;
let ds: DataSource;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  [env, ds, bundle] = await Promise.all([
    connectToDevServer(),
    openDataSource(),
    bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, workflowInterceptorModules: [require.resolve('./fixtures/fail-after-decision.interceptors')], logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } }),
  ]);
});
afterAll(async () => {
  await ds?.destroy();
  await env?.teardown();
});

test('a decision whose workflow task is lost is neither in the audit trail nor in the read model', async () => {
  const taskQueue = `durability-${uniqueSuffix()}`;
  const operationId = await createOperation(ds, 'sudden-onset');
  const sector = 'education';
  const leadAgencyId = await createOrganisation(ds, 'un-agency');
  const hc = await createActor(ds, ['hc'], { operationScopes: [operationId] });
  const id = clusterActivationId(operationId, sector);
  const worker = await createWorker({ connection: env.nativeConnection, namespace: testNamespace(), taskQueue, dataSource: ds, workflowBundle: bundle });

  await worker.runUntil(async () => {
    const handle = await env.client.workflow.start('cluster-activation', {
      taskQueue,
      workflowId: id,
      args: [{ input: { operationId, sector, leadAgencyId, rationale: 'Schools closed', criteria: { responseGaps: true, nationalCapacityInsufficient: true } }, startedBy: { kind: 'system' } }],
    });
    const taskId = await openTaskId(handle, 'hc-endorsement');
    await eventually(() => taskRows(ds, id), (rows) => rows.some((r) => r.id === taskId && r.status === 'open'));
    const before = await auditEvents(ds, id);

    // The decision is handled, then its workflow task fails (and fails again on every retry).
    const updateId = `lost-${uniqueSuffix()}`;
    const lost = handle.executeUpdate(decideUpdate, { args: [{ taskId, decision: 'return', comment: FAIL_AFTER_DECISION, actor: hc }], updateId });
    lost.catch(() => undefined);

    // Until Temporal has failed a workflow task after the decision at least twice: every attempt handled it.
    await eventually(
      async () => (await handle.fetchHistory()).events?.filter((e) => e.workflowTaskFailedEventAttributes).length ?? 0,
      (failures) => failures >= 2,
      60_000,
    );
    const history = (await handle.fetchHistory()).events ?? [];
    const accepted = history.filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId === updateId).length;

    // The audit trail and the task row say what Temporal's history says: the decision once if it took it, else not at all.
    const after = await auditEvents(ds, id);
    const recorded = after.filter((e) => e.type === 'decision' && e.taskId === taskId).length;
    const row = (await taskRows(ds, id)).find((r) => r.id === taskId);
    expect({ recorded, status: row.status }).toEqual(accepted === 1 ? { recorded: 1, status: 'decided' } : { recorded: 0, status: 'open' });
    expect(accepted).toBeLessThanOrEqual(1);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(verifyChain(after)).toBeNull();

    await handle.terminate('end of test');
  });
});
