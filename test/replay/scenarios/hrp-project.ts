// Golden cases of hrp-project (PROCESSES.md §3, project vetting): started here directly, as the cycle's window
// starts it (by the system, one case per submission).
import { randomUUID } from 'node:crypto';
import { SYSTEM_ACTOR } from '../../../workflows/domain/actor';
import { createActor, createCluster, createOperation, createOrganisation } from '../../factories';
import { decide, openTaskId } from '../../workflows/harness';
import { startCase, type CaptureContext, type Scenario } from './support';

async function cast(ctx: CaptureContext) {
  const operationId = await createOperation(ctx.ds);
  await createCluster(ctx.ds, operationId, 'health', 'active');
  const organisationId = await createOrganisation(ctx.ds, 'nngo');
  return {
    operationId,
    organisationId,
    lead: await createActor(ctx.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'health' }] }),
    partner: await createActor(ctx.ds, ['partner'], { organisationId }),
    hc: await createActor(ctx.ds, ['hc'], { operationScopes: [operationId] }),
  };
}

function input(c: Awaited<ReturnType<typeof cast>>, hcApproval: boolean) {
  return { operationId: c.operationId, year: 2027, sector: 'health', organisationId: c.organisationId, submissionId: randomUUID(), title: 'Mobile clinics', requirementsUsd: '1000000.00', peopleTargeted: 800, hcApproval };
}

export const scenarios: Scenario[] = [
  {
    name: 'returned-revised-approved-by-hc',
    outcome: 'approved',
    covers: 'cluster review returns the project → the partner revises its requirements → cluster approval → HC approval',
    async run(ctx) {
      const c = await cast(ctx);
      const h = await startCase(ctx, 'hrp-project', input(c, true), { startedBy: SYSTEM_ACTOR, operationId: c.operationId });
      await decide(h, { taskId: await openTaskId(h, 'project-cluster-review'), decision: 'return', comment: 'Budget too high', actor: c.lead });
      await decide(h, { taskId: await openTaskId(h, 'project-revision'), decision: 'resubmit', data: { requirementsUsd: '900000.00' }, actor: c.partner });
      await decide(h, { taskId: await openTaskId(h, 'project-cluster-review'), decision: 'approve', actor: c.lead });
      await decide(h, { taskId: await openTaskId(h, 'project-hc-approval'), decision: 'approve', actor: c.hc });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'returned-withdrawn',
    outcome: 'withdrawn',
    covers: 'cluster review returns the project → the partner withdraws it',
    async run(ctx) {
      const c = await cast(ctx);
      const h = await startCase(ctx, 'hrp-project', input(c, false), { startedBy: SYSTEM_ACTOR, operationId: c.operationId });
      await decide(h, { taskId: await openTaskId(h, 'project-cluster-review'), decision: 'return', comment: 'Overlaps another project', actor: c.lead });
      await decide(h, { taskId: await openTaskId(h, 'project-revision'), decision: 'withdraw', actor: c.partner });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'rejected',
    outcome: 'rejected',
    covers: 'cluster review rejects the project with a reason (no HC approval asked)',
    async run(ctx) {
      const c = await cast(ctx);
      const h = await startCase(ctx, 'hrp-project', input(c, false), { startedBy: SYSTEM_ACTOR, operationId: c.operationId });
      await decide(h, { taskId: await openTaskId(h, 'project-cluster-review'), decision: 'reject', comment: 'Outside the plan\'s objectives', actor: c.lead });
      await h.result();
      return h.workflowId;
    },
  },
];
