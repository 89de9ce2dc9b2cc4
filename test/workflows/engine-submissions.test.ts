// Engine v2 submission windows on fixture processes (time-skipping server, real activities on PostgreSQL):
// a window counted in working days of the operation's calendar, one proposal per organisation and sector,
// refusals, a system step whose result lands in the case data and decides the transition, and anonymous
// answers that leave no trace of the person in the database or in Temporal's history.
import { createHmac } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import { verifyChain } from '../../activities/audit-hash';
import { DECISION_ERRORS } from '../../workflows/contracts/messages';
import { formatLocal } from '../../workflows/domain/calendar';
import { addDuration } from '../../workflows/domain/durations';
import { auditEvents, createActor, createOperation, createOrganisation, processRow } from '../factories';
import { decide, eventually, refusal, snapshot, withWorker } from './harness';
import { DAY, finished, operationContext, sleepUntil, startCase, submit, useFixtureSuite, windowOpen } from './fixtures/engine-suite';
import { FIXTURE_CALL, FIXTURE_SURVEY } from './fixtures/processes';

jest.setTimeout(120_000);

const suite = useFixtureSuite();

/** The case's whole history as text, every payload decoded (their data is base64 of JSON). */
async function historyText(handle: WorkflowHandle): Promise<string> {
  const history = await handle.fetchHistory();
  const decode = (data: unknown) => (data instanceof Uint8Array ? Buffer.from(data) : Buffer.from(String(data), 'base64')).toString('utf8');
  const decoded = JSON.stringify(history, (_key, value) =>
    value && typeof value === 'object' && 'metadata' in value && 'data' in value ? { metadata: value.metadata, data: decode(value.data) } : value,
  );
  return `${JSON.stringify(history)}\n${decoded}`;
}

test('submission window: working days of the operation calendar, one proposal per organisation and sector, refusals, late ones refused with the local closing time; system step counts into the case data and decides the transition', async () => {
  const calendar = { timeZone: 'Asia/Kabul', weekendDays: [5, 6], holidays: [] as string[] };
  const operationId = await createOperation(suite.ds, 'protracted', calendar);
  const [orgA, orgB, orgC] = [await createOrganisation(suite.ds, 'nngo'), await createOrganisation(suite.ds, 'ingo'), await createOrganisation(suite.ds, 'lngo')];
  const a1 = await createActor(suite.ds, ['partner'], { organisationId: orgA });
  const a2 = await createActor(suite.ds, ['partner'], { organisationId: orgA });
  const b = await createActor(suite.ds, ['partner'], { organisationId: orgB });
  const c = await createActor(suite.ds, ['partner'], { organisationId: orgC });
  const lead = await createActor(suite.ds, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'wash' }], organisationId: orgA });
  const ocha = await createActor(suite.ds, ['ocha'], { operationScopes: [operationId] });
  const operation = await operationContext(suite, operationId);

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const call = await startCase(suite, taskQueue, FIXTURE_CALL, { caseKey: `${operationId}:call`, operationId, invited: [orgA, orgB] }, { operation });
    const empty = await startCase(suite, taskQueue, FIXTURE_CALL, { caseKey: `${operationId}:empty`, operationId, invited: [orgA] }, { operation });

    // Five working days in Kabul with a Friday–Saturday weekend: always past a weekend, so at least 7 days.
    const step = (await eventually(() => snapshot(call), (s) => !!s.process.steps?.[0]?.closesAt)).process.steps![0];
    const openedAt = Date.parse(step.openedAt!);
    const closesAt = Date.parse(step.closesAt!);
    expect(closesAt).toBe(addDuration(openedAt, '5 working days', 1, calendar));
    expect(closesAt - openedAt).toBeGreaterThanOrEqual(7 * DAY);

    const first = await submit(call, { kind: 'proposal', data: { title: 'Wells', sector: 'wash' }, actor: a1 });
    expect(first).toMatchObject({ replaced: false, childProcessId: null });
    // Another user of the same organisation, same sector: replaces the first (one per organisation and sector).
    const second = await submit(call, { kind: 'proposal', data: { title: 'Latrines', sector: 'wash' }, actor: a2 });
    expect(second.replaced).toBe(true);
    expect((await submit(call, { kind: 'proposal', data: { title: 'Clinic', sector: 'health' }, actor: a1 })).replaced).toBe(false);
    expect((await submit(call, { kind: 'proposal', data: { title: 'Pumps', sector: 'wash' }, actor: b })).replaced).toBe(false);

    const notInvited = await refusal(submit(call, { kind: 'proposal', data: { title: 'X', sector: 'wash' }, actor: c }));
    expect(notInvited).toMatchObject({ type: DECISION_ERRORS.Forbidden, message: 'your organisation is not invited to this round', details: [expect.objectContaining({ reason: 'scope' })] });
    const wrongRole = await refusal(submit(call, { kind: 'proposal', data: { title: 'X', sector: 'wash' }, actor: lead }));
    expect(wrongRole).toMatchObject({ type: DECISION_ERRORS.Forbidden, details: [expect.objectContaining({ reason: 'role' })] });
    const badData = await refusal(submit(call, { kind: 'proposal', data: { title: 'X', sector: 'food' }, actor: b }));
    expect(badData).toMatchObject({ type: DECISION_ERRORS.InvalidDecisionData, message: 'data.sector must be one of the following values: wash, health' });
    expect((await refusal(submit(call, { kind: 'report', data: {}, actor: b }))).type).toBe(DECISION_ERRORS.InvalidDecisionData);

    // Day 6 is still inside the window (six calendar days are not five working days).
    await sleepUntil(suite, openedAt + 6 * DAY);
    expect((await submit(call, { kind: 'proposal', data: { title: 'Nutrition', sector: 'health' }, actor: b })).replaced).toBe(false);

    const rows = await suite.ds.query(`SELECT organisation_id, data->>'title' AS title, status, submitted_by->>'id' AS by FROM submissions WHERE process_id = $1 ORDER BY at, id`, [call.workflowId]);
    expect(rows.map((r: { title: string; status: string }) => `${r.title}:${r.status}`).sort()).toEqual(
      ['Clinic:received', 'Latrines:received', 'Nutrition:received', 'Pumps:received', 'Wells:replaced'],
    );
    expect(rows.find((r: { title: string }) => r.title === 'Latrines')).toMatchObject({ organisation_id: orgA, by: a2.id });

    // Closed: late submissions are refused with the closing time in the operation's time zone.
    await sleepUntil(suite, closesAt + 60_000);
    const selection = await eventually(() => snapshot(call), (s) => s.process.currentSteps.includes('selection'));
    const late = await refusal(submit(call, { kind: 'proposal', data: { title: 'Late', sector: 'wash' }, actor: b }));
    expect(late.type).toBe(DECISION_ERRORS.WindowClosed);
    expect(late.message).toContain(formatLocal(closesAt, calendar));
    expect(late.message).toContain('GMT+4:30');

    // The system step's result is case data (and its trail), and the transition read it.
    expect(selection.process.data).toEqual({ call: { submissions: 4 }, tally: { counts: { proposal: 4 } } });
    expect((await processRow(suite.ds, call.workflowId)).data).toEqual({ call: { submissions: 4 }, tally: { counts: { proposal: 4 } } });
    const events = await auditEvents(suite.ds, call.workflowId);
    expect(events.find((e) => e.type === 'step-completed' && e.stepId === 'call')).toMatchObject({ decision: 'closed', data: { submissions: 4 } });
    expect(events.find((e) => e.type === 'system-result')).toMatchObject({ stepId: 'tally', decision: 'done', data: { counts: { proposal: 4 } }, actor: { kind: 'system' } });
    expect(events.filter((e) => e.type === 'submission-received').map((e) => [e.actor.kind === 'user' ? e.actor.id : null, e.data!.replaced])).toEqual([
      [a1.id, false], [a2.id, true], [a1.id, false], [b.id, false], [b.id, false],
    ]);
    await decide(call, { taskId: `${call.workflowId}~selection~1`, decision: 'select', actor: ocha });
    expect(await finished(suite, call)).toEqual({ processId: call.workflowId, outcome: 'selected' });
    expect(verifyChain(await auditEvents(suite.ds, call.workflowId))).toBeNull();

    // No proposal: the same system step's result leads to the other end.
    expect(await finished(suite, empty)).toEqual({ processId: empty.workflowId, outcome: 'no-proposals' });
    expect((await processRow(suite.ds, empty.workflowId)).data).toEqual({ call: { submissions: 0 }, tally: { counts: {} } });
  });
});

test('anonymous answers: no user in the Update, deduplicated by the keyed hash; nothing in the database or the Temporal history names the person', async () => {
  const operationId = await createOperation(suite.ds);
  const orgId = await createOrganisation(suite.ds, 'lngo');
  const person = await createActor(suite.ds, ['partner'], { organisationId: orgId, name: 'anonymous-respondent' });

  await withWorker(suite.env, suite.bundle, suite.ds, async (taskQueue) => {
    const survey = await startCase(suite, taskQueue, FIXTURE_SURVEY, { caseKey: operationId, operationId });
    const t0 = await suite.env.currentTimeMs();
    await windowOpen(survey);
    // What the API computes: a keyed hash of (round, organisation, level); the person stays with the API.
    const key = (level: string) => createHmac('sha256', 'fixture-secret').update(`${survey.workflowId}|${orgId}|${level}`).digest('hex');

    const withUser = await refusal(submit(survey, { kind: 'answer', data: { level: 'national', score: 4 }, actor: person, anonymousKey: key('national') }));
    expect(withUser).toMatchObject({ type: DECISION_ERRORS.InvalidDecisionData, message: 'anonymous submissions carry no user' });
    expect((await refusal(submit(survey, { kind: 'answer', data: { level: 'national', score: 4 } }))).message).toBe('anonymousKey is required');

    const a = await submit(survey, { kind: 'answer', data: { level: 'national', score: 3, comment: 'Meetings are useful' }, anonymousKey: key('national') });
    const b = await submit(survey, { kind: 'answer', data: { level: 'national', score: 4, comment: 'Meetings are useful, minutes late' }, anonymousKey: key('national') });
    const c = await submit(survey, { kind: 'answer', data: { level: 'sub-national', score: 2 }, anonymousKey: key('sub-national') });
    expect([a.replaced, b.replaced, c.replaced]).toEqual([false, true, false]);
    expect(c.process.steps![0]).toMatchObject({ kind: 'window', submissions: 2 });

    await sleepUntil(suite, t0 + 14 * DAY + 60_000);
    expect(await finished(suite, survey)).toEqual({ processId: survey.workflowId, outcome: 'closed' });

    const stored = await suite.ds.query(`SELECT submitted_by, organisation_id, dedupe_key, status, data FROM submissions WHERE process_id = $1 ORDER BY at, id`, [survey.workflowId]);
    expect(stored.map((r: { submitted_by: unknown; organisation_id: unknown; status: string }) => [r.submitted_by, r.organisation_id, r.status])).toEqual([
      [null, null, 'replaced'], [null, null, 'received'], [null, null, 'received'],
    ]);
    const events = await auditEvents(suite.ds, survey.workflowId);
    expect(events.filter((e) => e.type === 'submission-received').map((e) => [e.actor, e.data])).toEqual([
      [{ kind: 'system' }, { kind: 'answer', replaced: false }], [{ kind: 'system' }, { kind: 'answer', replaced: true }], [{ kind: 'system' }, { kind: 'answer', replaced: false }],
    ]);

    // Every row the case wrote, as text, and the workflow's whole history, payloads decoded.
    const text = async (sql: string) => JSON.stringify(await suite.ds.query(sql, [survey.workflowId]));
    const written = [
      await text(`SELECT s::text FROM submissions s WHERE process_id = $1`),
      await text(`SELECT e::text FROM audit_events e WHERE process_id = $1`),
      await text(`SELECT t::text FROM tasks t WHERE process_id = $1`),
      await text(`SELECT n::text FROM notifications n WHERE process_id = $1`),
      await text(`SELECT p::text FROM processes p WHERE id = $1`),
    ].join('\n');
    const history = await historyText(survey);
    // The searches can find what is there: the answers themselves are in both.
    expect(written).toContain('minutes late');
    expect(history).toContain('minutes late');
    for (const trace of [person.id, person.username, person.displayName, orgId]) {
      expect(written).not.toContain(trace);
      expect(history).not.toContain(trace);
    }
    expect(await suite.ds.query(`SELECT 1 FROM notifications WHERE user_id = $1`, [person.id])).toEqual([]);
  });
});
