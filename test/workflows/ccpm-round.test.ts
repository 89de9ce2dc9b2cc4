// The CCPM round (PROCESSES.md §5) on the time-skipping server: a launch scheduled for later, the HC's launch,
// planning (invitations, the window's bounds), the anonymous survey (a second answer per organisation and level
// replaces the first, late answers refused, closes by itself), the preliminary report's medians (odd and even
// counts) and bands, the validation workshop with attendance, adoption (HC informed), quarterly action-plan
// monitoring and the next round a year after the launch. Answers travel as the API sends them: no user, a keyed hash.
import { createHmac } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { DECISION_ERRORS, submitUpdate, type SubmitRequest } from '../../workflows/contracts/messages';
import { operationSettingsOf } from '../../workflows/domain/reference';
import { ccpmRoundId } from '../../workflows/processes';
import { CCPM_SUB_CATEGORIES } from '../../workflows/processes/ccpm-round';
import type { OperationContext } from '../../workflows/processes/types';
import { auditEvents, createActor, createCluster, createOperation, createOrganisation, notificationsFor, processRow } from '../factories';
import { decide, eventually, openTaskId, refusal, snapshot, useTimeSkippingSuite, withWorker, workflowExists } from './harness';

jest.setTimeout(180_000);

const DAY = 24 * 3_600_000;
const suite = useTimeSkippingSuite();
const iso = (ms: number) => new Date(ms).toISOString();

async function sleepUntil(target: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (target > now) await suite.env.sleep(target - now);
}

async function operationContext(operationId: string): Promise<OperationContext> {
  const [row] = await suite.ds.query('SELECT id, name, type, settings FROM operations WHERE id = $1', [operationId]);
  return { id: row.id, name: row.name, type: row.type, settings: operationSettingsOf(row.settings) };
}

/** What the API sends for an anonymous answer: a keyed hash of (case, organisation, level), never the user. */
const key = (caseId: string, org: string, level: string) => createHmac('sha256', 'test-key').update(`${caseId}|${org}|${level}`).digest('hex');

/** Every answer the same value `v` (0–4), or per sub-category field. */
function answers(level: string, v: number | Record<string, number>): Record<string, unknown> {
  return { level, ...Object.fromEntries(CCPM_SUB_CATEGORIES.map((s) => [s.field, typeof v === 'number' ? v : (v[s.field] ?? 0)])) };
}

function submit(handle: WorkflowHandle, req: SubmitRequest) {
  return handle.executeUpdate(submitUpdate, { args: [req] });
}

async function cast() {
  const ds = suite.ds;
  const operationId = await createOperation(ds, 'protracted');
  const lead = await createOrganisation(ds, 'un-agency');
  const orgs = [await createOrganisation(ds, 'nngo'), await createOrganisation(ds, 'lngo'), await createOrganisation(ds, 'ingo')];
  const now = await suite.env.currentTimeMs();
  const clusterId = await createCluster(ds, operationId, 'health', 'active', iso(now), { leadAgencyId: lead });
  return {
    operationId, clusterId, orgs,
    hc: await createActor(ds, ['hc'], { operationScopes: [operationId] }),
    lead: await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'health' }], organisationId: lead }),
    leadOrg: lead,
  };
}

test('a whole round: scheduled launch, planning, anonymous answers replaced per level, late ones refused, medians and bands, workshop, adoption, quarterly monitoring, the next round a year later', async () => {
  const c = await cast();
  const t0 = await suite.env.currentTimeMs();
  const launchAt = t0 + 120 * DAY;
  const year = new Date(launchAt).getUTCFullYear();
  const id = ccpmRoundId(c.clusterId, year);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    await suite.env.client.workflow.start('ccpm-round', {
      taskQueue, workflowId: id,
      args: [{ input: { clusterId: c.clusterId, year, operationId: c.operationId, sector: 'health', launchAt: iso(launchAt) }, startedBy: { kind: 'system' }, operation: await operationContext(c.operationId) }],
    });
    const handle = suite.env.client.workflow.getHandle(id);
    // The launch waits until its date.
    await eventually(() => auditEvents(suite.ds, id), (e) => e.some((x) => x.type === 'step-scheduled'));
    expect((await snapshot(handle)).openTasks).toHaveLength(0);
    await sleepUntil(launchAt + 1000);
    const launch = await openTaskId(handle, 'ccpm-launch');
    expect((await snapshot(handle)).openTasks[0].dueAt).toBe(iso(launchAt + 14 * DAY));
    // The lead may not launch: the HC does.
    expect((await refusal(decide(handle, { taskId: launch, decision: 'approve', data: { timeframe: 'May–June', participation: ['national'] }, actor: c.lead }))).type).toBe(DECISION_ERRORS.Forbidden);
    expect((await refusal(decide(handle, { taskId: launch, decision: 'approve', data: { timeframe: 'May–June', participation: [] }, actor: c.hc }))).message).toMatch(/participation must contain at least 1 element/);
    await decide(handle, { taskId: launch, decision: 'approve', data: { timeframe: 'May–June', participation: ['national', 'sub-national'] }, actor: c.hc });

    const planning = await openTaskId(handle, 'ccpm-planning');
    const invited = [{ organisationId: c.orgs[0] }, { organisationId: c.orgs[1] }];
    const tooLong = await refusal(decide(handle, { taskId: planning, decision: 'confirm', data: { invitedOrganisations: invited, surveyWindow: '10 weeks' }, actor: c.lead }));
    expect(tooLong.type).toBe(DECISION_ERRORS.InvalidDecisionData);
    expect(tooLong.message).toMatch(/surveyWindow must lie between 3 days and 8 weeks/);
    expect((await refusal(decide(handle, { taskId: planning, decision: 'confirm', data: { invitedOrganisations: invited, surveyWindow: 'soon' }, actor: c.lead }))).message).toMatch(/surveyWindow must be a duration/);
    await decide(handle, { taskId: planning, decision: 'confirm', data: { invitedOrganisations: invited }, actor: c.lead });
    const opened = await snapshot(handle);
    expect(opened.process.data).toMatchObject({ invitedOrganisationIds: [c.orgs[0], c.orgs[1]], surveyWindow: '14 days' });
    const surveyOpenedAt = await suite.env.currentTimeMs();

    // Answers: org0 national twice (the second replaces the first), org0 sub-national, org1 national, the coordinator.
    const withUser = await refusal(submit(handle, { kind: 'partner-answer', data: answers('national', 4), anonymousKey: key(id, c.orgs[0], 'national'), actor: c.lead as never }));
    expect(withUser.message).toBe('anonymous submissions carry no user');
    expect((await refusal(submit(handle, { kind: 'partner-answer', data: { ...answers('national', 4), q1_1: 5 }, anonymousKey: key(id, c.orgs[0], 'national') }))).message).toMatch(/q1_1 must not be greater than 4/);
    const first = await submit(handle, { kind: 'partner-answer', data: answers('national', 0), anonymousKey: key(id, c.orgs[0], 'national') });
    expect(first.replaced).toBe(false);
    const second = await submit(handle, { kind: 'partner-answer', data: answers('national', { q1_1: 4, q1_2: 3, q2_1: 2 }), anonymousKey: key(id, c.orgs[0], 'national') });
    expect(second.replaced).toBe(true);
    await submit(handle, { kind: 'partner-answer', data: answers('sub-national', { q1_1: 3, q1_2: 1, q2_1: 2 }), anonymousKey: key(id, c.orgs[0], 'sub-national') });
    await submit(handle, { kind: 'partner-answer', data: answers('national', { q1_1: 2, q1_2: 1, q2_1: 1 }), anonymousKey: key(id, c.orgs[1], 'national') });
    await submit(handle, { kind: 'coordinator-answer', data: answers('national', { q1_1: 4, q1_2: 4, q2_1: 3 }), anonymousKey: key(id, c.leadOrg, 'national') });
    // The response count is what the coordinator sees; nothing on the rows says who answered.
    const rows: { kind: string; status: string; submitted_by: unknown; organisation_id: unknown }[] = await suite.ds.query('SELECT kind, status, submitted_by, organisation_id FROM submissions WHERE process_id = $1', [id]);
    expect(rows.filter((r) => r.status === 'received')).toHaveLength(4);
    expect(rows.filter((r) => r.status === 'replaced')).toHaveLength(1);
    expect(rows.every((r) => r.submitted_by === null && r.organisation_id === null)).toBe(true);
    const trail = await auditEvents(suite.ds, id);
    expect(trail.filter((e) => e.type === 'submission-received').every((e) => e.actor.kind === 'system' && JSON.stringify(e.data) === JSON.stringify({ kind: e.data!.kind, replaced: e.data!.replaced }))).toBe(true);

    // It closes by itself 14 days later; a late answer is refused, naming when it closed.
    await sleepUntil(surveyOpenedAt + 14 * DAY + 1000);
    const workshop = await openTaskId(handle, 'validation-workshop');
    const late = await refusal(submit(handle, { kind: 'partner-answer', data: answers('national', 4), anonymousKey: key(id, c.orgs[1], 'national') }));
    expect(late.type).toBe(DECISION_ERRORS.WindowClosed);
    expect(late.message).toMatch(/the window closed at .*; late submissions are refused/);

    // Medians over 4 answers (even: the mean of the middle two) per sub-category; the rest all zero.
    const report = (await snapshot(handle)).process.data!['preliminary-report'] as any;
    expect(report.responses).toEqual({ partners: 3, coordinator: 1 });
    const sub = (sid: string) => report.subCategories.find((s: any) => s.id === sid);
    expect(sub('1.1')).toMatchObject({ answers: 4, median: 3.5, percent: 87.5, band: 'good' }); // 2,3,4,4
    expect(sub('1.2')).toMatchObject({ median: 2, percent: 50, band: 'unsatisfactory' }); // 1,1,3,4
    expect(sub('2.1')).toMatchObject({ median: 2, percent: 50, band: 'unsatisfactory' }); // 1,2,2,3
    expect(sub('7.1')).toMatchObject({ median: 0, percent: 0, band: 'weak' });
    expect(report.functions.find((f: any) => f.id === 'supporting-service-delivery')).toMatchObject({ percent: 68.8, band: 'satisfactory' });

    const plan = [{ function: 'advocacy', action: 'Agree key messages with the HCT', owner: 'Coordinator', dueDate: '2030-03-31' }];
    expect((await refusal(decide(handle, { taskId: workshop, decision: 'validate', data: { attendance: 0, agreedScores: [{ function: 'advocacy', percent: 40 }], actionPlan: plan }, actor: c.lead }))).message).toMatch(/attendance must not be less than 1/);
    await decide(handle, { taskId: workshop, decision: 'validate', data: { attendance: 9, agreedScores: [{ function: 'advocacy', percent: 40 }], actionPlan: plan }, actor: c.lead });
    const adoption = await openTaskId(handle, 'report-adoption');
    await decide(handle, { taskId: adoption, decision: 'adopt', data: {}, actor: c.lead });
    await eventually(() => notificationsFor(suite.ds, c.hc.id), (ns) => ns.some((n) => n.process_id === id && /CCPM report adopted/.test(n.message)));

    // Quarterly monitoring: each progress report opens the next quarter's.
    const q1 = await openTaskId(handle, 'action-plan-monitoring');
    expect(q1).toBe(`${id}~action-plan-monitoring~1`);
    await decide(handle, { taskId: q1, decision: 'submit', data: { progress: 'Key messages agreed' }, actor: c.lead });
    const q2 = await openTaskId(handle, 'action-plan-monitoring');
    expect(q2).toBe(`${id}~action-plan-monitoring~2`);

    // A year after the launch the next round starts and this one completes.
    const launchedAt = Date.parse(String((await snapshot(handle)).process.data!.launchedAt));
    await sleepUntil(launchedAt + 366 * DAY);
    const next = ccpmRoundId(c.clusterId, year + 1);
    await eventually(() => workflowExists(suite.env.client, next), (x) => x, 30_000);
    await eventually(() => processRow(suite.ds, id), (r) => r?.status === 'completed');
    expect((await processRow(suite.ds, id)).outcome).toBe('completed');
    await eventually(() => processRow(suite.ds, next), (r) => r !== undefined);
    expect(await openTaskId(suite.env.client.workflow.getHandle(next), 'ccpm-launch')).toBe(`${next}~ccpm-launch~1`);
  });
});

test('started on demand: the launch opens at once; an empty survey closes with no answers and no scores; a deactivated cluster gets no next round', async () => {
  const c = await cast();
  const year = new Date(await suite.env.currentTimeMs()).getUTCFullYear();
  const id = ccpmRoundId(c.clusterId, year);
  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    await suite.env.client.workflow.start('ccpm-round', {
      taskQueue, workflowId: id,
      args: [{ input: { clusterId: c.clusterId, year, operationId: c.operationId, sector: 'health' }, startedBy: { kind: 'system' }, operation: await operationContext(c.operationId) }],
    });
    const handle = suite.env.client.workflow.getHandle(id);
    await decide(handle, { taskId: await openTaskId(handle, 'ccpm-launch'), decision: 'approve', data: { timeframe: 'Now', participation: ['national'] }, actor: c.hc });
    await decide(handle, { taskId: await openTaskId(handle, 'ccpm-planning'), decision: 'confirm', data: { invitedOrganisations: [{ organisationId: c.orgs[2] }], surveyWindow: '7 days' }, actor: c.lead });
    const closesAt = (await suite.env.currentTimeMs()) + 7 * DAY;
    await sleepUntil(closesAt + 1000);
    const workshop = await openTaskId(handle, 'validation-workshop');
    const report = (await snapshot(handle)).process.data!['preliminary-report'] as any;
    expect(report.responses).toEqual({ partners: 0, coordinator: 0 });
    expect(report.functions.every((f: any) => f.percent === null && f.band === null)).toBe(true);
    await decide(handle, { taskId: workshop, decision: 'validate', data: { attendance: 3, agreedScores: [{ function: 'advocacy', percent: 10 }], actionPlan: [{ function: 'advocacy', action: 'Run the survey again', owner: 'Coordinator', dueDate: '2030-01-31' }] }, actor: c.lead });
    await decide(handle, { taskId: await openTaskId(handle, 'report-adoption'), decision: 'adopt', data: {}, actor: c.lead });
    await openTaskId(handle, 'action-plan-monitoring');
    await suite.ds.query(`UPDATE clusters SET status = 'deactivated' WHERE id = $1`, [c.clusterId]);
    await sleepUntil((await suite.env.currentTimeMs()) + 366 * DAY);
    await eventually(() => processRow(suite.ds, id), (r) => r?.status === 'completed', 30_000);
    const trail = await auditEvents(suite.ds, id);
    expect(trail.find((e) => e.type === 'system-result' && e.stepId === 'next-round')?.decision).toBe('cluster-inactive');
    expect(await workflowExists(suite.env.client, ccpmRoundId(c.clusterId, year + 1))).toBe(false);
  });
});
