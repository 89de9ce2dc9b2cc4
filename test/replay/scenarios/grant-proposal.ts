// Golden cases of grant-proposal (PROCESSES.md §4), each started by a real allocation's call for proposals: a
// standard grant through every step to closure; one rejected at the HFU decision after a pre-strategic redraft;
// one withdrawn at a redraft.
import { createActor } from '../../factories';
import { decide, eventually, openTaskId, refusal, snapshot } from '../../workflows/harness';
import { callClosesAt, grantToClosure, pooledCast, startAllocation, step, strategy, submitProposal } from './pooled-fund-allocation';
import type { CaptureContext, Scenario } from './support';

async function openCall(ctx: CaptureContext, title: string, over: Record<string, unknown> = {}) {
  const c = await pooledCast(ctx);
  const h = await startAllocation(ctx, c, { fund: 'cbpf', window: 'reserve', title, envelopeUsd: '1000.00', sectors: ['wash'], ...over });
  await step(h, 'allocation-strategy', c.ocha, 'submit', strategy({ preStrategicReview: true }));
  await step(h, 'strategy-approval', c.hc, 'approve');
  await callClosesAt(h);
  return { c, h };
}

export const scenarios: Scenario[] = [
  {
    name: 'standard-closed',
    outcome: 'closed',
    covers: 'standard: pre-strategic review → strategic review scores → HFU recommends → HC endorses → technical and budget redraft loops → timelines → HC signs → authorised signatory countersigns → EO signs → two tranches → no-cost extension → report redraft → closure',
    async run(ctx) {
      const c = await pooledCast(ctx);
      const h = await startAllocation(ctx, c, { fund: 'cbpf', window: 'standard', title: 'Grant golden', envelopeUsd: '1000.00', sectors: ['wash'] });
      await step(h, 'allocation-strategy', c.ocha, 'submit', strategy({ preStrategicReview: true }));
      const board = c.board.map((m) => `${h.workflowId}~ab-endorsement~1~${m.id}`);
      for (const [i, id] of board.slice(0, 2).entries()) {
        await eventually(() => snapshot(h), (s) => s.openTasks.some((t) => t.id === id));
        await decide(h, { taskId: id, decision: 'endorse', actor: c.board[i] });
      }
      await step(h, 'strategy-approval', c.hc, 'approve');
      await callClosesAt(h);
      const g = ctx.env.client.workflow.getHandle(await submitProposal(h, c.lngoStaff, { sector: 'wash', title: 'Latrines', requestedUsd: '500.00' }));
      await step(g, 'pre-strategic-review', c.ocha, 'send-to-sr');
      await grantToClosure(ctx, g, c, { staff: c.lngoStaff, signatory: c.lngoSignatory, approvedUsd: '500.00', tranches: [{ amountUsd: '500.00', date: '2027-02-01' }], standard: true });
      return g.workflowId;
    },
  },
  {
    name: 'claim-refused-then-signed-closed-v2',
    outcome: 'closed',
    covers: 'reserve: scores → a recommendation over the allocation\'s envelope refused by the allocation (claim) → within it → technical review → budget → timelines → HC signs (milestone "decided" told to the allocation) → countersignature → EO → tranche → report → closure',
    async run(ctx) {
      const { c, h } = await openCall(ctx, 'Claim golden', { envelopeUsd: '1000.00' });
      const g = ctx.env.client.workflow.getHandle(await submitProposal(h, c.lngoStaff, { sector: 'wash', title: 'Latrines', requestedUsd: '1000.00' }));
      await step(g, 'pre-strategic-review', c.ocha, 'send-to-sr');
      await step(g, 'strategic-review', c.washLead, 'score', { scores: [{ criterion: 'Relevance', score: 8 }, { criterion: 'Cost-effectiveness', score: 7 }] });
      await refusal(decide(g, { taskId: await openTaskId(g, 'hfu-sr-decision'), decision: 'recommend', data: { recommendedUsd: '1000.01' }, actor: c.ocha }, 'over-the-envelope'));
      await step(g, 'hfu-sr-decision', c.ocha, 'recommend', { recommendedUsd: '1000.00' });
      await step(g, 'technical-review', c.washLead, 'clear');
      await step(g, 'budget-clearance', c.ocha, 'clear');
      await step(g, 'project-timelines', c.ocha, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: [{ amountUsd: '1000.00', date: '2027-02-01' }] });
      await step(g, 'grant-signature', c.hc, 'approve-and-sign');
      await step(g, 'partner-countersignature', c.lngoSignatory, 'countersign');
      await step(g, 'eo-signature', c.eo, 'sign');
      await step(g, 'disbursement', c.ocha, 'disbursed', { tranche: 1, amountUsd: '1000.00', date: '2027-02-01' });
      await step(g, 'final-report', c.lngoStaff, 'submit', { narrative: 'Done', spentUsd: '1000.00' });
      await step(g, 'report-review', c.ocha, 'approve');
      await step(g, 'closure', c.ocha, 'close', { auditDone: true, refundUsd: '0.00' });
      await eventually(() => ctx.env.client.workflow.getHandle(g.workflowId).describe(), (d) => d.status.name !== 'RUNNING');
      return g.workflowId;
    },
  },
  {
    name: 'pre-strategic-redraft-then-rejected',
    outcome: 'rejected',
    covers: 'reserve: pre-strategic review → redraft → resubmit → send to strategic review → scores → HFU rejects',
    async run(ctx) {
      const { c, h } = await openCall(ctx, 'Rejected golden');
      const g = ctx.env.client.workflow.getHandle(await submitProposal(h, c.ingoStaff, { sector: 'wash', title: 'Boreholes', requestedUsd: '900.00' }));
      await step(g, 'pre-strategic-review', c.ocha, 'redraft', undefined, 'Missing logframe');
      await step(g, 'proposal-redraft', c.ingoStaff, 'resubmit', { requestedUsd: '850.00' });
      await step(g, 'pre-strategic-review', c.ocha, 'send-to-sr');
      await step(g, 'strategic-review', c.ocha, 'score', { scores: [{ criterion: 'Relevance', score: 2 }, { criterion: 'Cost-effectiveness', score: 3 }] });
      await step(g, 'hfu-sr-decision', c.ocha, 'reject', undefined, 'Outside the priorities');
      return g.workflowId;
    },
  },
  {
    name: 'withdrawn-at-redraft',
    outcome: 'withdrawn',
    covers: 'reserve: pre-strategic review → redraft → the partner withdraws',
    async run(ctx) {
      const { c, h } = await openCall(ctx, 'Withdrawn golden');
      const g = ctx.env.client.workflow.getHandle(await submitProposal(h, c.lngoStaff, { sector: 'wash', title: 'Soap', requestedUsd: '100.00' }));
      await step(g, 'pre-strategic-review', c.ocha, 'redraft', undefined, 'Budget unclear');
      await step(g, 'proposal-redraft', await createActor(ctx.ds, ['partner'], { organisationId: c.lngo }), 'withdraw');
      return g.workflowId;
    },
  },
];
