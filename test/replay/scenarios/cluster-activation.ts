// Golden cases of cluster-activation (PROCESSES.md §1): every branch of the definition at least once.
import { cancelUpdate } from '../../../workflows/contracts/messages';
import type { Actor } from '../../../workflows/domain/actor';
import { clusterRow, createActor, createOperation, createOrganisation } from '../../factories';
import { decide, eventually, openTaskId } from '../../workflows/harness';
import { startCase, type CaptureContext, type Scenario } from './support';

const TYPE = 'cluster-activation';

export const SETUP = {
  termsOfReferenceAdopted: true, strategicAdvisoryGroupFormed: true, nationalActorsInSag: true, partnerMappingDone: true,
  workPlanAdopted: true, informationSharingProtocolAgreed: true, referralPathwaysMapped: true,
};

export interface ActivationCast {
  operationId: string;
  sector: string;
  leadAgencyId: string;
  otherAgencyId: string;
  hc: Actor;
  ocha: Actor;
  erc: Actor;
  admin: Actor;
  /** cluster_lead of the proposed lead agency. */
  lead: Actor;
  /** cluster_lead of the agency named on reassignment. */
  otherLead: Actor;
}

export async function activationCast(ctx: CaptureContext, sector: string): Promise<ActivationCast> {
  const { ds } = ctx;
  const operationId = await createOperation(ds, 'sudden-onset');
  const leadAgencyId = await createOrganisation(ds, 'un-agency');
  const otherAgencyId = await createOrganisation(ds, 'ingo');
  const scopes = { clusterScopes: [{ operationId, sector }] };
  return {
    operationId,
    sector,
    leadAgencyId,
    otherAgencyId,
    hc: await createActor(ds, ['hc'], { operationScopes: [operationId] }),
    ocha: await createActor(ds, ['ocha'], { operationScopes: [operationId] }),
    erc: await createActor(ds, ['erc']),
    admin: await createActor(ds, ['admin']),
    lead: await createActor(ds, ['cluster_lead'], { ...scopes, organisationId: leadAgencyId }),
    otherLead: await createActor(ds, ['cluster_lead'], { ...scopes, organisationId: otherAgencyId }),
  };
}

export function startActivation(ctx: CaptureContext, c: ActivationCast) {
  const input = {
    operationId: c.operationId,
    sector: c.sector,
    leadAgencyId: c.leadAgencyId,
    rationale: 'Large displacement; no national coordination of the response',
    criteria: { responseGaps: true, nationalCapacityInsufficient: true },
  };
  return startCase(ctx, TYPE, input, { startedBy: c.ocha, operationId: c.operationId });
}

export const scenarios: Scenario[] = [
  {
    name: 'activated-with-loops',
    outcome: 'activated',
    covers: 'return → resubmit (new rationale and co-lead), ERC reminder, decline → reassign → confirm by the new lead agency, set-up, transition review started',
    async run(ctx) {
      const c = await activationCast(ctx, 'protection');
      const h = await startActivation(ctx, c);
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'return', comment: 'Add displacement figures', actor: c.hc });
      await decide(h, {
        taskId: await openTaskId(h, 'proposal-revision'), decision: 'resubmit', actor: c.ocha,
        data: { rationale: '120,000 displaced; no national protection coordination', coLeadAgencyId: c.otherAgencyId },
      });
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
      const erc = await openTaskId(h, 'erc-approval');
      await ctx.env.sleep('13 hours'); // the 12-hour reminder fires
      await decide(h, { taskId: erc, decision: 'approve', actor: c.erc });
      await decide(h, { taskId: await openTaskId(h, 'cla-confirmation'), decision: 'decline', comment: 'No capacity this year', actor: c.lead });
      await decide(h, { taskId: await openTaskId(h, 'lead-reassignment'), decision: 'reassign', data: { leadAgencyId: c.otherAgencyId }, actor: c.hc });
      await decide(h, {
        taskId: await openTaskId(h, 'cla-confirmation'), decision: 'confirm', actor: c.otherLead,
        data: { coordinatorName: 'A. Coordinator', informationManagerName: 'B. Manager' },
      });
      await decide(h, { taskId: await openTaskId(h, 'cluster-setup'), decision: 'complete', data: SETUP, actor: c.otherLead });
      await h.result();
      // The transition review it started is its own case (captured by its own scenarios).
      await eventually(() => clusterRow(ctx.ds, c.operationId, c.sector), (r) => r?.status === 'active');
      return h.workflowId;
    },
  },
  {
    name: 'rejected-after-overdue',
    outcome: 'not-activated',
    covers: 'ERC approval left past its reminder and its 24-hour due time (overdue), then rejected with a reason',
    async run(ctx) {
      const c = await activationCast(ctx, 'wash');
      const h = await startActivation(ctx, c);
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
      const erc = await openTaskId(h, 'erc-approval');
      await ctx.env.sleep('25 hours');
      await decide(h, { taskId: erc, decision: 'reject', comment: 'National coordination is in place', actor: c.erc });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'abandoned-after-decline',
    outcome: 'not-activated',
    covers: 'endorsed and approved, declined by the lead agency, abandoned by the HC with a reason',
    async run(ctx) {
      const c = await activationCast(ctx, 'education');
      const h = await startActivation(ctx, c);
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'endorse', actor: c.hc });
      await decide(h, { taskId: await openTaskId(h, 'erc-approval'), decision: 'approve', actor: c.erc });
      await decide(h, { taskId: await openTaskId(h, 'cla-confirmation'), decision: 'decline', actor: c.lead });
      await decide(h, { taskId: await openTaskId(h, 'lead-reassignment'), decision: 'abandon', comment: 'No agency can lead', actor: c.hc });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'rejected-by-hc',
    outcome: 'not-activated',
    covers: 'rejected by the HC with a reason at the first step',
    async run(ctx) {
      const c = await activationCast(ctx, 'nutrition');
      const h = await startActivation(ctx, c);
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'reject', comment: 'The sector is covered', actor: c.hc });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'withdrawn',
    outcome: 'withdrawn',
    covers: 'returned by the HC, withdrawn by OCHA',
    async run(ctx) {
      const c = await activationCast(ctx, 'shelter');
      const h = await startActivation(ctx, c);
      await decide(h, { taskId: await openTaskId(h, 'hc-endorsement'), decision: 'return', comment: 'Coordinate with the sector first', actor: c.hc });
      await decide(h, { taskId: await openTaskId(h, 'proposal-revision'), decision: 'withdraw', comment: 'The sector agreed to coordinate', actor: c.ocha });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'cancelled-by-admin',
    outcome: 'cancelled',
    covers: 'cancelled by an admin with a reason while the HC endorsement is open',
    async run(ctx) {
      const c = await activationCast(ctx, 'health');
      const h = await startActivation(ctx, c);
      await openTaskId(h, 'hc-endorsement');
      await h.executeUpdate(cancelUpdate, { args: [{ reason: 'Started twice by mistake', actor: c.admin }] });
      await h.result();
      return h.workflowId;
    },
  },
];
