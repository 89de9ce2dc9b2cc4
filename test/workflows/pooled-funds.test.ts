// Pooled funds (PROCESSES.md §4) on the time-skipping server with the real activities on PostgreSQL: a CBPF
// standard allocation (strategy rules, Advisory Board vote with a revise loop and the chair's attendance, HC
// approval, a 10-working-day call whose proposals are grant-proposal cases, localisation below target → the
// justification and acknowledgement) with one grant through every step (pre-strategic redraft, recusal, scorecard,
// HC endorsement, technical and budget redraft loops, tranches by risk level, the signature chain, disbursement in
// order, a no-cost extension moving the report, report redraft, the closure guard); a CBPF reserve allocation
// (no Advisory Board, no HC endorsement); CERF rapid response (recipients, redraft, start-date rules, the 6-month
// clock, the extension in time, the report 3 months after) and underfunded (country selection, envelope).
import type { WorkflowHandle } from '@temporalio/client';
import { verifyChain } from '../../activities/audit-hash';
import { actUpdate, DECISION_ERRORS, submitUpdate, type SubmitRequest, type SubmitResult } from '../../workflows/contracts/messages';
import type { Actor } from '../../workflows/domain/actor';
import { formatLocal } from '../../workflows/domain/calendar';
import { addDuration } from '../../workflows/domain/durations';
import { operationSettingsOf } from '../../workflows/domain/reference';
import { pooledFundAllocationId, type PooledFundAllocationInput } from '../../workflows/processes';
import { addMonths } from '../../workflows/processes/pooled-fund-allocation/pooled-funds';
import type { OperationContext } from '../../workflows/processes/types';
import { auditEvents, createActor, createOperation, createOrganisation, organisationNamed, processRow } from '../factories';
import { decide, eventually, openTaskId, refusal, snapshot, useTimeSkippingSuite, withWorker } from './harness';

jest.setTimeout(300_000);

const suite = useTimeSkippingSuite();
const DAY = 86_400_000;

async function operationContext(operationId: string): Promise<OperationContext> {
  const [row] = await suite.ds.query('SELECT id, name, type, settings FROM operations WHERE id = $1', [operationId]);
  return { id: row.id, name: row.name, type: row.type, settings: operationSettingsOf(row.settings) };
}

interface Cast {
  operationId: string;
  ocha: Actor;
  ocha2: Actor;
  hc: Actor;
  hc2: Actor;
  erc: Actor;
  eo: Actor;
  board: Actor[];
  ingo: string;
  lngo: string;
  ingoStaff: Actor;
  ingoSignatory: Actor;
  lngoStaff: Actor;
  lngoSignatory: Actor;
  washLead: Actor;
  washLeadOfIngo: Actor;
}

async function cast(): Promise<Cast> {
  const operationId = await createOperation(suite.ds, 'protracted', { timeZone: 'Africa/Juba', weekendDays: [6, 0] });
  const ingo = await createOrganisation(suite.ds, 'ingo', 'medium');
  const lngo = await createOrganisation(suite.ds, 'lngo', 'low');
  const ops = { operationScopes: [operationId] };
  return {
    operationId,
    ingo,
    lngo,
    ocha: await createActor(suite.ds, ['ocha'], ops),
    ocha2: await createActor(suite.ds, ['ocha'], ops),
    hc: await createActor(suite.ds, ['hc'], ops),
    hc2: await createActor(suite.ds, ['hc'], ops),
    erc: await createActor(suite.ds, ['erc']),
    eo: await createActor(suite.ds, ['fund_signatory']),
    board: [await createActor(suite.ds, ['advisory_board'], ops), await createActor(suite.ds, ['advisory_board'], ops), await createActor(suite.ds, ['advisory_board'], ops)],
    ingoStaff: await createActor(suite.ds, ['partner'], { organisationId: ingo }),
    ingoSignatory: await createActor(suite.ds, ['partner'], { organisationId: ingo, authorisedSignatory: true }),
    lngoStaff: await createActor(suite.ds, ['partner'], { organisationId: lngo }),
    lngoSignatory: await createActor(suite.ds, ['partner'], { organisationId: lngo, authorisedSignatory: true }),
    washLead: await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'wash' }], organisationId: await createOrganisation(suite.ds, 'un-agency') }),
    // A coordinator whose agency is the applicant: recused from its proposal.
    washLeadOfIngo: await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'wash' }], organisationId: ingo }),
  };
}

async function start(taskQueue: string, c: Cast, input: Omit<PooledFundAllocationInput, 'operationId'>): Promise<WorkflowHandle> {
  const full = { ...input, operationId: c.operationId };
  return suite.env.client.workflow.start('pooled-fund-allocation', {
    taskQueue,
    workflowId: pooledFundAllocationId(full),
    args: [{ input: full, startedBy: { kind: 'user', id: c.ocha.id, username: c.ocha.username, displayName: c.ocha.displayName, roles: c.ocha.roles }, operation: await operationContext(c.operationId) }],
  });
}

function submit(handle: WorkflowHandle, req: SubmitRequest): Promise<SubmitResult> {
  return handle.executeUpdate(submitUpdate, { args: [req] });
}

/** Decide the open task of a step (the last one opened). */
async function step(handle: WorkflowHandle, stepId: string, actor: Actor, decision: string, data?: Record<string, unknown>, comment?: string) {
  const taskId = await openTaskId(handle, stepId);
  return decide(handle, { taskId, decision, actor, ...(data ? { data } : {}), ...(comment ? { comment } : {}) }, `${taskId}:${actor.id}:${decision}:${JSON.stringify(data ?? {})}`);
}

async function refused(handle: WorkflowHandle, stepId: string, actor: Actor, decision: string, data?: Record<string, unknown>, comment?: string) {
  const taskId = await openTaskId(handle, stepId);
  return refusal(decide(handle, { taskId, decision, actor, ...(data ? { data } : {}), ...(comment ? { comment } : {}) }, `refused:${taskId}:${actor.id}:${Math.random()}`));
}

async function ended(handle: WorkflowHandle): Promise<unknown> {
  await eventually(() => handle.describe(), (d) => d.status.name !== 'RUNNING', 30_000);
  return suite.env.client.workflow.getHandle(handle.workflowId).result();
}

async function sleepUntil(target: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (target > now) await suite.env.sleep(target - now);
}

const scorecard = [
  { criterion: 'Relevance', weight: 40 },
  { criterion: 'Cost-effectiveness', weight: 35 },
  { criterion: 'Localisation', weight: 25 },
];

const strategy = (over: Record<string, unknown> = {}) => ({
  priorities: 'Cholera response in Juba and Malakal',
  envelopeSplit: [{ sector: 'wash', amountUsd: '700000.30' }, { sector: 'protection', amountUsd: '299999.70' }],
  scorecard,
  preStrategicReview: true,
  ...over,
});

/** From the open technical review of a medium-risk grant to its closure, with every loop once. */
async function grantToClosure(g: WorkflowHandle, c: Cast, opts: { org: 'ingo' | 'lngo'; approvedUsd: string; tranches: { amountUsd: string; date: string }[] }) {
  const staff = opts.org === 'ingo' ? c.ingoStaff : c.lngoStaff;
  const signatory = opts.org === 'ingo' ? c.ingoSignatory : c.lngoSignatory;
  // Technical review → redraft → back to technical review; budget clearance → redraft → back to budget clearance.
  await step(g, 'technical-review', c.washLead, 'redraft', undefined, 'Add the water quality indicators');
  await step(g, 'proposal-redraft', staff, 'resubmit', { summary: 'With water quality indicators' });
  expect((await snapshot(g)).process.currentSteps).toEqual(['technical-review']);
  await step(g, 'technical-review', c.washLead, 'clear');
  await step(g, 'budget-clearance', c.ocha, 'redraft', undefined, 'Staff costs too high');
  await step(g, 'proposal-redraft', staff, 'resubmit', { summary: 'Staff costs reduced' });
  expect((await snapshot(g)).process.currentSteps).toEqual(['budget-clearance']);
  await step(g, 'budget-clearance', c.ocha, 'clear');

  // Timelines: tranches by risk level and totalling the approved amount.
  const wrongCount = await refused(g, 'project-timelines', c.ocha, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: [{ amountUsd: opts.approvedUsd, date: '2027-02-01' }, { amountUsd: '0.01', date: '2027-03-01' }, { amountUsd: '0.01', date: '2027-04-01' }] });
  expect(wrongCount.type).toBe(DECISION_ERRORS.InvalidDecisionData);
  expect(wrongCount.message).toMatch(/^tranches must number (1–2|2–3) for a (low|medium) risk partner \(3 given\)$|^tranches must total/);
  const wrongSum = await refused(g, 'project-timelines', c.ocha, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: opts.tranches.map((t, i) => (i === 0 ? { ...t, amountUsd: '0.01' } : t)) });
  expect(wrongSum.message).toMatch(new RegExp(`^tranches must total the approved ${opts.approvedUsd.replace('.', '\\.')} USD`));
  await step(g, 'project-timelines', c.ocha, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: opts.tranches });
  expect((await snapshot(g)).process.data!.grant).toMatchObject({ endDate: '2027-07-31', reportDueDate: '2027-09-30', tranchesLeft: opts.tranches.length });

  // Signature chain: the HC (four-eyes), an authorised signatory of the applicant, the Executive Officer.
  await step(g, 'grant-signature', c.hc, 'approve-and-sign');
  const notSignatory = await refused(g, 'partner-countersignature', staff, 'countersign');
  expect(notSignatory).toMatchObject({ type: DECISION_ERRORS.Conflict, message: 'only an authorised signatory of the applicant organisation may countersign the grant agreement' });
  const otherOrg = await refused(g, 'partner-countersignature', opts.org === 'ingo' ? c.lngoSignatory : c.ingoSignatory, 'countersign');
  expect(otherOrg.type).toBe(DECISION_ERRORS.Forbidden);
  await step(g, 'partner-countersignature', signatory, 'countersign');
  await step(g, 'eo-signature', c.eo, 'sign');
  expect((await snapshot(g)).process.data!.grant).toMatchObject({ inForce: true });

  // Disbursement tranche by tranche, in order and at the planned amounts.
  expect((await refused(g, 'disbursement', c.ocha, 'disbursed', { tranche: 2, amountUsd: opts.tranches[0].amountUsd, date: '2027-02-02' })).message).toBe('tranche must be 1 (tranches are disbursed in order)');
  for (const [i, t] of opts.tranches.entries()) {
    await step(g, 'disbursement', c.ocha, 'disbursed', { tranche: i + 1, amountUsd: t.amountUsd, date: t.date });
  }
  expect((await snapshot(g)).process.currentSteps).toEqual(['final-report']);

  // A no-cost extension at the partner's request moves the end and the report due date.
  await g.executeUpdate(actUpdate, { args: [{ action: 'request-revision', comment: 'Access cut by floods', actor: staff }] });
  await step(g, 'project-revision', c.ocha, 'approve', { kind: 'no-cost-extension', newEndDate: '2027-09-30' });
  expect((await snapshot(g)).process.data!.grant).toMatchObject({ endDate: '2027-09-30', reportDueDate: '2027-11-30' });

  await step(g, 'final-report', staff, 'submit', { narrative: 'Done', spentUsd: '100.00' });
  await step(g, 'report-review', c.ocha, 'redraft', undefined, 'Add the beneficiary figures');
  await step(g, 'final-report', staff, 'submit', { narrative: 'Done, with figures', spentUsd: opts.approvedUsd === '0.30' ? '0.10' : '100.00' });
  await step(g, 'report-review', c.ocha, 'approve');
}

test('CBPF standard allocation: strategy rules, AB revise then endorse with attendance, HC approval, the call, a grant through every step, localisation below target justified and acknowledged', async () => {
  const c = await cast();
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const a = await start(taskQueue, c, { fund: 'cbpf', window: 'standard', title: 'First standard allocation 2027', envelopeUsd: '1000000.00', sectors: ['wash', 'protection'], localisationTargetPct: 25 });

    // Strategy: weights must total 100, the split must total the envelope exactly (0.1 + 0.2 style sums, in cents).
    const weights = await refused(a, 'allocation-strategy', c.ocha, 'submit', strategy({ scorecard: [{ criterion: 'Relevance', weight: 60 }, { criterion: 'Cost', weight: 39 }] }));
    expect(weights).toMatchObject({ type: DECISION_ERRORS.InvalidDecisionData, message: 'scorecard weights must total 100 (they total 99)' });
    const split = await refused(a, 'allocation-strategy', c.ocha, 'submit', strategy({ envelopeSplit: [{ sector: 'wash', amountUsd: '700000.10' }, { sector: 'protection', amountUsd: '299999.20' }] }));
    expect(split.message).toBe('envelopeSplit must total the envelope of 1000000.00 USD (it totals 999999.30 USD)');
    const sector = await refused(a, 'allocation-strategy', c.ocha, 'submit', strategy({ envelopeSplit: [{ sector: 'health', amountUsd: '1000000' }] }));
    expect(sector.message).toBe('envelopeSplit must only name sectors of the allocation (wash, protection): health is not one');
    await step(a, 'allocation-strategy', c.ocha, 'submit', strategy());

    // The Advisory Board: one ballot per member, majority of 3 is 2; `revise` sends the strategy back.
    const ballots = (n: number) => c.board.map((m) => `${a.workflowId}~ab-endorsement~${n}~${m.id}`);
    await eventually(() => snapshot(a), (s) => s.openTasks.filter((t) => t.stepId === 'ab-endorsement').length === 4);
    await decide(a, { taskId: ballots(1)[0], decision: 'revise', actor: c.board[0] });
    await decide(a, { taskId: ballots(1)[1], decision: 'revise', actor: c.board[1] });
    await openTaskId(a, 'allocation-strategy');
    await step(a, 'allocation-strategy', c.ocha, 'submit', strategy({ windowWorkingDays: 10 }));
    await eventually(() => snapshot(a), (s) => s.openTasks.filter((t) => t.stepId === 'ab-endorsement').length === 4);
    await decide(a, { taskId: ballots(2)[2], decision: 'endorse', actor: c.board[2] });
    // The HFU chairs: closes the vote with the recorded attendance.
    await decide(a, { taskId: `${a.workflowId}~ab-endorsement~2~chair`, decision: 'close-vote', data: { attendance: 7 }, actor: c.ocha });
    const events = await auditEvents(suite.ds, a.workflowId);
    expect(events.filter((e) => e.type === 'step-completed' && e.stepId === 'ab-endorsement').map((e) => [e.decision, e.data])).toEqual([
      ['revise', { votes: { revise: 2 }, cast: 2, members: 3 }],
      ['endorse', { votes: { endorse: 1 }, cast: 1, members: 3, attendance: 7 }],
    ]);

    await step(a, 'strategy-approval', c.hc, 'return', undefined, 'Add the AoRs');
    await step(a, 'allocation-strategy', c.ocha, 'submit', strategy());
    await eventually(() => snapshot(a), (s) => s.openTasks.filter((t) => t.stepId === 'ab-endorsement').length === 4);
    await decide(a, { taskId: ballots(3)[0], decision: 'endorse', actor: c.board[0] });
    await decide(a, { taskId: ballots(3)[1], decision: 'endorse', actor: c.board[1] });
    await step(a, 'strategy-approval', c.hc, 'approve');

    // The call: 10 working days in Juba's calendar (Saturday–Sunday weekend).
    const call = (await eventually(() => snapshot(a), (s) => !!s.process.steps?.find((x) => x.stepId === 'call-for-proposals')?.closesAt)).process.steps!.find((x) => x.stepId === 'call-for-proposals')!;
    const closesAt = Date.parse(call.closesAt!);
    expect(closesAt).toBe(addDuration(Date.parse(call.openedAt!), '10 working days', 1, { timeZone: 'Africa/Juba', weekendDays: [6, 0], holidays: [] }));
    const first = await submit(a, { kind: 'proposal', data: { sector: 'wash', title: 'Chlorination in Malakal', requestedUsd: '500000.00' }, actor: c.ingoStaff });
    const second = await submit(a, { kind: 'proposal', data: { sector: 'wash', title: 'Latrines in Juba', requestedUsd: '200000.00' }, actor: c.lngoStaff });
    expect(first.childProcessId).toMatch(/^grant-proposal:/);
    const g = suite.env.client.workflow.getHandle(first.childProcessId!);
    const r = suite.env.client.workflow.getHandle(second.childProcessId!);

    // The proposal: pre-strategic review → redraft → back; recusal of the applicant's own coordinator.
    await step(g, 'pre-strategic-review', c.ocha, 'redraft', undefined, 'Missing logframe');
    await step(g, 'proposal-redraft', c.ingoStaff, 'resubmit', { requestedUsd: '450000.10' });
    expect((await processRow(suite.ds, g.workflowId)).subject).toMatchObject({ requestedUsd: '450000.10', organisationId: c.ingo, allocationId: a.workflowId });
    await step(g, 'pre-strategic-review', c.ocha, 'send-to-sr');
    const recused = await refused(g, 'strategic-review', c.washLeadOfIngo, 'score', { scores: [] });
    expect(recused).toMatchObject({ type: DECISION_ERRORS.Forbidden, message: 'recusal: this case concerns your own organisation; another reviewer in scope must decide it' });
    const partial = await refused(g, 'strategic-review', c.washLead, 'score', { scores: [{ criterion: 'Relevance', score: 8 }] });
    expect(partial.message).toBe('scores must give one score per scorecard criterion (Relevance, Cost-effectiveness, Localisation): missing Cost-effectiveness, Localisation');
    await step(g, 'strategic-review', c.washLead, 'score', { scores: [{ criterion: 'Relevance', score: 8 }, { criterion: 'Cost-effectiveness', score: 6.5 }, { criterion: 'Localisation', score: 3 }] });
    // 40×8 + 35×6.5 + 25×3 = 320 + 227.5 + 75 = 622.5 → 62.25 of 100.
    expect((await snapshot(g)).process.data!.scorecard).toMatchObject({ total: '62.25', lockedAt: expect.any(String) });
    expect((await refused(g, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '450000.11' })).message).toBe('recommendedUsd must not be greater than the requested 450000.10 USD');
    await step(g, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '450000.10' });
    expect((await processRow(suite.ds, g.workflowId)).subject.approvedUsd).toBe('450000.10');
    await step(g, 'proposal-hc-endorsement', c.hc, 'endorse');

    // The second proposal is rejected by the HFU (a low score alone never rejects: it is the HFU's decision).
    await step(r, 'pre-strategic-review', c.ocha, 'send-to-sr');
    await step(r, 'strategic-review', c.ocha, 'score', { scores: [{ criterion: 'Relevance', score: 2 }, { criterion: 'Cost-effectiveness', score: 2 }, { criterion: 'Localisation', score: 9 }] });
    await step(r, 'hfu-sr-decision', c.ocha, 'reject', undefined, 'Duplicates an ECHO-funded project');
    expect(await ended(r)).toEqual({ processId: r.workflowId, outcome: 'rejected' });

    await grantToClosure(g, c, { org: 'ingo', approvedUsd: '450000.10', tranches: [{ amountUsd: '300000.00', date: '2027-02-01' }, { amountUsd: '150000.10', date: '2027-05-01' }] });

    // Closure: refused while 449900.10 USD unspent is not refunded; 1 USD may remain.
    const balance = await refused(g, 'closure', c.ocha, 'close', { auditDone: true, refundUsd: '449899.09' });
    expect(balance).toMatchObject({ type: DECISION_ERRORS.Conflict, message: 'the grant cannot close: an unspent balance of 1.01 USD is not refunded (disbursed 450000.10 USD, spent 100.00 USD, refunded 449899.09 USD; at most 1.00 USD may remain)' });
    await step(g, 'closure', c.ocha, 'close', { auditDone: true, refundUsd: '449899.10' });
    expect(await ended(g)).toEqual({ processId: g.workflowId, outcome: 'closed' });

    // After the call closed and every proposal ended: the totals; no national NGO was funded → below target.
    await sleepUntil(closesAt + 60_000);
    const late = await refusal(submit(a, { kind: 'proposal', data: { sector: 'wash', title: 'Late', requestedUsd: '1.00' }, actor: c.lngoStaff }));
    expect(late.type).toBe(DECISION_ERRORS.WindowClosed);
    // The closing time in the operation's own time zone (Juba), as the API's 409 says it.
    expect(late.message).toBe(`the window closed at ${formatLocal(closesAt, { timeZone: 'Africa/Juba', weekendDays: [6, 0], holidays: [] })}; late submissions are refused`);
    await openTaskId(a, 'localisation-justification');
    const totals = (await snapshot(a)).process.data!['allocation-totals'];
    expect(totals).toMatchObject({
      envelopeUsd: '1000000.00', approvedUsd: '450000.10', remainingUsd: '549999.90',
      bySector: { wash: { splitUsd: '700000.30', approvedUsd: '450000.10' }, protection: { splitUsd: '299999.70', approvedUsd: '0.00' } },
      proposals: { total: 2, approved: 1 },
      localisation: { approvedUsd: '450000.10', localUsd: '0.00', sharePct: '0.00', targetPct: 25, belowTarget: true, protection: null },
    });
    await step(a, 'localisation-justification', c.ocha, 'submit', { justification: 'No eligible national NGO in WASH in Malakal' });
    await step(a, 'localisation-acknowledgement', c.hc, 'acknowledge');
    expect(await ended(a)).toEqual({ processId: a.workflowId, outcome: 'completed' });
    expect(verifyChain(await auditEvents(suite.ds, a.workflowId))).toBeNull();
    expect(verifyChain(await auditEvents(suite.ds, g.workflowId))).toBeNull();
  });
});

test('CBPF reserve allocation: no Advisory Board and no HC endorsement, a shorter window; a national NGO funded → on target; withdrawal at redraft', async () => {
  const c = await cast();
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const a = await start(taskQueue, c, { fund: 'cbpf', window: 'reserve', title: 'Cholera reserve', envelopeUsd: '0.30', sectors: ['wash'] });
    await step(a, 'allocation-strategy', c.ocha, 'submit', strategy({ envelopeSplit: [{ sector: 'wash', amountUsd: '0.30' }], preStrategicReview: false, windowWorkingDays: 3 }));
    expect((await snapshot(a)).process.currentSteps).toEqual(['strategy-approval']);
    await step(a, 'strategy-approval', c.hc, 'approve');
    const call = (await eventually(() => snapshot(a), (s) => !!s.process.steps?.find((x) => x.stepId === 'call-for-proposals')?.closesAt)).process.steps!.find((x) => x.stepId === 'call-for-proposals')!;
    expect(Date.parse(call.closesAt!)).toBe(addDuration(Date.parse(call.openedAt!), '3 working days', 1, { timeZone: 'Africa/Juba', weekendDays: [6, 0], holidays: [] }));

    const one = await submit(a, { kind: 'proposal', data: { sector: 'wash', title: 'Jerrycans', requestedUsd: '0.30' }, actor: c.lngoStaff });
    const two = await submit(a, { kind: 'proposal', data: { sector: 'wash', title: 'Soap', requestedUsd: '0.20' }, actor: c.ingoStaff });
    const g = suite.env.client.workflow.getHandle(one.childProcessId!);
    const w = suite.env.client.workflow.getHandle(two.childProcessId!);
    // No pre-strategic review; after the HFU's recommendation straight to the technical review (no HC endorsement).
    await step(w, 'strategic-review', c.washLead, 'score', { scores: scorecard.map((s) => ({ criterion: s.criterion, score: 5 })) });
    await step(w, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.20' });
    expect((await snapshot(w)).process.currentSteps).toEqual(['technical-review']);
    await step(g, 'strategic-review', c.washLead, 'score', { scores: scorecard.map((s) => ({ criterion: s.criterion, score: 10 })) });
    expect((await snapshot(g)).process.data!.scorecard).toMatchObject({ total: '100.00' });
    // The allocation holds the envelope: 0.20 of 0.30 is taken, 0.30 more is refused by the workflow itself.
    const over = await refused(g, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.30' });
    expect(over).toMatchObject({ type: DECISION_ERRORS.Conflict, message: 'the recommended 0.30 USD for wash exceeds the remaining envelope of 0.10 USD (envelope 0.30 USD, sum of approved proposals 0.20 USD)' });
    // A withdrawn proposal gives its 0.20 back.
    await step(w, 'technical-review', c.washLead, 'redraft', undefined, 'Target the cholera hotspots');
    await step(w, 'proposal-redraft', c.ingoStaff, 'withdraw');
    expect(await ended(w)).toEqual({ processId: w.workflowId, outcome: 'withdrawn' });
    await step(g, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.30' });
    expect((await snapshot(g)).process.currentSteps).toEqual(['technical-review']);
    await grantToClosure(g, c, { org: 'lngo', approvedUsd: '0.30', tranches: [{ amountUsd: '0.10', date: '2027-02-01' }, { amountUsd: '0.20', date: '2027-04-01' }] });
    // Spent 0.10 of 0.30: 0.20 unspent stays within the 1 USD tolerance.
    await step(g, 'closure', c.ocha, 'close', { auditDone: false, refundUsd: '0.00' });
    expect(await ended(g)).toEqual({ processId: g.workflowId, outcome: 'closed' });

    await sleepUntil(Date.parse(call.closesAt!) + 60_000);
    expect(await ended(a)).toEqual({ processId: a.workflowId, outcome: 'completed' });
    expect((await processRow(suite.ds, a.workflowId)).data['allocation-totals']).toMatchObject({
      approvedUsd: '0.30', remainingUsd: '0.00', localisation: { localUsd: '0.30', sharePct: '100.00', belowTarget: false }, proposals: { total: 2, approved: 1 },
    });
    const steps = (await auditEvents(suite.ds, a.workflowId)).filter((e) => e.type === 'task-opened').map((e) => e.stepId);
    expect(steps).not.toContain('ab-endorsement');
    expect((await auditEvents(suite.ds, g.workflowId)).map((e) => e.stepId)).not.toContain('proposal-hc-endorsement');
  });
});

test('the allocation waits for its proposals to be decided (the HC signs), not closed; it holds the envelope and the sector split itself: concurrent recommendations never overrun it, a withdrawal gives its claim back', async () => {
  const c = await cast();
  const protectionLead = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId: c.operationId, sector: 'protection' }], organisationId: await createOrganisation(suite.ds, 'un-agency') });
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const a = await start(taskQueue, c, { fund: 'cbpf', window: 'reserve', title: 'Milestone and envelope', envelopeUsd: '0.30', sectors: ['wash', 'protection'] });
    await step(a, 'allocation-strategy', c.ocha, 'submit', strategy({ envelopeSplit: [{ sector: 'wash', amountUsd: '0.2' }, { sector: 'protection', amountUsd: '0.1' }], preStrategicReview: false, windowWorkingDays: 2 }));
    await step(a, 'strategy-approval', c.hc, 'approve');
    const call = (await eventually(() => snapshot(a), (s) => !!s.process.steps?.find((x) => x.stepId === 'call-for-proposals')?.closesAt)).process.steps!.find((x) => x.stepId === 'call-for-proposals')!;
    const proposal = async (sector: string, title: string, actor: Actor) => suite.env.client.workflow.getHandle((await submit(a, { kind: 'proposal', data: { sector, title, requestedUsd: '0.20' }, actor })).childProcessId!);
    const [w1, w2, w3, p1, p2] = [
      await proposal('wash', 'Latrines', c.lngoStaff),
      await proposal('wash', 'Boreholes', c.ingoStaff),
      await proposal('wash', 'Handwashing', c.lngoStaff),
      await proposal('protection', 'Case management', c.lngoStaff),
      await proposal('protection', 'Legal aid', c.lngoStaff),
    ];
    const score = (g: WorkflowHandle, lead: Actor) => step(g, 'strategic-review', lead, 'score', { scores: scorecard.map((x) => ({ criterion: x.criterion, score: 7 })) });
    for (const g of [w1, w2, w3]) await score(g, c.washLead);
    for (const g of [p1, p2]) await score(g, protectionLead);

    // Decisions sent straight to the workflows (no API in front): 0.1 + 0.1 fills the wash split of 0.2 exactly.
    await step(w1, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.1' });
    const overSplit = await refused(w2, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.11' });
    expect(overSplit).toMatchObject({ type: DECISION_ERRORS.Conflict, message: 'the recommended 0.11 USD exceeds the remaining wash split of 0.10 USD (split 0.20 USD, sum of approved wash proposals 0.10 USD)' });
    // The refused recommendation left nothing behind: the task is still open, the subject has no approved amount.
    expect((await snapshot(w2)).openTasks.map((t) => t.stepId)).toEqual(['hfu-sr-decision']);
    expect((await snapshot(w2)).process.subject.approvedUsd).toBeNull();
    await step(w2, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.10' });
    const overEnvelope = await refused(p1, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.11' });
    expect(overEnvelope.message).toBe('the recommended 0.11 USD for protection exceeds the remaining envelope of 0.10 USD (envelope 0.30 USD, sum of approved proposals 0.20 USD)');

    // Two HFU officers recommend the last 0.10 at the same moment: the allocation takes one claim at a time.
    const race = await Promise.allSettled([p1, p2].map(async (g, i) => decide(g, { taskId: await openTaskId(g, 'hfu-sr-decision'), decision: 'recommend', data: { recommendedUsd: '0.10' }, actor: i === 0 ? c.ocha : c.ocha2 })));
    expect(race.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const [won, lost] = race[0].status === 'fulfilled' ? [p1, p2] : [p2, p1];
    expect((await refusal(Promise.reject((race.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason))).message).toBe('the recommended 0.10 USD for protection exceeds the remaining envelope of 0.00 USD (envelope 0.30 USD, sum of approved proposals 0.30 USD)');

    // A withdrawal gives its claim back: w2 withdraws, w3 may take the 0.10 it held.
    expect((await refused(w3, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.01' })).type).toBe(DECISION_ERRORS.Conflict);
    await step(w2, 'technical-review', c.washLead, 'redraft', undefined, 'Add the water points');
    await step(w2, 'proposal-redraft', c.ingoStaff, 'withdraw');
    expect(await ended(w2)).toEqual({ processId: w2.workflowId, outcome: 'withdrawn' });
    await step(w3, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '0.10' });
    await step(lost, 'hfu-sr-decision', c.ocha, 'reject', undefined, 'Envelope taken');

    // The call closes; the allocation waits for the proposals to be decided (the HC's signature), not to close.
    const toSignature = async (g: WorkflowHandle, lead: Actor, approvedUsd: string) => {
      await step(g, 'technical-review', lead, 'clear');
      await step(g, 'budget-clearance', c.ocha, 'clear');
      await step(g, 'project-timelines', c.ocha, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: [{ amountUsd: approvedUsd, date: '2027-02-01' }] });
    };
    await toSignature(w1, c.washLead, '0.10');
    await toSignature(w3, c.washLead, '0.10');
    await toSignature(won, protectionLead, '0.10');
    await sleepUntil(Date.parse(call.closesAt!) + 60_000);
    await eventually(() => snapshot(a), (s) => s.process.currentSteps.includes('proposal-decisions'));
    await step(w1, 'grant-signature', c.hc, 'approve-and-sign');
    await step(won, 'grant-signature', c.hc, 'approve-and-sign');
    expect((await snapshot(a)).process.currentSteps).toEqual(['proposal-decisions']);
    await step(w3, 'grant-signature', c.hc, 'approve-and-sign');
    // Every proposal is decided while three still run (countersignature): the allocation computes its totals and ends.
    expect(await ended(a)).toEqual({ processId: a.workflowId, outcome: 'completed' });
    for (const g of [w1, w3, won]) expect((await snapshot(g)).process).toMatchObject({ status: 'running', currentSteps: ['partner-countersignature'] });
    const events = await auditEvents(suite.ds, a.workflowId);
    expect(events.find((e) => e.type === 'step-completed' && e.stepId === 'proposal-decisions')!.data).toEqual({ children: 5, decided: 3, ended: 2 });
    expect((await processRow(suite.ds, a.workflowId)).data['allocation-totals']).toMatchObject({ approvedUsd: '0.30', remainingUsd: '0.00', proposals: { total: 5, approved: 3 } });
  });
});

test('CERF rapid response: UN agencies and IOM only, redraft, start date rules, the 6-month clock, an extension requested in time, the report 3 months after the end', async () => {
  const c = await cast();
  const unicef = await organisationNamed(suite.ds, `UNICEF ${c.operationId.slice(0, 6)}`, 'un-agency');
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const onset = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
    const a = await start(taskQueue, c, { fund: 'cerf', window: 'rapid-response', title: 'Floods 2027', envelopeUsd: '5000000.00', onsetDate: onset });
    await step(a, 'cerf-request', c.hc, 'submit', { justification: 'Floods in Jonglei', indicativeBudgetUsd: '5000000.00' });
    await step(a, 'erc-endorsement', c.erc, 'endorse');
    expect((await refused(a, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: unicef, sector: 'wash', amountUsd: '5000000.01' }] })).message).toBe('projects must not total more than the envelope of 5000000.00 USD (they total 5000000.01 USD)');
    // An NGO is not a CERF recipient: the application comes back.
    await step(a, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: c.ingo, sector: 'wash', amountUsd: '100.00' }] });
    await eventually(() => snapshot(a), (s) => s.process.currentSteps.includes('cerf-application'));
    expect((await snapshot(a)).process.data!['cerf-recipients']).toMatchObject({ ineligible: [expect.objectContaining({ organisationId: c.ingo, type: 'ingo' })] });
    await step(a, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: unicef, sector: 'wash', amountUsd: '2500000.00' }] });
    await step(a, 'cerf-review', c.erc, 'redraft', undefined, 'Clarify targeting');
    await step(a, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: unicef, sector: 'wash', amountUsd: '2500000.00' }] });
    await step(a, 'cerf-review', c.erc, 'approve');
    await step(a, 'erc-decision', c.erc, 'approve');

    const now = await suite.env.currentTimeMs();
    const today = new Date(now).toISOString().slice(0, 10);
    const early = new Date(now - 43 * DAY).toISOString().slice(0, 10);
    expect((await refused(a, 'disbursement', c.ocha, 'disbursed', { date: today, amountUsd: '2500000.00', startDate: early })).message).toBe(`startDate must not be more than 6 weeks before the disbursement of ${today}`);
    const start6w = new Date(now - 42 * DAY).toISOString().slice(0, 10);
    const a2 = await start(taskQueue, c, { fund: 'cerf', window: 'rapid-response', title: 'Onset check', envelopeUsd: '1.00', onsetDate: today });
    await step(a2, 'cerf-request', c.hc, 'submit', { justification: 'x', indicativeBudgetUsd: '1.00' });
    await step(a2, 'erc-endorsement', c.erc, 'reject', undefined, 'Not life-saving');
    expect(await ended(a2)).toEqual({ processId: a2.workflowId, outcome: 'rejected' });

    expect((await refused(a, 'disbursement', c.ocha, 'disbursed', { date: today, amountUsd: '2500000.00', startDate: start6w })).message).toBe(`startDate must not be before the onset of the emergency (${onset})`);
    await step(a, 'disbursement', c.ocha, 'disbursed', { date: today, amountUsd: '2500000.00', startDate: onset });
    const clock = (await snapshot(a)).process.data!.cerf as { endDate: string };
    // Six calendar months, the day clamped to the month's end (31 October → 30 April; see pooled-funds.spec.ts).
    expect(clock.endDate).toBe(addMonths(onset, 6));
    expect(Date.parse(clock.endDate) - Date.parse(onset)).toBeGreaterThanOrEqual(181 * DAY);
    // In time (more than a month before the end): the ERC approves; the end and the report move.
    const newEnd = new Date(Date.parse(clock.endDate) + 30 * DAY).toISOString().slice(0, 10);
    await step(a, 'implementation', c.hc, 'request-extension', { newEndDate: newEnd }, 'Access cut by floods');
    await step(a, 'no-cost-extension', c.erc, 'approve');
    expect((await snapshot(a)).process.data!.cerf).toMatchObject({ endDate: newEnd, extended: true });
    // Later than one month before the (new) end: refused, naming the last day.
    await sleepUntil(Date.parse(newEnd) - 20 * DAY);
    const tooLate = await refused(a, 'implementation', c.hc, 'request-extension', { newEndDate: '2099-01-01' }, 'Again');
    expect(tooLate.type).toBe(DECISION_ERRORS.Conflict);
    expect(tooLate.message).toMatch(new RegExp(`^a no-cost extension must be requested at least one month before the end of implementation \\(${newEnd}\\)`));
    // The clock runs out: implementation closes itself and the report is due 3 months after the end.
    await sleepUntil(Date.parse(newEnd) + 2 * DAY);
    const reportTask = (await eventually(() => snapshot(a), (s) => s.openTasks.some((t) => t.stepId === 'cerf-report'))).openTasks.find((t) => t.stepId === 'cerf-report')!;
    const due = Date.parse(reportTask.dueAt!);
    const threeMonths = Date.parse(addMonths(newEnd, 3));
    expect(due - threeMonths).toBeGreaterThanOrEqual(0);
    expect(due - threeMonths).toBeLessThan(DAY);
    expect((await auditEvents(suite.ds, a.workflowId)).find((e) => e.stepId === 'implementation' && e.type === 'task-expired' && e.decision === 'ended')).toMatchObject({ actor: { kind: 'system' } });
    await step(a, 'cerf-report', c.hc, 'submit', { narrative: 'Reached 120,000 people' });
    expect(await ended(a)).toEqual({ processId: a.workflowId, outcome: 'completed' });
  });
});

test('CERF underfunded: country selection (not selected ends), envelope notice bounds the application', async () => {
  const c = await cast();
  const wfp = await organisationNamed(suite.ds, `WFP ${c.operationId.slice(0, 6)}`, 'un-agency');
  const iom = await organisationNamed(suite.ds, `IOM ${c.operationId.slice(0, 6)}`, 'ingo');
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const no = await start(taskQueue, c, { fund: 'cerf', window: 'underfunded', title: 'UFE round 1', envelopeUsd: '9000000.00' });
    await step(no, 'country-selection', c.erc, 'not-selected');
    expect(await ended(no)).toEqual({ processId: no.workflowId, outcome: 'not-selected' });

    const a = await start(taskQueue, c, { fund: 'cerf', window: 'underfunded', title: 'UFE round 2', envelopeUsd: '9000000.00' });
    await step(a, 'country-selection', c.erc, 'select');
    await step(a, 'envelope-notice', c.erc, 'notify', { envelopeUsd: '0.30' });
    expect((await refused(a, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: wfp, sector: 'food-security', amountUsd: '0.10' }, { organisationId: iom, sector: 'cccm', amountUsd: '0.21' }] })).message).toBe('projects must not total more than the envelope of 0.30 USD (they total 0.31 USD)');
    // IOM counts as a CERF recipient whatever its organisation type.
    await step(a, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: wfp, sector: 'food-security', amountUsd: '0.10' }, { organisationId: iom, sector: 'cccm', amountUsd: '0.20' }] });
    await openTaskId(a, 'cerf-review');
    expect((await snapshot(a)).process.data!['cerf-recipients']).toEqual({ recipients: 2, ineligible: [] });
  });
});
