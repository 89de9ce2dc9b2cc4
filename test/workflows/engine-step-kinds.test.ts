// Engine v2 step kinds on fixture processes (time-skipping server, real activities on PostgreSQL):
// fan-out with each join rule, child cases started by a window and awaited, and a collective vote.
import { verifyChain } from '../../activities/audit-hash';
import type { Actor } from '../../workflows/domain/actor';
import { DECISION_ERRORS } from '../../workflows/contracts/messages';
import { auditEvents, createActor, createCluster, createOperation, createOrganisation, processRow, taskRows } from '../factories';
import { decide, eventually, refusal, snapshot, withWorker } from './harness';
import { DAY, finished, operationContext, sleepUntil, startCase, submit, useFixtureSuite, windowOpen } from './fixtures/engine-suite';
import { FAN_OUT_JOINS, FIXTURE_FAN_OUT, FIXTURE_INVITATIONS, FIXTURE_PARENT, FIXTURE_VOTE } from './fixtures/processes';

jest.setTimeout(120_000);

const suite = useFixtureSuite();

test('fan-out over the active clusters: one task per cluster in its scope; joins all, any, at least 2 and deadline; done of total', async () => {
  const operationId = await createOperation(suite.ds);
  const sectors = ['health', 'protection', 'wash'];
  for (const sector of sectors) await createCluster(suite.ds, operationId, sector, 'active');
  await createCluster(suite.ds, operationId, 'shelter', 'proposed');
  const lead: Record<string, Awaited<ReturnType<typeof createActor>>> = {};
  for (const sector of [...sectors, 'shelter']) lead[sector] = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }] });
  const report = (join: string, sector: string) => ({
    taskId: `${FIXTURE_FAN_OUT}:${operationId}:${join}~collect-${join}~1~${sector}`,
    decision: 'report',
    data: { summary: `${sector} report` },
    actor: lead[sector],
  });

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    // Before the starts: each case's due times count from its own start, which is at or after t0.
    const t0 = await suite.env.currentTimeMs();
    const handles = Object.fromEntries(
      await Promise.all([...Object.keys(FAN_OUT_JOINS), 'missed'].map(async (join) => [join, await startCase(suite, taskQueue, FIXTURE_FAN_OUT, { caseKey: `${operationId}:${join}`, operationId, join })])),
    );

    // One task per active cluster (not the proposed one), each scoped to (operation, sector).
    const opened = await eventually(() => snapshot(handles.all), (s) => s.openTasks.length === 3);
    expect(opened.openTasks.map((t) => [t.id, t.operationId, t.sector, t.memberKey]).sort()).toEqual(
      sectors.map((s) => [report('all', s).taskId, operationId, s, s]),
    );
    expect(opened.process.steps).toEqual([expect.objectContaining({ stepId: 'collect-all', kind: 'fan-out', status: 'open', done: 0, total: 3 })]);
    const wrongSector = await refusal(decide(handles.all, { ...report('all', 'health'), actor: lead.wash }));
    expect(wrongSector.type).toBe(DECISION_ERRORS.Forbidden);
    expect(wrongSector.details[0]).toMatchObject({ reason: 'scope' });
    expect((await refusal(decide(handles.all, { ...report('all', 'health'), actor: lead.shelter }))).details[0]).toMatchObject({ reason: 'scope' });

    // all: open until the third report; the instance view counts done of total.
    await decide(handles.all, report('all', 'health'));
    const second = await decide(handles.all, report('all', 'protection'));
    expect(second.process.status).toBe('running');
    expect(second.process.steps!.find((s) => s.stepId === 'collect-all')).toMatchObject({ status: 'open', done: 2, total: 3 });
    await eventually(() => processRow(suite.ds, handles.all.workflowId), (r) => r?.steps?.[0]?.done === 2);
    await decide(handles.all, report('all', 'wash'));
    expect(await finished(suite, handles.all)).toEqual({ processId: handles.all.workflowId, outcome: 'joined' });

    // any: the first report ends it, the others are cancelled.
    await decide(handles.any, report('any', 'protection'));
    expect(await finished(suite, handles.any)).toEqual({ processId: handles.any.workflowId, outcome: 'joined' });
    const anyRows = await taskRows(suite.ds, handles.any.workflowId);
    expect(Object.fromEntries(anyRows.map((r) => [r.member_key, r.status]))).toEqual({ health: 'cancelled', protection: 'decided', wash: 'cancelled' });

    // at least 2: one is not enough, two are; the third is cancelled.
    const one = await decide(handles['at-least-2'], report('at-least-2', 'wash'));
    expect(one.process.status).toBe('running');
    await decide(handles['at-least-2'], report('at-least-2', 'health'));
    expect(await finished(suite, handles['at-least-2'])).toEqual({ processId: handles['at-least-2'].workflowId, outcome: 'joined' });
    const twoRows = await taskRows(suite.ds, handles['at-least-2'].workflowId);
    expect(Object.fromEntries(twoRows.map((r) => [r.member_key, r.status]))).toEqual({ health: 'decided', protection: 'cancelled', wash: 'decided' });

    // deadline: waits for the due time (5 days) even with reports in; the undecided ones expire.
    await decide(handles.deadline, report('deadline', 'health'));
    await sleepUntil(suite, t0 + 4 * DAY);
    expect((await snapshot(handles.deadline)).process.status).toBe('running');
    await sleepUntil(suite, t0 + 5 * DAY + 60_000);
    expect(await finished(suite, handles.deadline)).toEqual({ processId: handles.deadline.workflowId, outcome: 'timed-out' });
    const deadlineRows = await taskRows(suite.ds, handles.deadline.workflowId);
    expect(Object.fromEntries(deadlineRows.map((r) => [r.member_key, r.status]))).toEqual({ health: 'decided', protection: 'expired', wash: 'expired' });
    const events = await auditEvents(suite.ds, handles.deadline.workflowId);
    expect(events.find((e) => e.type === 'step-completed')).toMatchObject({ stepId: 'collect-deadline', decision: 'deadline', data: { done: 1, total: 3 } });
    expect(Date.parse(events.find((e) => e.type === 'step-completed')!.at)).toBeGreaterThanOrEqual(t0 + 5 * DAY);
    expect(verifyChain(events)).toBeNull();
    expect((await processRow(suite.ds, handles.deadline.workflowId)).steps[0]).toMatchObject({ status: 'done', result: 'deadline', done: 1, total: 3 });

    // all, with member tasks that close themselves as missed at the due time: once none is open, the step ends.
    expect(Object.fromEntries((await taskRows(suite.ds, handles.missed.workflowId)).map((r) => [r.member_key, [r.status, r.decision]]))).toEqual({
      health: ['expired', 'missed'], protection: ['expired', 'missed'], wash: ['expired', 'missed'],
    });
    expect(await finished(suite, handles.missed)).toEqual({ processId: handles.missed.workflowId, outcome: 'timed-out' });
  });
});

test('fan-out over invited organisations: one task per organisation, scoped to it (a partner of another organisation is refused)', async () => {
  const operationId = await createOperation(suite.ds);
  const [orgA, orgB, orgC] = [await createOrganisation(suite.ds, 'nngo'), await createOrganisation(suite.ds, 'ingo'), await createOrganisation(suite.ds, 'lngo')];
  const a = await createActor(suite.ds, ['partner'], { organisationId: orgA });
  const b = await createActor(suite.ds, ['partner'], { organisationId: orgB });
  const c = await createActor(suite.ds, ['partner'], { organisationId: orgC });

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await startCase(suite, taskQueue, FIXTURE_INVITATIONS, { caseKey: operationId, operationId, invited: [orgA, orgB] });
    const open = await eventually(() => snapshot(handle), (s) => s.openTasks.length === 2);
    const task = (org: string) => `${handle.workflowId}~confirmations~1~${org}`;
    expect(open.openTasks.map((t) => [t.id, t.organisationId, t.operationId]).sort()).toEqual([[task(orgA), orgA, operationId], [task(orgB), orgB, operationId]].sort());
    expect((await refusal(decide(handle, { taskId: task(orgA), decision: 'confirm', actor: b }))).details[0]).toMatchObject({ reason: 'scope' });
    expect((await refusal(decide(handle, { taskId: task(orgB), decision: 'confirm', actor: c }))).details[0]).toMatchObject({ reason: 'scope' });
    await decide(handle, { taskId: task(orgA), decision: 'confirm', actor: a });
    await decide(handle, { taskId: task(orgB), decision: 'confirm', actor: b });
    expect(await finished(suite, handle)).toEqual({ processId: handle.workflowId, outcome: 'confirmed' });
    expect((await taskRows(suite.ds, handle.workflowId)).map((r) => [r.organisation_id, r.status, r.decided_by?.id]).sort()).toEqual(
      [[orgA, 'decided', a.id], [orgB, 'decided', b.id]].sort(),
    );
  });
});

test('child cases: each submission of the window starts a child with parentProcessId; the children step ends when every child ended', async () => {
  const operationId = await createOperation(suite.ds);
  const [orgA, orgB] = [await createOrganisation(suite.ds, 'nngo'), await createOrganisation(suite.ds, 'ingo')];
  const partnerA = await createActor(suite.ds, ['partner'], { organisationId: orgA });
  const partnerB = await createActor(suite.ds, ['partner'], { organisationId: orgB });
  const ocha = await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] });
  const operation = await operationContext(suite, operationId);

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const parent = await startCase(suite, taskQueue, FIXTURE_PARENT, { caseKey: operationId, operationId }, { operation });
    const t0 = await suite.env.currentTimeMs();
    await windowOpen(parent);
    const a = await submit(parent, { kind: 'project', data: { title: 'Wells' }, actor: partnerA });
    const b = await submit(parent, { kind: 'project', data: { title: 'Clinics' }, actor: partnerB });
    expect(a.childProcessId).toBe(`fixture-project:${a.submissionId}`);
    expect(b.childProcessId).toBe(`fixture-project:${b.submissionId}`);

    // The children are cases of their own, linked to the parent in the read model.
    const childA = suite.env.client.workflow.getHandle(a.childProcessId!);
    const childB = suite.env.client.workflow.getHandle(b.childProcessId!);
    const rowA = await eventually(() => processRow(suite.ds, a.childProcessId!), (r) => r !== undefined);
    await eventually(() => processRow(suite.ds, b.childProcessId!), (r) => r !== undefined);
    expect(rowA).toMatchObject({ type: 'fixture-project', parent_process_id: parent.workflowId, operation_id: operationId, status: 'running' });
    expect(rowA.subject.organisationId).toBe(orgA);
    expect(rowA.input).toMatchObject({ title: 'Wells', operationId, caseKey: a.submissionId, organisationId: orgA });
    const linked = await suite.ds.query(`SELECT id FROM processes WHERE parent_process_id = $1 ORDER BY id`, [parent.workflowId]);
    expect(linked.map((r: { id: string }) => r.id)).toEqual([a.childProcessId, b.childProcessId].sort());
    const submissions = await suite.ds.query(`SELECT organisation_id, child_process_id FROM submissions WHERE process_id = $1 ORDER BY at`, [parent.workflowId]);
    expect(submissions).toEqual([{ organisation_id: orgA, child_process_id: a.childProcessId }, { organisation_id: orgB, child_process_id: b.childProcessId }]);

    // A child that ends tells the parent; the parent still waits for its window and the other child.
    await decide(childA, { taskId: `${a.childProcessId}~project-review~1`, decision: 'approve', actor: ocha });
    expect(await finished(suite, childA)).toEqual({ processId: a.childProcessId, outcome: 'approved' });
    const seen = await eventually(() => snapshot(parent), (s) => s.process.steps!.some((st) => st.children?.some((c) => c.id === a.childProcessId && c.status === 'completed')));
    expect(seen.process.status).toBe('running');
    expect(seen.process.steps!.find((s) => s.stepId === 'projects')).toMatchObject({ status: 'open', submissions: 2 });

    await sleepUntil(suite, t0 + 3 * DAY + 60_000);
    const waiting = await eventually(() => snapshot(parent), (s) => s.process.currentSteps.includes('await-projects'));
    expect(waiting.process.status).toBe('running');
    await decide(childB, { taskId: `${b.childProcessId}~project-review~1`, decision: 'reject', actor: ocha });
    expect(await finished(suite, parent)).toEqual({ processId: parent.workflowId, outcome: 'all-decided' });

    const events = await auditEvents(suite.ds, parent.workflowId);
    expect(events.filter((e) => e.type === 'child-ended').map((e) => [e.data!.processId, e.data!.outcome])).toEqual([
      [a.childProcessId, 'approved'], [b.childProcessId, 'rejected'],
    ]);
    expect(events.filter((e) => e.type === 'process-linked').map((e) => e.data!.workflowId)).toEqual([a.childProcessId, b.childProcessId]);
    expect(events.find((e) => e.type === 'step-completed' && e.stepId === 'await-projects')).toMatchObject({ decision: 'complete', data: { children: 2 } });
    expect(verifyChain(events)).toBeNull();
    expect(await processRow(suite.ds, parent.workflowId)).toMatchObject({ status: 'completed', outcome: 'all-decided', parent_process_id: null });
  });
});

test('vote: a ballot per Advisory Board member of the operation, only for its assignee; quorum majority; the chair closes with attendance; a tie goes to the decision declared first', async () => {
  const operationId = await createOperation(suite.ds);
  const otherOperationId = await createOperation(suite.ds);
  const members: Actor[] = [];
  for (let i = 0; i < 3; i++) members.push(await createActor(suite.ds, ['advisory_board'], { operationScopes: [operationId], name: `board${i}` }));
  const outsider = await createActor(suite.ds, ['advisory_board'], { operationScopes: [otherOperationId] });
  const chair = await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] });
  const [m1, m2, m3] = members;
  const ballot = (caseKey: string, who: { id: string }) => `${FIXTURE_VOTE}:${caseKey}~board-vote~1~${who.id}`;

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const quorum = await startCase(suite, taskQueue, FIXTURE_VOTE, { caseKey: `${operationId}:quorum`, operationId });
    const chaired = await startCase(suite, taskQueue, FIXTURE_VOTE, { caseKey: `${operationId}:chair`, operationId });
    const tie = await startCase(suite, taskQueue, FIXTURE_VOTE, { caseKey: `${operationId}:tie`, operationId });

    // Voters come from the users holding the role in the operation's scope: three ballots and the chair's task.
    const open = await eventually(() => snapshot(quorum), (s) => s.openTasks.length === 4);
    const ids = members.map((m) => ballot(`${operationId}:quorum`, m));
    expect(open.openTasks.map((t) => t.id).sort()).toEqual([...ids, `${quorum.workflowId}~board-vote~1~chair`].sort());
    expect(open.openTasks.find((t) => t.id === ids[0])).toMatchObject({ assigneeId: m1.id, roles: ['advisory_board'], operationId });
    expect(open.openTasks.find((t) => t.memberKey === 'chair')).toMatchObject({ roles: ['ocha'], decisions: ['close-vote'] });

    const notMine = await refusal(decide(quorum, { taskId: ids[1], decision: 'approve', actor: m1 }, 'refused-1'));
    expect(notMine).toMatchObject({ type: DECISION_ERRORS.Forbidden, details: [expect.objectContaining({ reason: 'assignee' })] });
    expect((await refusal(decide(quorum, { taskId: ids[0], decision: 'approve', actor: outsider }, 'refused-2'))).details[0]).toMatchObject({ reason: 'scope' });
    const early = await refusal(decide(quorum, { taskId: `${quorum.workflowId}~board-vote~1~chair`, decision: 'close-vote', data: { attendance: 3 }, actor: chair }, 'refused-3'));
    expect(early).toMatchObject({ type: DECISION_ERRORS.Conflict, message: 'no vote has been cast yet: the vote cannot be closed' });

    // Quorum (a majority of 3 is 2): the second ballot closes the vote with the majority decision.
    const first = await decide(quorum, { taskId: ids[0], decision: 'approve', actor: m1 });
    expect(first.process.steps![0]).toMatchObject({ kind: 'vote', status: 'open', done: 1, total: 3 });
    await decide(quorum, { taskId: ids[2], decision: 'approve', actor: m3 });
    expect(await finished(suite, quorum)).toEqual({ processId: quorum.workflowId, outcome: 'approved' });
    const qRows = await taskRows(suite.ds, quorum.workflowId);
    expect(qRows.find((r) => r.id === ids[1]).status).toBe('cancelled');
    const qEvents = await auditEvents(suite.ds, quorum.workflowId);
    expect(qEvents.filter((e) => e.type === 'vote-cast').map((e) => [e.actor.kind === 'user' ? e.actor.id : null, e.decision, e.taskId])).toEqual([
      [m1.id, 'approve', ids[0]], [m3.id, 'approve', ids[2]],
    ]);
    expect(qEvents.find((e) => e.type === 'step-completed')).toMatchObject({ decision: 'approve', data: { votes: { approve: 2 }, cast: 2, members: 3 } });

    // The chair closes before the quorum with the recorded attendance; the majority so far decides.
    await decide(chaired, { taskId: ballot(`${operationId}:chair`, m2), decision: 'reject', actor: m2 });
    await decide(chaired, { taskId: `${chaired.workflowId}~board-vote~1~chair`, decision: 'close-vote', data: { attendance: 5 }, actor: chair });
    expect(await finished(suite, chaired)).toEqual({ processId: chaired.workflowId, outcome: 'rejected' });
    const cEvents = await auditEvents(suite.ds, chaired.workflowId);
    expect(cEvents.filter((e) => e.type === 'vote-cast')).toHaveLength(1);
    expect(cEvents.find((e) => e.type === 'decision')).toMatchObject({ decision: 'close-vote', data: { attendance: 5 }, actor: expect.objectContaining({ id: chair.id }) });
    expect(cEvents.find((e) => e.type === 'step-completed')).toMatchObject({ decision: 'reject', data: { votes: { reject: 1 }, cast: 1, members: 3, attendance: 5 } });

    // A tie at the quorum goes to the decision declared first (approve), whatever the order of the ballots.
    await decide(tie, { taskId: ballot(`${operationId}:tie`, m1), decision: 'reject', actor: m1 });
    await decide(tie, { taskId: ballot(`${operationId}:tie`, m2), decision: 'approve', actor: m2 });
    expect(await finished(suite, tie)).toEqual({ processId: tie.workflowId, outcome: 'approved' });
    const tEvents = await auditEvents(suite.ds, tie.workflowId);
    expect(tEvents.filter((e) => e.type === 'vote-cast').map((e) => e.decision)).toEqual(['reject', 'approve']);
    expect(tEvents.find((e) => e.type === 'step-completed')).toMatchObject({ decision: 'approve', data: { votes: { approve: 1, reject: 1 } } });
    expect(verifyChain(tEvents)).toBeNull();
  });
});
