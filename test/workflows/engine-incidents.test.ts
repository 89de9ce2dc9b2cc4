// Engine v2 incidents on a fixture process (time-skipping server, real activities on PostgreSQL): a failing
// effect or an activity no worker has becomes an incident on the case (row, search attribute, state) instead
// of a failed workflow task; decisions wait; an admin retries once the cause is gone, or cancels.
import type { WorkflowHandle } from '@temporalio/client';
import { verifyChain } from '../../activities/audit-hash';
import { cancelUpdate, DECISION_ERRORS, retryIncidentUpdate } from '../../workflows/contracts/messages';
import { auditEvents, createActor, createCluster, createOperation, processRow, taskRows, uniqueSuffix } from '../factories';
import { createActivities } from '../../activities';
import { createWorker } from '../../apps/worker/src/worker.factory';
import { decide, eventually, refusal, snapshot, withWorker } from './harness';
import { finished, HPC_STATUS, startCase, useFixtureSuite } from './fixtures/engine-suite';
import { FIXTURE_INCIDENT } from './fixtures/processes';

jest.setTimeout(120_000);

const suite = useFixtureSuite();

async function hpcStatus(handle: WorkflowHandle): Promise<string | undefined> {
  return (await handle.describe()).typedSearchAttributes.get(HPC_STATUS);
}

async function eventTypes(handle: WorkflowHandle): Promise<string[]> {
  return ((await handle.fetchHistory()).events ?? []).map((e) => String(e.eventType));
}

test('incidents: shown on the case instead of failing the workflow task, decisions refused meanwhile; an admin retry after the cause is gone moves the case on; an admin cancel during an incident ends it cancelled', async () => {
  const operationId = await createOperation(suite.ds);
  const clusterId = await createCluster(suite.ds, operationId, 'health', 'proposed');
  const ocha = await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] });
  const admin = await createActor(suite.ds, ['admin']);

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(suite, taskQueue, FIXTURE_INCIDENT, { caseKey: `${operationId}:retry`, operationId, clusterId, mode: 'cluster' });
    const id = handle.workflowId;
    await eventually(() => snapshot(handle), (s) => s.openTasks.length === 2);

    // The decision is recorded; its effect fails (the cluster is not active): an incident, not a failed task.
    const go = decide(handle, { taskId: `${id}~prepare~1`, decision: 'go', actor: ocha });
    go.catch(() => undefined);
    const message = `cluster ${clusterId} is proposed, not active`;
    const row = await eventually(() => processRow(suite.ds, id), (r) => !!r?.incident);
    expect(row.incident).toMatchObject({ message, stepId: 'prepare', attempts: 1 });
    expect(row.incident_at).not.toBeNull();
    expect(row.status).toBe('running');
    await eventually(() => hpcStatus(handle), (s) => s === 'incident');
    expect((await snapshot(handle)).process.incident).toMatchObject({ message, stepId: 'prepare' });
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(await eventTypes(handle)).not.toContain('EVENT_TYPE_WORKFLOW_TASK_FAILED');

    // Meanwhile decisions are refused; only an admin may retry.
    const side = await refusal(decide(handle, { taskId: `${id}~side~1`, decision: 'note', actor: ocha }, 'during-incident'));
    expect(side.type).toBe(DECISION_ERRORS.Conflict);
    expect(side.message).toBe(`the case has an incident (${message}); an admin must retry it before decisions are taken`);
    expect((await refusal(handle.executeUpdate(retryIncidentUpdate, { args: [{ actor: ocha }] }))).type).toBe(DECISION_ERRORS.Forbidden);

    // A retry while the cause remains fails again (attempt 2); after the cluster is active it resolves.
    await handle.executeUpdate(retryIncidentUpdate, { args: [{ actor: admin, comment: 'first try' }] });
    await eventually(() => processRow(suite.ds, id), (r) => r.incident?.attempts === 2);
    await suite.ds.query(`UPDATE clusters SET status = 'active' WHERE id = $1`, [clusterId]);
    await handle.executeUpdate(retryIncidentUpdate, { args: [{ actor: admin, comment: 'cluster activated' }] });
    const resolved = await eventually(() => processRow(suite.ds, id), (r) => r.incident === null && r.current_steps.includes('finish'));
    expect(resolved.incident_at).toBeNull();
    await eventually(() => hpcStatus(handle), (s) => s === 'running');
    expect((await go).task).toMatchObject({ status: 'decided', decision: 'go' });

    await decide(handle, { taskId: `${id}~side~1`, decision: 'note', actor: ocha });
    await decide(handle, { taskId: `${id}~finish~1`, decision: 'done', actor: ocha });
    expect(await finished(suite, handle)).toEqual({ processId: id, outcome: 'done' });
    const events = await auditEvents(suite.ds, id);
    expect(events.filter((e) => e.type.startsWith('incident-') || e.type === 'case-action').map((e) => [e.type, e.decision, e.data?.attempts ?? null])).toEqual([
      ['incident-opened', null, 1], ['case-action', 'retry-incident', null], ['incident-opened', null, 2], ['case-action', 'retry-incident', null], ['incident-resolved', null, 2],
    ]);
    expect(verifyChain(events)).toBeNull();
    expect(await eventTypes(handle)).not.toContain('EVENT_TYPE_WORKFLOW_TASK_FAILED');

    // An activity no worker registers: the retries run out, an incident opens; an admin cancels the case.
    const broken = await startCase(suite, taskQueue, FIXTURE_INCIDENT, { caseKey: `${operationId}:cancel`, operationId, clusterId, mode: 'missing-activity' });
    await eventually(() => snapshot(broken), (s) => s.openTasks.length === 2);
    const stuck = decide(broken, { taskId: `${broken.workflowId}~prepare~1`, decision: 'go', actor: ocha });
    stuck.catch(() => undefined);
    await suite.env.sleep('10 minutes');
    const brokenRow = await eventually(() => processRow(suite.ds, broken.workflowId), (r) => !!r?.incident);
    expect(brokenRow.incident).toMatchObject({ stepId: 'prepare', activity: 'noSuchActivity' });
    expect(brokenRow.incident.message).toContain('noSuchActivity');
    expect((await refusal(broken.executeUpdate(cancelUpdate, { args: [{ reason: 'cannot go on', actor: ocha }] }))).type).toBe(DECISION_ERRORS.Forbidden);
    const cancelled = await broken.executeUpdate(cancelUpdate, { args: [{ reason: 'The activity was removed', actor: admin }] });
    expect(cancelled).toMatchObject({ status: 'cancelled', outcome: 'cancelled' });
    expect(await finished(suite, broken)).toEqual({ processId: broken.workflowId, outcome: 'cancelled' });
    const final = await eventually(() => processRow(suite.ds, broken.workflowId), (r) => r.status === 'cancelled' && r.incident === null);
    expect(final.outcome).toBe('cancelled');
    expect((await taskRows(suite.ds, broken.workflowId)).map((r) => r.status).sort()).toEqual(['cancelled', 'decided']);
    expect((await auditEvents(suite.ds, broken.workflowId)).find((e) => e.type === 'process-cancelled')).toMatchObject({ comment: 'The activity was removed' });
    expect(await eventTypes(broken)).not.toContain('EVENT_TYPE_WORKFLOW_TASK_FAILED');
  });
});

test("incidents: an admin's retry that arrives while the incident row is still being written is not lost", async () => {
  const operationId = await createOperation(suite.ds);
  const clusterId = await createCluster(suite.ds, operationId, 'health', 'proposed');
  const ocha = await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] });
  const admin = await createActor(suite.ds, ['admin']);
  // recordIncident of the opening incident is held until the admin's retry has been accepted.
  const activities = createActivities(suite.ds);
  let recording!: () => void;
  const recordingStarted = new Promise<void>((resolve) => (recording = resolve));
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: typeof activities = {
    ...activities,
    recordIncident: async (req) => {
      if (!req.resolved) {
        recording();
        await released;
      }
      return activities.recordIncident(req);
    },
  };
  const taskQueue = `test-${uniqueSuffix()}`;
  const worker = await createWorker({ connection: suite.env.nativeConnection, namespace: suite.env.namespace ?? 'default', taskQueue, dataSource: suite.ds, workflowBundle: suite.bundle, activities: held });
  await worker.runUntil(async () => {
    const handle = await startCase(suite, taskQueue, FIXTURE_INCIDENT, { caseKey: `${operationId}:retry-while-recording`, operationId, clusterId, mode: 'cluster' });
    const id = handle.workflowId;
    await eventually(() => snapshot(handle), (s) => s.openTasks.length === 2);
    const go = decide(handle, { taskId: `${id}~prepare~1`, decision: 'go', actor: ocha });
    go.catch(() => undefined);
    await recordingStarted;
    // The cause is gone and the admin retries while the row is being written; then the write completes.
    await suite.ds.query(`UPDATE clusters SET status = 'active' WHERE id = $1`, [clusterId]);
    await handle.executeUpdate(retryIncidentUpdate, { args: [{ actor: admin, comment: 'activated meanwhile' }] });
    release();
    // Resolved by that retry, not by the automatic one ten minutes later (no time is skipped while polling).
    await eventually(() => processRow(suite.ds, id), (r) => r?.incident === null && r.current_steps.includes('finish'));
    expect((await go).task).toMatchObject({ status: 'decided', decision: 'go' });
    const events = await auditEvents(suite.ds, id);
    expect(events.filter((e) => e.type.startsWith('incident-') || e.type === 'case-action').map((e) => [e.type, e.decision, e.data?.attempts ?? null])).toEqual([
      ['case-action', 'retry-incident', null], ['incident-opened', null, 1], ['incident-resolved', null, 1],
    ]);
    expect(verifyChain(events)).toBeNull();
  });
});
