// Engine v2 timed paths and transitions on fixture processes (time-skipping server, real activities on
// PostgreSQL): a deadline outcome (`onDue: close`), repeating reminders, a scheduled opening (`opensBefore`),
// a case action; conditional transitions on input and decision data, a subject patch, a guard, a checkpoint.
import { verifyChain } from '../../activities/audit-hash';
import { actUpdate, DECISION_ERRORS } from '../../workflows/contracts/messages';
import { auditEvents, createActor, createOperation, notificationsFor, processRow, taskRows } from '../factories';
import { decide, eventually, openTaskId, refusal, snapshot, withWorker } from './harness';
import { DAY, finished, sleepUntil, startCase, useFixtureSuite } from './fixtures/engine-suite';
import { FIXTURE_DEADLINES, FIXTURE_RULES } from './fixtures/processes';

jest.setTimeout(120_000);

const suite = useFixtureSuite();

/** Timers fire when the server processes them, a little after the workflow's own clock. */
function expectAround(actual: number, expected: number): void {
  expect(actual).toBeGreaterThanOrEqual(expected);
  expect(actual - expected).toBeLessThan(60_000);
}

test('deadline outcomes: weekly reminders until due, the task closes itself as missed and the case moves on; opensBefore schedules a step; a case action opens it now', async () => {
  const operationId = await createOperation(suite.ds);
  const ocha = await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] });
  const hc = await createActor(suite.ds, ['hc'], { operationScopes: [operationId] });

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const t0 = await suite.env.currentTimeMs();
    const late = await startCase(suite, taskQueue, FIXTURE_DEADLINES, { caseKey: `${operationId}:late`, operationId });
    const early = await startCase(suite, taskQueue, FIXTURE_DEADLINES, { caseKey: `${operationId}:early`, operationId });
    const report = `${late.workflowId}~report~1`;

    // `planned` is scheduled: due 30 days after the start, it opens 10 days before.
    const start = await eventually(() => snapshot(late), (s) => s.openTasks.length === 1 && (s.process.steps ?? []).length === 2);
    expect(start.openTasks.map((t) => t.id)).toEqual([report]);
    const planned = start.process.steps!.find((s) => s.stepId === 'planned')!;
    expect(planned.status).toBe('scheduled');
    expectAround(Date.parse(planned.dueAt!), t0 + 30 * DAY);
    expect(Date.parse(planned.dueAt!) - Date.parse(planned.openAt!)).toBe(10 * DAY);
    // The projection runs once the workflow task is committed: the trail follows the state a moment later.
    expect((await eventually(() => auditEvents(suite.ds, late.workflowId), (events) => events.some((e) => e.type === 'step-scheduled'))).find((e) => e.type === 'step-scheduled')).toMatchObject({ stepId: 'planned', data: { opensAt: planned.openAt, dueAt: planned.dueAt } });

    // A case action brings the scheduled opening forward (its role is checked; a second call finds it open).
    const byHc = await refusal(early.executeUpdate(actUpdate, { args: [{ action: 'call-planned', actor: hc }] }));
    expect(byHc).toMatchObject({ type: DECISION_ERRORS.Forbidden, details: [expect.objectContaining({ reason: 'role' })] });
    const acted = await early.executeUpdate(actUpdate, { args: [{ action: 'call-planned', comment: 'Needed now', actor: ocha }] });
    expect(acted.currentSteps.sort()).toEqual(['planned', 'report']);
    const plannedNow = (await snapshot(early)).openTasks.find((t) => t.stepId === 'planned')!;
    expect(Date.parse(plannedNow.createdAt)).toBeLessThan(t0 + DAY);
    expect((await refusal(early.executeUpdate(actUpdate, { args: [{ action: 'call-planned', actor: ocha }] }))).type).toBe(DECISION_ERRORS.Conflict);
    expect((await auditEvents(suite.ds, early.workflowId)).find((e) => e.type === 'case-action')).toMatchObject({ decision: 'call-planned', comment: 'Needed now', actor: expect.objectContaining({ id: ocha.id }) });
    await decide(early, { taskId: `${early.workflowId}~report~1`, decision: 'submit', actor: ocha });
    expect(await finished(suite, early)).toEqual({ processId: early.workflowId, outcome: 'submitted' });

    // Weekly reminders: day 7 and day 14; none at the due time (day 21), none after.
    const reminders = async () => (await auditEvents(suite.ds, late.workflowId)).filter((e) => e.type === 'reminder-sent' && e.taskId === report);
    await sleepUntil(suite, t0 + 6 * DAY);
    expect(await reminders()).toHaveLength(0);
    await sleepUntil(suite, t0 + 15 * DAY);
    const weekly = await eventually(reminders, (r) => r.length === 2);
    expectAround(Date.parse(weekly[0].at), t0 + 7 * DAY);
    expectAround(Date.parse(weekly[1].at), t0 + 14 * DAY);

    // Day 20: the scheduled step opens by itself.
    await sleepUntil(suite, t0 + 20 * DAY + 3_600_000);
    const plannedTask = await openTaskId(late, 'planned');
    expectAround(Date.parse((await snapshot(late)).openTasks.find((t) => t.id === plannedTask)!.createdAt), Date.parse(planned.openAt!));

    // Day 21: the report closes itself as missed (expired) and the follow-up opens.
    await sleepUntil(suite, t0 + 22 * DAY);
    await openTaskId(late, 'follow-up');
    const row = (await taskRows(suite.ds, late.workflowId)).find((r) => r.id === report);
    expect(row).toMatchObject({ status: 'expired', decision: 'missed' });
    const expired = (await auditEvents(suite.ds, late.workflowId)).find((e) => e.type === 'task-expired' && e.taskId === report)!;
    expect(expired.decision).toBe('missed');
    expectAround(Date.parse(expired.at), t0 + 21 * DAY);
    const notOpen = await refusal(decide(late, { taskId: report, decision: 'submit', actor: ocha }));
    expect(notOpen.type).toBe(DECISION_ERRORS.TaskNotOpen);
    expect(notOpen.message).toContain('expired at its deadline');
    await sleepUntil(suite, t0 + 29 * DAY);
    expect(await reminders()).toHaveLength(2);
    expect((await notificationsFor(suite.ds, ocha.id)).filter((n) => n.task_id === report && n.type === 'reminder')).toHaveLength(2);

    // A branch that ends (`next: []`) leaves the case running; the follow-up ends it.
    const held = await decide(late, { taskId: plannedTask, decision: 'hold', actor: ocha });
    expect(held.process).toMatchObject({ status: 'running', currentSteps: ['follow-up'] });
    await decide(late, { taskId: `${late.workflowId}~follow-up~1`, decision: 'close', actor: ocha });
    expect(await finished(suite, late)).toEqual({ processId: late.workflowId, outcome: 'followed-up' });
    expect(verifyChain(await auditEvents(suite.ds, late.workflowId))).toBeNull();
  });
});

test('transitions by rules on the input and on decision data, a subject patch, a guard refusing with its message, a checkpoint continuing as new with the seq going on', async () => {
  const operationId = await createOperation(suite.ds);
  const ocha = await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] });

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const full = await startCase(suite, taskQueue, FIXTURE_RULES, { caseKey: `${operationId}:full`, operationId, track: 'full', amount: 500 });
    const fast = await startCase(suite, taskQueue, FIXTURE_RULES, { caseKey: `${operationId}:fast`, operationId, track: 'fast', amount: 500 });
    const low = await startCase(suite, taskQueue, FIXTURE_RULES, { caseKey: `${operationId}:low`, operationId, track: 'full', amount: 500 });

    // The input decides the first step.
    await decide(fast, { taskId: await openTaskId(fast, 'fast-review'), decision: 'accept', actor: ocha });
    expect(await finished(suite, fast)).toEqual({ processId: fast.workflowId, outcome: 'fast-tracked' });
    expect((await taskRows(suite.ds, fast.workflowId)).map((r) => r.step_id)).toEqual(['fast-review']);

    // Decision data decides the next step: a low score ends the case declined.
    await decide(low, { taskId: await openTaskId(low, 'assessment'), decision: 'assess', data: { score: 2, owner: 'Dana' }, actor: ocha });
    expect(await finished(suite, low)).toEqual({ processId: low.workflowId, outcome: 'declined' });
    expect((await taskRows(suite.ds, low.workflowId)).map((r) => r.step_id)).toEqual(['assessment']);

    // A high score goes to approval; the decision patches the subject.
    const assessed = await decide(full, { taskId: `${full.workflowId}~assessment~1`, decision: 'assess', data: { score: 4, owner: 'Alice' }, actor: ocha });
    expect(assessed.process.currentSteps).toEqual(['approval']);
    expect(assessed.process.subject).toMatchObject({ owner: 'Alice', requested: 500 });
    await eventually(() => processRow(suite.ds, full.workflowId), (r) => r.subject.owner === 'Alice');

    // The guard refuses with its own message; nothing is recorded.
    const guarded = await refusal(decide(full, { taskId: `${full.workflowId}~approval~1`, decision: 'approve', data: { amountApproved: 900 }, actor: ocha }, 'guarded'));
    expect(guarded).toMatchObject({ type: DECISION_ERRORS.Conflict, message: 'amountApproved may not exceed the requested amount (500)' });

    // Reassess: a checkpoint, so the case continues as new (run 2) with the next assessment open.
    const firstRun = (await full.describe()).runId;
    await decide(full, { taskId: `${full.workflowId}~approval~1`, decision: 'reassess', actor: ocha });
    await eventually(() => full.describe(), (d) => d.runId !== firstRun && d.status.name === 'RUNNING');
    expect((await suite.env.client.workflow.getHandle(full.workflowId, firstRun).describe()).status.name).toBe('CONTINUED_AS_NEW');
    const seqBefore = (await auditEvents(suite.ds, full.workflowId)).length;
    const second = await openTaskId(full, 'assessment');
    expect(second).toBe(`${full.workflowId}~assessment~2`);
    expect((await snapshot(full)).seq).toBeGreaterThanOrEqual(seqBefore);
    await decide(full, { taskId: second, decision: 'assess', data: { score: 5, owner: 'Bob' }, actor: ocha });
    const approved = await decide(full, { taskId: `${full.workflowId}~approval~2`, decision: 'approve', data: { amountApproved: 450 }, comment: 'Within the request', actor: ocha });
    expect(approved.process.subject).toMatchObject({ owner: 'Bob' });
    expect(await finished(suite, full)).toEqual({ processId: full.workflowId, outcome: 'approved' });

    // One audit chain across both runs: seq 1..n without gaps, hashes intact.
    const events = await auditEvents(suite.ds, full.workflowId);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toBeNull();
    expect(events.filter((e) => e.type === 'decision').map((e) => `${e.stepId}:${e.decision}`)).toEqual([
      'assessment:assess', 'approval:reassess', 'assessment:assess', 'approval:approve',
    ]);
    expect(events.filter((e) => e.type === 'decision' && e.seq > seqBefore).length).toBe(2);
    expect(await processRow(suite.ds, full.workflowId)).toMatchObject({ status: 'completed', outcome: 'approved', last_seq: events.length });
  });
});
