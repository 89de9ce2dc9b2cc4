// The CCPM survey's weekly reminders (an engine feature of submission windows, declared by the definition): the
// invited organisations that have not answered for every level taking part are reminded, derived from the
// anonymous keys (never stored), and the coordinator gets the response count, never who. Time-skipping server.
import type { WorkflowHandle } from '@temporalio/client';
import { DEV_JWT_SECRET } from '../../apps/api/src/config/app-config';
import { anonymousKeySecret, submissionKey } from '../../activities/submissions/submission-keys';
import { pendingOrganisations } from '../../activities/submissions/submission-reminders.activities';
import { actUpdate, DECISION_ERRORS, submitUpdate, type SubmitRequest } from '../../workflows/contracts/messages';
import { operationSettingsOf } from '../../workflows/domain/reference';
import { ccpmRoundId } from '../../workflows/processes';
import { CCPM_SUB_CATEGORIES } from '../../workflows/processes/ccpm-round';
import type { OperationContext } from '../../workflows/processes/types';
import { auditEvents, createActor, createCluster, createOperation, createOrganisation, notificationsFor } from '../factories';
import { decide, eventually, openTaskId, refusal, useTimeSkippingSuite, withWorker } from './harness';

jest.setTimeout(120_000);

const DAY = 24 * 3_600_000;
const suite = useTimeSkippingSuite();
const iso = (ms: number) => new Date(ms).toISOString();
// The worker's activities read the same secret as the API (global setup sets JWT_SECRET for the run).
const secret = anonymousKeySecret(process.env.JWT_SECRET || DEV_JWT_SECRET);
const key = (caseId: string, org: string, level: string) => submissionKey({ anonymous: true, secret, processId: caseId, organisationId: org, values: [level] });
const answers = (level: string) => ({ level, ...Object.fromEntries(CCPM_SUB_CATEGORIES.map((s) => [s.field, 2])) });
const submit = (handle: WorkflowHandle, req: SubmitRequest) => handle.executeUpdate(submitUpdate, { args: [req] });

async function sleepUntil(target: number): Promise<void> {
  const now = await suite.env.currentTimeMs();
  if (target > now) await suite.env.sleep(target - now);
}

async function operationContext(operationId: string): Promise<OperationContext> {
  const [row] = await suite.ds.query('SELECT id, name, type, settings FROM operations WHERE id = $1', [operationId]);
  return { id: row.id, name: row.name, type: row.type, settings: operationSettingsOf(row.settings) };
}

test('pending organisations: every expected level, or any one; anonymous and clear keys', () => {
  const base = { processId: 'ccpm-round:c:2030', anonymous: true, organisationIds: ['a', 'b', 'c', 'a'] };
  const standingKeys = [key(base.processId, 'a', 'national'), key(base.processId, 'a', 'sub-national'), key(base.processId, 'b', 'national')];
  expect(pendingOrganisations({ ...base, values: ['national', 'sub-national'], all: true, standingKeys }, secret)).toEqual(['b', 'c']);
  expect(pendingOrganisations({ ...base, values: ['national', 'sub-national'], all: false, standingKeys }, secret)).toEqual(['c']);
  // Another secret recognises nobody: the keys cannot be recomputed without the server's.
  expect(pendingOrganisations({ ...base, values: ['national'], all: true, standingKeys }, anonymousKeySecret('another'))).toEqual(['a', 'b', 'c']);
  expect(pendingOrganisations({ ...base, anonymous: false, values: [], all: false, standingKeys: ['b'] }, secret)).toEqual(['a', 'c']);
});

test('weekly during the survey: organisations that have not answered every level are reminded, the coordinator gets the count, nobody learns who', async () => {
  const ds = suite.ds;
  const operationId = await createOperation(ds, 'protracted');
  const leadOrg = await createOrganisation(ds, 'un-agency');
  const orgs = [await createOrganisation(ds, 'nngo'), await createOrganisation(ds, 'lngo'), await createOrganisation(ds, 'ingo')];
  const clusterId = await createCluster(ds, operationId, 'health', 'active', iso(await suite.env.currentTimeMs()), { leadAgencyId: leadOrg });
  const hc = await createActor(ds, ['hc'], { operationScopes: [operationId] });
  const lead = await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'health' }], organisationId: leadOrg });
  const partners = await Promise.all(orgs.map((organisationId) => createActor(ds, ['partner'], { clusterScopes: [{ operationId, sector: 'health' }], organisationId })));
  const year = new Date(await suite.env.currentTimeMs()).getUTCFullYear();
  const id = ccpmRoundId(clusterId, year);
  await withWorker(suite.env, suite.bundle, ds, async (taskQueue) => {
    await suite.env.client.workflow.start('ccpm-round', {
      taskQueue, workflowId: id,
      args: [{ input: { clusterId, year, operationId, sector: 'health' }, startedBy: { kind: 'system' }, operation: await operationContext(operationId) }],
    });
    const handle = suite.env.client.workflow.getHandle(id);
    await decide(handle, { taskId: await openTaskId(handle, 'ccpm-launch'), decision: 'approve', data: { timeframe: 'Now', participation: ['national', 'sub-national'] }, actor: hc });
    await decide(handle, { taskId: await openTaskId(handle, 'ccpm-planning'), decision: 'confirm', data: { invitedOrganisations: orgs.map((organisationId) => ({ organisationId })), surveyWindow: '14 days' }, actor: lead });
    const openedAt = await suite.env.currentTimeMs();
    // orgs[0] answers both levels, orgs[1] one of them (then replaces it), orgs[2] nothing.
    await submit(handle, { kind: 'partner-answer', data: answers('national'), anonymousKey: key(id, orgs[0], 'national') });
    await submit(handle, { kind: 'partner-answer', data: answers('sub-national'), anonymousKey: key(id, orgs[0], 'sub-national') });
    await submit(handle, { kind: 'partner-answer', data: answers('national'), anonymousKey: key(id, orgs[1], 'national') });
    await submit(handle, { kind: 'partner-answer', data: answers('national'), anonymousKey: key(id, orgs[1], 'national') });

    const reminders = (userId: string) => notificationsFor(ds, userId).then((ns) => ns.filter((n) => n.process_id === id && n.type === 'reminder'));
    // Nothing before the first week is out.
    await sleepUntil(openedAt + 7 * DAY - 60_000);
    expect(await reminders(partners[1].id)).toEqual([]);
    await sleepUntil(openedAt + 7 * DAY + 1000);
    await eventually(() => reminders(partners[2].id), (ns) => ns.length === 1);
    expect((await reminders(partners[1].id)).map((n) => n.message)).toEqual([expect.stringMatching(/^Reminder: partner answer for CCPM round .* is awaited from your organisation; the window closes /)]);
    expect(await reminders(partners[0].id)).toEqual([]);
    const count = await eventually(() => notificationsFor(ds, lead.id).then((ns) => ns.filter((n) => n.process_id === id && /received so far/.test(n.message))), (ns) => ns.length === 1);
    // Three standing answers (the replaced one does not count), out of three invited organisations; no organisation named.
    expect(count[0].message).toMatch(/^Partner answer: 3 received so far/);
    expect(count[0].data).toMatchObject({ kind: 'partner-answer', count: 3, invited: 3 });
    expect(JSON.stringify(count[0].data)).not.toMatch(new RegExp(orgs.join('|')));
    // The trail says how many organisations were reminded, never which.
    const trail = (await auditEvents(ds, id)).filter((e) => e.type === 'reminder-sent');
    expect(trail.map((e) => e.data)).toEqual([expect.objectContaining({ reminder: 'remind:0:0', kind: 'partner-answer', organisations: 2 })]);
    expect(JSON.stringify(trail)).not.toMatch(new RegExp(orgs.join('|')));

    // orgs[2] answers both levels; the window closes at day 14 with no second reminder (the next would fall on the close).
    await submit(handle, { kind: 'partner-answer', data: answers('national'), anonymousKey: key(id, orgs[2], 'national') });
    await sleepUntil(openedAt + 14 * DAY + 1000);
    await openTaskId(handle, 'validation-workshop');
    expect(await reminders(partners[2].id)).toHaveLength(1);
    expect((await auditEvents(ds, id)).filter((e) => e.type === 'reminder-sent')).toHaveLength(1);
  });
});

test('the coordinator closes the survey early with a reason (case action close-survey): the report is computed, a late answer is told it closed then', async () => {
  const ds = suite.ds;
  const operationId = await createOperation(ds, 'protracted');
  const leadOrg = await createOrganisation(ds, 'un-agency');
  const org = await createOrganisation(ds, 'nngo');
  const clusterId = await createCluster(ds, operationId, 'wash', 'active', iso(await suite.env.currentTimeMs()), { leadAgencyId: leadOrg });
  const hc = await createActor(ds, ['hc'], { operationScopes: [operationId] });
  const lead = await createActor(ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'wash' }], organisationId: leadOrg });
  const year = new Date(await suite.env.currentTimeMs()).getUTCFullYear();
  const id = ccpmRoundId(clusterId, year);
  await withWorker(suite.env, suite.bundle, ds, async (taskQueue) => {
    await suite.env.client.workflow.start('ccpm-round', {
      taskQueue, workflowId: id,
      args: [{ input: { clusterId, year, operationId, sector: 'wash' }, startedBy: { kind: 'system' }, operation: await operationContext(operationId) }],
    });
    const handle = suite.env.client.workflow.getHandle(id);
    await decide(handle, { taskId: await openTaskId(handle, 'ccpm-launch'), decision: 'approve', data: { timeframe: 'Now', participation: ['national'] }, actor: hc });
    await decide(handle, { taskId: await openTaskId(handle, 'ccpm-planning'), decision: 'confirm', data: { invitedOrganisations: [{ organisationId: org }] }, actor: lead });
    await submit(handle, { kind: 'partner-answer', data: answers('national'), anonymousKey: key(id, org, 'national') });
    // Only the coordinator, and with a reason.
    expect((await refusal(handle.executeUpdate(actUpdate, { args: [{ action: 'close-survey', comment: 'All answered', actor: hc }] }))).type).toBe(DECISION_ERRORS.Forbidden);
    await handle.executeUpdate(actUpdate, { args: [{ action: 'close-survey', comment: 'Every invited organisation answered', actor: lead }] });
    await openTaskId(handle, 'validation-workshop');
    const late = await refusal(submit(handle, { kind: 'partner-answer', data: answers('national'), anonymousKey: key(id, org, 'national') }));
    expect(late.type).toBe(DECISION_ERRORS.WindowClosed);
    const trail = await auditEvents(ds, id);
    expect(trail.find((e) => e.type === 'case-action')).toMatchObject({ decision: 'close-survey', comment: 'Every invited organisation answered' });
    expect(trail.filter((e) => e.type === 'reminder-sent')).toEqual([]);
  });
});
