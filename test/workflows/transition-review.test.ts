// The transition review at revision 2 (PROCESSES.md §2) on the time-skipping server: the 90-day outline beside
// the 3-month architecture review (sudden-onset / mixed), the annual review before the planning cycle
// (protracted), the ERC's acknowledgement, continue-as-new per year, the ad-hoc review, handover and
// deactivation with its notices. Started as the system starts it; decisions go through the real Updates.
import type { WorkflowHandle } from '@temporalio/client';
import { verifyChain } from '../../activities/audit-hash';
import { actUpdate, DECISION_ERRORS } from '../../workflows/contracts/messages';
import type { Actor } from '../../workflows/domain/actor';
import { operationSettingsOf, type OperationSettings, type OperationType } from '../../workflows/domain/reference';
import { transitionReviewId } from '../../workflows/processes';
import type { OperationContext } from '../../workflows/processes/types';
import {
  addClusterMember, auditEvents, createActor, createCluster, createOperation, createOrganisation, notificationsFor, processRow, taskRows,
} from '../factories';
import { decide, eventually, openTaskId, refusal, snapshot, useTimeSkippingSuite, withWorker } from './harness';

jest.setTimeout(120_000);

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const suite = useTimeSkippingSuite();

/** Timers fire when the server processes them, a little after the workflow's own clock. */
function expectAround(actual: number, expected: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual - expected).toBeLessThan(60_000);
}

async function sleepUntil(target: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (target > now) await suite.env.sleep(target - now);
}

const iso = (ms: number) => new Date(ms).toISOString();

/** `ms` plus whole calendar months in UTC (day of month kept: callers use days 1–28). */
function plusMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
}

/** The first end of `month`'s last day (in UTC) after `afterMs`: the annual review's due time. */
function endOfMonthAfter(month: number, afterMs: number): number {
  for (let y = new Date(afterMs).getUTCFullYear(); ; y++) {
    const end = Date.UTC(y, month, 1) - 1; // month is 1-based: Date.UTC(y, month, 1) is the 1st of the next month
    if (end > afterMs) return end;
  }
}

interface Cast {
  operationId: string;
  clusterId: string;
  sector: string;
  t0: number;
  lead: Actor;
  hc: Actor;
  ocha: Actor;
  erc: Actor;
  otherHc: Actor;
  otherOcha: Actor;
  memberPartner: Actor;
  outsiderPartner: Actor;
}

/** An active cluster with a lead agency, one member organisation, and the people in and out of scope. */
async function cast(type: OperationType, sector: string, settings: Partial<OperationSettings> = {}): Promise<Cast> {
  const ds = suite.ds;
  const operationId = await createOperation(ds, type, settings);
  const otherOperationId = await createOperation(ds, type);
  const leadAgencyId = await createOrganisation(ds, 'un-agency');
  const memberOrg = await createOrganisation(ds, 'nngo');
  const outsiderOrg = await createOrganisation(ds, 'ingo');
  // Activated a few days ago at most, on a day of month ≤ 28 (so "3 months later" has one meaning).
  const now = await suite.env.currentTimeMs();
  const t0 = now - Math.max(0, new Date(now).getUTCDate() - 28) * DAY;
  const clusterId = await createCluster(ds, operationId, sector, 'active', iso(t0), { leadAgencyId });
  await addClusterMember(ds, clusterId, memberOrg);
  return {
    operationId, clusterId, sector, t0,
    lead: await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }], organisationId: leadAgencyId }),
    hc: await createActor(ds, ['hc'], { operationScopes: [operationId] }),
    ocha: await createActor(ds, ['ocha'], { operationScopes: [operationId] }),
    erc: await createActor(ds, ['erc']),
    otherHc: await createActor(ds, ['hc'], { operationScopes: [otherOperationId] }),
    otherOcha: await createActor(ds, ['ocha'], { operationScopes: [otherOperationId] }),
    memberPartner: await createActor(ds, ['partner'], { organisationId: memberOrg }),
    outsiderPartner: await createActor(ds, ['partner'], { organisationId: outsiderOrg }),
  };
}

async function operationContext(operationId: string): Promise<OperationContext> {
  const [row] = await suite.ds.query('SELECT id, name, type, settings FROM operations WHERE id = $1', [operationId]);
  return { id: row.id, name: row.name, type: row.type, settings: operationSettingsOf(row.settings) };
}

/** Started the way the activation starts it (the system, with the operation's calendar). */
async function startReview(taskQueue: string, c: Cast, operationType: OperationType): Promise<WorkflowHandle> {
  const id = transitionReviewId(c.clusterId);
  await suite.env.client.workflow.start('transition-review', {
    taskQueue,
    workflowId: id,
    args: [{
      input: { clusterId: c.clusterId, activatedAt: iso(c.t0), operationType, operationId: c.operationId, sector: c.sector },
      startedBy: { kind: 'system' },
      operation: await operationContext(c.operationId),
    }],
  });
  // Follows the case across continue-as-new.
  return suite.env.client.workflow.getHandle(id);
}

async function openTask(handle: WorkflowHandle, taskId: string) {
  const task = (await snapshot(handle)).openTasks.find((t) => t.id === taskId);
  if (!task) throw new Error(`task ${taskId} is not open`);
  return task;
}

async function eventsOf(id: string, type: string, taskId?: string) {
  return (await auditEvents(suite.ds, id)).filter((e) => e.type === type && (taskId === undefined || e.taskId === taskId));
}

async function clusterStatus(clusterId: string): Promise<{ status: string; deactivated_at: Date | null }> {
  return (await suite.ds.query('SELECT status, deactivated_at FROM clusters WHERE id = $1', [clusterId]))[0];
}

function callReview(handle: WorkflowHandle, actor: Actor, comment?: string) {
  return handle.executeUpdate(actUpdate, { args: [{ action: 'call-review', actor, ...(comment === undefined ? {} : { comment }) }] });
}

test('sudden-onset: outline and architecture review open together; +60/+80 reminders, +90 overdue and escalation to this operation\'s HC only; review due at 3 months; deactivation records why and tells members, leads, OCHA and the ERC', async () => {
  const c = await cast('sudden-onset', 'health');
  const id = transitionReviewId(c.clusterId);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startReview(taskQueue, c, 'sudden-onset');
    const outline = await openTaskId(handle, 'transition-outline');
    expect(outline).toBe(`${id}~transition-outline~1`);
    const opening = await snapshot(handle);
    expect(opening.openTasks.map((t) => t.stepId).sort()).toEqual(['architecture-review', 'transition-outline']);
    const arch = `${id}~architecture-review~1`;
    expect(await openTask(handle, outline)).toMatchObject({ operationId: c.operationId, sector: 'health', dueAt: iso(c.t0 + 90 * DAY) });
    expect(await openTask(handle, arch)).toMatchObject({ roles: ['hc'], dueAt: iso(plusMonths(c.t0, 3)) });

    // Reminders at +60 and +80 days, each at its time.
    await sleepUntil(c.t0 + 61 * DAY);
    const r1 = await eventually(() => eventsOf(id, 'reminder-sent', outline), (e) => e.length >= 1);
    expect(r1).toHaveLength(1);
    expectAround(Date.parse(r1[0].at), c.t0 + 60 * DAY);
    await sleepUntil(c.t0 + 81 * DAY);
    const r2 = await eventually(() => eventsOf(id, 'reminder-sent', outline), (e) => e.length >= 2);
    expect(r2).toHaveLength(2);
    expectAround(Date.parse(r2[1].at), c.t0 + 80 * DAY);
    expect((await notificationsFor(suite.ds, c.lead.id)).filter((n) => n.task_id === outline && n.type === 'reminder')).toHaveLength(2);
    expect(await eventsOf(id, 'task-escalated', outline)).toHaveLength(0);

    // +90 days: overdue and escalated to the HC of this operation, not to an HC of another one.
    await sleepUntil(c.t0 + 91 * DAY);
    const escalated = await eventually(() => eventsOf(id, 'task-escalated', outline), (e) => e.length === 1);
    expectAround(Date.parse(escalated[0].at), c.t0 + 90 * DAY);
    expect(escalated[0].data).toMatchObject({ to: ['hc'] });
    expectAround(Date.parse((await eventsOf(id, 'task-overdue', outline))[0].at), c.t0 + 90 * DAY);
    expect((await taskRows(suite.ds, id)).find((r) => r.id === outline)).toMatchObject({ status: 'open', overdue: true, escalated_to: ['hc'] });
    await eventually(() => notificationsFor(suite.ds, c.hc.id), (ns) => ns.some((n) => n.task_id === outline && n.type === 'escalation'));
    expect((await notificationsFor(suite.ds, c.otherHc.id)).filter((n) => n.process_id === id)).toHaveLength(0);

    // The review never waited for the outline: it is the same task, open since activation; the late outline shows on it.
    expect((await snapshot(handle)).openTasks.find((t) => t.stepId === 'architecture-review')!.id).toBe(arch);
    await decide(handle, { taskId: outline, decision: 'submit', data: { summary: 'National authorities ready by spring', proposedPath: 'deactivate' }, actor: c.lead });
    expect((await snapshot(handle)).process.data).toMatchObject({ 'transition-outline': { summary: 'National authorities ready by spring', proposedPath: 'deactivate' } });

    // Past 3 months the review is overdue (no escalation on it); an HC of another operation may not decide it.
    await sleepUntil(plusMonths(c.t0, 3) + HOUR);
    const archOverdue = await eventually(() => eventsOf(id, 'task-overdue', arch), (e) => e.length === 1);
    expectAround(Date.parse(archOverdue[0].at), plusMonths(c.t0, 3));
    expect((await refusal(decide(handle, { taskId: arch, decision: 'deactivate', actor: c.otherHc }))).details[0]).toMatchObject({ reason: 'scope' });
    await decide(handle, { taskId: arch, decision: 'deactivate', actor: c.hc });

    // Deactivation confirmation (14 days): which criterion no longer holds (at least one of the two) and why.
    const confirm = await openTaskId(handle, 'deactivation-confirmation');
    const task = await openTask(handle, confirm);
    expect(Date.parse(task.dueAt!) - Date.parse(task.createdAt)).toBe(14 * DAY);
    const empty = await refusal(decide(handle, { taskId: confirm, decision: 'confirm', actor: c.hc }, 'k1'));
    expect(empty.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(empty.details[0]).toEqual([
      { field: 'criteriaNoLongerMet', message: 'criteriaNoLongerMet should not be empty' },
      { field: 'rationale', message: 'rationale should not be empty' },
    ]);
    const none = await refusal(decide(handle, { taskId: confirm, decision: 'confirm', data: { criteriaNoLongerMet: [], rationale: 'Gaps closed' }, actor: c.hc }, 'k2'));
    expect(none.details[0]).toEqual([{ field: 'criteriaNoLongerMet', message: 'criteriaNoLongerMet must contain at least 1 element' }]);
    const unknown = await refusal(decide(handle, { taskId: confirm, decision: 'confirm', data: { criteriaNoLongerMet: ['fundingGap'], rationale: 'Gaps closed' }, actor: c.hc }, 'k3'));
    expect(unknown.details[0]).toEqual([{ field: 'criteriaNoLongerMet', message: 'criteriaNoLongerMet must be a list of values among: responseGaps, nationalCapacityInsufficient' }]);
    const noWhy = await refusal(decide(handle, { taskId: confirm, decision: 'confirm', data: { criteriaNoLongerMet: ['responseGaps'] }, actor: c.hc }, 'k4'));
    expect(noWhy.details[0]).toEqual([{ field: 'rationale', message: 'rationale should not be empty' }]);
    await decide(handle, {
      taskId: confirm, decision: 'confirm', actor: c.hc,
      data: { criteriaNoLongerMet: ['responseGaps', 'nationalCapacityInsufficient'], rationale: 'The Ministry of Health coordinates the response' },
    });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'deactivated' });

    const cluster = await clusterStatus(c.clusterId);
    expect(cluster.status).toBe('deactivated');
    expect(cluster.deactivated_at).not.toBeNull();
    // The notice reaches the cluster's members, its lead, the operation's OCHA and the ERC, and nobody else.
    const notices = async (a: Actor) => (await notificationsFor(suite.ds, a.id)).filter((n) => n.process_id === id && n.type === 'notice');
    for (const a of [c.memberPartner, c.lead, c.ocha, c.erc]) {
      const got = await notices(a);
      expect(got.length).toBeGreaterThanOrEqual(1);
      expect(got[0].message).toContain('Health cluster deactivated');
      expect(got[0].data).toMatchObject({ clusterId: c.clusterId, criteriaNoLongerMet: ['responseGaps', 'nationalCapacityInsufficient'] });
    }
    for (const a of [c.outsiderPartner, c.otherOcha, c.otherHc]) expect(await notices(a)).toHaveLength(0);

    const events = await auditEvents(suite.ds, id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toBeNull();
    expect(events.filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}`)).toEqual([
      'transition-outline:submit', 'architecture-review:deactivate', 'deactivation-confirmation:confirm',
    ]);
    expect(events.find((e) => e.type === 'decision' && e.stepId === 'deactivation-confirmation')!.data).toMatchObject({
      criteriaNoLongerMet: ['responseGaps', 'nationalCapacityInsufficient'], rationale: 'The Ministry of Health coordinates the response',
    });
    expect(events.some((e) => e.type === 'cluster-status-changed' && (e.data as { to?: string })?.to === 'deactivated')).toBe(true);
  });
});

test('protracted: no architecture review; annual review due 31 May, opens 60 days before, reminder 30 days before; continue → ERC report and acknowledgement, one run per year; an ad-hoc review → transition → handover (return loop) → deactivation', async () => {
  const c = await cast('protracted', 'shelter');
  const id = transitionReviewId(c.clusterId);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startReview(taskQueue, c, 'protracted');
    const outline = await openTaskId(handle, 'transition-outline');
    const start = await snapshot(handle);
    expect(start.openTasks.map((t) => t.stepId)).toEqual(['transition-outline']);
    expect(start.process.steps!.map((s) => s.stepId)).not.toContain('architecture-review');

    // The first review: the last day of May (the month before the planning cycle, June by default), 60 days ahead at least.
    const due1 = endOfMonthAfter(5, Date.parse(start.process.startedAt) + 60 * DAY);
    const open1 = due1 - 60 * DAY;
    expect(new Date(due1).toISOString()).toMatch(/-05-31T23:59:59\.999Z$/);
    // The projection runs once the workflow task is committed: the trail follows the state a moment later.
    const scheduled = (await eventually(() => eventsOf(id, 'step-scheduled'), (events) => events.some((e) => e.stepId === 'annual-review'))).find((e) => e.stepId === 'annual-review')!;
    expect(scheduled.data).toEqual({ opensAt: iso(open1), dueAt: iso(due1) });
    await decide(handle, { taskId: outline, decision: 'submit', data: { summary: 'Protracted displacement, keep the cluster', proposedPath: 'continue' }, actor: c.lead });

    // Not open a day before its opening; open from then on, due 31 May; reminded 30 days before.
    await sleepUntil(open1 - DAY);
    expect((await snapshot(handle)).openTasks.map((t) => t.stepId)).not.toContain('annual-review');
    await sleepUntil(open1 + HOUR);
    const annual1 = await openTaskId(handle, 'annual-review');
    expect(annual1).toBe(`${id}~annual-review~1`);
    expect((await openTask(handle, annual1)).dueAt).toBe(iso(due1));
    expectAround(Date.parse((await eventsOf(id, 'task-opened', annual1))[0].at), open1);
    await sleepUntil(due1 - 30 * DAY + HOUR);
    const reminder = await eventually(() => eventsOf(id, 'reminder-sent', annual1), (e) => e.length >= 1);
    expect(reminder).toHaveLength(1);
    expectAround(Date.parse(reminder[0].at), due1 - 30 * DAY);

    // Year 1: continue → the next annual review is scheduled, the ERC report opens, and the case continues as new.
    const run1 = (await handle.describe()).runId;
    expect((await refusal(decide(handle, { taskId: annual1, decision: 'continue', actor: c.otherHc }))).details[0]).toMatchObject({ reason: 'scope' });
    const continued1 = await decide(handle, { taskId: annual1, decision: 'continue', actor: c.hc });
    expect(continued1.process.currentSteps).toEqual(['erc-annual-report']);
    const run2 = (await eventually(() => handle.describe(), (d) => d.runId !== run1 && d.status.name === 'RUNNING')).runId;
    const report1 = await openTaskId(handle, 'erc-annual-report');
    const reportTask = await openTask(handle, report1);
    expect(Date.parse(reportTask.dueAt!) - Date.parse(reportTask.createdAt)).toBe(30 * DAY);
    const due2 = endOfMonthAfter(5, Date.parse(continued1.task.decidedAt!) + 60 * DAY);
    expect(due2 - due1).toBeGreaterThan(360 * DAY);
    const annual2Step = (await snapshot(handle)).process.steps!.find((s) => s.stepId === 'annual-review' && s.status === 'scheduled')!;
    expect(annual2Step).toMatchObject({ openAt: iso(due2 - 60 * DAY) });

    // The HC reports to the ERC; the ERC (only) acknowledges, within 30 days.
    await decide(handle, { taskId: report1, decision: 'submit', data: { summary: 'Cluster continues; reviewed with the HCT' }, actor: c.hc });
    const ack = await openTaskId(handle, 'erc-acknowledgement');
    const ackTask = await openTask(handle, ack);
    expect(ackTask.roles).toEqual(['erc']);
    expect(Date.parse(ackTask.dueAt!) - Date.parse(ackTask.createdAt)).toBe(30 * DAY);
    expect((await refusal(decide(handle, { taskId: ack, decision: 'acknowledge', actor: c.hc }))).details[0]).toMatchObject({ reason: 'role' });
    await decide(handle, { taskId: ack, decision: 'acknowledge', comment: 'Noted, thank you', actor: c.erc });

    // Year 2: continue again → a third run; this year's report stays open.
    await sleepUntil(due2 - 60 * DAY + HOUR);
    const annual2 = await openTaskId(handle, 'annual-review');
    expect(annual2).toBe(`${id}~annual-review~2`);
    expect((await openTask(handle, annual2)).dueAt).toBe(iso(due2));
    await decide(handle, { taskId: annual2, decision: 'continue', actor: c.hc });
    const run3 = (await eventually(() => handle.describe(), (d) => d.runId !== run2 && d.status.name === 'RUNNING')).runId;
    const report2 = await openTaskId(handle, 'erc-annual-report');
    expect(report2).toBe(`${id}~erc-annual-report~2`);

    // An ad-hoc review, called by OCHA (with a reason), brings the scheduled third review forward: open now, same due date.
    const due3 = endOfMonthAfter(5, due2);
    expect((await refusal(callReview(handle, c.ocha))).details[0]).toEqual([{ field: 'comment', message: 'comment should not be empty (say why)' }]);
    await callReview(handle, c.ocha, 'The response plan is being revised');
    const annual3 = await openTaskId(handle, 'annual-review');
    expect(annual3).toBe(`${id}~annual-review~3`);
    expect((await openTask(handle, annual3)).dueAt).toBe(iso(due3));
    expect(Date.parse((await openTask(handle, annual3)).createdAt)).toBeLessThan(due3 - 300 * DAY);

    // Transition: the cluster goes in-transition; the handover plan (30 days) needs a future date and who takes the last-resort duties.
    await decide(handle, { taskId: annual3, decision: 'transition', actor: c.hc });
    await eventually(() => clusterStatus(c.clusterId), (r) => r.status === 'in-transition');
    const plan1 = await openTaskId(handle, 'handover-plan');
    const planTask = await openTask(handle, plan1);
    expect(Date.parse(planTask.dueAt!) - Date.parse(planTask.createdAt)).toBe(30 * DAY);
    const now = await suite.env.currentTimeMs();
    const yesterday = iso(now - DAY).slice(0, 10);
    const targetDate = iso(now + 120 * DAY).slice(0, 10);
    const past = await refusal(decide(handle, { taskId: plan1, decision: 'submit', actor: c.lead, data: { nationalCounterpart: 'Ministry of Housing', targetDate: yesterday, lastResortDutiesTransferredTo: 'Ministry of Housing' } }, 'p1'));
    expect(past.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(past.details[0]).toEqual([{ field: 'targetDate', message: 'targetDate must be a date in the future' }]);
    const noDuties = await refusal(decide(handle, { taskId: plan1, decision: 'submit', actor: c.lead, data: { nationalCounterpart: 'Ministry of Housing', targetDate } }, 'p2'));
    expect(noDuties.details[0]).toEqual([{ field: 'lastResortDutiesTransferredTo', message: 'lastResortDutiesTransferredTo should not be empty' }]);
    const plan = { nationalCounterpart: 'Ministry of Housing', targetDate, lastResortDutiesTransferredTo: 'National Shelter Working Group' };
    await decide(handle, { taskId: plan1, decision: 'submit', data: plan, actor: c.lead });

    // Approval (14 days) returns the plan once; the second plan is approved.
    const approval1 = await openTaskId(handle, 'handover-approval');
    const approvalTask = await openTask(handle, approval1);
    expect(Date.parse(approvalTask.dueAt!) - Date.parse(approvalTask.createdAt)).toBe(14 * DAY);
    await decide(handle, { taskId: approval1, decision: 'return', comment: 'Add a timeline', actor: c.hc });
    const plan2 = await openTaskId(handle, 'handover-plan');
    expect(plan2).toBe(`${id}~handover-plan~2`);
    await decide(handle, { taskId: plan2, decision: 'submit', data: plan, actor: c.lead });
    const approval2 = await openTaskId(handle, 'handover-approval');
    expect(approval2).toBe(`${id}~handover-approval~2`);
    await decide(handle, { taskId: approval2, decision: 'approve', actor: c.hc });

    // Handover complete is due at the end of the target date in the operation's zone (UTC here), overdue after it.
    const complete = await openTaskId(handle, 'handover-complete');
    const endOfTarget = `${targetDate}T23:59:59.999Z`;
    expect((await openTask(handle, complete)).dueAt).toBe(endOfTarget);
    await sleepUntil(Date.parse(endOfTarget) + HOUR);
    const late = await eventually(() => eventsOf(id, 'task-overdue', complete), (e) => e.length === 1);
    expectAround(Date.parse(late[0].at), Date.parse(endOfTarget));
    await decide(handle, { taskId: complete, decision: 'confirm', actor: c.lead });
    await decide(handle, {
      taskId: await openTaskId(handle, 'deactivation-confirmation'), decision: 'confirm', actor: c.hc,
      data: { criteriaNoLongerMet: ['nationalCapacityInsufficient'], rationale: 'The national working group leads shelter coordination' },
    });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'deactivated' });
    expect((await clusterStatus(c.clusterId)).status).toBe('deactivated');

    // One run per review year: three runs, each with a short history; one audit chain across them, without gaps.
    expect(new Set([run1, run2, run3]).size).toBe(3);
    for (const runId of [run1, run2]) {
      const history = await suite.env.client.workflow.getHandle(id, runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(400);
      expect(history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
    }
    const events = await auditEvents(suite.ds, id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toBeNull();
    expect(events.filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}`)).toEqual([
      'transition-outline:submit', 'annual-review:continue', 'erc-annual-report:submit', 'erc-acknowledgement:acknowledge',
      'annual-review:continue', 'annual-review:transition', 'handover-plan:submit', 'handover-approval:return', 'handover-plan:submit',
      'handover-approval:approve', 'handover-complete:confirm', 'deactivation-confirmation:confirm',
    ]);
    expect(events.find((e) => e.type === 'case-action')).toMatchObject({ decision: 'call-review', comment: 'The response plan is being revised', actor: { id: c.ocha.id } });
    expect(events.find((e) => e.type === 'decision' && e.stepId === 'erc-acknowledgement')).toMatchObject({ comment: 'Noted, thank you', actor: { id: c.erc.id } });
    // The year-2 report was never submitted: cancelled when the case ended.
    expect((await taskRows(suite.ds, id)).find((r) => r.id === report2).status).toBe('cancelled');
    expect(await processRow(suite.ds, id)).toMatchObject({ status: 'completed', outcome: 'deactivated', last_seq: events.length });
  });
});

test('call-review: OCHA or the HC of the operation opens an annual review now (mixed operation), never a user of another operation; one open review at a time', async () => {
  const c = await cast('mixed', 'education');
  const id = transitionReviewId(c.clusterId);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startReview(taskQueue, c, 'mixed');
    await openTaskId(handle, 'transition-outline');
    // Mixed operations review the architecture at 3 months, like sudden-onset ones.
    expect((await snapshot(handle)).openTasks.map((t) => t.stepId).sort()).toEqual(['architecture-review', 'transition-outline']);
    expect((await snapshot(handle)).process.steps!.map((s) => s.stepId)).not.toContain('annual-review');

    const outsider = await refusal(callReview(handle, c.otherOcha, 'Plan revised'));
    expect(outsider.type).toBe(DECISION_ERRORS.Forbidden);
    expect(outsider.details[0]).toMatchObject({ reason: 'scope' });
    expect((await refusal(callReview(handle, c.otherHc, 'Plan revised'))).details[0]).toMatchObject({ reason: 'scope' });
    expect((await refusal(callReview(handle, c.lead, 'Plan revised'))).details[0]).toMatchObject({ reason: 'role' });

    await sleepUntil(c.t0 + 10 * DAY);
    const calledAt = await suite.env.currentTimeMs();
    const view = await callReview(handle, c.hc, 'Response plan revised after the floods');
    expect(view.currentSteps).toContain('annual-review');
    const annual = await openTaskId(handle, 'annual-review');
    expect(annual).toBe(`${id}~annual-review~1`);
    const task = await openTask(handle, annual);
    expectAround(Date.parse(task.createdAt), calledAt);
    expect(task.dueAt).toBe(iso(endOfMonthAfter(5, Date.parse(task.createdAt) + 60 * DAY)));
    const again = await refusal(callReview(handle, c.ocha, 'Again'));
    expect(again.type).toBe(DECISION_ERRORS.Conflict);
    expect(again.message).toContain('already open');
    const actions = await eventually(() => eventsOf(id, 'case-action'), (e) => e.length === 1);
    expect(actions[0]).toMatchObject({ decision: 'call-review', stepId: 'annual-review', comment: 'Response plan revised after the floods', actor: { id: c.hc.id } });
    await handle.terminate('end of test');
  });
});

test('protracted, planning cycle in September and the operation\'s time zone: the annual review falls due on 31 August there; an ad-hoc call opens it early', async () => {
  const c = await cast('protracted', 'logistics', { planningCycleStartMonth: 9, timeZone: 'Africa/Juba' });
  const id = transitionReviewId(c.clusterId);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startReview(taskQueue, c, 'protracted');
    await openTaskId(handle, 'transition-outline');
    const startedAt = Date.parse((await snapshot(handle)).process.startedAt);
    // 31 August 23:59:59.999 in Juba (UTC+2) is 21:59:59.999 UTC.
    const due = endOfMonthAfter(8, startedAt + 60 * DAY + 2 * HOUR) - 2 * HOUR;
    // The projection runs once the workflow task is committed: the trail follows the state a moment later.
    const scheduled = (await eventually(() => eventsOf(id, 'step-scheduled'), (events) => events.some((e) => e.stepId === 'annual-review'))).find((e) => e.stepId === 'annual-review')!;
    expect(scheduled.data).toEqual({ opensAt: iso(due - 60 * DAY), dueAt: iso(due) });
    expect(iso(due)).toMatch(/-08-31T21:59:59\.999Z$/);
    await callReview(handle, c.ocha, 'Early review requested by the HCT');
    const annual = await openTaskId(handle, 'annual-review');
    expect(annual).toBe(`${id}~annual-review~1`);
    expect((await openTask(handle, annual)).dueAt).toBe(iso(due));
    expect((await snapshot(handle)).process.steps!.filter((s) => s.stepId === 'annual-review').map((s) => s.status)).toEqual(['open']);
    await handle.terminate('end of test');
  });
});

test('sudden-onset: continue at the architecture review → ERC report now and the annual review scheduled before the planning cycle; the open outline keeps its clock across continue-as-new', async () => {
  const c = await cast('sudden-onset', 'food-security');
  const id = transitionReviewId(c.clusterId);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startReview(taskQueue, c, 'sudden-onset');
    const outline = await openTaskId(handle, 'transition-outline');
    const arch = await openTaskId(handle, 'architecture-review');
    await sleepUntil(c.t0 + 61 * DAY);
    await eventually(() => eventsOf(id, 'reminder-sent', outline), (e) => e.length >= 1);

    // Day 61: the HC continues the cluster without waiting for the outline.
    const run1 = (await handle.describe()).runId;
    const continued = await decide(handle, { taskId: arch, decision: 'continue', actor: c.hc });
    expect(continued.process.currentSteps.sort()).toEqual(['erc-annual-report', 'transition-outline']);
    await eventually(() => handle.describe(), (d) => d.runId !== run1 && d.status.name === 'RUNNING');
    const due = endOfMonthAfter(5, Date.parse(continued.task.decidedAt!) + 60 * DAY);
    const annual = (await snapshot(handle)).process.steps!.find((s) => s.stepId === 'annual-review')!;
    expect(annual).toMatchObject({ status: 'scheduled', openAt: iso(due - 60 * DAY) });
    const report = await openTaskId(handle, 'erc-annual-report');
    expect(report).toBe(`${id}~erc-annual-report~1`);

    // The outline, carried into the new run, is reminded once more at +80 and escalated at +90, never twice.
    await sleepUntil(c.t0 + 91 * DAY);
    const escalated = await eventually(() => eventsOf(id, 'task-escalated', outline), (e) => e.length === 1);
    expectAround(Date.parse(escalated[0].at), c.t0 + 90 * DAY);
    const reminders = await eventsOf(id, 'reminder-sent', outline);
    expect(reminders.map((e) => Math.round((Date.parse(e.at) - c.t0) / DAY))).toEqual([60, 80]);
    expect(await eventsOf(id, 'task-overdue', outline)).toHaveLength(1);
    await eventually(() => notificationsFor(suite.ds, c.hc.id), (ns) => ns.some((n) => n.task_id === outline && n.type === 'escalation'));
    expect((await notificationsFor(suite.ds, c.otherHc.id)).filter((n) => n.process_id === id)).toHaveLength(0);

    // The report is overdue 30 days after the review; the HC still submits it, and the ERC acknowledges.
    const reportDue = Date.parse((await openTask(handle, report)).dueAt!);
    expect(reportDue - Date.parse(continued.task.decidedAt!)).toBe(30 * DAY);
    await sleepUntil(reportDue + HOUR);
    const reportOverdue = await eventually(() => eventsOf(id, 'task-overdue', report), (e) => e.length === 1);
    expectAround(Date.parse(reportOverdue[0].at), reportDue);
    await decide(handle, { taskId: report, decision: 'submit', data: { summary: 'Continue until the lean season ends' }, actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'erc-acknowledgement'), decision: 'acknowledge', actor: c.erc });
    const events = await auditEvents(suite.ds, id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toBeNull();
    expect(events.filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}`)).toEqual([
      'architecture-review:continue', 'erc-annual-report:submit', 'erc-acknowledgement:acknowledge',
    ]);
    await handle.terminate('end of test');
  });
});
