// Delegation over HTTP against the real workflow: the HC hands their role in one operation to a deputy for a
// week; the deputy sees and decides the HC's task, the trail records "for" whom and which delegation, the
// workflow's validator agrees; a delegation never widens a role or a scope; the HC ends it early.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { onBehalfOfLabel } from '../../apps/api/src/modules/delegations/delegation.util';
import { ProjectionActivitiesService } from '../../activities/projection/projection.activities';
import type { ProcessView } from '../../workflows/domain/views';
import { uniqueSuffix } from '../factories';
import { as, bearer, createTestApp, loginAs } from '../utils/http';
import { startTestWorker, type TestWorker } from '../utils/worker';

const enc = encodeURIComponent;

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

describe('delegation (HTTP, real workflow)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  const H: Record<string, { Authorization: string }> = {};
  const ids: Record<string, string> = {};
  let operationId: string;
  let otherOperationId: string;
  let leadAgencyId: string;
  const suffix = uniqueSuffix();
  const taskQueue = `it-delegation-${suffix}`;
  const http = () => request(app.getHttpServer());
  const inAWeek = () => new Date(Date.now() + 7 * 86_400_000).toISOString();
  const aMinuteAgo = () => new Date(Date.now() - 60_000).toISOString();

  async function startActivation(sector: string): Promise<string> {
    const res = await http().post('/api/processes').set(H.ocha).send({
      type: 'cluster-activation',
      input: { operationId, sector, leadAgencyId, rationale: 'Flooding', criteria: { responseGaps: true, nationalCapacityInsufficient: true } },
    });
    expect(res.status).toBe(201);
    const taskId = `${res.body.id}~hc-endorsement~1`;
    await eventually(() => ds.query('SELECT id FROM tasks WHERE id = $1', [taskId]), (r: unknown[]) => r.length === 1);
    return taskId;
  }

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    H.admin = (await as(app, 'admin')).headers;
    for (const name of ['main', 'other']) {
      const op = await http().post('/api/operations').set(H.admin).send({ name: `Delegation ${name} ${suffix}`, countryIso3: 'SSD', type: 'protracted' });
      expect(op.status).toBe(201);
      if (name === 'main') operationId = op.body.id;
      else otherOperationId = op.body.id;
    }
    leadAgencyId = (await http().post('/api/organisations').set(H.admin).send({ name: `Delegation agency ${suffix}`, type: 'un-agency' })).body.id;
    for (const [name, displayName, body] of [
      ['hc', 'Daniel Okafor', { roles: ['hc'], operationScopes: [operationId] }],
      ['deputy', 'Maria Lopez', { roles: ['ocha'], operationScopes: [otherOperationId] }],
      ['ocha', 'Omar Said', { roles: ['ocha'], operationScopes: [operationId] }],
    ] as const) {
      const res = await http().post('/api/users').set(H.admin).send({ username: `deleg.${name}.${suffix}`, displayName, password: 'deleg-pass-1', ...body });
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
      H[name] = bearer(await loginAs(app, res.body.username, 'deleg-pass-1'));
    }
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  let delegationId: number;
  let firstTask: string;
  let secondTask: string;

  it('refuses a delegation that would widen a role or a scope, with 400 naming the field', async () => {
    const base = { delegateId: ids.deputy, roles: ['hc'], operationId, startsAt: aMinuteAgo(), endsAt: inAWeek(), reason: 'Mission to Geneva' };
    const notHeld = await http().post('/api/delegations').set(H.hc).send({ ...base, roles: ['ocha'] }).expect(400);
    expect(notHeld.body.message).toEqual(['roles: you do not hold the role ocha']);
    const wider = await http().post('/api/delegations').set(H.hc).send({ ...base, operationId: otherOperationId }).expect(400);
    expect(wider.body.message).toEqual(['operationId: outside your operations (a delegation cannot widen a scope)']);
    const admin = await http().post('/api/delegations').set(H.admin).send({ ...base, roles: ['admin'] }).expect(400);
    expect(admin.body.message).toEqual([expect.stringContaining('each value in roles must be one of the following values')]);
    const self = await http().post('/api/delegations').set(H.hc).send({ ...base, delegateId: ids.hc }).expect(400);
    expect(self.body.message).toEqual(['delegateId must be another user than yourself']);
    const period = await http().post('/api/delegations').set(H.hc).send({ ...base, endsAt: base.startsAt }).expect(400);
    expect(period.body.message).toEqual(expect.arrayContaining(['endsAt must be after startsAt']));
    const missing = await http().post('/api/delegations').set(H.hc).send({ ...base, reason: undefined }).expect(400);
    expect(missing.body.message).toEqual(expect.arrayContaining(['reason must be a string']));
    const unknown = await http().post('/api/delegations').set(H.hc).send({ ...base, delegateId: '00000000-0000-4000-8000-000000000000' }).expect(400);
    expect(unknown.body.message).toEqual(['delegateId does not reference an active user']);
  });

  it('the deputy may not decide the HC task before the delegation, and decides it while it runs, recorded for the HC', async () => {
    firstTask = await startActivation('health');
    secondTask = await startActivation('shelter');
    const before = await http().post(`/api/tasks/${enc(firstTask)}/decision`).set(H.deputy).send({ decision: 'reject', comment: 'Covered' });
    expect(before.status).toBe(403);
    expect((await http().get('/api/delegations/tasks').set(H.deputy).expect(200)).body).toEqual([]);

    const created = await http().post('/api/delegations').set(H.hc).send({ delegateId: ids.deputy, roles: ['hc'], operationId, startsAt: aMinuteAgo(), endsAt: inAWeek(), reason: 'Mission to Geneva' }).expect(201);
    delegationId = created.body.id;
    expect(created.body).toMatchObject({ delegatorId: ids.hc, delegatorName: 'Daniel Okafor', delegateId: ids.deputy, delegateName: 'Maria Lopez', roles: ['hc'], operationId, running: true, endedAt: null });

    // Admin sees all, the two people theirs, anybody else none of it.
    expect((await http().get('/api/delegations').set(H.admin).expect(200)).body.map((d: { id: number }) => d.id)).toContain(delegationId);
    const mine = await http().get('/api/delegations').set(H.deputy).expect(200);
    expect(mine.body.map((d: { id: number }) => d.id)).toEqual([delegationId]);
    expect(mine.headers['content-range']).toBe('delegations 0-0/1');
    expect((await http().get('/api/delegations').set(H.ocha).expect(200)).body).toEqual([]);
    await http().get(`/api/delegations/${delegationId}`).set(H.ocha).expect(404);

    const visible = await http().get('/api/delegations/tasks').set(H.deputy).expect(200);
    expect(visible.body.map((t: { id: string }) => t.id).sort()).toEqual([firstTask, secondTask].sort());
    expect(visible.body[0]).toMatchObject({ delegationId, onBehalfOf: 'Daniel Okafor' });

    const decided = await http().post(`/api/tasks/${enc(firstTask)}/decision`).set(H.deputy).send({ decision: 'reject', comment: 'Covered by the national authorities' });
    expect(decided.status).toBe(200);
    expect(decided.body.task).toMatchObject({ status: 'decided', decision: 'reject', decidedBy: { id: ids.deputy, onBehalfOf: { id: ids.hc, delegationId } } });
    const [event] = await ds.query(`SELECT actor FROM audit_events WHERE task_id = $1 AND type = 'decision'`, [firstTask]);
    expect(event.actor).toMatchObject({ kind: 'user', id: ids.deputy, displayName: 'Maria Lopez', roles: ['hc'], onBehalfOf: { id: ids.hc, displayName: 'Daniel Okafor', roles: ['hc'], delegationId } });
    expect(onBehalfOfLabel(event.actor)).toBe(`Maria Lopez for Daniel Okafor (HC), delegation #${delegationId}`);
    // The audit chain still verifies with the new field in it.
    const processId = firstTask.split('~')[0];
    const verify = await http().get('/api/audit/verify').query({ processId }).set(H.admin).expect(200);
    expect(verify.body).toMatchObject({ processId, valid: true, firstBrokenSeq: null });
  });

  it('only the delegator (or an admin) ends it early; after that the deputy is refused', async () => {
    await http().post(`/api/delegations/${delegationId}/end`).set(H.deputy).expect(403);
    await http().post(`/api/delegations/${delegationId}/end`).set(H.ocha).expect(404);
    const ended = await http().post(`/api/delegations/${delegationId}/end`).set(H.hc).expect(200);
    expect(ended.body).toMatchObject({ running: false, endedBy: ids.hc });
    expect(ended.body.endedAt).toEqual(expect.any(String));
    const again = await http().post(`/api/delegations/${delegationId}/end`).set(H.hc).expect(409);
    expect(again.body.message).toBe(`delegation #${delegationId} has already ended`);
    expect((await http().get('/api/delegations/tasks').set(H.deputy).expect(200)).body).toEqual([]);
    const refused = await http().post(`/api/tasks/${enc(secondTask)}/decision`).set(H.deputy).send({ decision: 'reject', comment: 'Covered' });
    expect(refused.status).toBe(403);
    // The HC still decides it in their own right, recorded without onBehalfOf.
    const own = await http().post(`/api/tasks/${enc(secondTask)}/decision`).set(H.hc).send({ decision: 'reject', comment: 'Covered' });
    expect(own.status).toBe(200);
    expect(own.body.task.decidedBy.onBehalfOf).toBeUndefined();
  });

  it('out of office: an escalation skips an away user for their delegate or the others in scope, never reaching nobody', async () => {
    const processId = firstTask.split('~')[0];
    const [p] = await ds.query('SELECT * FROM processes WHERE id = $1', [processId]);
    const process: ProcessView = {
      id: p.id, type: p.type, definitionVersion: p.definition_version, title: p.title, status: p.status, outcome: p.outcome, operationId: p.operation_id,
      clusterId: p.cluster_id, sector: p.sector, subject: p.subject, input: p.input, currentSteps: p.current_steps, awaitingRoles: p.awaiting_roles,
      startedBy: p.started_by, startedAt: p.started_at.toISOString(), updatedAt: p.updated_at.toISOString(), endedAt: p.ended_at?.toISOString() ?? null,
      lastSeq: Number(p.last_seq), parentProcessId: p.parent_process_id, data: p.data, steps: p.steps, incident: p.incident,
    };
    const projection = new ProjectionActivitiesService(ds);
    const escalate = async (key: string): Promise<string[]> => {
      await projection.project({
        process, tasks: [], events: [], submissions: [],
        notifications: [{ kind: 'escalation', roles: ['hc'], scope: { operationId, sector: 'health', organisationId: null }, processId, taskId: firstTask, message: 'Escalated to you', dedupeKey: `${key}:${suffix}` }],
      });
      const rows: { user_id: string }[] = await ds.query('SELECT user_id FROM notifications WHERE dedupe_key = $1 ORDER BY user_id', [`${key}:${suffix}`]);
      return rows.map((r) => r.user_id);
    };
    const away = await http().put('/api/mail/preferences').set(H.hc).send({ away: true }).expect(200);
    expect(away.body.away).toBe(true);
    // Alone in scope, away, no delegate: still told.
    expect(await escalate('alone')).toEqual([ids.hc]);
    // Another HC in scope: only they.
    const hc2 = await http().post('/api/users').set(H.admin).send({ username: `deleg.hc2.${suffix}`, displayName: 'Amina Yusuf', password: 'deleg-pass-1', roles: ['hc'], operationScopes: [operationId] }).expect(201);
    expect(await escalate('others')).toEqual([hc2.body.id]);
    // A running delegation: the delegate too, still not the away HC.
    await http().post('/api/delegations').set(H.hc).send({ delegateId: ids.deputy, roles: ['hc'], operationId, startsAt: aMinuteAgo(), endsAt: inAWeek(), reason: 'Leave' }).expect(201);
    expect(await escalate('delegate')).toEqual([hc2.body.id, ids.deputy].sort());
    // Back at work: the HC again.
    await http().put('/api/mail/preferences').set(H.hc).send({ away: false }).expect(200);
    expect(await escalate('back')).toEqual([hc2.body.id, ids.hc].sort());
  });
});
