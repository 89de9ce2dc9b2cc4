// Golden cases of recurring-duty (PROCESSES.md §6), started as the cluster's schedule starts them: done late
// (after reminders, overdue and escalation), missed with a reason, missed by the system a quarter later.
import { SYSTEM_ACTOR } from '../../../workflows/domain/actor';
import { createActor, createCluster, createOperation, createOrganisation } from '../../factories';
import { decide, openTaskId } from '../../workflows/harness';
import { DAY, operationContext, sleepUntil, type CaptureContext, type Scenario } from './support';

const TYPE = 'recurring-duty';

async function start(ctx: CaptureContext, duty: string) {
  const operationId = await createOperation(ctx.ds);
  const lead = await createOrganisation(ctx.ds, 'un-agency');
  const clusterId = await createCluster(ctx.ds, operationId, 'protection', 'active', new Date(await ctx.env.currentTimeMs()).toISOString(), { leadAgencyId: lead });
  const actor = await createActor(ctx.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'protection' }], organisationId: lead });
  const input = { clusterId, operationId, sector: 'protection', duty };
  // The schedule's id plus the scheduled time, as Temporal names a scheduled run.
  const workflowId = `${TYPE}:${clusterId}:${duty}-2030-01-01T00:00:00Z`;
  const h = await ctx.env.client.workflow.start(TYPE, { taskQueue: ctx.taskQueue, workflowId, args: [{ input, startedBy: SYSTEM_ACTOR, operation: await operationContext(ctx.ds, operationId) }] });
  return { h, actor };
}

export const scenarios: Scenario[] = [
  {
    name: 'monthly-done-late',
    outcome: 'done',
    covers: '5W update: reminders 3 days and 1 day before the 10th, overdue, escalated to OCHA 3 days later → done with evidence',
    async run(ctx) {
      const { h, actor } = await start(ctx, '5w-update');
      const task = await openTaskId(h, 'monthly-duty');
      await sleepUntil(ctx.env, (await ctx.env.currentTimeMs()) + 14 * DAY);
      await decide(h, { taskId: task, decision: 'done', data: { evidence: 'https://example.org/5w' }, actor });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'monthly-missed-with-reason',
    outcome: 'missed',
    covers: 'funding update: missed, with the reason',
    async run(ctx) {
      const { h, actor } = await start(ctx, 'funding-update');
      await decide(h, { taskId: await openTaskId(h, 'monthly-duty'), decision: 'missed', comment: 'FTS was down all month', actor });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'quarterly-missed-by-system',
    outcome: 'missed',
    covers: 'GPC data update (quarterly): never done → missed by the system when the next occurrence opens 3 months later',
    async run(ctx) {
      const { h } = await start(ctx, 'gpc-data-update');
      await openTaskId(h, 'quarterly-duty');
      await sleepUntil(ctx.env, (await ctx.env.currentTimeMs()) + 93 * DAY);
      await h.result();
      return h.workflowId;
    },
  },
];
