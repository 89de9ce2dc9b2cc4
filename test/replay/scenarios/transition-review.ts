// Golden cases of transition-review (PROCESSES.md §2). Started the way the activation starts it (by the
// system, for an active cluster); a `continue` ends the run and the case continues as new: every run is captured.
import type { WorkflowHandle } from '@temporalio/client';
import { actUpdate, cancelUpdate } from '../../../workflows/contracts/messages';
import type { Actor } from '../../../workflows/domain/actor';
import { SYSTEM_ACTOR } from '../../../workflows/domain/actor';
import type { OperationType } from '../../../workflows/domain/reference';
import { transitionReviewId } from '../../../workflows/processes';
import { clusterRow, createActor, createCluster, createOperation } from '../../factories';
import { decide, eventually, openTaskId, snapshot } from '../../workflows/harness';
import { activationCast, SETUP, startActivation } from './cluster-activation';
import { DAY, nextRun, scheduledOpening, sleepUntil, startCase, type CaptureContext, type Scenario } from './support';

const TYPE = 'transition-review';

interface Cast {
  operationId: string;
  clusterId: string;
  activatedAt: string;
  hc: Actor;
  ocha: Actor;
  erc: Actor;
  admin: Actor;
  lead: Actor;
}

async function cast(ctx: CaptureContext, operationType: OperationType, sector: string): Promise<Cast> {
  const { ds, env } = ctx;
  const operationId = await createOperation(ds, operationType);
  const activatedAt = new Date(await env.currentTimeMs()).toISOString();
  const clusterId = await createCluster(ds, operationId, sector, 'active', activatedAt);
  const leadAgencyId = (await ds.query('SELECT lead_agency_id FROM clusters WHERE id = $1', [clusterId]))[0].lead_agency_id as string;
  return {
    operationId,
    clusterId,
    activatedAt,
    hc: await createActor(ds, ['hc'], { operationScopes: [operationId] }),
    ocha: await createActor(ds, ['ocha'], { operationScopes: [operationId] }),
    erc: await createActor(ds, ['erc']),
    admin: await createActor(ds, ['admin']),
    lead: await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }], organisationId: leadAgencyId }),
  };
}

async function start(ctx: CaptureContext, c: Cast, operationType: OperationType, sector: string): Promise<WorkflowHandle> {
  const input = { clusterId: c.clusterId, activatedAt: c.activatedAt, operationType, operationId: c.operationId, sector };
  return startCase(ctx, TYPE, input, { startedBy: SYSTEM_ACTOR, operationId: c.operationId });
}

/** Sleep until the scheduled annual review opens and return its task id. */
async function annualReviewOpened(ctx: CaptureContext, h: WorkflowHandle): Promise<string> {
  await sleepUntil(ctx.env, (await scheduledOpening(h, 'annual-review')) + 60_000);
  return openTaskId(h, 'annual-review');
}

async function handoverAndDeactivation(ctx: CaptureContext, h: WorkflowHandle, c: Cast): Promise<void> {
  const targetDate = new Date((await ctx.env.currentTimeMs()) + 45 * DAY).toISOString().slice(0, 10);
  const plan = { nationalCounterpart: 'Ministry of Social Affairs', targetDate, lastResortDutiesTransferredTo: 'National Disaster Management Agency' };
  await decide(h, { taskId: await openTaskId(h, 'handover-plan'), decision: 'submit', data: plan, actor: c.lead });
  await decide(h, { taskId: await openTaskId(h, 'handover-approval'), decision: 'return', comment: 'Add a timeline per duty', actor: c.hc });
  await decide(h, { taskId: await openTaskId(h, 'handover-plan'), decision: 'submit', data: plan, actor: c.lead });
  await decide(h, { taskId: await openTaskId(h, 'handover-approval'), decision: 'approve', actor: c.hc });
  await decide(h, { taskId: await openTaskId(h, 'handover-complete'), decision: 'confirm', actor: c.lead });
  await decide(h, {
    taskId: await openTaskId(h, 'deactivation-confirmation'), decision: 'confirm', actor: c.hc,
    data: { criteriaNoLongerMet: ['nationalCapacityInsufficient'], rationale: 'The ministry coordinates the sector' },
  });
}

export const scenarios: Scenario[] = [
  {
    name: 'sudden-onset-continue-twice-then-handover',
    outcome: 'deactivated',
    covers:
      'outline overdue (reminders, escalation) beside the 3-month architecture review → continue (run 2: annual review scheduled, ERC report and acknowledgement) → continue (run 3) → transition → handover (returned once) → deactivation',
    async run(ctx) {
      const sector = 'protection';
      const c = await cast(ctx, 'sudden-onset', sector);
      const h = await start(ctx, c, 'sudden-onset', sector);
      const outline = await openTaskId(h, 'transition-outline');
      const architecture = await openTaskId(h, 'architecture-review');
      await sleepUntil(ctx.env, Date.parse(c.activatedAt) + 91 * DAY);
      await decide(h, { taskId: outline, decision: 'submit', data: { summary: 'National capacity is growing', proposedPath: 'continue' }, actor: c.lead });

      // Review 1 → run 2: the annual review is scheduled, the report to the ERC is open.
      const firstRun = (await h.describe()).runId;
      await decide(h, { taskId: architecture, decision: 'continue', actor: c.hc });
      const secondRun = await nextRun(h, firstRun);
      await decide(h, { taskId: await openTaskId(h, 'erc-annual-report'), decision: 'submit', data: { summary: 'The cluster continues' }, actor: c.hc });
      await decide(h, { taskId: await openTaskId(h, 'erc-acknowledgement'), decision: 'acknowledge', comment: 'Noted', actor: c.erc });

      // Review 2 (the annual review) → run 3.
      const annual1 = await annualReviewOpened(ctx, h);
      await decide(h, { taskId: annual1, decision: 'continue', actor: c.hc });
      await nextRun(h, secondRun);
      await decide(h, { taskId: await openTaskId(h, 'erc-annual-report'), decision: 'submit', data: { summary: 'The cluster continues another year' }, actor: c.hc });

      // Review 3: transition → handover → deactivation (the second acknowledgement is still open: cancelled at the end).
      const annual2 = await annualReviewOpened(ctx, h);
      await decide(h, { taskId: annual2, decision: 'transition', actor: c.hc });
      await handoverAndDeactivation(ctx, h, c);
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'protracted-annual-review-deactivate',
    outcome: 'deactivated',
    covers: 'protracted: outline on time beside the scheduled annual review (opens 60 days before 31 May, reminder 30 days before) → deactivate → confirmation',
    async run(ctx) {
      const sector = 'food-security';
      const c = await cast(ctx, 'protracted', sector);
      const h = await start(ctx, c, 'protracted', sector);
      await ctx.env.sleep(20 * DAY);
      await decide(h, { taskId: await openTaskId(h, 'transition-outline'), decision: 'submit', data: { summary: 'Government to lead', proposedPath: 'deactivate' }, actor: c.lead });
      const annual = await annualReviewOpened(ctx, h);
      const due = Date.parse((await snapshot(h)).openTasks.find((t) => t.id === annual)!.dueAt!);
      await sleepUntil(ctx.env, due - 29 * DAY); // its reminder fires
      await decide(h, { taskId: annual, decision: 'deactivate', actor: c.hc });
      await decide(h, {
        taskId: await openTaskId(h, 'deactivation-confirmation'), decision: 'confirm', actor: c.hc,
        data: { criteriaNoLongerMet: ['responseGaps', 'nationalCapacityInsufficient'], rationale: 'Needs covered by development actors' },
      });
      await eventually(() => h.describe(), (d) => d.status.name === 'COMPLETED');
      return h.workflowId;
    },
  },
  {
    name: 'review-called-then-cancelled',
    outcome: 'cancelled',
    covers: 'protracted: OCHA calls the review now (the scheduled annual review is brought forward) → continue (run 2) → cancelled by an admin with the report open',
    async run(ctx) {
      const sector = 'logistics';
      const c = await cast(ctx, 'protracted', sector);
      const h = await start(ctx, c, 'protracted', sector);
      await scheduledOpening(h, 'annual-review');
      await ctx.env.sleep(30 * DAY);
      await h.executeUpdate(actUpdate, { args: [{ action: 'call-review', comment: 'The response plan was revised', actor: c.ocha }] });
      const firstRun = (await h.describe()).runId;
      await decide(h, { taskId: await openTaskId(h, 'annual-review'), decision: 'continue', actor: c.hc });
      await nextRun(h, firstRun);
      await openTaskId(h, 'erc-annual-report');
      await h.executeUpdate(cancelUpdate, { args: [{ reason: 'Cluster merged into another one', actor: c.admin }] });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'started-by-activation-deactivated',
    outcome: 'deactivated',
    covers: 'started by a real activation (child of it, outliving it): sudden-onset architecture review → deactivate → confirmation; the parent, ended, is told nothing',
    async run(ctx) {
      const a = await activationCast(ctx, 'health');
      const ah = await startActivation(ctx, a);
      await decide(ah, { taskId: await openTaskId(ah, 'hc-endorsement'), decision: 'endorse', actor: a.hc });
      await decide(ah, { taskId: await openTaskId(ah, 'erc-approval'), decision: 'approve', actor: a.erc });
      await decide(ah, { taskId: await openTaskId(ah, 'cla-confirmation'), decision: 'confirm', data: { coordinatorName: 'C. Coordinator', informationManagerName: 'D. Manager' }, actor: a.lead });
      await decide(ah, { taskId: await openTaskId(ah, 'cluster-setup'), decision: 'complete', data: SETUP, actor: a.lead });
      await ah.result();
      const cluster = await eventually(() => clusterRow(ctx.ds, a.operationId, a.sector), (r) => r?.status === 'active');
      const h = ctx.env.client.workflow.getHandle(transitionReviewId(cluster.id));
      await ctx.env.sleep(40 * DAY);
      await decide(h, { taskId: await openTaskId(h, 'architecture-review'), decision: 'deactivate', actor: a.hc });
      await decide(h, {
        taskId: await openTaskId(h, 'deactivation-confirmation'), decision: 'confirm', actor: a.hc,
        data: { criteriaNoLongerMet: ['responseGaps'], rationale: 'The emergency phase is over' },
      });
      await h.result();
      return h.workflowId;
    },
  },
];
