// Every timer path of the transition review on the time-skipping server: the +60/+80 day reminders,
// the +90 day overdue and escalation to the HC, the 3-month review, two yearly loops with
// continue-as-new, then handover and deactivation. Decisions go through the real `decide` Update.
import { verifyChain } from '../../activities/audit-hash';
import { transitionReviewId } from '../../workflows/contracts/workflow-ids';
import { addDuration } from '../../workflows/domain/durations';
import { auditEvents, createActor, createCluster, createOperation, notificationsFor, processRow, taskRows } from '../factories';
import { decide, eventually, openTaskId, snapshot, withWorker, useTimeSkippingSuite } from './harness';

jest.setTimeout(180_000);

const DAY = 86_400_000;
const suite = useTimeSkippingSuite();

/** Timers fire when the server processes the command, a few ms after the workflow's own clock. */
function expectAround(actual: number, expected: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual - expected).toBeLessThan(60_000);
}

/** Advance the server's clock to `activatedAt + days`. */
async function sleepUntil(target: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (target > now) await suite.env.sleep(target - now);
}

test('90-day outline reminders and escalation, 3-month review, two yearly loops with continue-as-new, handover, deactivation', async () => {
  const operationId = await createOperation(suite.ds, 'protracted');
  const activatedAt = new Date(await suite.env.currentTimeMs()).toISOString();
  const clusterId = await createCluster(suite.ds, operationId, 'protection', 'active', activatedAt);
  const lead = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'protection' }] });
  const hc = await createActor(suite.ds, ['hc']);
  const erc = await createActor(suite.ds, ['erc']);
  const id = transitionReviewId(clusterId);
  const t0 = Date.parse(activatedAt);

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    await suite.env.client.workflow.start('transitionReviewWorkflow', {
      taskQueue,
      workflowId: id,
      args: [{ input: { clusterId, activatedAt, operationType: 'protracted' }, startedBy: { kind: 'system' } }],
    });
    const handle = suite.env.client.workflow.getHandle(id);
    const outline = await openTaskId(handle, 'transition-outline');
    const opened = (await snapshot(handle)).openTasks[0];
    expect(opened).toMatchObject({ operationId, sector: 'protection', dueAt: new Date(t0 + 90 * DAY).toISOString() });

    const eventsOfTask = async (type: string) => (await auditEvents(suite.ds, id)).filter((e) => e.type === type && e.taskId === outline);

    // Day 59: nothing yet. Day 61: first reminder. Day 81: second.
    await sleepUntil(t0 + 59 * DAY);
    expect(await eventsOfTask('reminder-sent')).toHaveLength(0);
    await sleepUntil(t0 + 61 * DAY);
    const r1 = await eventually(() => eventsOfTask('reminder-sent'), (e) => e.length === 1);
    expectAround(Date.parse(r1[0].at), t0 + 60 * DAY);
    await sleepUntil(t0 + 81 * DAY);
    const r2 = await eventually(() => eventsOfTask('reminder-sent'), (e) => e.length === 2);
    expectAround(Date.parse(r2[1].at), t0 + 80 * DAY);
    expect((await notificationsFor(suite.ds, lead.id)).filter((n) => n.task_id === outline && n.type === 'reminder')).toHaveLength(2);

    // Day 90: overdue and escalated to the HC.
    await sleepUntil(t0 + 91 * DAY);
    const escalated = await eventually(() => eventsOfTask('task-escalated'), (e) => e.length === 1);
    expectAround(Date.parse(escalated[0].at), t0 + 90 * DAY);
    expect(escalated[0].data).toMatchObject({ to: ['hc'] });
    expectAround(Date.parse((await eventsOfTask('task-overdue'))[0].at), t0 + 90 * DAY);
    const row = (await taskRows(suite.ds, id)).find((r) => r.id === outline);
    expect(row).toMatchObject({ status: 'open', overdue: true, escalated_to: ['hc'] });
    expect((await notificationsFor(suite.ds, hc.id)).some((n) => n.task_id === outline && n.type === 'escalation')).toBe(true);

    // The lead submits late; the architecture review is due activation + 3 months.
    await decide(handle, { taskId: outline, decision: 'submit', data: { summary: 'Keep the cluster for now', proposedPath: 'continue' }, actor: lead });
    const arch = await openTaskId(handle, 'architecture-review');
    expect((await snapshot(handle)).openTasks.find((t) => t.id === arch)!.dueAt).toBe(new Date(addDuration(t0, '3 months')).toISOString());

    // Review 1 (the architecture review): continue → run 2 with the annual review and the ERC report.
    const firstRun = (await handle.describe()).runId;
    const continued1 = await decide(handle, { taskId: arch, decision: 'continue', actor: hc });
    expect(continued1.process.currentSteps.sort()).toEqual(['annual-review', 'erc-annual-report']);
    const annual1 = await openTaskId(handle, 'annual-review');
    await eventually(() => handle.describe(), (d) => d.runId !== firstRun && d.status.name === 'RUNNING');
    const review1At = Date.parse(continued1.task.decidedAt!);
    const snap1 = await snapshot(handle);
    expect(snap1.openTasks.find((t) => t.id === annual1)!.dueAt).toBe(new Date(addDuration(review1At, '1 year')).toISOString());
    const report1 = snap1.openTasks.find((t) => t.stepId === 'erc-annual-report')!;
    expect(report1.dueAt).toBe(new Date(review1At + 30 * DAY).toISOString());
    await decide(handle, { taskId: report1.id, decision: 'submit', data: { summary: 'Cluster continues; reviewed with the HCT' }, actor: hc });

    // The annual review's reminder comes 30 days before it is due.
    const annualDue = addDuration(review1At, '1 year');
    await sleepUntil(annualDue - 29 * DAY);
    const reminder = await eventually(
      async () => (await auditEvents(suite.ds, id)).filter((e) => e.type === 'reminder-sent' && e.taskId === annual1),
      (e) => e.length === 1,
    );
    expectAround(Date.parse(reminder[0].at), annualDue - 30 * DAY);

    // Review 2: continue again → run 3. The unsubmitted report of year 2 is carried over.
    const secondRun = (await handle.describe()).runId;
    const continued2 = await decide(handle, { taskId: annual1, decision: 'continue', actor: hc });
    await eventually(() => handle.describe(), (d) => d.runId !== secondRun && d.status.name === 'RUNNING');
    const annual2 = await openTaskId(handle, 'annual-review');
    expect(annual2).toBe(`${id}/annual-review/2`);
    const report2 = (await snapshot(handle)).openTasks.find((t) => t.stepId === 'erc-annual-report')!;
    expect(report2.id).toBe(`${id}/erc-annual-report/2`);
    expect(Date.parse(continued2.task.decidedAt!)).toBeGreaterThan(review1At + 300 * DAY);

    // Review 3: transition → handover (with a returned plan) → deactivation.
    await decide(handle, { taskId: annual2, decision: 'transition', actor: hc });
    await eventually(() => suite.ds.query('SELECT status FROM clusters WHERE id = $1', [clusterId]), (r) => r[0].status === 'in-transition');
    const plan1 = await openTaskId(handle, 'handover-plan');
    const targetDate = new Date((await suite.env.currentTimeMs()) + 60 * DAY).toISOString().slice(0, 10);
    await decide(handle, { taskId: plan1, decision: 'submit', data: { nationalCounterpart: 'Ministry of Social Affairs', targetDate }, actor: lead });
    await decide(handle, { taskId: await openTaskId(handle, 'handover-approval'), decision: 'return', comment: 'Add a timeline', actor: hc });
    const plan2 = await openTaskId(handle, 'handover-plan');
    expect(plan2).toBe(`${id}/handover-plan/2`);
    await decide(handle, { taskId: plan2, decision: 'submit', data: { nationalCounterpart: 'Ministry of Social Affairs', targetDate }, actor: lead });
    await decide(handle, { taskId: await openTaskId(handle, 'handover-approval'), decision: 'approve', actor: hc });
    const complete = await openTaskId(handle, 'handover-complete');
    expect((await snapshot(handle)).openTasks.find((t) => t.id === complete)!.dueAt).toBe(new Date(targetDate).toISOString());
    await decide(handle, { taskId: complete, decision: 'confirm', actor: lead });
    await decide(handle, { taskId: await openTaskId(handle, 'deactivation-confirmation'), decision: 'confirm', actor: hc });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'deactivated' });

    const cluster = (await suite.ds.query('SELECT status, deactivated_at FROM clusters WHERE id = $1', [clusterId]))[0];
    expect(cluster.status).toBe('deactivated');
    expect(cluster.deactivated_at).not.toBeNull();
    expect((await notificationsFor(suite.ds, erc.id)).some((n) => n.process_id === id)).toBe(true);

    // One audit chain across the three runs: seq 1..n without gaps, hashes intact.
    const events = await auditEvents(suite.ds, id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toBeNull();
    expect(events.filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}`)).toEqual([
      'transition-outline:submit', 'architecture-review:continue', 'erc-annual-report:submit', 'annual-review:continue',
      'annual-review:transition', 'handover-plan:submit', 'handover-approval:return', 'handover-plan:submit',
      'handover-approval:approve', 'handover-complete:confirm', 'deactivation-confirmation:confirm',
    ]);
    // The year-2 report was never submitted: cancelled when the case ended.
    expect((await taskRows(suite.ds, id)).find((r) => r.id === report2.id).status).toBe('cancelled');
    expect(await processRow(suite.ds, id)).toMatchObject({ status: 'completed', outcome: 'deactivated', last_seq: events.length });
  });
});

test('sudden-onset: an outline submitted on time raises no reminder; deactivate straight from the architecture review', async () => {
  const operationId = await createOperation(suite.ds, 'sudden-onset');
  const activatedAt = new Date(await suite.env.currentTimeMs()).toISOString();
  const clusterId = await createCluster(suite.ds, operationId, 'health', 'active', activatedAt);
  const lead = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'health' }] });
  const hc = await createActor(suite.ds, ['hc']);
  const id = transitionReviewId(clusterId);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    await suite.env.client.workflow.start('transitionReviewWorkflow', {
      taskQueue,
      workflowId: id,
      args: [{ input: { clusterId, activatedAt, operationType: 'sudden-onset', operationId, sector: 'health' }, startedBy: { kind: 'system' } }],
    });
    const handle = suite.env.client.workflow.getHandle(id);
    await suite.env.sleep(30 * DAY);
    await decide(handle, { taskId: await openTaskId(handle, 'transition-outline'), decision: 'submit', data: { summary: 'Government ready', proposedPath: 'deactivate' }, actor: lead });
    await decide(handle, { taskId: await openTaskId(handle, 'architecture-review'), decision: 'deactivate', actor: hc });
    await decide(handle, { taskId: await openTaskId(handle, 'deactivation-confirmation'), decision: 'confirm', actor: hc });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'deactivated' });
    const types = (await auditEvents(suite.ds, id)).map((e) => e.type);
    expect(types).not.toContain('reminder-sent');
    expect(types).not.toContain('task-escalated');
    expect((await suite.ds.query('SELECT status FROM clusters WHERE id = $1', [clusterId]))[0].status).toBe('deactivated');
  });
});
