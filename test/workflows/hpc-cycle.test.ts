// The HPC cycle (PROCESSES.md §3) on the time-skipping server with the real activities on PostgreSQL: phases
// triggered by OCHA in order (409 naming the phase that comes first), the HNRP and HNO + HRP formats, the fan-outs
// to the active clusters joined when all are in or at the phase deadline (late clusters expired) or closed by OCHA,
// the JIAF maximum, peopleTargeted within need, project vetting with child cases (recusal, revision, HC approval),
// quarterly monitoring with its revision loop, the after-action review, continue-as-new, and the flash variant.
import type { WorkflowHandle } from '@temporalio/client';
import { verifyChain } from '../../activities/audit-hash';
import { actUpdate, DECISION_ERRORS, submitUpdate, type SubmitRequest, type SubmitResult } from '../../workflows/contracts/messages';
import type { Actor } from '../../workflows/domain/actor';
import { nextAnnualDate } from '../../workflows/domain/calendar';
import { GPC_PROTECTION_RISKS, operationSettingsOf, type OperationSettings } from '../../workflows/domain/reference';
import { hpcCycleId, hrpProjectId } from '../../workflows/processes';
import type { OperationContext } from '../../workflows/processes/types';
import { addClusterMember, auditEvents, createActor, createCluster, createOperation, createOrganisation, processRow, taskRows } from '../factories';
import { decide, eventually, openTaskId, refusal, snapshot, useTimeSkippingSuite, withWorker } from './harness';

jest.setTimeout(420_000);

const suite = useTimeSkippingSuite();
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

async function operationContext(operationId: string): Promise<OperationContext> {
  const [row] = await suite.ds.query('SELECT id, name, type, settings FROM operations WHERE id = $1', [operationId]);
  return { id: row.id, name: row.name, type: row.type, settings: operationSettingsOf(row.settings) };
}

interface Cast {
  operationId: string;
  ocha: Actor;
  otherOcha: Actor;
  hc: Actor;
  lead: Record<string, Actor>;
  clusterId: Record<string, string>;
}

async function cast(sectors: string[], settings: Partial<OperationSettings> = {}, type: 'protracted' | 'sudden-onset' = 'protracted'): Promise<Cast> {
  const operationId = await createOperation(suite.ds, type, settings);
  const other = await createOperation(suite.ds);
  const lead: Record<string, Actor> = {};
  const clusterId: Record<string, string> = {};
  for (const sector of sectors) {
    clusterId[sector] = await createCluster(suite.ds, operationId, sector, 'active');
    lead[sector] = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector }], organisationId: await createOrganisation(suite.ds, 'un-agency') });
  }
  await createCluster(suite.ds, operationId, 'shelter', 'proposed');
  return {
    operationId,
    clusterId,
    lead,
    ocha: await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] }),
    otherOcha: await createActor(suite.ds, ['ocha'], { operationScopes: [other] }),
    hc: await createActor(suite.ds, ['hc'], { operationScopes: [operationId] }),
  };
}

async function start(taskQueue: string, c: Cast, variant: 'annual' | 'flash', year = 2027): Promise<WorkflowHandle> {
  const id = hpcCycleId(c.operationId, year);
  await suite.env.client.workflow.start('hpc-cycle', {
    taskQueue,
    workflowId: id,
    args: [{ input: { operationId: c.operationId, year, variant }, startedBy: { kind: 'user', id: c.ocha.id, username: c.ocha.username, displayName: c.ocha.displayName, roles: c.ocha.roles }, operation: await operationContext(c.operationId) }],
  });
  // Follows the case across continue-as-new.
  return suite.env.client.workflow.getHandle(id);
}

/** A decision that ends the run (checkpoint): returns once the case runs in its new run (queries then reach it). */
const runsSeen = new Set<string>();
async function checkpointed<T>(handle: WorkflowHandle, fn: () => Promise<T>): Promise<T> {
  const before = (await handle.describe()).runId;
  const result = await fn();
  const after = await eventually(() => handle.describe(), (d) => d.runId !== before, 60_000);
  runsSeen.add(before).add(after.runId);
  return result;
}

async function trigger(handle: WorkflowHandle, actor: Actor, phase: string, deadline?: number) {
  const taskId = await openTaskId(handle, 'phase-trigger');
  return checkpointed(handle, () => decide(handle, { taskId, decision: 'start', data: { phase, ...(deadline ? { deadline: iso(deadline) } : {}) }, actor }));
}

async function openTasks(handle: WorkflowHandle, stepId: string, count: number) {
  const s = await eventually(() => snapshot(handle), (x) => x.openTasks.filter((t) => t.stepId === stepId).length === count);
  return s.openTasks.filter((t) => t.stepId === stepId);
}

function submit(handle: WorkflowHandle, req: SubmitRequest): Promise<SubmitResult> {
  return handle.executeUpdate(submitUpdate, { args: [req] });
}

async function sleepUntil(target: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (target > now) await suite.env.sleep(target - now);
}

const risks = (area: string, rating = '3') => GPC_PROTECTION_RISKS.map((r) => ({ adminArea: area, risk: r.id, rating }));

test('annual HNRP, unit-based: phases in order (409 naming the phase that comes first), kickoff return loop, a late cluster at the needs deadline, JIAF maximum, peopleTargeted within need, OCHA closing a phase, plan return loop, quarterly monitoring with a revision loop, after-action review; one run per phase, one audit chain', async () => {
  const c = await cast(['health', 'protection', 'wash']);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await start(taskQueue, c, 'annual');
    const id = handle.workflowId;
    const t0 = await suite.env.currentTimeMs();
    const trigger1 = await openTaskId(handle, 'phase-trigger');
    expect(trigger1).toBe(`${id}~phase-trigger~1`);
    expect((await processRow(suite.ds, id)) ?? (await eventually(() => processRow(suite.ds, id), (r) => !!r))).toMatchObject({ type: 'hpc-cycle', operation_id: c.operationId });

    // Out of order, not in this cycle, another operation's OCHA: refused, nothing recorded.
    const early = await refusal(decide(handle, { taskId: trigger1, decision: 'start', data: { phase: 'needs-analysis' }, actor: c.ocha }));
    expect(early).toMatchObject({ type: DECISION_ERRORS.Conflict, message: 'phase kickoff must come first (phases run in order and cannot be skipped)' });
    const hno = await refusal(decide(handle, { taskId: trigger1, decision: 'start', data: { phase: 'hno' }, actor: c.ocha }));
    expect(hno.message).toBe('phase hno does not run in this cycle (the operation plans with one HNRP); kickoff comes next');
    expect((await refusal(decide(handle, { taskId: trigger1, decision: 'start', data: { phase: 'kickoff' }, actor: c.otherOcha }))).details[0]).toMatchObject({ reason: 'scope' });
    const past = await refusal(decide(handle, { taskId: trigger1, decision: 'start', data: { phase: 'kickoff', deadline: iso(t0 - DAY) }, actor: c.ocha }));
    expect(past).toMatchObject({ type: DECISION_ERRORS.InvalidDecisionData, message: 'deadline must be a date in the future' });

    // Kickoff with a deadline: the HC's scope agreement is due then; the HC returns it; OCHA re-triggers (default deadline: June).
    await trigger(handle, c.ocha, 'kickoff', t0 + 20 * DAY);
    const [scope1] = await openTasks(handle, 'scope-agreement', 1);
    expect(scope1.dueAt).toBe(iso(t0 + 20 * DAY));
    await decide(handle, { taskId: scope1.id, decision: 'return', comment: 'Add the calendar', actor: c.hc });
    const again = await trigger(handle, c.ocha, 'kickoff');
    const [scope2] = await openTasks(handle, 'scope-agreement', 1);
    expect(scope2.dueAt).toBe(iso(nextAnnualDate({ month: 6, day: 'last' }, Date.parse(again.task.decidedAt!), { timeZone: 'UTC', weekendDays: [0, 6], holidays: [] })));
    await decide(handle, { taskId: scope2.id, decision: 'approve', data: { costingMethod: 'unit-based' }, actor: c.hc });

    // Needs analysis: one task per active cluster (not the proposed one), due at the phase deadline.
    const t1 = await suite.env.currentTimeMs();
    await trigger(handle, c.ocha, 'needs-analysis', t1 + 10 * DAY);
    const needs = await openTasks(handle, 'cluster-needs', 3);
    expect(needs.map((t) => t.sector).sort()).toEqual(['health', 'protection', 'wash']);
    expect(new Set(needs.map((t) => t.dueAt))).toEqual(new Set([iso(t1 + 10 * DAY)]));
    const needsTask = (sector: string) => needs.find((t) => t.sector === sector)!.id;
    expect((await refusal(decide(handle, { taskId: needsTask('health'), decision: 'submit', data: { rows: [] }, actor: c.lead.wash }))).details[0]).toMatchObject({ reason: 'scope' });
    const badRow = await refusal(decide(handle, { taskId: needsTask('health'), decision: 'submit', data: { rows: [{ adminArea: 'North', populationGroup: 'IDPs', peopleInNeed: -1, severity: 6 }] }, actor: c.lead.health }));
    expect(badRow.details[0]).toEqual([
      { field: 'rows[0].peopleInNeed', message: 'rows[0].peopleInNeed must not be less than 0' },
      { field: 'rows[0].severity', message: 'rows[0].severity must not be greater than 5' },
    ]);
    await decide(handle, { taskId: needsTask('health'), decision: 'submit', data: { rows: [
      { adminArea: 'North', populationGroup: 'IDPs', peopleInNeed: 1000, severity: 4 },
      { adminArea: 'North', populationGroup: 'Host community', peopleInNeed: 300, severity: 2 },
    ] }, actor: c.lead.health });
    // Protection rates the 15 GPC risks for every area (required for Protection only).
    const protectionRows = [{ adminArea: 'North', populationGroup: 'IDPs', peopleInNeed: 1500, severity: 3 }, { adminArea: 'South', populationGroup: 'IDPs', peopleInNeed: 200, severity: 5 }];
    const noRisks = await refusal(decide(handle, { taskId: needsTask('protection'), decision: 'submit', data: { rows: protectionRows }, actor: c.lead.protection }));
    expect(noRisks).toMatchObject({ type: DECISION_ERRORS.InvalidDecisionData, message: 'protectionRisks should not be empty' });
    const partial = await refusal(decide(handle, { taskId: needsTask('protection'), decision: 'submit', data: { rows: protectionRows, protectionRisks: [...risks('North'), ...risks('South').slice(1)] }, actor: c.lead.protection }));
    expect(partial.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(partial.message).toBe(`protectionRisks must rate each of the 15 GPC protection risks for every area: South lacks ${GPC_PROTECTION_RISKS[0].id}`);
    await decide(handle, { taskId: needsTask('protection'), decision: 'submit', data: { rows: protectionRows, protectionRisks: [...risks('North'), ...risks('South', 'absent')] }, actor: c.lead.protection });
    // WASH is late: at the deadline its task expires (marked overdue) and the JIAF is computed with what is in.
    await sleepUntil(t1 + 10 * DAY + 60_000);
    const jiafTask = await openTaskId(handle, 'jiaf-consolidation');
    const needRows = await taskRows(suite.ds, id);
    expect(needRows.find((r) => r.id === needsTask('wash'))).toMatchObject({ status: 'expired', overdue: true });
    const row = await processRow(suite.ds, id);
    expect(row.data['jiaf-computation']).toMatchObject({
      rows: [
        { adminArea: 'North', populationGroup: 'Host community', peopleInNeed: 300, drivenBy: 'health', severity: 2 },
        { adminArea: 'North', populationGroup: 'IDPs', peopleInNeed: 1500, drivenBy: 'protection', drivers: ['protection'], severity: 4, bySector: { health: 1000, protection: 1500 } },
        { adminArea: 'South', populationGroup: 'IDPs', peopleInNeed: 200, drivenBy: 'protection', severity: 5 },
      ],
      bySector: { health: { peopleInNeed: 1300, rows: 2 }, protection: { peopleInNeed: 1700, rows: 2 } },
      totalPeopleInNeed: 2000,
      clusters: ['health', 'protection'],
    });
    const events1 = await auditEvents(suite.ds, id);
    expect(events1.find((e) => e.type === 'step-completed' && e.stepId === 'cluster-needs')).toMatchObject({ decision: 'deadline', data: { done: 2, total: 3 } });
    await decide(handle, { taskId: jiafTask, decision: 'complete', actor: c.ocha });

    // Unit-based costing: no project vetting; response planning comes next.
    const noVetting = await refusal(trigger(handle, c.ocha, 'project-vetting'));
    expect(noVetting.message).toBe('phase project-vetting does not run in this cycle (the costing method is unit-based); response-planning comes next');
    const t2 = await suite.env.currentTimeMs();
    await trigger(handle, c.ocha, 'response-planning', t2 + 10 * DAY);
    const plans = await openTasks(handle, 'cluster-response-plan', 3);
    const planTask = (sector: string) => plans.find((t) => t.sector === sector)!.id;
    const tooMany = await refusal(decide(handle, { taskId: planTask('health'), decision: 'submit', data: { peopleTargeted: 1301, requirementsUsd: '1250000.50' }, actor: c.lead.health }));
    expect(tooMany).toMatchObject({ type: DECISION_ERRORS.InvalidDecisionData, message: 'peopleTargeted must not be greater than the people in need of the health cluster (1300)' });
    expect(tooMany.details[0]).toEqual([{ field: 'peopleTargeted', message: 'peopleTargeted must not be greater than the people in need of the health cluster (1300)' }]);
    expect((await refusal(decide(handle, { taskId: planTask('health'), decision: 'submit', data: { peopleTargeted: 100, requirementsUsd: 1250000.5 }, actor: c.lead.health }))).type).toBe(DECISION_ERRORS.InvalidDecisionData);
    await decide(handle, { taskId: planTask('health'), decision: 'submit', data: { peopleTargeted: 1300, requirementsUsd: '1250000.50' }, actor: c.lead.health });
    await decide(handle, { taskId: planTask('protection'), decision: 'submit', data: { peopleTargeted: 1200, requirementsUsd: '800000.00' }, actor: c.lead.protection });
    // WASH had no needs figure: it can target nobody; all in → the phase ends before its deadline.
    expect((await refusal(decide(handle, { taskId: planTask('wash'), decision: 'submit', data: { peopleTargeted: 1, requirementsUsd: '1.00' }, actor: c.lead.wash }))).message).toContain('(0)');
    await decide(handle, { taskId: planTask('wash'), decision: 'submit', data: { peopleTargeted: 0, requirementsUsd: '0' }, actor: c.lead.wash });

    // Plan endorsement (HNRP by default): returned → back to response planning; monitoring before it is refused.
    await trigger(handle, c.ocha, 'plan-endorsement');
    const endorse1 = await openTaskId(handle, 'hnrp-endorsement');
    expect((await snapshot(handle)).openTasks.some((t) => t.stepId === 'hrp-endorsement')).toBe(false);
    await decide(handle, { taskId: endorse1, decision: 'return', comment: 'Targets too low in the South', actor: c.hc });
    expect((await refusal(trigger(handle, c.ocha, 'monitoring'))).message).toBe('phase response-planning must come first (phases run in order and cannot be skipped)');
    await trigger(handle, c.ocha, 'response-planning', (await suite.env.currentTimeMs()) + 10 * DAY);
    const plans2 = await openTasks(handle, 'cluster-response-plan', 3);
    await decide(handle, { taskId: plans2.find((t) => t.sector === 'protection')!.id, decision: 'submit', data: { peopleTargeted: 1700, requirementsUsd: '950000.00' }, actor: c.lead.protection });
    // OCHA closes the phase with what it has: the other clusters' tasks expire; the earlier plans stay in the record.
    expect((await refusal(handle.executeUpdate(actUpdate, { args: [{ action: 'close-cluster-response-plan', comment: 'Enough', actor: c.lead.health }] }))).type).toBe(DECISION_ERRORS.Forbidden);
    await handle.executeUpdate(actUpdate, { args: [{ action: 'close-cluster-response-plan', comment: 'Endorsement meeting is tomorrow', actor: c.ocha }] });
    const afterClose = await taskRows(suite.ds, id);
    expect(afterClose.filter((r) => r.step_id === 'cluster-response-plan').map((r) => [r.id.split('~')[2], r.sector, r.status]).sort()).toEqual([
      ['1', 'health', 'decided'], ['1', 'protection', 'decided'], ['1', 'wash', 'decided'],
      ['2', 'health', 'expired'], ['2', 'protection', 'decided'], ['2', 'wash', 'expired'],
    ]);
    await trigger(handle, c.ocha, 'plan-endorsement');
    await decide(handle, { taskId: await openTaskId(handle, 'hnrp-endorsement'), decision: 'endorse', actor: c.hc });

    // Monitoring: a quarterly round per cluster, the PMR decision, then OCHA: next quarter / revision / end.
    const t3 = Date.parse((await trigger(handle, c.ocha, 'monitoring')).task.decidedAt!);
    const round1 = await openTasks(handle, 'periodic-monitoring', 3);
    expect(Date.parse(round1[0].dueAt!)).toBeGreaterThan(t3 + 88 * DAY);
    for (const t of round1) await decide(handle, { taskId: t.id, decision: 'submit', data: { peopleReached: 100, progress: 'On track' }, actor: c.lead[t.sector!] });
    await decide(handle, { taskId: await openTaskId(handle, 'pmr-publication'), decision: 'publish', actor: c.hc });
    const review1 = await openTaskId(handle, 'monitoring-review');
    await checkpointed(handle, () => decide(handle, { taskId: review1, decision: 'continue', actor: c.ocha }));
    const round2 = await openTasks(handle, 'periodic-monitoring', 3);
    expect(Date.parse(round2[0].dueAt!) - Date.parse(round1[0].dueAt!)).toBeGreaterThan(88 * DAY);
    await sleepUntil(Date.parse(round2[0].dueAt!) + 60_000);
    await decide(handle, { taskId: await openTaskId(handle, 'pmr-publication'), decision: 'skip', actor: c.hc });
    // Revision: back to response planning, the plan's history kept.
    await decide(handle, { taskId: await openTaskId(handle, 'monitoring-review'), decision: 'revision', comment: 'New displacement in the South', actor: c.ocha });
    await trigger(handle, c.ocha, 'response-planning', (await suite.env.currentTimeMs()) + 5 * DAY);
    const plans3 = await openTasks(handle, 'cluster-response-plan', 3);
    for (const t of plans3) await decide(handle, { taskId: t.id, decision: 'submit', data: { peopleTargeted: 0, requirementsUsd: '10.00' }, actor: c.lead[t.sector!] });
    await trigger(handle, c.ocha, 'plan-endorsement');
    await decide(handle, { taskId: await openTaskId(handle, 'hnrp-endorsement'), decision: 'endorse', actor: c.hc });
    await trigger(handle, c.ocha, 'monitoring');
    for (const t of await openTasks(handle, 'periodic-monitoring', 3)) await decide(handle, { taskId: t.id, decision: 'submit', data: { peopleReached: 50, progress: 'Revised plan on track' }, actor: c.lead[t.sector!] });
    await decide(handle, { taskId: await openTaskId(handle, 'pmr-publication'), decision: 'publish', actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'monitoring-review'), decision: 'end-monitoring', actor: c.ocha });
    await trigger(handle, c.ocha, 'after-action-review');
    await decide(handle, { taskId: await openTaskId(handle, 'after-action-review'), decision: 'complete', data: { lessons: 'Start the needs analysis earlier' }, actor: c.ocha });
    expect(await handle.result()).toEqual({ processId: id, outcome: 'completed' });

    const final = await processRow(suite.ds, id);
    expect(final).toMatchObject({ status: 'completed', outcome: 'completed' });
    expect(final.data.hpc.history.map((h: { phase: string; quarter?: number }) => h.phase + (h.quarter ? `:${h.quarter}` : ''))).toEqual([
      'kickoff', 'kickoff', 'needs-analysis', 'response-planning', 'plan-endorsement', 'response-planning', 'plan-endorsement',
      'monitoring:1', 'monitoring:2', 'response-planning', 'plan-endorsement', 'monitoring:1', 'after-action-review',
    ]);
    // One run per phase trigger and quarter: many short runs, one audit chain without gaps.
    const events = await auditEvents(suite.ds, id);
    expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
    expect(verifyChain(events)).toBeNull();
    expect(runsSeen.size).toBe(14);
    for (const runId of runsSeen) {
      const history = await suite.env.client.workflow.getHandle(id, runId).fetchHistory();
      expect(history.events!.length).toBeLessThan(600);
    }
  });
});

test('HNO + HRP, project-based: the HNO phase with its return loop, project vetting by member partners only (child cases with recusal, revision, HC approval), late submissions refused, the cycle waits for every project, then the HRP endorsement', async () => {
  const c = await cast(['health', 'wash'], { planningFormat: 'hno-hrp' });
  const [orgA, orgB, orgX] = [await createOrganisation(suite.ds, 'nngo'), await createOrganisation(suite.ds, 'ingo'), await createOrganisation(suite.ds, 'lngo')];
  await addClusterMember(suite.ds, c.clusterId.health, orgA);
  await addClusterMember(suite.ds, c.clusterId.wash, orgB);
  const partnerA = await createActor(suite.ds, ['partner'], { organisationId: orgA });
  const partnerB = await createActor(suite.ds, ['partner'], { organisationId: orgB });
  const partnerX = await createActor(suite.ds, ['partner'], { organisationId: orgX });
  // A health cluster lead from the submitting organisation: recused from reviewing its project.
  const leadFromA = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId: c.operationId, sector: 'health' }], organisationId: orgA });

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await start(taskQueue, c, 'annual', 2028);
    const id = handle.workflowId;
    await trigger(handle, c.ocha, 'kickoff', (await suite.env.currentTimeMs()) + 10 * DAY);
    const badCosting = await refusal(decide(handle, { taskId: await openTaskId(handle, 'scope-agreement'), decision: 'approve', data: { costingMethod: 'activity-based' }, actor: c.hc }));
    expect(badCosting.message).toBe('costingMethod must be one of the following values: project-based, unit-based');
    await decide(handle, { taskId: await openTaskId(handle, 'scope-agreement'), decision: 'approve', data: { costingMethod: 'project-based', projectHcApproval: true }, actor: c.hc });
    await trigger(handle, c.ocha, 'needs-analysis', (await suite.env.currentTimeMs()) + 10 * DAY);
    for (const t of await openTasks(handle, 'cluster-needs', 2)) {
      await decide(handle, { taskId: t.id, decision: 'submit', data: { rows: [{ adminArea: 'East', populationGroup: 'Returnees', peopleInNeed: 5000, severity: 3 }] }, actor: c.lead[t.sector!] });
    }
    // All in before the deadline: the JIAF at once.
    await decide(handle, { taskId: await openTaskId(handle, 'jiaf-consolidation'), decision: 'complete', actor: c.ocha });
    expect((await processRow(suite.ds, id)).data['jiaf-computation'].rows).toEqual([
      { adminArea: 'East', populationGroup: 'Returnees', peopleInNeed: 5000, drivenBy: 'health', drivers: ['health', 'wash'], severity: 3, bySector: { health: 5000, wash: 5000 } },
    ]);

    // HNO + HRP: the HNO must come before response planning; returned, revised, endorsed.
    expect((await refusal(trigger(handle, c.ocha, 'response-planning'))).message).toBe('phase hno must come first (phases run in order and cannot be skipped)');
    await trigger(handle, c.ocha, 'hno');
    await decide(handle, { taskId: await openTaskId(handle, 'hno-endorsement'), decision: 'return', comment: 'Severity map missing', actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'hno-revision'), decision: 'resubmit', actor: c.ocha });
    await decide(handle, { taskId: await openTaskId(handle, 'hno-endorsement'), decision: 'endorse', actor: c.hc });
    await trigger(handle, c.ocha, 'response-planning');
    for (const t of await openTasks(handle, 'cluster-response-plan', 2)) {
      await decide(handle, { taskId: t.id, decision: 'submit', data: { peopleTargeted: 4000, requirementsUsd: '2000000.00' }, actor: c.lead[t.sector!] });
    }
    expect((await refusal(trigger(handle, c.ocha, 'plan-endorsement'))).message).toBe('phase project-vetting must come first (phases run in order and cannot be skipped)');

    // Project vetting: partners of the clusters' members submit projects of their cluster's sector until the deadline.
    const deadline = (await suite.env.currentTimeMs()) + 10 * DAY;
    await trigger(handle, c.ocha, 'project-vetting', deadline);
    await eventually(() => snapshot(handle), (s) => s.process.currentSteps.includes('project-vetting'));
    const project = (sector: string, title: string) => ({ kind: 'project', data: { sector, title, requirementsUsd: '1000000.00', peopleTargeted: 800 } });
    const notMember = await refusal(submit(handle, { ...project('health', 'Clinics'), actor: partnerX }));
    expect(notMember).toMatchObject({ type: DECISION_ERRORS.Forbidden, message: 'your organisation is not invited for sector health' });
    expect((await refusal(submit(handle, { ...project('wash', 'Wells'), actor: partnerA }))).message).toBe('your organisation is not invited for sector wash');
    const badMoney = await refusal(submit(handle, { kind: 'project', data: { sector: 'health', title: 'Clinics', requirementsUsd: '1.005' }, actor: partnerA }));
    expect(badMoney.message).toBe('data.requirementsUsd must be an amount as a decimal string with at most 2 decimals (e.g. "1250000.50")');
    const a = await submit(handle, { ...project('health', 'Mobile clinics'), actor: partnerA });
    const b = await submit(handle, { ...project('wash', 'Water trucking'), actor: partnerB });
    expect(a.childProcessId).toBe(hrpProjectId(c.operationId, 2028, a.submissionId));
    const childA = suite.env.client.workflow.getHandle(a.childProcessId!);
    const childB = suite.env.client.workflow.getHandle(b.childProcessId!);
    const rowA = await eventually(() => processRow(suite.ds, a.childProcessId!), (r) => !!r);
    expect(rowA).toMatchObject({ type: 'hrp-project', parent_process_id: id, operation_id: c.operationId, sector: 'health' });
    expect(rowA.subject).toMatchObject({ organisationId: orgA, requirementsUsd: '1000000.00', title: 'Mobile clinics' });

    // Project A: the lead from its own organisation is recused; the other lead returns it; the partner revises; approved, then the HC.
    const reviewA = await openTaskId(childA, 'project-cluster-review');
    expect((await refusal(decide(childA, { taskId: reviewA, decision: 'approve', actor: leadFromA }))).details[0]).toMatchObject({ reason: 'recusal' });
    expect((await refusal(decide(childA, { taskId: reviewA, decision: 'approve', actor: c.lead.wash }))).details[0]).toMatchObject({ reason: 'scope' });
    await decide(childA, { taskId: reviewA, decision: 'return', comment: 'Budget too high', actor: c.lead.health });
    const revision = await openTaskId(childA, 'project-revision');
    expect((await refusal(decide(childA, { taskId: revision, decision: 'resubmit', data: { requirementsUsd: '900000.00' }, actor: partnerB }))).details[0]).toMatchObject({ reason: 'scope' });
    await decide(childA, { taskId: revision, decision: 'resubmit', data: { requirementsUsd: '900000.00' }, actor: partnerA });
    await decide(childA, { taskId: await openTaskId(childA, 'project-cluster-review'), decision: 'approve', actor: c.lead.health });
    await decide(childA, { taskId: await openTaskId(childA, 'project-hc-approval'), decision: 'approve', actor: c.hc });
    expect(await childA.result()).toEqual({ processId: a.childProcessId, outcome: 'approved' });
    expect((await processRow(suite.ds, a.childProcessId!)).subject.requirementsUsd).toBe('900000.00');
    // Project B: rejected with a reason.
    const reviewB = await openTaskId(childB, 'project-cluster-review');
    expect((await refusal(decide(childB, { taskId: reviewB, decision: 'reject', actor: c.lead.wash }))).message).toContain('comment should not be empty');
    await decide(childB, { taskId: reviewB, decision: 'reject', comment: 'Duplicates an existing project', actor: c.lead.wash });

    // After the deadline: late submissions refused; every project decided → the plan endorsement phase (HRP).
    await sleepUntil(deadline + 60_000);
    const late = await refusal(submit(handle, { ...project('health', 'Late'), actor: partnerA }));
    expect(late.type).toBe(DECISION_ERRORS.WindowClosed);
    await trigger(handle, c.ocha, 'plan-endorsement');
    const s = await eventually(() => snapshot(handle), (x) => x.openTasks.some((t) => t.stepId === 'hrp-endorsement'));
    expect(s.openTasks.some((t) => t.stepId === 'hnrp-endorsement')).toBe(false);
    const events = await auditEvents(suite.ds, id);
    expect(events.filter((e) => e.type === 'child-ended').map((e) => e.data!.outcome)).toEqual(['approved', 'rejected']);
    expect(events.find((e) => e.type === 'step-completed' && e.stepId === 'project-decisions')).toMatchObject({ decision: 'complete', data: { children: 2 } });
    expect(verifyChain(events)).toBeNull();
  });
});

test('flash variant: appeal due day 5 (HC return loop), MIRA due day 14, flash revision about 30 days after the appeal, then the annual cycle may start with its kickoff', async () => {
  const c = await cast(['health'], {}, 'sudden-onset');
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const handle = await start(taskQueue, c, 'flash', 2026);
    const t0 = await suite.env.currentTimeMs();
    const first = await eventually(() => snapshot(handle), (s) => s.openTasks.length === 2);
    const due = Object.fromEntries(first.openTasks.map((t) => [t.stepId, Date.parse(t.dueAt!) - t0]));
    expect(Math.round(due['flash-appeal'] / DAY)).toBe(5);
    expect(Math.round(due.mira / DAY)).toBe(14);
    expect(first.process.title).toMatch(/^Flash appeal 2026 — Test operation/);
    // No phase trigger during the flash appeal.
    expect(first.openTasks.some((t) => t.stepId === 'phase-trigger')).toBe(false);
    const appeal = first.openTasks.find((t) => t.stepId === 'flash-appeal')!.id;
    expect((await refusal(decide(handle, { taskId: appeal, decision: 'submit', data: { requirementsUsd: '5000000.00', peopleTargeted: 10000 }, actor: c.hc }))).details[0]).toMatchObject({ reason: 'role' });
    await sleepUntil(t0 + 5 * DAY + 60_000);
    expect((await taskRows(suite.ds, handle.workflowId)).find((r) => r.id === appeal)).toMatchObject({ status: 'open', overdue: true });
    await decide(handle, { taskId: appeal, decision: 'submit', data: { requirementsUsd: '5000000.00', peopleTargeted: 10000 }, actor: c.ocha });
    await decide(handle, { taskId: await openTaskId(handle, 'flash-appeal-endorsement'), decision: 'return', comment: 'Add the nutrition needs', actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'flash-appeal'), decision: 'submit', data: { requirementsUsd: '6500000.00', peopleTargeted: 12000 }, actor: c.ocha });
    const endorsed = await decide(handle, { taskId: await openTaskId(handle, 'flash-appeal-endorsement'), decision: 'endorse', actor: c.hc });
    const [revision] = await openTasks(handle, 'flash-revision', 1);
    expect(Date.parse(revision.dueAt!) - Date.parse(endorsed.task.decidedAt!)).toBe(30 * DAY);
    await decide(handle, { taskId: await openTaskId(handle, 'mira'), decision: 'complete', actor: c.ocha });
    await decide(handle, { taskId: revision.id, decision: 'endorse', actor: c.hc });
    expect((await refusal(trigger(handle, c.ocha, 'needs-analysis'))).message).toBe('phase kickoff must come first (phases run in order and cannot be skipped)');
    await trigger(handle, c.ocha, 'kickoff');
    await openTaskId(handle, 'scope-agreement');
    expect((await snapshot(handle)).process.status).toBe('running');
  });
});
