// Golden cases of ccpm-round (PROCESSES.md §5): a round whose launch waits for its date, anonymous answers
// (one replaced), the window closing by itself, the medians, the workshop, adoption, one quarter of monitoring
// and the next round a year later; and a round cancelled by an admin.
import { createHmac } from 'node:crypto';
import { cancelUpdate, submitUpdate } from '../../../workflows/contracts/messages';
import { SYSTEM_ACTOR } from '../../../workflows/domain/actor';
import { CCPM_SUB_CATEGORIES } from '../../../workflows/processes/ccpm-round';
import { createActor, createCluster, createOperation, createOrganisation } from '../../factories';
import { decide, openTaskId } from '../../workflows/harness';
import { DAY, scheduledOpening, sleepUntil, startCase, type CaptureContext, type Scenario } from './support';

const TYPE = 'ccpm-round';

async function cast(ctx: CaptureContext) {
  const { ds } = ctx;
  const operationId = await createOperation(ds, 'protracted');
  const leadOrg = await createOrganisation(ds, 'un-agency');
  const orgs = [await createOrganisation(ds, 'nngo'), await createOrganisation(ds, 'lngo')];
  const clusterId = await createCluster(ds, operationId, 'health', 'active', new Date(await ctx.env.currentTimeMs()).toISOString(), { leadAgencyId: leadOrg });
  return {
    operationId, clusterId, orgs, leadOrg,
    hc: await createActor(ds, ['hc'], { operationScopes: [operationId] }),
    lead: await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'health' }], organisationId: leadOrg }),
    admin: await createActor(ds, ['admin']),
  };
}

const key = (id: string, org: string, level: string) => createHmac('sha256', 'capture').update(`${id}|${org}|${level}`).digest('hex');
const answers = (level: string, v: number) => ({ level, ...Object.fromEntries(CCPM_SUB_CATEGORIES.map((s, i) => [s.field, (v + i) % 5])) });

export const scenarios: Scenario[] = [
  {
    name: 'round-scheduled-survey-adopted-next-round',
    outcome: 'completed',
    covers:
      'launch scheduled 4 months ahead → HC approve → planning confirm → anonymous answers (one replaced), coordinator answer → window closes by itself → medians → workshop validate → adopt (HC told) → one quarter of monitoring → next round a year after the launch',
    async run(ctx) {
      const c = await cast(ctx);
      const launchAt = (await ctx.env.currentTimeMs()) + 120 * DAY;
      const year = new Date(launchAt).getUTCFullYear();
      const h = await startCase(ctx, TYPE, { clusterId: c.clusterId, year, operationId: c.operationId, sector: 'health', launchAt: new Date(launchAt).toISOString() }, { startedBy: SYSTEM_ACTOR, operationId: c.operationId });
      await sleepUntil(ctx.env, (await scheduledOpening(h, 'ccpm-launch')) + 60_000);
      await decide(h, { taskId: await openTaskId(h, 'ccpm-launch'), decision: 'approve', data: { timeframe: 'Two months', participation: ['national', 'sub-national'] }, actor: c.hc });
      await decide(h, { taskId: await openTaskId(h, 'ccpm-planning'), decision: 'confirm', data: { invitedOrganisations: c.orgs.map((organisationId) => ({ organisationId })), surveyWindow: '10 days' }, actor: c.lead });
      const opened = await ctx.env.currentTimeMs();
      const submit = (kind: string, data: Record<string, unknown>, k: string) => h.executeUpdate(submitUpdate, { args: [{ kind, data, anonymousKey: k }] });
      await submit('partner-answer', answers('national', 1), key(h.workflowId, c.orgs[0], 'national'));
      await submit('partner-answer', answers('national', 3), key(h.workflowId, c.orgs[0], 'national'));
      await submit('partner-answer', answers('sub-national', 2), key(h.workflowId, c.orgs[1], 'sub-national'));
      await submit('coordinator-answer', answers('national', 4), key(h.workflowId, c.leadOrg, 'national'));
      await sleepUntil(ctx.env, opened + 10 * DAY + 60_000);
      await decide(h, {
        taskId: await openTaskId(h, 'validation-workshop'), decision: 'validate', actor: c.lead,
        data: { attendance: 7, agreedScores: [{ function: 'advocacy', percent: 50 }], actionPlan: [{ function: 'advocacy', action: 'Joint messages', owner: 'Coordinator', dueDate: '2031-06-30' }] },
      });
      await decide(h, { taskId: await openTaskId(h, 'report-adoption'), decision: 'adopt', actor: c.lead });
      await decide(h, { taskId: await openTaskId(h, 'action-plan-monitoring'), decision: 'submit', data: { progress: 'Messages agreed' }, actor: c.lead });
      await openTaskId(h, 'action-plan-monitoring');
      await sleepUntil(ctx.env, (await scheduledOpening(h, 'next-round')) + 60_000);
      await h.result();
      // The next round (started by this one, outliving it) is not part of this history.
      await ctx.env.client.workflow.getHandle(`${TYPE}:${c.clusterId}:${year + 1}`).terminate('end of capture');
      return h.workflowId;
    },
  },
  {
    name: 'cancelled-by-admin',
    outcome: 'cancelled',
    covers: 'on demand: launch approved → planning open → an admin cancels (the cluster was deactivated)',
    async run(ctx) {
      const c = await cast(ctx);
      const year = new Date(await ctx.env.currentTimeMs()).getUTCFullYear();
      const h = await startCase(ctx, TYPE, { clusterId: c.clusterId, year, operationId: c.operationId, sector: 'health' }, { startedBy: c.lead, operationId: c.operationId });
      await decide(h, { taskId: await openTaskId(h, 'ccpm-launch'), decision: 'approve', data: { timeframe: 'Now', participation: ['national'] }, actor: c.hc });
      await openTaskId(h, 'ccpm-planning');
      await h.executeUpdate(cancelUpdate, { args: [{ actor: c.admin, reason: 'the cluster was deactivated' }] });
      await h.result();
      return h.workflowId;
    },
  },
];
