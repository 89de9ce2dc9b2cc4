import { WorkflowNotFoundError } from '@temporalio/client';
import { verifyChain } from '../../activities/audit-hash';
import { clusterActivationId, transitionReviewId } from '../../workflows/processes';
import { DECISION_ERRORS } from '../../workflows/contracts/messages';
import type { Actor } from '../../workflows/domain/actor';
import { auditEvents, clusterRow, createActor, createOperation, createOrganisation, notificationsFor, processRow, taskRows } from '../factories';
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
    expect((await clusterRow(suite.ds, c.operationId, sector)).status).toBe('proposed');
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
    const handle = await suite.env.client.workflow.start('cluster-activation', { taskQueue, workflowId: id, args: [{ input: input(c, sector), startedBy: { kind: 'system' } }] });
    const t1 = await openTaskId(handle, 'hc-endorsement');
    const { cancelUpdate } = await import('../../workflows/contracts/messages');
    expect((await refusal(handle.executeUpdate(cancelUpdate, { args: [{ reason: 'duplicate', actor: c.hc }] }))).type).toBe(DECISION_ERRORS.Forbidden);
    expect((await refusal(handle.executeUpdate(cancelUpdate, { args: [{ reason: ' ', actor: admin }] }))).type).toBe(DECISION_ERRORS.InvalidDecisionData);
    const view = await handle.executeUpdate(cancelUpdate, { args: [{ reason: 'Duplicate proposal', actor: admin }] });
    expect(view).toMatchObject({ status: 'cancelled', outcome: 'cancelled', currentSteps: [] });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'cancelled' });
    // The case is closed: Temporal itself refuses further Updates (the API maps this to 409).
    await expect(decide(handle, { taskId: t1, decision: 'endorse', actor: c.hc })).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const rows = await taskRows(suite.ds, id);
    expect(rows.find((r) => r.id === t1).status).toBe('cancelled');
    const events = await auditEvents(suite.ds, id);
    expect(events.at(-1)).toMatchObject({ type: 'process-cancelled', comment: 'Duplicate proposal' });
    expect(verifyChain(events)).toBeNull();
  });
});
