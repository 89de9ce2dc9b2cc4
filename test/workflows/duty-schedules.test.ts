// Recurring duties (PROCESSES.md §6) on real Temporal Schedules (the run's dev server: the time-skipping server
// does not implement CreateSchedule): created when the activation makes the cluster active (with the first CCPM
// round 4 months later), each firing a `recurring-duty` case, paused, deleted on deactivation (the open round
// cancelled), reconciled at worker start. The occurrences' timing is in duty-occurrence.test.ts (time-skipping).
import type { Client } from '@temporalio/client';
import { activitiesFrom, activityServices } from '../../activities';
import { DutiesActivitiesService, followDutySchedules, reconcileDutySchedules } from '../../activities/duties/duties.activities';
import { addDuration } from '../../workflows/domain/durations';
import { operationSettingsOf } from '../../workflows/domain/reference';
import { ccpmRoundId, clusterActivationId, dutiesOf, transitionReviewId } from '../../workflows/processes';
import { DUTIES, dutyScheduleId } from '../../workflows/processes/recurring-duty';
import type { OperationContext } from '../../workflows/processes/types';
import { auditEvents, clusterRow, createActor, createCluster, createOperation, createOrganisation, processRow, taskRows } from '../factories';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';
import { openDataSource } from '../factories';
import { connectToDevServer } from '../utils/temporal';
import { decide, eventually, openTaskId, snapshot, withWorker, workflowExists } from './harness';

jest.setTimeout(180_000);

const DAY = 24 * 3_600_000;
const suite = {} as { env: TestWorkflowEnvironment; bundle: WorkflowBundleWithSourceMap; ds: DataSource };
beforeAll(async () => {
  [suite.env, suite.bundle, suite.ds] = await Promise.all([connectToDevServer(), bundleWorkflows(), openDataSource()]);
});
afterAll(async () => {
  await suite.ds?.destroy();
  await suite.env?.teardown();
});
const iso = (ms: number) => new Date(ms).toISOString();

async function operationContext(operationId: string): Promise<OperationContext> {
  const [row] = await suite.ds.query('SELECT id, name, type, settings FROM operations WHERE id = $1', [operationId]);
  return { id: row.id, name: row.name, type: row.type, settings: operationSettingsOf(row.settings) };
}

/** The duty schedules of these clusters that exist (the time-skipping server cannot list schedules: each is described). */
async function scheduleIds(client: Client, clusterIds: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const clusterId of clusterIds) {
    for (const duty of DUTIES) {
      const id = dutyScheduleId(clusterId, duty.id);
      if (await client.schedule.getHandle(id).describe().then(() => true, () => false)) ids.push(id);
    }
  }
  return ids.sort();
}

const dutyCases = (clusterId: string): Promise<{ id: string; status: string; outcome: string | null; input: any }[]> =>
  suite.ds.query(`SELECT id, status, outcome, input FROM processes WHERE type = 'recurring-duty' AND cluster_id = $1 ORDER BY started_at, id`, [clusterId]);

test('activation creates one schedule per duty and the first CCPM round 4 months later; the schedules start occurrences on the 1st; deactivation deletes them and cancels the open round', async () => {
  const operationId = await createOperation(suite.ds);
  const leadAgencyId = await createOrganisation(suite.ds, 'un-agency');
  const hc = await createActor(suite.ds, ['hc'], { operationScopes: [operationId] });
  const erc = await createActor(suite.ds, ['erc']);
  const lead = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'protection' }], organisationId: leadAgencyId });
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const id = clusterActivationId(operationId, 'protection');
    const handle = await suite.env.client.workflow.start('cluster-activation', {
      taskQueue, workflowId: id,
      args: [{ input: { operationId, sector: 'protection', leadAgencyId, rationale: 'Displacement', criteria: { responseGaps: true, nationalCapacityInsufficient: true } }, startedBy: { kind: 'system' }, operation: await operationContext(operationId) }],
    });
    await decide(handle, { taskId: await openTaskId(handle, 'hc-endorsement'), decision: 'endorse', actor: hc });
    await decide(handle, { taskId: await openTaskId(handle, 'erc-approval'), decision: 'approve', actor: erc });
    await decide(handle, { taskId: await openTaskId(handle, 'cla-confirmation'), decision: 'confirm', data: { coordinatorName: 'A. Coordinator', informationManagerName: 'B. Manager' }, actor: lead });
    const cluster = await eventually(() => clusterRow(suite.ds, operationId, 'protection'), (r) => r?.status === 'active');
    const activatedAt = Date.parse(new Date(cluster.activated_at).toISOString());

    // Eight duties for Protection (the GPC ones included), one schedule each.
    const expected = dutiesOf('protection').map((d) => dutyScheduleId(cluster.id, d.id)).sort();
    expect(expected).toHaveLength(8);
    expect(await eventually(() => scheduleIds(suite.env.client, [cluster.id]), (ids) => ids.length === 8)).toEqual(expected);
    const monthly = await suite.env.client.schedule.getHandle(dutyScheduleId(cluster.id, '5w-update')).describe();
    expect(monthly.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
    expect(monthly.action).toMatchObject({ type: 'startWorkflow', workflowType: 'recurring-duty' });

    // The first CCPM round: its launch opens 4 months after activation.
    const launchAt = addDuration(activatedAt, '4 months');
    const roundId = ccpmRoundId(cluster.id, new Date(launchAt).getUTCFullYear());
    await eventually(() => workflowExists(suite.env.client, roundId), (v) => v);
    const round = suite.env.client.workflow.getHandle(roundId);
    await eventually(() => auditEvents(suite.ds, roundId), (e) => e.some((x) => x.type === 'step-scheduled'));
    expect((await auditEvents(suite.ds, roundId)).find((e) => e.type === 'step-scheduled')!.data).toMatchObject({ opensAt: iso(launchAt), dueAt: iso(launchAt + 14 * DAY) });
    expect((await snapshot(round)).openTasks).toHaveLength(0);
    // The review outlives the activation; it is not under test here.
    await suite.env.client.workflow.getHandle(transitionReviewId(cluster.id)).terminate('end of test');

    // A firing (triggered now instead of waiting for the 1st) starts an occurrence: a recurring-duty case, due 10 days on.
    expect(monthly.spec.timezone).toBe('UTC');
    await suite.env.client.schedule.getHandle(dutyScheduleId(cluster.id, '5w-update')).trigger();
    const [fiveW] = await eventually(() => dutyCases(cluster.id), (rows) => rows.length === 1, 30_000);
    expect(fiveW.input).toEqual({ clusterId: cluster.id, operationId, sector: 'protection', duty: '5w-update' });
    expect(fiveW.id.startsWith(`recurring-duty:${cluster.id}:5w-update-`)).toBe(true);
    const [task] = await eventually(() => taskRows(suite.ds, fiveW.id), (rows) => rows.length === 1);
    expect(task).toMatchObject({ step_id: 'monthly-duty', status: 'open', roles: ['cluster_lead'] });
    // Due 10 days after its anchor (the firing); the task opens at the firing or a moment after it.
    const dueAfterOpening = Date.parse(new Date(task.due_at).toISOString()) - Date.parse(new Date(task.created_at).toISOString());
    expect(dueAfterOpening).toBeLessThanOrEqual(10 * DAY);
    expect(dueAfterOpening).toBeGreaterThan(10 * DAY - 60_000);

    // Paused (transition, when the operation wants it), then resumed.
    const duties = new DutiesActivitiesService(suite.ds, () => suite.env.client, () => taskQueue);
    expect(await duties.pauseClusterSchedules({ clusterId: cluster.id, paused: true, reason: 'in transition' })).toEqual({ changed: 8 });
    expect((await suite.env.client.schedule.getHandle(dutyScheduleId(cluster.id, 'hct-briefing')).describe()).state.paused).toBe(true);
    await duties.pauseClusterSchedules({ clusterId: cluster.id, paused: false, reason: 'back' });
    expect((await suite.env.client.schedule.getHandle(dutyScheduleId(cluster.id, 'hct-briefing')).describe()).state.paused).toBe(false);

    // Deactivation: every schedule deleted, the open round and the open occurrences cancelled.
    await eventually(() => processRow(suite.ds, roundId), (r) => r?.status === 'running');
    const stopped = await duties.stopClusterSchedules({ clusterId: cluster.id, reason: 'deactivated' });
    expect(stopped.stopped).toBeGreaterThanOrEqual(8 + 1);
    expect(await scheduleIds(suite.env.client, [cluster.id])).toEqual([]);
    await eventually(() => processRow(suite.ds, roundId), (r) => r?.status === 'cancelled');
    expect((await dutyCases(cluster.id)).filter((r) => r.status === 'running')).toEqual([]);
    // Stopping again finds nothing and is no error.
    expect(await duties.stopClusterSchedules({ clusterId: cluster.id, reason: 'deactivated' })).toEqual({ stopped: 0 });
  });
});

async function dutyCast(sector = 'health') {
  const operationId = await createOperation(suite.ds);
  const clusterId = await createCluster(suite.ds, operationId, sector, 'active', iso(Date.now()));
  return {
    operationId, clusterId, sector,
    lead: await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }], organisationId: await createOrganisation(suite.ds, 'un-agency') }),
    ocha: await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] }),
  };
}

test('reconcile at worker start: a missing schedule of an active cluster is created, an orphan (deactivated cluster) deleted', async () => {
  const active = await dutyCast('wash');
  const gone = await dutyCast('health');
  await suite.ds.query(`UPDATE clusters SET status = 'deactivated' WHERE id = $1`, [gone.clusterId]);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const duties = new DutiesActivitiesService(suite.ds, () => suite.env.client, () => taskQueue);
    // The deactivated cluster's schedules were left behind (say, a deactivation while Temporal was down).
    await suite.ds.query(`UPDATE clusters SET status = 'active' WHERE id = $1`, [gone.clusterId]);
    await duties.createClusterSchedules({ clusterId: gone.clusterId });
    await suite.ds.query(`UPDATE clusters SET status = 'deactivated' WHERE id = $1`, [gone.clusterId]);
    // One of the active cluster's schedules exists already, the rest are missing.
    await duties.createClusterSchedules({ clusterId: active.clusterId });
    await suite.env.client.schedule.getHandle(dutyScheduleId(active.clusterId, 'cla-briefing')).delete();

    const result = await reconcileDutySchedules(suite.env.client, suite.ds, taskQueue);
    expect(result.created.filter((x) => x.includes(active.clusterId))).toEqual([dutyScheduleId(active.clusterId, 'cla-briefing')]);
    expect(result.deleted.filter((x) => x.includes(gone.clusterId)).sort()).toEqual(dutiesOf('health').map((d) => dutyScheduleId(gone.clusterId, d.id)).sort());
    expect(await scheduleIds(suite.env.client, [active.clusterId])).toEqual(dutiesOf('wash').map((d) => dutyScheduleId(active.clusterId, d.id)).sort());
    expect(await scheduleIds(suite.env.client, [gone.clusterId])).toEqual([]);
    // Idempotent.
    const again = await reconcileDutySchedules(suite.env.client, suite.ds, taskQueue);
    expect([...again.created, ...again.deleted].filter((x) => x.includes(active.clusterId) || x.includes(gone.clusterId))).toEqual([]);
  });
});

test('reconcile at every worker start costs no call for clusters that have no schedule: only listed or just deactivated ones are deleted', async () => {
  const never = await dutyCast('health');
  const stale = await dutyCast('wash');
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const duties = new DutiesActivitiesService(suite.ds, () => suite.env.client, () => taskQueue);
    // A cluster proposed just now and never activated (no schedule), and one deactivated days ago whose schedules
    // were left behind.
    await suite.ds.query(`UPDATE clusters SET status = 'proposed', updated_at = now() WHERE id = $1`, [never.clusterId]);
    await duties.createClusterSchedules({ clusterId: stale.clusterId });
    await suite.ds.query(`UPDATE clusters SET status = 'deactivated', updated_at = now() - interval '3 days' WHERE id = $1`, [stale.clusterId]);
    const staleIds = dutiesOf('wash').map((d) => dutyScheduleId(stale.clusterId, d.id)).sort();
    // The server lists them (visibility follows shortly).
    const listed = async () => {
      const ids: string[] = [];
      for await (const x of suite.env.client.schedule.list()) if (x.scheduleId.includes(stale.clusterId)) ids.push(x.scheduleId);
      return ids.sort();
    };
    await eventually(listed, (ids) => ids.length === staleIds.length);

    // The real client, with the schedule ids it is asked about recorded.
    const asked: string[] = [];
    const schedule = new Proxy(suite.env.client.schedule, {
      get(target, prop, receiver) {
        if (prop === 'getHandle') return (id: string) => (asked.push(id), target.getHandle(id));
        const v = Reflect.get(target, prop, receiver) as unknown;
        return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const client = new Proxy(suite.env.client, { get: (target, prop, receiver) => (prop === 'schedule' ? schedule : Reflect.get(target, prop, receiver)) });

    const result = await reconcileDutySchedules(client, suite.ds, taskQueue);
    expect(result.deleted.filter((x) => x.includes(stale.clusterId)).sort()).toEqual(staleIds);
    expect(await scheduleIds(suite.env.client, [stale.clusterId, never.clusterId])).toEqual([]);
    expect(asked.filter((id) => id.includes(never.clusterId))).toEqual([]);
  });
});

test('in transition, when the operation wants it: the status change pauses the schedules, leaving transition resumes them; the setting is followed at once and at worker start', async () => {
  const c = await dutyCast('wash');
  const other = await dutyCast('health');
  await suite.ds.query(`UPDATE operations SET settings = settings || '{"pauseDutiesInTransition": true}' WHERE id = $1`, [c.operationId]);
  const paused = async (clusterId: string) => (await Promise.all(dutiesOf('wash').map((d) => suite.env.client.schedule.getHandle(dutyScheduleId(clusterId, d.id)).describe()))).map((x) => x.state.paused);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const duties = new DutiesActivitiesService(suite.ds, () => suite.env.client, () => taskQueue);
    // The activities the effects call (setClusterStatus is followed by the schedules), with this test's client.
    const acts = activitiesFrom({ ...activityServices(suite.ds), duties });
    await duties.createClusterSchedules({ clusterId: c.clusterId });
    await duties.createClusterSchedules({ clusterId: other.clusterId });
    const change = (cl: { clusterId: string; operationId: string; sector: string }, status: 'in-transition' | 'deactivated') =>
      acts.setClusterStatus({ clusterId: cl.clusterId, operationId: cl.operationId, sector: cl.sector, status, at: new Date().toISOString(), actor: { kind: 'system' } as never });

    await change(c, 'in-transition');
    expect(await paused(c.clusterId)).toEqual(dutiesOf('wash').map(() => true));
    // An operation that does not want it keeps its cluster's duties running in transition.
    await change(other, 'in-transition');
    expect((await suite.env.client.schedule.getHandle(dutyScheduleId(other.clusterId, '5w-update')).describe()).state.paused).toBe(false);

    // The operation changes its mind: the clusters in transition follow at once (the API calls this after PATCH /settings).
    await suite.ds.query(`UPDATE operations SET settings = settings || '{"pauseDutiesInTransition": false}' WHERE id = $1`, [c.operationId]);
    expect(await followDutySchedules(suite.env.client, suite.ds, { operationId: c.operationId })).toEqual({ changed: dutiesOf('wash').length });
    expect(await paused(c.clusterId)).toEqual(dutiesOf('wash').map(() => false));
    // And back on: the worker's start reconciles too.
    await suite.ds.query(`UPDATE operations SET settings = settings || '{"pauseDutiesInTransition": true}' WHERE id = $1`, [c.operationId]);
    await reconcileDutySchedules(suite.env.client, suite.ds, taskQueue);
    expect(await paused(c.clusterId)).toEqual(dutiesOf('wash').map(() => true));

    // Leaving transition (back to active here): resumed.
    await suite.ds.query(`UPDATE clusters SET status = 'active' WHERE id = $1`, [c.clusterId]);
    expect(await duties.followClusterStatus({ clusterId: c.clusterId })).toEqual({ changed: dutiesOf('wash').length });
    expect(await paused(c.clusterId)).toEqual(dutiesOf('wash').map(() => false));
    await duties.stopClusterSchedules({ clusterId: c.clusterId, reason: 'deactivated' });
    await duties.stopClusterSchedules({ clusterId: other.clusterId, reason: 'deactivated' });
  });
});
