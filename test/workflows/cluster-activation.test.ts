import { WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { verifyChain } from '../../activities/audit-hash';
import { clusterActivationId, transitionReviewId } from '../../workflows/processes';
import { DECISION_ERRORS } from '../../workflows/contracts/messages';
import type { Actor } from '../../workflows/domain/actor';
import type { ProcessView } from '../../workflows/domain/views';
import { auditEvents, clusterRow, createActor, createCluster, createOperation, createOrganisation, notificationsFor, processRow, taskRows } from '../factories';
import { decide, eventually, openTaskId, refusal, snapshot, withWorker, workflowExists, useTimeSkippingSuite } from './harness';

jest.setTimeout(120_000);

const suite = useTimeSkippingSuite();

interface Cast {
  operationId: string;
  leadAgencyId: string;
  hc: Actor;
  ocha: Actor;
  erc: Actor;
  lead: Actor;
  otherLead: Actor;
}

async function cast(sector: string): Promise<Cast> {
  const operationId = await createOperation(suite.ds);
  const leadAgencyId = await createOrganisation(suite.ds, 'un-agency');
  return {
    operationId,
    leadAgencyId,
    hc: await createActor(suite.ds, ['hc'], { operationScopes: [operationId] }),
    ocha: await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] }),
    erc: await createActor(suite.ds, ['erc']),
    lead: await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }], organisationId: leadAgencyId }),
    otherLead: await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'health' }], organisationId: leadAgencyId }),
  };
}

const SETUP = {
  termsOfReferenceAdopted: true, strategicAdvisoryGroupFormed: true, nationalActorsInSag: true, partnerMappingDone: true,
  workPlanAdopted: true, informationSharingProtocolAgreed: true, referralPathwaysMapped: true,
};

function input(c: Cast, sector: string) {
  return {
    operationId: c.operationId,
    sector,
    leadAgencyId: c.leadAgencyId,
    rationale: 'Large displacement, no national protection coordination',
    criteria: { responseGaps: true, nationalCapacityInsufficient: true },
  };
}

test('activation from proposal to set-up: loops, reminder, refusals, cluster active, transition review started, hash chain', async () => {
  const sector = 'protection';
  const c = await cast(sector);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const id = clusterActivationId(c.operationId, sector);
    const handle = await suite.env.client.workflow.start('cluster-activation', {
      taskQueue,
      workflowId: id,
      args: [{ input: input(c, sector), startedBy: { kind: 'user', id: c.ocha.id, username: c.ocha.username, displayName: c.ocha.displayName, roles: c.ocha.roles } }],
    });

    // The cluster exists as proposed; the first task is open in the read model.
    const t1 = await openTaskId(handle, 'hc-endorsement');
    expect(t1).toBe(`${id}~hc-endorsement~1`);
    await eventually(() => taskRows(suite.ds, id), (rows) => rows.some((r) => r.id === t1 && r.status === 'open'));
    // The task opens before the start's effects run: the cluster row follows.
    await eventually(() => clusterRow(suite.ds, c.operationId, sector), (r) => r?.status === 'proposed');
    expect((await notificationsFor(suite.ds, c.hc.id)).map((n) => n.task_id)).toContain(t1);

    // Refusals leave no trace: wrong role, undeclared decision, unknown task.
    expect((await refusal(decide(handle, { taskId: t1, decision: 'endorse', actor: c.erc }))).type).toBe(DECISION_ERRORS.Forbidden);
    const notAllowed = await refusal(decide(handle, { taskId: t1, decision: 'approve', actor: c.hc }));
    expect(notAllowed).toMatchObject({ type: DECISION_ERRORS.DecisionNotAllowed });
    expect(notAllowed.message).toContain('decision must be one of the following values: endorse, return, reject');
    expect((await refusal(decide(handle, { taskId: `${id}~hc-endorsement~9`, decision: 'endorse', actor: c.hc }))).type).toBe(DECISION_ERRORS.UnknownTask);

    // Return → revision → resubmit (new rationale) → endorsement again.
    const r1 = await decide(handle, { taskId: t1, decision: 'return', comment: 'Add figures', actor: c.hc });
    expect(r1.task).toMatchObject({ id: t1, status: 'decided', decision: 'return', comment: 'Add figures' });
    expect(r1.process.currentSteps).toEqual(['proposal-revision']);
    const again = await refusal(decide(handle, { taskId: t1, decision: 'endorse', actor: c.hc }, 'another-key'));
    expect(again.type).toBe(DECISION_ERRORS.TaskNotOpen);
    expect(again.message).toMatch(new RegExp(`task ${t1} is no longer open \\(decided by ${c.hc.displayName} at `));

    const t2 = await openTaskId(handle, 'proposal-revision');
    await decide(handle, { taskId: t2, decision: 'resubmit', data: { rationale: '120,000 displaced' }, actor: c.ocha });
    const t3 = await openTaskId(handle, 'hc-endorsement');
    expect(t3).toBe(`${id}~hc-endorsement~2`);
    await decide(handle, { taskId: t3, decision: 'endorse', actor: c.hc });

    // ERC approval: the 12-hour reminder fires on time, then the approval.
    const t4 = await openTaskId(handle, 'erc-approval');
    await suite.env.sleep('13 hours');
    await eventually(() => auditEvents(suite.ds, id), (ev) => ev.some((e) => e.type === 'reminder-sent' && e.taskId === t4));
    expect((await notificationsFor(suite.ds, c.erc.id)).some((n) => n.task_id === t4 && n.type === 'reminder')).toBe(true);
    await decide(handle, { taskId: t4, decision: 'approve', actor: c.erc });

    // CLA confirmation: scope and data are checked.
    const t5 = await openTaskId(handle, 'cla-confirmation');
    expect((await refusal(decide(handle, { taskId: t5, decision: 'confirm', actor: c.otherLead }))).details[0]).toMatchObject({ reason: 'scope' });
    const missing = await refusal(decide(handle, { taskId: t5, decision: 'confirm', data: { coordinatorName: 'A. Coordinator' }, actor: c.lead }));
    expect(missing.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(missing.details[0]).toEqual([{ field: 'informationManagerName', message: 'informationManagerName should not be empty' }]);
    const confirmed = await decide(handle, {
      taskId: t5, decision: 'confirm', data: { coordinatorName: 'A. Coordinator', informationManagerName: 'B. Manager' }, actor: c.lead,
    });
    expect(confirmed.process.currentSteps).toEqual(['cluster-setup']);

    const cluster = await eventually(() => clusterRow(suite.ds, c.operationId, sector), (r) => r.status === 'active');
    expect(cluster.activated_at).not.toBeNull();
    const reviewId = transitionReviewId(cluster.id);
    await eventually(() => workflowExists(suite.env.client, reviewId), (v) => v);
    const review = await eventually(() => snapshot(suite.env.client.workflow.getHandle(reviewId)), (s) => s.openTasks.length > 0);
    expect(review.openTasks[0]).toMatchObject({ stepId: 'transition-outline', operationId: c.operationId, sector });
    // Due 90 days after activation.
    expect(Date.parse(review.openTasks[0].dueAt!) - Date.parse(new Date(cluster.activated_at).toISOString())).toBe(90 * 86_400_000);

    const t6 = await openTaskId(handle, 'cluster-setup');
    const incomplete = await refusal(decide(handle, {
      taskId: t6, decision: 'complete', actor: c.lead,
      data: { ...SETUP, strategicAdvisoryGroupFormed: false },
    }));
    expect(incomplete.details[0]).toEqual([{ field: 'strategicAdvisoryGroupFormed', message: 'strategicAdvisoryGroupFormed must be true' }]);
    await decide(handle, {
      taskId: t6, decision: 'complete', actor: c.lead,
      data: SETUP,
    });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'activated' });

    const events = await auditEvents(suite.ds, id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toBeNull();
    expect(events.filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}`)).toEqual([
      'hc-endorsement:return', 'proposal-revision:resubmit', 'hc-endorsement:endorse', 'erc-approval:approve',
      'cla-confirmation:confirm', 'cluster-setup:complete',
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'process-completed', data: { outcome: 'activated' } });
    const row = await processRow(suite.ds, id);
    expect(row).toMatchObject({ status: 'completed', outcome: 'activated', current_steps: [], last_seq: events.length, cluster_id: cluster.id });
    expect(row.subject.rationale).toBe('120,000 displaced');
    // The review outlives the activation; stop it here, since the time-skipping server does not skip
    // time while a workflow without a worker has pending tasks.
    await suite.env.client.workflow.getHandle(reviewId).terminate('end of test');
  });
});

test('rejection by the ERC ends the case not-activated and marks the cluster so', async () => {
  const sector = 'wash';
  const c = await cast(sector);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const id = clusterActivationId(c.operationId, sector);
    const handle = await suite.env.client.workflow.start('cluster-activation', { taskQueue, workflowId: id, args: [{ input: input(c, sector), startedBy: { kind: 'system' } }] });
    await decide(handle, { taskId: await openTaskId(handle, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
    const erc = await openTaskId(handle, 'erc-approval');
    // Past the 24-hour due time: overdue, still decidable.
    await suite.env.sleep('25 hours');
    await eventually(() => taskRows(suite.ds, id), (rows) => rows.some((r) => r.id === erc && r.overdue));
    const noReason = await refusal(decide(handle, { taskId: erc, decision: 'reject', comment: '  ', actor: c.erc }, 'no-reason'));
    expect(noReason.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(noReason.details[0]).toEqual([{ field: 'comment', message: 'comment should not be empty (a reason is required to reject)' }]);
    await decide(handle, { taskId: erc, decision: 'reject', comment: 'Sector covered by the government', actor: c.erc });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'not-activated' });
    expect((await clusterRow(suite.ds, c.operationId, sector)).status).toBe('not-activated');
    const types = (await auditEvents(suite.ds, id)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['reminder-sent', 'task-overdue', 'decision', 'cluster-status-changed', 'process-completed']));
  });
});

test('admin cancel closes open tasks and ends the case cancelled; a non-admin may not cancel', async () => {
  const sector = 'shelter';
  const c = await cast(sector);
  const admin = await createActor(suite.ds, ['admin']);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const id = clusterActivationId(c.operationId, sector);
    // Hold the start's first effect (the cluster row) so the cancel lands while it runs: nothing may follow the cancel.
    const blocker = new PgClient({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE clusters IN EXCLUSIVE MODE');
    const handle = await suite.env.client.workflow.start('cluster-activation', { taskQueue, workflowId: id, args: [{ input: input(c, sector), startedBy: { kind: 'system' } }] });
    const { cancelUpdate } = await import('../../workflows/contracts/messages');
    let view: ProcessView;
    let t1: string;
    try {
      t1 = await openTaskId(handle, 'hc-endorsement');
      expect((await refusal(handle.executeUpdate(cancelUpdate, { args: [{ reason: 'duplicate', actor: c.hc }] }))).type).toBe(DECISION_ERRORS.Forbidden);
      expect((await refusal(handle.executeUpdate(cancelUpdate, { args: [{ reason: ' ', actor: admin }] }))).type).toBe(DECISION_ERRORS.InvalidDecisionData);
      await eventually(() => suite.ds.query(`SELECT 1 FROM pg_locks l JOIN pg_class r ON r.oid = l.relation WHERE r.relname = 'clusters' AND NOT l.granted`), (rows) => rows.length > 0);
      view = await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'Duplicate proposal', actor: admin }] });
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    expect(view).toMatchObject({ status: 'cancelled', outcome: 'cancelled', currentSteps: [] });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'cancelled' });
    // The case is closed: Temporal itself refuses further Updates (the API maps this to 409).
    await expect(decide(handle, { taskId: t1, decision: 'endorse', actor: c.hc })).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const rows = await taskRows(suite.ds, id);
    expect(rows.find((r) => r.id === t1).status).toBe('cancelled');
    const events = await auditEvents(suite.ds, id);
    // The effect held during the cancel still records what it did; the start's notice to the ERC after it is not sent.
    const cancelled = events.findIndex((e) => e.type === 'process-cancelled');
    expect(events[cancelled]).toMatchObject({ type: 'process-cancelled', comment: 'Duplicate proposal' });
    // Then the definition's cancel effect: the proposed cluster becomes not-activated (nothing looks proposed).
    expect(events.slice(cancelled + 1).map((e) => [e.type, (e.data as { to?: string } | null)?.to])).toEqual([
      ['cluster-status-changed', 'proposed'],
      ['cluster-status-changed', 'not-activated'],
    ]);
    expect((await clusterRow(suite.ds, c.operationId, sector)).status).toBe('not-activated');
    expect(events.map((e) => e.type)).not.toContain('notice-sent');
    expect(verifyChain(events)).toBeNull();
  });
});

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function startCase(taskQueue: string, c: Cast, sector: string, overrides: Partial<ReturnType<typeof input>> = {}) {
  return suite.env.client.workflow.start('cluster-activation', {
    taskQueue,
    workflowId: clusterActivationId(c.operationId, sector),
    args: [{ input: { ...input(c, sector), ...overrides }, startedBy: { kind: 'user', id: c.ocha.id, username: c.ocha.username, displayName: c.ocha.displayName, roles: c.ocha.roles } }],
  });
}

/** PROCESSES.md §1: the task's due time is exactly this long after it opened (in the case and in the read model). */
async function expectDueAfter(handle: WorkflowHandle, taskId: string, ms: number): Promise<void> {
  const task = (await snapshot(handle)).openTasks.find((t) => t.id === taskId)!;
  expect(Date.parse(task.dueAt!) - Date.parse(task.createdAt)).toBe(ms);
  const row = await eventually(() => taskRows(suite.ds, handle.workflowId), (rows) => rows.some((r) => r.id === taskId));
  expect(new Date(row.find((r) => r.id === taskId).due_at).toISOString()).toBe(task.dueAt);
}

async function stopReview(operationId: string, sector: string): Promise<void> {
  const cluster = await clusterRow(suite.ds, operationId, sector);
  const review = suite.env.client.workflow.getHandle(transitionReviewId(cluster.id));
  await eventually(() => workflowExists(suite.env.client, review.workflowId), (v) => v);
  await review.terminate('end of test');
}

test('the ERC is told at start; resubmit changes the lead agency: its lead confirms, the old agency\'s lead is refused; WASH needs no referral pathways; 3/7/24 h/7/30-day due times', async () => {
  const sector = 'wash';
  const c = await cast(sector);
  const newAgencyId = await createOrganisation(suite.ds, 'ingo');
  const newLead = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId: c.operationId, sector }], organisationId: newAgencyId });
  const otherOperationHc = await createActor(suite.ds, ['hc'], { operationScopes: [await createOperation(suite.ds)] });
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(taskQueue, c, sector);
    const id = handle.workflowId;

    // Starting notifies the global cluster lead (the ERC office), not the HC of another operation.
    const notice = await eventually(() => notificationsFor(suite.ds, c.erc.id), (ns) => ns.some((n) => n.process_id === id && n.type === 'notice'));
    expect(notice.find((n) => n.process_id === id && n.type === 'notice').message).toContain('Cluster activation proposed');
    expect((await notificationsFor(suite.ds, otherOperationHc.id)).filter((n) => n.process_id === id)).toHaveLength(0);

    const t1 = await openTaskId(handle, 'hc-endorsement');
    await expectDueAfter(handle, t1, 3 * DAY);
    await decide(handle, { taskId: t1, decision: 'return', comment: 'Another agency has the capacity', actor: c.hc });
    const t2 = await openTaskId(handle, 'proposal-revision');
    await expectDueAfter(handle, t2, 7 * DAY);
    const resubmitted = await decide(handle, { taskId: t2, decision: 'resubmit', data: { leadAgencyId: newAgencyId }, actor: c.ocha });
    expect(resubmitted.process.subject).toMatchObject({ leadAgencyId: newAgencyId, rationale: input(c, sector).rationale });
    await eventually(() => clusterRow(suite.ds, c.operationId, sector), (r) => r.lead_agency_id === newAgencyId && r.status === 'proposed');

    await decide(handle, { taskId: await openTaskId(handle, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
    const erc = await openTaskId(handle, 'erc-approval');
    await expectDueAfter(handle, erc, 24 * HOUR);
    await decide(handle, { taskId: erc, decision: 'approve', actor: c.erc });

    const cla = await openTaskId(handle, 'cla-confirmation');
    await expectDueAfter(handle, cla, 7 * DAY);
    const confirmData = { coordinatorName: 'W. Coordinator', informationManagerName: 'W. Manager' };
    const oldAgency = await refusal(decide(handle, { taskId: cla, decision: 'confirm', data: confirmData, actor: c.lead }));
    expect(oldAgency.type).toBe(DECISION_ERRORS.Forbidden);
    expect(oldAgency.details[0]).toMatchObject({ reason: 'lead-agency' });
    await decide(handle, { taskId: cla, decision: 'confirm', data: confirmData, actor: newLead });
    const active = await eventually(() => clusterRow(suite.ds, c.operationId, sector), (r) => r.status === 'active');
    expect(active).toMatchObject({ lead_agency_id: newAgencyId, coordinator_name: 'W. Coordinator', information_manager_name: 'W. Manager' });

    const setup = await openTaskId(handle, 'cluster-setup');
    await expectDueAfter(handle, setup, 30 * DAY);
    // WASH is not Protection: referralPathwaysMapped is not asked for.
    const { referralPathwaysMapped: _omitted, ...washChecklist } = SETUP;
    await decide(handle, { taskId: setup, decision: 'complete', data: washChecklist, actor: newLead });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'activated' });
    expect((await auditEvents(suite.ds, id)).filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}:${(e.actor as { id?: string }).id}`)).toEqual([
      `hc-endorsement:return:${c.hc.id}`, `proposal-revision:resubmit:${c.ocha.id}`, `hc-endorsement:endorse:${c.hc.id}`,
      `erc-approval:approve:${c.erc.id}`, `cla-confirmation:confirm:${newLead.id}`, `cluster-setup:complete:${newLead.id}`,
    ]);
    await stopReview(c.operationId, sector);
  });
});

test('decline → reassign to another organisation: the old agency is refused, the new one confirms; Protection needs referral pathways; 7-day reassignment', async () => {
  const sector = 'protection';
  const c = await cast(sector);
  const nrc = await createOrganisation(suite.ds, 'ingo');
  const nrcLead = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId: c.operationId, sector }], organisationId: nrc });
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(taskQueue, c, sector);
    const id = handle.workflowId;
    await decide(handle, { taskId: await openTaskId(handle, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'erc-approval'), decision: 'approve', actor: c.erc });
    const cla1 = await openTaskId(handle, 'cla-confirmation');
    // The new agency's lead cannot confirm (or decline) for the agency still proposed.
    expect((await refusal(decide(handle, { taskId: cla1, decision: 'decline', actor: nrcLead }))).details[0]).toMatchObject({ reason: 'lead-agency' });
    await decide(handle, { taskId: cla1, decision: 'decline', comment: 'No capacity', actor: c.lead });

    const reassignment = await openTaskId(handle, 'lead-reassignment');
    await expectDueAfter(handle, reassignment, 7 * DAY);
    const noAgency = await refusal(decide(handle, { taskId: reassignment, decision: 'reassign', actor: c.hc }));
    expect(noAgency.details[0]).toEqual([{ field: 'leadAgencyId', message: 'leadAgencyId should not be empty' }]);
    await decide(handle, { taskId: reassignment, decision: 'reassign', data: { leadAgencyId: nrc }, actor: c.hc });
    await eventually(() => clusterRow(suite.ds, c.operationId, sector), (r) => r.lead_agency_id === nrc);

    const cla2 = await openTaskId(handle, 'cla-confirmation');
    expect(cla2).toBe(`${id}~cla-confirmation~2`);
    await expectDueAfter(handle, cla2, 7 * DAY);
    const confirmData = { coordinatorName: 'N. Coordinator', informationManagerName: 'N. Manager' };
    const old = await refusal(decide(handle, { taskId: cla2, decision: 'confirm', data: confirmData, actor: c.lead }));
    expect(old.type).toBe(DECISION_ERRORS.Forbidden);
    expect(old.details[0]).toMatchObject({ reason: 'lead-agency' });
    await decide(handle, { taskId: cla2, decision: 'confirm', data: confirmData, actor: nrcLead });
    expect(await eventually(() => clusterRow(suite.ds, c.operationId, sector), (r) => r.status === 'active')).toMatchObject({ lead_agency_id: nrc });

    const setup = await openTaskId(handle, 'cluster-setup');
    const { referralPathwaysMapped: _omitted, ...withoutReferral } = SETUP;
    const missing = await refusal(decide(handle, { taskId: setup, decision: 'complete', data: withoutReferral, actor: nrcLead }));
    expect(missing.details[0]).toEqual([{ field: 'referralPathwaysMapped', message: 'referralPathwaysMapped should not be empty' }]);
    const unticked = await refusal(decide(handle, { taskId: setup, decision: 'complete', data: { ...SETUP, referralPathwaysMapped: false }, actor: nrcLead }, 'unticked'));
    expect(unticked.details[0]).toEqual([{ field: 'referralPathwaysMapped', message: 'referralPathwaysMapped must be true' }]);
    await decide(handle, { taskId: setup, decision: 'complete', data: SETUP, actor: nrcLead }, 'complete');
    expect(await handle.result()).toEqual({ processId: id, outcome: 'activated' });
    expect((await auditEvents(suite.ds, id)).filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}`)).toEqual([
      'hc-endorsement:endorse', 'erc-approval:approve', 'cla-confirmation:decline', 'lead-reassignment:reassign',
      'cla-confirmation:confirm', 'cluster-setup:complete',
    ]);
    await stopReview(c.operationId, sector);
  });
});

test('abandon after a decline needs a reason and ends not-activated', async () => {
  const sector = 'cccm';
  const c = await cast(sector);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(taskQueue, c, sector);
    await decide(handle, { taskId: await openTaskId(handle, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'erc-approval'), decision: 'approve', actor: c.erc });
    await decide(handle, { taskId: await openTaskId(handle, 'cla-confirmation'), decision: 'decline', actor: c.lead });
    const reassignment = await openTaskId(handle, 'lead-reassignment');
    const noReason = await refusal(decide(handle, { taskId: reassignment, decision: 'abandon', actor: c.hc }));
    expect(noReason.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(noReason.details[0]).toEqual([{ field: 'comment', message: 'comment should not be empty (a reason is required to abandon the activation)' }]);
    // Only the HC of the operation may abandon.
    expect((await refusal(decide(handle, { taskId: reassignment, decision: 'abandon', comment: 'x', actor: c.ocha }, 'ocha'))).details[0]).toMatchObject({ reason: 'role' });
    await decide(handle, { taskId: reassignment, decision: 'abandon', comment: 'No agency can lead CCCM', actor: c.hc }, 'abandon');
    expect(await handle.result()).toEqual({ processId: handle.workflowId, outcome: 'not-activated' });
    expect((await clusterRow(suite.ds, c.operationId, sector)).status).toBe('not-activated');
    const events = await auditEvents(suite.ds, handle.workflowId);
    expect(events.find((e) => e.type === 'decision' && e.decision === 'abandon')).toMatchObject({ comment: 'No agency can lead CCCM', stepId: 'lead-reassignment' });
    expect(events.at(-1)).toMatchObject({ type: 'process-completed', data: { outcome: 'not-activated' } });
  });
});

test('the HC\'s reject needs a reason; return → withdraw ends withdrawn and the cluster not-activated', async () => {
  const sector = 'nutrition';
  const c = await cast(sector);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(taskQueue, c, sector);
    const t1 = await openTaskId(handle, 'hc-endorsement');
    const noReason = await refusal(decide(handle, { taskId: t1, decision: 'reject', actor: c.hc }, 'reject'));
    expect(noReason.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(noReason.details[0]).toEqual([{ field: 'comment', message: 'comment should not be empty (a reason is required to reject)' }]);
    await decide(handle, { taskId: t1, decision: 'return', comment: 'Unclear gaps', actor: c.hc });
    const revision = await openTaskId(handle, 'proposal-revision');
    // Only OCHA of the operation revises: the HC may not withdraw it.
    expect((await refusal(decide(handle, { taskId: revision, decision: 'withdraw', actor: c.hc }))).details[0]).toMatchObject({ reason: 'role' });
    await decide(handle, { taskId: revision, decision: 'withdraw', comment: 'Covered by the food security cluster', actor: c.ocha });
    expect(await handle.result()).toEqual({ processId: handle.workflowId, outcome: 'withdrawn' });
    expect((await clusterRow(suite.ds, c.operationId, sector)).status).toBe('not-activated');
    expect(await processRow(suite.ds, handle.workflowId)).toMatchObject({ status: 'completed', outcome: 'withdrawn' });
    expect((await auditEvents(suite.ds, handle.workflowId)).filter((e) => e.type === 'decision').map((e) => e.decision)).toEqual(['return', 'withdraw']);
  });
});

test('an AoR (GBV) activation hangs under the operation\'s Protection cluster and needs referral pathways', async () => {
  const sector = 'gbv';
  const c = await cast(sector);
  const protectionId = await createCluster(suite.ds, c.operationId, 'protection', 'active', new Date(await suite.env.currentTimeMs()).toISOString());
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(taskQueue, c, sector);
    const proposed = await eventually(() => clusterRow(suite.ds, c.operationId, sector), (r) => r?.status === 'proposed');
    expect(proposed.parent_cluster_id).toBe(protectionId);
    await decide(handle, { taskId: await openTaskId(handle, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'erc-approval'), decision: 'approve', actor: c.erc });
    await decide(handle, { taskId: await openTaskId(handle, 'cla-confirmation'), decision: 'confirm', data: { coordinatorName: 'G', informationManagerName: 'H' }, actor: c.lead });
    const setup = await openTaskId(handle, 'cluster-setup');
    const { referralPathwaysMapped: _omitted, ...withoutReferral } = SETUP;
    expect((await refusal(decide(handle, { taskId: setup, decision: 'complete', data: withoutReferral, actor: c.lead }))).details[0])
      .toEqual([{ field: 'referralPathwaysMapped', message: 'referralPathwaysMapped should not be empty' }]);
    await decide(handle, { taskId: setup, decision: 'complete', data: SETUP, actor: c.lead }, 'complete');
    expect(await handle.result()).toEqual({ processId: handle.workflowId, outcome: 'activated' });
    expect(await clusterRow(suite.ds, c.operationId, sector)).toMatchObject({ status: 'active', parent_cluster_id: protectionId });
    await stopReview(c.operationId, sector);
  });
});

test('one projection batch per decision: the decision and the step its reaction opens are written together', async () => {
  const sector = 'nutrition';
  const c = await cast(sector);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(taskQueue, c, sector);
    const t1 = await openTaskId(handle, 'hc-endorsement');
    const started = await eventually(() => auditEvents(suite.ds, handle.workflowId), (events) => events.some((e) => e.type === 'notice-sent'));
    const projections = async () => {
      const events = (await handle.fetchHistory()).events ?? [];
      return events
        .map((e) => ({ name: e.activityTaskScheduledEventAttributes?.activityType?.name, update: e.workflowExecutionUpdateAcceptedEventAttributes ? 'accepted' : e.workflowExecutionUpdateCompletedEventAttributes ? 'completed' : null }))
        .filter((e) => e.name === 'project' || e.name === 'setClusterStatus' || e.update)
        .map((e) => e.name ?? e.update);
    };
    // The start: its first task is written while its effect runs (the projection never waits for an activity),
    // then what the effect led to.
    expect(await projections()).toEqual(['setClusterStatus', 'project', 'project']);

    await decide(handle, { taskId: t1, decision: 'endorse', actor: c.hc });
    // Written when the Update returns: the decision and the ERC's task it opened, in one batch inside the Update.
    expect((await taskRows(suite.ds, handle.workflowId)).map((r) => [r.step_id, r.status]).sort()).toEqual([['erc-approval', 'open'], ['hc-endorsement', 'decided']]);
    expect((await auditEvents(suite.ds, handle.workflowId)).slice(started.length).map((e) => e.type)).toEqual(['decision', 'task-opened']);
    expect(await projections()).toEqual(['setClusterStatus', 'project', 'project', 'accepted', 'project', 'completed']);
  });
});
