// Golden cases of hpc-cycle (PROCESSES.md §3). One run per phase trigger (and per monitoring quarter): every run
// of a case is captured.
import type { WorkflowHandle } from '@temporalio/client';
import { actUpdate, cancelUpdate } from '../../../workflows/contracts/messages';
import type { Actor } from '../../../workflows/domain/actor';
import type { OperationSettings } from '../../../workflows/domain/reference';
import { createActor, createCluster, createOperation } from '../../factories';
import { decide, eventually, openTaskId, snapshot } from '../../workflows/harness';
import { DAY, nextRun, sleepUntil, startCase, type CaptureContext, type Scenario } from './support';

const TYPE = 'hpc-cycle';

interface Cast {
  operationId: string;
  ocha: Actor;
  hc: Actor;
  admin: Actor;
  lead: Record<string, Actor>;
}

async function cast(ctx: CaptureContext, sectors: string[], settings: Partial<OperationSettings> = {}): Promise<Cast> {
  const operationId = await createOperation(ctx.ds, 'protracted', settings);
  const lead: Record<string, Actor> = {};
  for (const sector of sectors) {
    await createCluster(ctx.ds, operationId, sector, 'active');
    lead[sector] = await createActor(ctx.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }] });
  }
  return {
    operationId,
    lead,
    ocha: await createActor(ctx.ds, ['ocha'], { operationScopes: [operationId] }),
    hc: await createActor(ctx.ds, ['hc'], { operationScopes: [operationId] }),
    admin: await createActor(ctx.ds, ['admin']),
  };
}

function start(ctx: CaptureContext, c: Cast, variant: 'annual' | 'flash', year: number): Promise<WorkflowHandle> {
  return startCase(ctx, TYPE, { operationId: c.operationId, year, variant }, { startedBy: c.ocha, operationId: c.operationId });
}

async function trigger(ctx: CaptureContext, h: WorkflowHandle, c: Cast, phase: string, days?: number): Promise<void> {
  const deadline = days ? { deadline: new Date((await ctx.env.currentTimeMs()) + days * DAY).toISOString() } : {};
  const taskId = await openTaskId(h, 'phase-trigger');
  const before = (await h.describe()).runId;
  await decide(h, { taskId, decision: 'start', data: { phase, ...deadline }, actor: c.ocha });
  // Each phase is a run of its own: wait for it before reading the case.
  await nextRun(h, before);
}

async function fanOut(h: WorkflowHandle, stepId: string, count: number): Promise<{ id: string; sector: string | null }[]> {
  const s = await eventually(() => snapshot(h), (x) => x.openTasks.filter((t) => t.stepId === stepId).length === count);
  return s.openTasks.filter((t) => t.stepId === stepId);
}

export const scenarios: Scenario[] = [
  {
    name: 'annual-hnrp-unit-based-completed',
    outcome: 'completed',
    covers:
      'kickoff returned and re-triggered → needs analysis (WASH late, expired at the deadline) → JIAF → response planning closed by OCHA → HNRP returned → response planning again → endorsed → monitoring (two quarters, PMR published and skipped) → after-action review',
    async run(ctx) {
      const c = await cast(ctx, ['health', 'protection', 'wash']);
      const h = await start(ctx, c, 'annual', 2027);
      await trigger(ctx, h, c, 'kickoff', 20);
      await decide(h, { taskId: await openTaskId(h, 'scope-agreement'), decision: 'return', comment: 'Add the calendar', actor: c.hc });
      await trigger(ctx, h, c, 'kickoff');
      await decide(h, { taskId: await openTaskId(h, 'scope-agreement'), decision: 'approve', data: { costingMethod: 'unit-based' }, actor: c.hc });
      await trigger(ctx, h, c, 'needs-analysis', 10);
      const needs = await fanOut(h, 'cluster-needs', 3);
      const rows = [{ adminArea: 'North', populationGroup: 'IDPs', peopleInNeed: 1000, severity: 4 }];
      const risks = (await import('../../../workflows/domain/reference')).GPC_PROTECTION_RISKS.map((r) => ({ adminArea: 'North', risk: r.id, rating: '2' }));
      await decide(h, { taskId: needs.find((t) => t.sector === 'health')!.id, decision: 'submit', data: { rows }, actor: c.lead.health });
      await decide(h, { taskId: needs.find((t) => t.sector === 'protection')!.id, decision: 'submit', data: { rows: [{ ...rows[0], peopleInNeed: 1500 }], protectionRisks: risks }, actor: c.lead.protection });
      await sleepUntil(ctx.env, (await ctx.env.currentTimeMs()) + 10 * DAY + 60_000);
      await decide(h, { taskId: await openTaskId(h, 'jiaf-consolidation'), decision: 'complete', actor: c.ocha });
      await trigger(ctx, h, c, 'response-planning', 10);
      const plans = await fanOut(h, 'cluster-response-plan', 3);
      await decide(h, { taskId: plans.find((t) => t.sector === 'health')!.id, decision: 'submit', data: { peopleTargeted: 900, requirementsUsd: '1250000.50' }, actor: c.lead.health });
      await h.executeUpdate(actUpdate, { args: [{ action: 'close-cluster-response-plan', comment: 'HCT meets tomorrow', actor: c.ocha }] });
      await trigger(ctx, h, c, 'plan-endorsement');
      await decide(h, { taskId: await openTaskId(h, 'hnrp-endorsement'), decision: 'return', comment: 'Protection targets missing', actor: c.hc });
      await trigger(ctx, h, c, 'response-planning', 5);
      for (const t of await fanOut(h, 'cluster-response-plan', 3)) {
        await decide(h, { taskId: t.id, decision: 'submit', data: { peopleTargeted: 0, requirementsUsd: '100.00' }, actor: c.lead[t.sector!] });
      }
      await trigger(ctx, h, c, 'plan-endorsement');
      await decide(h, { taskId: await openTaskId(h, 'hnrp-endorsement'), decision: 'endorse', actor: c.hc });
      await trigger(ctx, h, c, 'monitoring');
      for (const t of await fanOut(h, 'periodic-monitoring', 3)) {
        await decide(h, { taskId: t.id, decision: 'submit', data: { peopleReached: 100, progress: 'On track' }, actor: c.lead[t.sector!] });
      }
      await decide(h, { taskId: await openTaskId(h, 'pmr-publication'), decision: 'publish', actor: c.hc });
      const review = await openTaskId(h, 'monitoring-review');
      const quarter1 = (await h.describe()).runId;
      await decide(h, { taskId: review, decision: 'continue', actor: c.ocha });
      await nextRun(h, quarter1);
      const round2 = await fanOut(h, 'periodic-monitoring', 3);
      await sleepUntil(ctx.env, Date.parse((await snapshot(h)).openTasks.find((t) => t.id === round2[0].id)!.dueAt!) + 60_000);
      await decide(h, { taskId: await openTaskId(h, 'pmr-publication'), decision: 'skip', actor: c.hc });
      await decide(h, { taskId: await openTaskId(h, 'monitoring-review'), decision: 'end-monitoring', actor: c.ocha });
      await trigger(ctx, h, c, 'after-action-review');
      await decide(h, { taskId: await openTaskId(h, 'after-action-review'), decision: 'complete', data: { lessons: 'Start earlier' }, actor: c.ocha });
      await h.result();
      return h.workflowId;
    },
  },
  {
    name: 'flash-appeal-then-kickoff-cancelled',
    outcome: 'cancelled',
    covers: 'flash variant: appeal returned and resubmitted, MIRA, flash revision → kickoff triggered → cancelled by an admin',
    async run(ctx) {
      const c = await cast(ctx, ['health']);
      const h = await start(ctx, c, 'flash', 2026);
      await decide(h, { taskId: await openTaskId(h, 'flash-appeal'), decision: 'submit', data: { requirementsUsd: '5000000.00', peopleTargeted: 10000 }, actor: c.ocha });
      await decide(h, { taskId: await openTaskId(h, 'flash-appeal-endorsement'), decision: 'return', comment: 'Add nutrition', actor: c.hc });
      await decide(h, { taskId: await openTaskId(h, 'flash-appeal'), decision: 'submit', data: { requirementsUsd: '6500000.00', peopleTargeted: 12000 }, actor: c.ocha });
      await decide(h, { taskId: await openTaskId(h, 'flash-appeal-endorsement'), decision: 'endorse', actor: c.hc });
      await decide(h, { taskId: await openTaskId(h, 'mira'), decision: 'complete', actor: c.ocha });
      await decide(h, { taskId: await openTaskId(h, 'flash-revision'), decision: 'endorse', actor: c.hc });
      await trigger(ctx, h, c, 'kickoff', 30);
      await openTaskId(h, 'scope-agreement');
      await h.executeUpdate(cancelUpdate, { args: [{ reason: 'Merged into the regional appeal', actor: c.admin }] });
      await h.result();
      return h.workflowId;
    },
  },
];
