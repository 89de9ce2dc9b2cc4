// A CCPM round over HTTP with a real worker: partners of invited organisations answer (a second answer per level
// replaces the first), an outsider is refused, the coordinator sees the count and never who. Then the proof of
// anonymity: the answering partner's id, username and display name appear in no table but `users` (searched as
// text, every row of every table), and not in the round's Temporal history; the same search finds the lead who
// decided a step (so it can fail). Also the duties compliance grid and its CSV.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { CCPM_SUB_CATEGORIES } from '../../workflows/processes/ccpm-round';
import { createCluster, uniqueSuffix } from '../factories';
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

const answers = (level: string, v: number) => ({ level, ...Object.fromEntries(CCPM_SUB_CATEGORIES.map((s) => [s.field, v])) });

describe('CCPM round over HTTP: anonymous answers, proved', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  const H: Record<string, { Authorization: string }> = {};
  const U: Record<string, { id: string; username: string; displayName: string }> = {};
  let operationId: string;
  let clusterId: string;
  const orgs: Record<string, string> = {};
  const taskQueue = `it-ccpm-${uniqueSuffix()}`;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    H.admin = (await as(app, 'admin')).headers;
    const op = await http().post('/api/operations').set(H.admin).send({ name: `CCPM walk ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
    expect(op.status).toBe(201);
    operationId = op.body.id;
    for (const [k, type] of [['lead', 'un-agency'], ['a', 'nngo'], ['b', 'lngo'], ['out', 'ingo']] as const) {
      const o = await http().post('/api/organisations').set(H.admin).send({ name: `CCPM org ${k} ${uniqueSuffix()}`, type });
      expect(o.status).toBe(201);
      orgs[k] = o.body.id;
    }
    clusterId = await createCluster(ds, operationId, 'health', 'active', new Date().toISOString(), { leadAgencyId: orgs.lead });
    await ds.query(`UPDATE clusters SET coordinator_name = 'Coordinator Kofi' WHERE id = $1`, [clusterId]);
    const user = async (name: string, body: Record<string, unknown>) => {
      const username = `${name}.${uniqueSuffix()}`;
      const displayName = `${name} Zyxwvutsrq ${uniqueSuffix()}`;
      const res = await http().post('/api/users').set(H.admin).send({ username, displayName, password: 'walk-pass-1', ...body });
      expect(res.status).toBe(201);
      U[name] = { id: res.body.id, username, displayName };
      H[name] = bearer(await loginAs(app, username, 'walk-pass-1'));
    };
    await user('hc', { roles: ['hc'], operationScopes: [operationId] });
    await user('lead', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'health' }], organisationId: orgs.lead });
    await user('partnerA', { roles: ['partner'], organisationId: orgs.a });
    await user('partnerB', { roles: ['partner'], organisationId: orgs.b });
    await user('outsider', { roles: ['partner'], organisationId: orgs.out });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  async function openTask(user: string, processId: string, stepId: string) {
    const tasks = await eventually(async () => (await http().get('/api/tasks').query({ filter: JSON.stringify({ processId, stepId }) }).set(H[user])).body as any[], (t) => Array.isArray(t) && t.length > 0);
    return tasks[0];
  }

  it('walks a round: start refused to a partner, launch, planning, answers (replaced, outsider refused, bad data 400), count without names', async () => {
    const year = new Date().getUTCFullYear();
    const body = { type: 'ccpm-round', input: { clusterId, year, operationId, sector: 'health' } };
    expect((await http().post('/api/processes').set(H.partnerA).send(body)).status).toBe(403);
    const bad = await http().post('/api/processes').set(H.lead).send({ ...body, input: { ...body.input, year: 'soon' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain('input.year');
    // Another cluster of the operation (WASH) named with sector health: refused naming the field.
    const wash = await createCluster(ds, operationId, 'wash', 'active', new Date().toISOString(), { leadAgencyId: orgs.lead });
    const mismatch = await http().post('/api/processes').set(H.lead).send({ ...body, input: { ...body.input, clusterId: wash } });
    expect(mismatch.status).toBe(400);
    expect(JSON.stringify(mismatch.body.message)).toContain('input.clusterId: is not the health cluster of this operation');
    const started = await http().post('/api/processes').set(H.lead).send(body);
    expect(started.status).toBe(201);
    const id = started.body.id as string;
    expect(id).toBe(`ccpm-round:${clusterId}:${year}`);

    const launch = await openTask('hc', id, 'ccpm-launch');
    expect((await http().post(`/api/tasks/${enc(launch.id)}/decision`).set(H.hc).send({ decision: 'approve', data: { timeframe: 'Six weeks', participation: ['national', 'sub-national'] } })).status).toBe(200);
    const planning = await openTask('lead', id, 'ccpm-planning');
    const badWindow = await http().post(`/api/tasks/${enc(planning.id)}/decision`).set(H.lead).send({ decision: 'confirm', data: { invitedOrganisations: [{ organisationId: orgs.a }], surveyWindow: '1 year' } });
    expect(badWindow.status).toBe(400);
    expect(JSON.stringify(badWindow.body)).toContain('surveyWindow');
    const confirm = await http().post(`/api/tasks/${enc(planning.id)}/decision`).set(H.lead).send({ decision: 'confirm', data: { invitedOrganisations: [{ organisationId: orgs.a }, { organisationId: orgs.b }] } });
    expect(confirm.status).toBe(200);
    await eventually(async () => (await http().get(`/api/processes/${enc(id)}`).set(H.lead)).body, (p) => (p.currentSteps ?? []).includes('ccpm-survey'));

    const submit = (who: string, kind: string, data: Record<string, unknown>) => http().post(`/api/processes/${enc(id)}/submissions`).set(H[who]).send({ kind, data });
    const first = await submit('partnerA', 'partner-answer', answers('national', 1));
    expect(first.status).toBe(201);
    const second = await submit('partnerA', 'partner-answer', answers('national', 3));
    expect(second.status).toBe(201);
    expect(second.body.replaced).toBe(true);
    expect((await submit('partnerA', 'partner-answer', answers('sub-national', 2))).body.replaced).toBe(false);
    expect((await submit('partnerB', 'partner-answer', answers('national', 4))).status).toBe(201);
    expect((await submit('lead', 'coordinator-answer', answers('national', 2))).status).toBe(201);
    const outsider = await submit('outsider', 'partner-answer', answers('national', 0));
    expect(outsider.status).toBe(403);
    const invalid = await submit('partnerB', 'partner-answer', { ...answers('national', 4), q7_1: 9 });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body.message)).toContain('q7_1');

    // The coordinator sees how many answered, never who.
    const seen = await http().get(`/api/processes/${enc(id)}/submissions`).set(H.lead);
    expect(seen.status).toBe(200);
    const standing = (seen.body as any[]).filter((s) => s.status === 'received');
    expect(standing.filter((s) => s.kind === 'partner-answer')).toHaveLength(3);
    expect((seen.body as any[]).every((s) => s.submittedBy === null && s.organisationId === null)).toBe(true);

    // THE PROOF: nothing but the users table names the answering partners.
    const tables: { table_name: string }[] = await ds.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`);
    const found = async (needle: string): Promise<string[]> => {
      const hits: string[] = [];
      for (const { table_name } of tables) {
        const rows: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`, [needle]);
        if (Number(rows[0].n) > 0) hits.push(table_name);
      }
      return hits.sort();
    };
    for (const who of ['partnerA', 'partnerB']) {
      for (const needle of [U[who].id, U[who].username, U[who].displayName]) expect({ who, needle, tables: await found(needle) }).toEqual({ who, needle, tables: ['users'] });
    }
    // The same search does find a person who decided (the round names its lead): the search can fail.
    expect(await found(U.lead.id)).toEqual(expect.arrayContaining(['audit_events', 'tasks', 'users']));

    // Temporal's own history of the round (decoded by the API for auditors and admins).
    const history = await http().get(`/api/processes/${enc(id)}/temporal-history`).set(H.admin);
    expect(history.status).toBe(200);
    // Payloads are base64 JSON: decode every one, so the search reads what Temporal stores.
    const decoded: string[] = [];
    const walk = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') {
        const o = v as Record<string, unknown>;
        if (o.metadata && typeof o.data === 'string') decoded.push(Buffer.from(o.data, 'base64').toString('utf8'));
        Object.values(o).forEach(walk);
      }
    };
    walk(history.body);
    const text = `${JSON.stringify(history.body)}\n${decoded.join('\n')}`;
    expect(text).toContain('partner-answer');
    expect(text).toContain(U.lead.id);
    for (const who of ['partnerA', 'partnerB']) {
      for (const needle of [U[who].id, U[who].username, U[who].displayName]) expect(text.includes(needle)).toBe(false);
    }
    // And the round's audit trail says only that answers arrived.
    const trail = await http().get(`/api/processes/${enc(id)}/history`).set(H.admin);
    const received = (trail.body as any[]).filter((e) => e.type === 'submission-received');
    expect(received).toHaveLength(5);
    expect(received.every((e) => e.actor?.kind === 'system' || e.actor === null || e.actor?.id === undefined)).toBe(true);
  }, 120_000);

  it('compliance grid per cluster and duty, CSV export; 400 naming the field; scope', async () => {
    const processId = `recurring-duty:${clusterId}:5w-update-2026-test-${uniqueSuffix()}`;
    const month = new Date().toISOString().slice(0, 7);
    await ds.query(
      `INSERT INTO processes (id, type, definition_version, title, status, outcome, operation_id, cluster_id, sector, subject, input, current_steps, awaiting_roles, started_by, started_at, updated_at, ended_at, last_seq)
       VALUES ($1, 'recurring-duty', 1, '5W update', 'completed', 'missed', $2, $3, 'health', '{}', $4, '{}', '{}', NULL, now(), now(), now(), 0)`,
      [processId, operationId, clusterId, JSON.stringify({ clusterId, operationId, sector: 'health', duty: '5w-update' })],
    );
    expect((await http().get('/api/duties/compliance').query({ operationId: 'nope' }).set(H.hc)).status).toBe(400);
    expect(JSON.stringify((await http().get('/api/duties/compliance').query({ operationId: 'nope' }).set(H.hc)).body.message)).toContain('operationId');
    expect((await http().get('/api/duties/compliance').query({ operationId }).set(H.partnerA)).status).toBe(403);
    const grid = await http().get('/api/duties/compliance').query({ operationId }).set(H.hc);
    expect(grid.status).toBe(200);
    expect(grid.body.months).toHaveLength(12);
    const row = (grid.body.rows as any[]).find((r) => r.duty === '5w-update' && r.clusterId === clusterId);
    expect(row).toMatchObject({ sector: 'health', coordinatorName: 'Coordinator Kofi', counts: { missed: 1 } });
    expect(row.cells).toEqual([{ month, status: 'missed', processId }]);
    expect((grid.body.rows as any[]).map((r) => r.duty)).not.toContain('gpc-data-update');
    const csv = await http().get('/api/duties/compliance.csv').query({ operationId }).set(H.hc);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0].startsWith('sector,cluster_status,cluster_lead,duty,')).toBe(true);
    expect(lines.find((l) => l.startsWith('health,active,Coordinator Kofi,5w-update,'))).toContain('missed');
  });
});
