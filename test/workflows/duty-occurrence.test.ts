// One occurrence of a recurring duty (PROCESSES.md §6) on the time-skipping server, started as its schedule
// starts it: reminders, overdue and escalation to OCHA, done (with evidence), missed (with a reason), and missed
// by the system when the next occurrence opens (a month, a quarter later).
import { DECISION_ERRORS } from '../../workflows/contracts/messages';
import { addDuration } from '../../workflows/domain/durations';
import { operationSettingsOf } from '../../workflows/domain/reference';
import type { OperationContext } from '../../workflows/processes/types';
import { auditEvents, createActor, createCluster, createOperation, createOrganisation, notificationsFor, processRow, taskRows } from '../factories';
import { decide, eventually, openTaskId, refusal, snapshot, useTimeSkippingSuite, withWorker } from './harness';

jest.setTimeout(180_000);

const DAY = 24 * 3_600_000;
const suite = useTimeSkippingSuite();
const iso = (ms: number) => new Date(ms).toISOString();

async function sleepUntil(target: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (target > now) await suite.env.sleep(target - now);
}

async function operationContext(operationId: string): Promise<OperationContext> {
  const [row] = await suite.ds.query('SELECT id, name, type, settings FROM operations WHERE id = $1', [operationId]);
  return { id: row.id, name: row.name, type: row.type, settings: operationSettingsOf(row.settings) };
}

async function dutyCast(sector = 'health') {
  const operationId = await createOperation(suite.ds);
  const clusterId = await createCluster(suite.ds, operationId, sector, 'active', iso(await suite.env.currentTimeMs()));
  return {
    operationId, clusterId, sector,
    lead: await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }], organisationId: await createOrganisation(suite.ds, 'un-agency') }),
    ocha: await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] }),
  };
}

async function startDuty(taskQueue: string, c: Awaited<ReturnType<typeof dutyCast>>, duty: string, n = 1) {
  const workflowId = `recurring-duty:${c.clusterId}:${duty}-${n}`;
  await suite.env.client.workflow.start('recurring-duty', {
    taskQueue, workflowId,
    args: [{ input: { clusterId: c.clusterId, operationId: c.operationId, sector: c.sector, duty }, startedBy: { kind: 'system' }, operation: await operationContext(c.operationId) }],
  });
  return suite.env.client.workflow.getHandle(workflowId);
}

test('an occurrence: reminder before the 10th, overdue and escalated to OCHA after; done late with evidence; missed needs a reason; quarterly duties get a month', async () => {
  const c = await dutyCast();
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const h = await startDuty(taskQueue, c, '5w-update');
    const taskId = await openTaskId(h, 'monthly-duty');
    const open = (await snapshot(h)).openTasks[0];
    const t0 = Date.parse(open.createdAt);
    expect(open).toMatchObject({ roles: ['cluster_lead'], dueAt: iso(t0 + 10 * DAY) });
    await sleepUntil(t0 + 14 * DAY);
    const events = await eventually(() => auditEvents(suite.ds, h.workflowId), (e) => e.some((x) => x.type === 'task-escalated'));
    expect(events.filter((e) => e.type === 'reminder-sent').map((e) => Math.round((Date.parse(e.at) - t0) / DAY))).toEqual([7, 9]);
    expect(events.some((e) => e.type === 'task-overdue')).toBe(true);
    await eventually(() => notificationsFor(suite.ds, c.ocha.id), (ns) => ns.some((n) => n.task_id === taskId && n.type === 'escalation'));
    expect((await refusal(decide(h, { taskId, decision: 'done', data: {}, actor: c.lead }))).message).toMatch(/evidence should not be empty/);
    await decide(h, { taskId, decision: 'done', data: { evidence: 'https://example.org/5w/2026-12' }, actor: c.lead });
    expect(await h.result()).toEqual({ processId: h.workflowId, outcome: 'done' });
    const [row] = await taskRows(suite.ds, h.workflowId);
    expect(Date.parse(new Date(row.decided_at).toISOString())).toBeGreaterThan(Date.parse(new Date(row.due_at).toISOString())); // late

    const q = await startDuty(taskQueue, c, 'hct-briefing');
    const qTask = await openTaskId(q, 'quarterly-duty');
    const qOpen = (await snapshot(q)).openTasks[0];
    expect(Date.parse(qOpen.dueAt!) - Date.parse(qOpen.createdAt)).toBe(30 * DAY);
    const noReason = await refusal(decide(q, { taskId: qTask, decision: 'missed', actor: c.lead }));
    expect(noReason.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    await decide(q, { taskId: qTask, decision: 'missed', comment: 'No HCT meeting this quarter', actor: c.lead });
    expect(await q.result()).toEqual({ processId: q.workflowId, outcome: 'missed' });
  });
});

test('an occurrence still open when the next one opens (a month later) is missed by the system', async () => {
  const c = await dutyCast();
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const h = await startDuty(taskQueue, c, 'funding-update');
    const taskId = await openTaskId(h, 'monthly-duty');
    const t0 = Date.parse((await snapshot(h)).openTasks[0].createdAt);
    await sleepUntil(addDuration(t0, '1 month') + 60_000);
    expect(await h.result()).toEqual({ processId: h.workflowId, outcome: 'missed' });
    const expired = (await auditEvents(suite.ds, h.workflowId)).find((e) => e.type === 'task-expired');
    expect(expired).toMatchObject({ taskId, decision: 'missed-by-system' });
    expect((await processRow(suite.ds, h.workflowId)).outcome).toBe('missed');
  });
});

