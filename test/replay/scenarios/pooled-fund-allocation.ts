// Golden cases of pooled-fund-allocation (PROCESSES.md §4): a CBPF standard allocation through the AB's revise loop,
// the HC's return, a call with one proposal rejected and localisation below target; a CBPF reserve allocation; CERF
// rapid response with recipients refused once, a redraft, a no-cost extension and the report; CERF underfunded not selected.
import type { WorkflowHandle } from '@temporalio/client';
import { actUpdate, submitUpdate } from '../../../workflows/contracts/messages';
import type { Actor } from '../../../workflows/domain/actor';
import { pooledFundAllocationId } from '../../../workflows/processes';
import { createActor, createOperation, createOrganisation, organisationNamed } from '../../factories';
import { decide, eventually, openTaskId, refusal, snapshot } from '../../workflows/harness';
import { DAY, sleepUntil, startCase, type CaptureContext, type Scenario } from './support';

const TYPE = 'pooled-fund-allocation';

export interface PooledCast {
  operationId: string;
  ocha: Actor;
  hc: Actor;
  erc: Actor;
  eo: Actor;
  board: Actor[];
  lngo: string;
  ingo: string;
  lngoStaff: Actor;
  lngoSignatory: Actor;
  ingoStaff: Actor;
  washLead: Actor;
}

export async function pooledCast(ctx: CaptureContext): Promise<PooledCast> {
  const { ds } = ctx;
  const operationId = await createOperation(ds, 'protracted', { timeZone: 'Africa/Juba', weekendDays: [6, 0] });
  const lngo = await createOrganisation(ds, 'lngo', 'low');
  const ingo = await createOrganisation(ds, 'ingo', 'medium');
  const ops = { operationScopes: [operationId] };
  return {
    operationId,
    lngo,
    ingo,
    ocha: await createActor(ds, ['ocha'], ops),
    hc: await createActor(ds, ['hc'], ops),
    erc: await createActor(ds, ['erc']),
    eo: await createActor(ds, ['fund_signatory']),
    board: [await createActor(ds, ['advisory_board'], ops), await createActor(ds, ['advisory_board'], ops), await createActor(ds, ['advisory_board'], ops)],
    lngoStaff: await createActor(ds, ['partner'], { organisationId: lngo }),
    lngoSignatory: await createActor(ds, ['partner'], { organisationId: lngo, authorisedSignatory: true }),
    ingoStaff: await createActor(ds, ['partner'], { organisationId: ingo }),
    washLead: await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'wash' }], organisationId: await createOrganisation(ds, 'un-agency') }),
  };
}

export async function startAllocation(ctx: CaptureContext, c: PooledCast, input: Record<string, unknown>): Promise<WorkflowHandle> {
  const full = { ...input, operationId: c.operationId };
  await startCase(ctx, TYPE, full, { startedBy: c.ocha, operationId: c.operationId });
  return ctx.env.client.workflow.getHandle(pooledFundAllocationId(full as never));
}

export const SCORECARD = [{ criterion: 'Relevance', weight: 60 }, { criterion: 'Cost-effectiveness', weight: 40 }];

export const strategy = (over: Record<string, unknown> = {}) => ({
  priorities: 'Cholera response',
  envelopeSplit: [{ sector: 'wash', amountUsd: '1000.00' }],
  scorecard: SCORECARD,
  preStrategicReview: false,
  ...over,
});

export async function step(h: WorkflowHandle, stepId: string, actor: Actor, decision: string, data?: Record<string, unknown>, comment?: string) {
  const taskId = await openTaskId(h, stepId);
  return decide(h, { taskId, decision, actor, ...(data ? { data } : {}), ...(comment ? { comment } : {}) });
}

export async function callClosesAt(h: WorkflowHandle): Promise<number> {
  const s = await eventually(() => snapshot(h), (x) => !!x.process.steps?.find((i) => i.stepId === 'call-for-proposals')?.closesAt);
  return Date.parse(s.process.steps!.find((i) => i.stepId === 'call-for-proposals')!.closesAt!);
}

export async function submitProposal(h: WorkflowHandle, actor: Actor, data: Record<string, unknown>): Promise<string> {
  const res = await h.executeUpdate(submitUpdate, { args: [{ kind: 'proposal', data, actor }] });
  return res.childProcessId!;
}

/** A grant from its strategic review to closure, every loop once (scores, recommendation, redrafts, signatures, tranches, revision, report). */
export async function grantToClosure(ctx: CaptureContext, g: WorkflowHandle, c: PooledCast, o: { staff: Actor; signatory: Actor; approvedUsd: string; tranches: { amountUsd: string; date: string }[]; standard?: boolean }): Promise<void> {
  await step(g, 'strategic-review', c.washLead, 'score', { scores: [{ criterion: 'Relevance', score: 8 }, { criterion: 'Cost-effectiveness', score: 7.5 }] });
  await step(g, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: o.approvedUsd });
  if (o.standard) await step(g, 'proposal-hc-endorsement', c.hc, 'endorse');
  await step(g, 'technical-review', c.washLead, 'redraft', undefined, 'Add water quality indicators');
  await step(g, 'proposal-redraft', o.staff, 'resubmit', { summary: 'With indicators' });
  await step(g, 'technical-review', c.washLead, 'clear');
  await step(g, 'budget-clearance', c.ocha, 'redraft', undefined, 'Staff costs');
  await step(g, 'proposal-redraft', o.staff, 'resubmit', { summary: 'Staff costs reduced' });
  await step(g, 'budget-clearance', c.ocha, 'clear');
  await step(g, 'project-timelines', c.ocha, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: o.tranches });
  await step(g, 'grant-signature', c.hc, 'approve-and-sign');
  await step(g, 'partner-countersignature', o.signatory, 'countersign');
  await step(g, 'eo-signature', c.eo, 'sign');
  for (const [i, t] of o.tranches.entries()) await step(g, 'disbursement', c.ocha, 'disbursed', { tranche: i + 1, amountUsd: t.amountUsd, date: t.date });
  await g.executeUpdate(actUpdate, { args: [{ action: 'request-revision', comment: 'Floods', actor: o.staff }] });
  await step(g, 'project-revision', c.ocha, 'approve', { kind: 'no-cost-extension', newEndDate: '2027-09-30' });
  await step(g, 'final-report', o.staff, 'submit', { narrative: 'Done', spentUsd: '10.00' });
  await step(g, 'report-review', c.ocha, 'redraft', undefined, 'Add figures');
  await step(g, 'final-report', o.staff, 'submit', { narrative: 'Done, with figures', spentUsd: o.approvedUsd });
  await step(g, 'report-review', c.ocha, 'approve');
  await step(g, 'closure', c.ocha, 'close', { auditDone: true, refundUsd: '0.00' });
  await eventually(() => ctx.env.client.workflow.getHandle(g.workflowId).describe(), (d) => d.status.name !== 'RUNNING');
}

async function ballots(h: WorkflowHandle, n: number, c: PooledCast): Promise<string[]> {
  await eventually(() => snapshot(h), (s) => s.openTasks.filter((t) => t.stepId === 'ab-endorsement').length === 4);
  return c.board.map((m) => `${h.workflowId}~ab-endorsement~${n}~${m.id}`);
}

export const scenarios: Scenario[] = [
  {
    name: 'cbpf-standard-proposal-rejected',
    outcome: 'completed',
    covers: 'strategy → AB revise (majority) → strategy → AB endorse closed by the HFU with attendance → HC return → strategy → AB endorse → HC approve → call (10 working days) with one INGO proposal rejected by the HFU → totals (nothing approved: on target) → completed',
    async run(ctx) {
      const c = await pooledCast(ctx);
      const h = await startAllocation(ctx, c, { fund: 'cbpf', window: 'standard', title: 'Standard golden', envelopeUsd: '1000.00', sectors: ['wash'] });
      await step(h, 'allocation-strategy', c.ocha, 'submit', strategy());
      let b = await ballots(h, 1, c);
      await decide(h, { taskId: b[0], decision: 'revise', actor: c.board[0] });
      await decide(h, { taskId: b[1], decision: 'revise', actor: c.board[1] });
      await step(h, 'allocation-strategy', c.ocha, 'submit', strategy({ windowWorkingDays: 10 }));
      b = await ballots(h, 2, c);
      await decide(h, { taskId: b[2], decision: 'endorse', actor: c.board[2] });
      await decide(h, { taskId: `${h.workflowId}~ab-endorsement~2~chair`, decision: 'close-vote', data: { attendance: 6 }, actor: c.ocha });
      await step(h, 'strategy-approval', c.hc, 'return', undefined, 'Say more on the AoRs');
      await step(h, 'allocation-strategy', c.ocha, 'submit', strategy());
      b = await ballots(h, 3, c);
      await decide(h, { taskId: b[0], decision: 'endorse', actor: c.board[0] });
      await decide(h, { taskId: b[1], decision: 'endorse', actor: c.board[1] });
      await step(h, 'strategy-approval', c.hc, 'approve');
      const closes = await callClosesAt(h);
      const g = ctx.env.client.workflow.getHandle(await submitProposal(h, c.ingoStaff, { sector: 'wash', title: 'Boreholes', requestedUsd: '900.00' }));
      await step(g, 'strategic-review', c.washLead, 'score', { scores: [{ criterion: 'Relevance', score: 3 }, { criterion: 'Cost-effectiveness', score: 4 }] });
      await step(g, 'hfu-sr-decision', c.ocha, 'reject', undefined, 'Outside the priorities');
      await sleepUntil(ctx.env, closes + 60_000);
      await eventually(() => ctx.env.client.workflow.getHandle(h.workflowId).describe(), (d) => d.status.name !== 'RUNNING');
      return h.workflowId;
    },
  },
  {
    name: 'cbpf-reserve-below-target',
    outcome: 'completed',
    covers: 'reserve: strategy (3 working days) → HC approve (no AB) → call → one INGO grant through to closure (no HC endorsement) → totals below the 25 % target → localisation justification → HC acknowledgement',
    async run(ctx) {
      const c = await pooledCast(ctx);
      const h = await startAllocation(ctx, c, { fund: 'cbpf', window: 'reserve', title: 'Reserve golden', envelopeUsd: '1000.00', sectors: ['wash'] });
      await step(h, 'allocation-strategy', c.ocha, 'submit', strategy({ windowWorkingDays: 3 }));
      await step(h, 'strategy-approval', c.hc, 'approve');
      const closes = await callClosesAt(h);
      const g = ctx.env.client.workflow.getHandle(await submitProposal(h, c.ingoStaff, { sector: 'wash', title: 'Boreholes', requestedUsd: '900.00' }));
      await grantToClosure(ctx, g, c, { staff: c.ingoStaff, signatory: await createActor(ctx.ds, ['partner'], { organisationId: c.ingo, authorisedSignatory: true }), approvedUsd: '900.00', tranches: [{ amountUsd: '600.00', date: '2027-02-01' }, { amountUsd: '300.00', date: '2027-04-01' }] });
      await sleepUntil(ctx.env, closes + 60_000);
      await step(h, 'localisation-justification', c.ocha, 'submit', { justification: 'No national partner applied' });
      await step(h, 'localisation-acknowledgement', c.hc, 'acknowledge');
      return h.workflowId;
    },
  },
  {
    name: 'cbpf-reserve-envelope-and-milestone-v2',
    outcome: 'completed',
    covers: 'reserve: two proposals claim the envelope (one refused over it, then within it; a withdrawal gives its claim back); the allocation waits for its proposals to be decided (the HC signs one, the other withdrew) and completes while the signed grant runs on',
    async run(ctx) {
      const c = await pooledCast(ctx);
      const h = await startAllocation(ctx, c, { fund: 'cbpf', window: 'reserve', title: 'Envelope golden', envelopeUsd: '1000.00', sectors: ['wash'] });
      await step(h, 'allocation-strategy', c.ocha, 'submit', strategy({ windowWorkingDays: 2 }));
      await step(h, 'strategy-approval', c.hc, 'approve');
      const closes = await callClosesAt(h);
      const g1 = ctx.env.client.workflow.getHandle(await submitProposal(h, c.lngoStaff, { sector: 'wash', title: 'Latrines', requestedUsd: '600.00' }));
      const g2 = ctx.env.client.workflow.getHandle(await submitProposal(h, c.ingoStaff, { sector: 'wash', title: 'Boreholes', requestedUsd: '500.00' }));
      const scores = { scores: [{ criterion: 'Relevance', score: 8 }, { criterion: 'Cost-effectiveness', score: 7 }] };
      await step(g1, 'strategic-review', c.washLead, 'score', scores);
      await step(g2, 'strategic-review', c.washLead, 'score', scores);
      await step(g1, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '600.00' });
      await refusal(decide(g2, { taskId: await openTaskId(g2, 'hfu-sr-decision'), decision: 'recommend', data: { recommendedUsd: '500.00' }, actor: c.ocha }, 'over-the-envelope'));
      await step(g2, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '400.00' });
      await step(g2, 'technical-review', c.washLead, 'redraft', undefined, 'Target the hotspots');
      await step(g2, 'proposal-redraft', c.ingoStaff, 'withdraw');
      await step(g1, 'technical-review', c.washLead, 'clear');
      await step(g1, 'budget-clearance', c.ocha, 'clear');
      await step(g1, 'project-timelines', c.ocha, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: [{ amountUsd: '600.00', date: '2027-02-01' }] });
      await step(g1, 'grant-signature', c.hc, 'approve-and-sign');
      await sleepUntil(ctx.env, closes + 60_000);
      await eventually(() => ctx.env.client.workflow.getHandle(h.workflowId).describe(), (d) => d.status.name !== 'RUNNING');
      return h.workflowId;
    },
  },
  {
    name: 'cerf-rapid-response-extension',
    outcome: 'completed',
    covers: 'CERF request → ERC endorsement → application with an NGO (recipients refused) → application → review redraft → application → review → ERC decision → disbursement (start at the onset) → implementation: extension requested in time, ERC approves → the clock runs out → report 3 months after the end',
    async run(ctx) {
      const c = await pooledCast(ctx);
      const unicef = await organisationNamed(ctx.ds, `UNICEF ${c.operationId.slice(0, 8)}`, 'un-agency');
      const now = await ctx.env.currentTimeMs();
      const onset = new Date(now - 20 * DAY).toISOString().slice(0, 10);
      const h = await startAllocation(ctx, c, { fund: 'cerf', window: 'rapid-response', title: 'Floods golden', envelopeUsd: '5000000.00', onsetDate: onset });
      await step(h, 'cerf-request', c.hc, 'submit', { justification: 'Floods', indicativeBudgetUsd: '5000000.00' });
      await step(h, 'erc-endorsement', c.erc, 'endorse');
      await step(h, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: c.ingo, sector: 'wash', amountUsd: '100.00' }] });
      await eventually(() => snapshot(h), (s) => s.openTasks.some((t) => t.stepId === 'cerf-application'));
      await step(h, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: unicef, sector: 'wash', amountUsd: '2500000.00' }] });
      await step(h, 'cerf-review', c.erc, 'redraft', undefined, 'Clarify targeting');
      await step(h, 'cerf-application', c.ocha, 'submit', { projects: [{ organisationId: unicef, sector: 'wash', amountUsd: '2500000.00' }] });
      await step(h, 'cerf-review', c.erc, 'approve');
      await step(h, 'erc-decision', c.erc, 'approve');
      await step(h, 'disbursement', c.ocha, 'disbursed', { date: new Date(now).toISOString().slice(0, 10), amountUsd: '2500000.00', startDate: onset });
      const end = ((await snapshot(h)).process.data!.cerf as { endDate: string }).endDate;
      const newEnd = new Date(Date.parse(end) + 30 * DAY).toISOString().slice(0, 10);
      await step(h, 'implementation', c.hc, 'request-extension', { newEndDate: newEnd }, 'Access cut');
      await step(h, 'no-cost-extension', c.erc, 'approve');
      await sleepUntil(ctx.env, Date.parse(newEnd) + 2 * DAY);
      await step(h, 'cerf-report', c.hc, 'submit', { narrative: 'Reached 120,000 people' });
      return h.workflowId;
    },
  },
  {
    name: 'cerf-underfunded-not-selected',
    outcome: 'not-selected',
    covers: 'CERF underfunded: the ERC does not select the country',
    async run(ctx) {
      const c = await pooledCast(ctx);
      const h = await startAllocation(ctx, c, { fund: 'cerf', window: 'underfunded', title: 'UFE golden', envelopeUsd: '9000000.00' });
      await step(h, 'country-selection', c.erc, 'not-selected');
      return h.workflowId;
    },
  },
];
