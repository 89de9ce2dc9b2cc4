// Reliability and security of the API (issue 16 items 1, 2, 4, 5, 7, 8; issue 12 item 10), over HTTP against
// the real app, PostgreSQL and Temporal dev server: each case here was a 500, a swallowed decision, a token that
// outlived its user or an unthrottled spray before the fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { taskId } from '../../workflows/contracts/workflow-ids';
import { uniqueSuffix } from '../factories';
import { bearer, createTestApp, DEMO_PASSWORD, loginAs } from '../utils/http';
import { once } from '../utils/once';
import { startTestWorker, type TestWorker } from '../utils/worker';
import { testNamespace } from '../utils/temporal';

const enc = encodeURIComponent;
const NUL_MESSAGE = (field: string) => `${field} must not contain control characters (U+0000)`;

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

/** The JSON path of the first difference between two documents, or null when they are equal. */
function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (a === b) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return path;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of [...keys].sort()) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

describe('API reliability and security (no worker needed)', () => {
  let app: INestApplication;
  let admin: { Authorization: string };
  const noWorkerQueue = `it-security-idle-${uniqueSuffix()}`;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // Nothing polls this queue: Updates sent to its workflows are never taken, which is what the 503 test needs.
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: noWorkerQueue, DECISION_TIMEOUT_MS: '1500', USER_STATE_CACHE_MS: '60000' } });
    admin = bearer(await loginAs(app, 'admin'));
  }, 60_000);
  afterAll(async () => {
    await app?.close();
  });

  async function newUser(roles: string[], extra: Record<string, unknown> = {}) {
    const username = `sec.${uniqueSuffix()}`;
    const res = await http().post('/api/users').set(admin).send({ username, displayName: 'Security Test', password: 'first-pass-1', roles, ...extra });
    expect(res.status).toBe(201);
    const token = (await http().post('/api/auth/login').send({ username, password: 'first-pass-1' }).expect(200)).body.accessToken as string;
    return { id: res.body.id as string, username, headers: bearer(token) };
  }

  describe('NUL and control characters are a 400 naming the field, before PostgreSQL or Temporal', () => {
    it('in a body field, at any depth, on the public login too', async () => {
      const op = await http().post('/api/operations').set(admin).send({ name: 'Nul\u0000land', countryIso3: 'SSD', type: 'protracted' });
      expect(op.status).toBe(400);
      expect(op.body.message).toEqual([NUL_MESSAGE('name')]);
      const login = await http().post('/api/auth/login').send({ username: 'admin\u0000', password: DEMO_PASSWORD });
      expect(login.status).toBe(400);
      expect(login.body.message).toEqual([NUL_MESSAGE('username')]);
      const start = await http()
        .post('/api/processes')
        .set(admin)
        .send({ type: 'cluster-activation', input: { operationId: '00000000-0000-4000-8000-000000000000', sector: 'protection', rationale: 'x\u0007y' } });
      expect(start.status).toBe(400);
      expect(start.body.message).toEqual(['input.rationale must not contain control characters (U+0007)']);
    });

    it('in a decision comment (which used to wedge the case) and in path parameters', async () => {
      const id = taskId(`cluster-activation:${uniqueSuffix()}:health`, 'hc-endorsement', 1);
      const decide = await http().post(`/api/tasks/${enc(id)}/decision`).set(admin).send({ decision: 'endorse', comment: 'nul\u0000' });
      expect(decide.status).toBe(400);
      expect(decide.body.message).toEqual([NUL_MESSAGE('comment')]);
      const path = await http().get(`/api/tasks/abc%00def`).set(admin);
      expect(path.status).toBe(400);
      expect(path.body.message).toEqual([NUL_MESSAGE('id')]);
      const user = await http().get(`/api/users/${'%00'.repeat(3)}`).set(admin);
      expect(user.status).toBe(400);
    });

    it('in list filters and plain query parameters', async () => {
      const filter = await http().get('/api/users').query({ filter: JSON.stringify({ q: 'a\u0000' }) }).set(admin);
      expect(filter.status).toBe(400);
      expect(filter.body.message).toEqual([NUL_MESSAGE('filter.q')]);
      const plain = await http().get('/api/users?q=a%00').set(admin);
      expect(plain.status).toBe(400);
      expect(plain.body.message).toEqual([NUL_MESSAGE('q')]);
      // tabs and newlines are text, not control noise
      expect((await http().get('/api/users').query({ q: 'a\tb' }).set(admin)).status).toBe(200);
    });
  });

  describe('malformed input is a 400 naming the field or parameter, never a 500', () => {
    it('JSON nested 4000 levels, on the public login and behind auth, refused before parsing', async () => {
      const deep = '['.repeat(4000) + ']'.repeat(4000);
      const login = await http().post('/api/auth/login').set('Content-Type', 'application/json').send(deep);
      expect(login.status).toBe(400);
      expect(login.body.message).toBe('request body nests deeper than 32 levels');
      const nested = JSON.stringify({ name: 'x', countryIso3: 'SSD', type: 'protracted', extra: JSON.parse('{"a":'.repeat(40) + '1' + '}'.repeat(40)) });
      const op = await http().post('/api/operations').set(admin).set('Content-Type', 'application/json').send(nested);
      expect(op.status).toBe(400);
      expect(op.body.message).toBe('request body nests deeper than 32 levels');
      const filter = await http().get('/api/users').query({ filter: '['.repeat(1500) + ']'.repeat(1500) }).set(admin);
      expect(filter.status).toBe(400);
      expect(filter.body.message).toEqual(['filter nests deeper than 32 levels']);
    });

    it('an oversized body is a 413 saying the limit', async () => {
      const res = await http().post('/api/auth/login').send({ username: 'admin', password: 'x'.repeat(1_100_000) });
      expect(res.status).toBe(413);
      expect(res.body.message).toBe('request body must not be larger than 1048576 bytes');
    });

    it('ranges beyond a safe integer (1e308, beyond bigint)', async () => {
      for (const range of ['[1e308,1e308]', '[9223372036854775808,9223372036854775809]']) {
        const res = await http().get('/api/users').query({ range }).set(admin);
        expect(res.status).toBe(400);
        expect(res.body.message).toEqual(['range must be a JSON array [start,end] of integers from 0 to 9007199254740991 with start <= end']);
      }
      const far = await http().get('/api/users').query({ range: '[9007199254740990,9007199254740991]' }).set(admin);
      expect(far.status).toBe(200);
      expect(far.body).toEqual([]);
    });

    it('an absurd duration override is a 400 naming the field, and leaves no case that locks the cluster', async () => {
      const op = await http().post('/api/operations').set(admin).send({ name: `Absurd durations ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
      const agency = await http().post('/api/organisations').set(admin).send({ name: `Durations agency ${uniqueSuffix()}`, type: 'un-agency' });
      const hc = await newUser(['hc'], { operationScopes: [op.body.id] });
      const input = { operationId: op.body.id, sector: 'protection', leadAgencyId: agency.body.id, rationale: 'Displacement beyond national capacity', criteria: { responseGaps: true, nationalCapacityInsufficient: true } };
      for (const due of ['99999999999999999999 days', '11 years', 'soon']) {
        const res = await http().post('/api/processes').set(hc.headers).send({ type: 'cluster-activation', input: { ...input, durations: { 'hc-endorsement': { due } } } });
        expect(res.status).toBe(400);
        expect(JSON.stringify(res.body.message)).toContain('input.durations.hc-endorsement.due');
      }
      // nothing was started: the same operation and sector start normally (no ghost case, no 409)
      const ok = await http().post('/api/processes').set(hc.headers).send({ type: 'cluster-activation', input: { ...input, durations: { 'hc-endorsement': { due: '10 years' } } } });
      expect(ok.status).toBe(201);
    });

    it('{"password": null} on a user and {"name": null} on an operation', async () => {
      const user = await newUser(['auditor']);
      const pw = await http().put(`/api/users/${user.id}`).set(admin).send({ password: null });
      expect(pw.status).toBe(400);
      expect(pw.body.message).toEqual(['password must be a string']);
      const op = await http().post('/api/operations').set(admin).send({ name: `Null name ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
      expect(op.status).toBe(201);
      const name = await http().put(`/api/operations/${op.body.id}`).set(admin).send({ name: null });
      expect(name.status).toBe(400);
      expect(name.body.message).toEqual(expect.arrayContaining(['name must be a string']));
    });
  });

  describe('a token ends with its user (deactivation, password or role change), everywhere, at once', () => {
    it('a deactivated user is refused on every route, and reactivation does not revive the old token', async () => {
      const user = await newUser(['ocha']);
      expect((await http().get('/api/processes').set(user.headers)).status).toBe(200); // now cached for 60 s
      await http().put(`/api/users/${user.id}`).set(admin).send({ active: false }).expect(200);
      for (const path of ['/api/users', '/api/tasks', '/api/processes', '/api/me']) {
        const res = await http().get(path).set(user.headers);
        expect({ path, status: res.status }).toEqual({ path, status: 401 });
      }
      const create = await http().post('/api/operations').set(user.headers).send({ name: `Ghost ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
      expect(create.status).toBe(401);
      await http().put(`/api/users/${user.id}`).set(admin).send({ active: true }).expect(200);
      const old = await http().get('/api/processes').set(user.headers);
      expect(old.status).toBe(401);
      expect(old.body.message).toBe('token has been revoked (password, roles or status changed); log in again');
      const fresh = await http().post('/api/auth/login').send({ username: user.username, password: 'first-pass-1' }).expect(200);
      expect((await http().get('/api/processes').set(bearer(fresh.body.accessToken))).status).toBe(200);
    });

    it('a password change or a role change ends older tokens; other edits keep them', async () => {
      const user = await newUser(['ocha']);
      await http().put(`/api/users/${user.id}`).set(admin).send({ displayName: 'Renamed' }).expect(200);
      const me = await http().get('/api/me').set(user.headers);
      expect(me.status).toBe(200);
      expect(me.body.displayName).toBe('Renamed');

      await http().put(`/api/users/${user.id}`).set(admin).send({ password: 'second-pass-2' }).expect(200);
      expect((await http().get('/api/me').set(user.headers)).status).toBe(401);

      const again = bearer((await http().post('/api/auth/login').send({ username: user.username, password: 'second-pass-2' }).expect(200)).body.accessToken);
      expect((await http().post('/api/operations').set(again).send({ name: `Before demotion ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' })).status).toBe(201);
      await http().put(`/api/users/${user.id}`).set(admin).send({ roles: ['auditor'] }).expect(200);
      const after = await http().post('/api/operations').set(again).send({ name: `After demotion ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
      expect(after.status).toBe(401);
    });

    it('another API instance sees the change within its cache time (USER_STATE_CACHE_MS)', async () => {
      const other = await createTestApp({ seed: false, env: { TEMPORAL_TASK_QUEUE: noWorkerQueue, USER_STATE_CACHE_MS: '300' } });
      try {
        const user = await newUser(['auditor']);
        expect((await request(other.getHttpServer()).get('/api/processes').set(user.headers)).status).toBe(200);
        await http().put(`/api/users/${user.id}`).set(admin).send({ active: false }).expect(200);
        await new Promise((r) => setTimeout(r, 400));
        expect((await request(other.getHttpServer()).get('/api/processes').set(user.headers)).status).toBe(401);
      } finally {
        await other.close();
      }
    });
  });

  describe('decisions are bounded in time and keys cannot be replayed with another body', () => {
    let temporal: Connection;
    let client: Client;
    const processId = `cluster-activation:${uniqueSuffix()}:wash`;
    const task = taskId(processId, 'hc-endorsement', 1);

    beforeAll(async () => {
      temporal = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
      client = new Client({ connection: temporal, namespace: testNamespace() });
      // A running case no worker takes: its Updates can never be accepted.
      await client.workflow.start('clusterActivation', { taskQueue: noWorkerQueue, workflowId: processId, args: [] });
    });
    afterAll(async () => {
      await client?.workflow.getHandle(processId).terminate('test over').catch(() => undefined);
      await temporal?.close();
    });

    // The first request with the key 'slow-1' on this task; the next test replays that key (either test runs alone).
    const slowDecision = once(async () => {
      const started = Date.now();
      const res = await http().post(`/api/tasks/${enc(task)}/decision`).set(admin).set('Idempotency-Key', 'slow-1').send({ decision: 'endorse' });
      return { res, took: Date.now() - started };
    });

    it('answers 503 within DECISION_TIMEOUT_MS when the case cannot take the decision, saying it may still land', async () => {
      const { res, took } = await slowDecision();
      expect(res.status).toBe(503);
      expect(res.body.message).toBe(
        'the case did not take the decision within 1.5 s; it may still be recorded: reload the task before deciding again, or retry with the same Idempotency-Key',
      );
      expect(took).toBeGreaterThanOrEqual(1_400);
      expect(took).toBeLessThan(8_000);
    });

    it('refuses a key replayed with a different body (422) or for another task, but lets the same request retry', async () => {
      await slowDecision();
      const other = await http().post(`/api/tasks/${enc(task)}/decision`).set(admin).set('Idempotency-Key', 'slow-1').send({ decision: 'return', comment: 'changed my mind' });
      expect(other.status).toBe(422);
      expect(other.body).toMatchObject({
        code: 'IDEMPOTENCY_KEY_REUSED',
        message: 'Idempotency-Key was already used for this task with a different request body; send a new key for a different decision',
      });
      const elsewhere = await http()
        .post(`/api/tasks/${enc(taskId(processId, 'erc-approval', 1))}/decision`)
        .set(admin)
        .set('Idempotency-Key', 'slow-1')
        .send({ decision: 'endorse' });
      expect(elsewhere.status).toBe(422);
      expect(elsewhere.body.message).toBe(`Idempotency-Key was already used for task ${task}; send a new key for each decision`);
      // a refused request records nothing: an unknown case is a 404, and its key stays free for another body
      const unknown = taskId(`cluster-activation:${uniqueSuffix()}:health`, 'hc-endorsement', 1);
      for (const decision of ['endorse', 'return']) {
        const res = await http().post(`/api/tasks/${enc(unknown)}/decision`).set(admin).set('Idempotency-Key', 'refused-1').send({ decision });
        expect({ status: res.status, message: res.body.message }).toEqual({ status: 404, message: `task ${unknown} not found` });
      }
      // the same request again is a retry, not a new decision: it goes back to the case (and times out again)
      const retry = await http().post(`/api/tasks/${enc(task)}/decision`).set(admin).set('Idempotency-Key', 'slow-1').send({ decision: 'endorse' });
      expect(retry.status).toBe(503);
    });
  });

  describe('the OpenAPI spec', () => {
    const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
    type Op = { parameters?: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>; security?: unknown[] };
    const operations = (doc: { paths: Record<string, Record<string, Op>> }) =>
      Object.entries(doc.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ route: `${m.toUpperCase()} ${path}`, op: item[m] })));

    it('declares the error responses with the error body, the bearer scheme, and each parameter once', async () => {
      const doc = (await http().get('/api/docs-json').expect(200)).body;
      expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(doc.components.schemas.ErrorBody.required).toEqual(['statusCode', 'error', 'message']);
      for (const { route, op } of operations(doc)) {
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        for (const status of isPublic ? ['400', '404', '409', '422', '503'] : ['400', '401', '403', '404', '409', '422', '503']) {
          expect({ route, status, schema: op.responses[status]?.content?.['application/json']?.schema?.$ref }).toEqual({ route, status, schema: '#/components/schemas/ErrorBody' });
        }
        const params = (op.parameters ?? []).map((p) => `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`);
        expect({ route, params }).toEqual({ route, params: [...new Set(params)] });
        expect({ route, authorization: params.includes('header:authorization') }).toEqual({ route, authorization: false });
      }
      const publicRoutes = operations(doc).filter(({ op }) => Array.isArray(op.security) && op.security.length === 0).map(({ route }) => route);
      expect(publicRoutes).toContain('POST /api/auth/login');
      expect(publicRoutes).not.toContain('GET /api/users');
    });

    it('is committed as docs/openapi.json, and the served spec has not drifted from it', async () => {
      const served = (await http().get('/api/docs-json').expect(200)).body;
      const committed = JSON.parse(readFileSync(join(__dirname, '..', '..', 'docs', 'openapi.json'), 'utf8'));
      const diff = firstDifference(committed, served);
      if (diff) throw new Error(`docs/openapi.json differs from the served spec at ${diff}: run npm run openapi and commit docs/openapi.json`);
    });
  });

  describe('login throttling', () => {
    it('limits one client across usernames (password spraying) with the standard Retry-After', async () => {
      const limited = await createTestApp({ seed: false, env: { LOGIN_RATE_LIMIT: '100', LOGIN_RATE_LIMIT_PER_IP: '4' } });
      try {
        for (let i = 0; i < 4; i++) {
          await request(limited.getHttpServer()).post('/api/auth/login').send({ username: `spray.${i}`, password: 'Winter2026!' }).expect(401);
        }
        const res = await request(limited.getHttpServer()).post('/api/auth/login').send({ username: 'spray.99', password: 'Winter2026!' });
        expect(res.status).toBe(429);
        expect(res.body).toMatchObject({ code: 'RATE_LIMITED' });
        expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
        expect(res.headers['retry-after-login-ip']).toBeUndefined();
      } finally {
        await limited.close();
      }
    });

    it('sees the client behind a trusted proxy (TRUST_PROXY), and only then', async () => {
      const proxied = await createTestApp({ seed: false, env: { LOGIN_RATE_LIMIT: '100', LOGIN_RATE_LIMIT_PER_IP: '2', TRUST_PROXY: 'loopback' } });
      const direct = await createTestApp({ seed: false, env: { LOGIN_RATE_LIMIT: '100', LOGIN_RATE_LIMIT_PER_IP: '2' } });
      try {
        const attempt = (a: INestApplication, ip: string) =>
          request(a.getHttpServer()).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username: 'nobody', password: 'guess' });
        for (const a of [proxied, direct]) {
          await attempt(a, '203.0.113.1').expect(401);
          await attempt(a, '203.0.113.1').expect(401);
          await attempt(a, '203.0.113.1').expect(429);
        }
        // another client behind the same proxy is not blocked by the first one's attempts...
        await attempt(proxied, '203.0.113.2').expect(401);
        // ...but without TRUST_PROXY every request looks like the proxy, so one client blocks all
        await attempt(direct, '203.0.113.2').expect(429);
      } finally {
        await proxied.close();
        await direct.close();
      }
    });
  });
});

describe('idempotency keys are scoped to (task, user) with a real worker', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  const taskQueue = `it-security-${uniqueSuffix()}`;
  const H: Record<string, { Authorization: string }> = {};
  let processId: string;
  let leadId: string;
  let operationId: string;
  const http = () => request(app.getHttpServer());

  // Read as the auditor: this suite is about decisions, not about whose inbox shows the task.
  async function openTask(stepId: string) {
    const res = await eventually(
      () => http().get('/api/tasks').query({ filter: JSON.stringify({ processId, stepId, status: 'open', assigned: false }) }).set(H.auditor),
      (r) => r.status === 200 && r.body.length > 0,
    );
    return res.body[0] as { id: string };
  }

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    for (const u of ['admin', 'erc', 'auditor']) H[u] = bearer(await loginAs(app, u));
    const op = await http().post('/api/operations').set(H.admin).send({ name: `Keys ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
    expect(op.status).toBe(201);
    // this operation's HC (hc is operation-scoped; demo users stay untouched)
    const hc = await http()
      .post('/api/users')
      .set(H.admin)
      .send({ username: `hc.keys.${uniqueSuffix()}`, displayName: 'Keys HC', password: 'hc-pass-12', roles: ['hc'], operationScopes: [op.body.id] });
    expect(hc.status).toBe(201);
    H.hc = bearer(await loginAs(app, hc.body.username, 'hc-pass-12'));
    const unhcr = await http().get('/api/organisations').query({ filter: JSON.stringify({ q: 'UNHCR' }) }).set(H.admin);
    const leadAgencyId = unhcr.body.find((o: { name: string }) => o.name === 'UNHCR').id as string;
    const lead = await http()
      .post('/api/users')
      .set(H.admin)
      .send({
        username: `lead.keys.${uniqueSuffix()}`,
        displayName: 'Keys Lead',
        password: 'lead-pass-12',
        roles: ['cluster_lead'],
        // scoped elsewhere at first: the suite widens the scope while this user's token stays the same
        clusterScopes: [{ operationId: op.body.id, sector: 'health' }],
        organisationId: leadAgencyId,
      });
    expect(lead.status).toBe(201);
    leadId = lead.body.id;
    operationId = op.body.id;
    H.lead = bearer(await loginAs(app, lead.body.username, 'lead-pass-12'));
    const started = await http()
      .post('/api/processes')
      .set(H.hc)
      .send({
        type: 'cluster-activation',
        input: { operationId: op.body.id, sector: 'protection', leadAgencyId, rationale: 'Displacement exceeds national capacity', criteria: { responseGaps: true, nationalCapacityInsufficient: true } },
      });
    expect({ status: started.status, body: started.status === 201 ? null : started.body }).toEqual({ status: 201, body: null });
    processId = started.body.id;
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  // The HC's double click and the ERC's approval with the HC's key: what the first test checks, and the way the
  // second one reaches the lead's confirmation (either test runs alone).
  const endorsedAndApproved = once(async () => {
    const endorsement = await openTask('hc-endorsement');
    const key = `shared-${uniqueSuffix()}`;
    const endorse = () => http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H.hc).set('Idempotency-Key', key).send({ decision: 'endorse', comment: 'go' });
    const doubleClick = await Promise.all([endorse(), endorse()]);
    const changed = await http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H.hc).set('Idempotency-Key', key).send({ decision: 'endorse', comment: 'different' });
    // Before: the ERC's Update had the id the HC used in this case, so it got the HC's result and was dropped.
    const approval = await openTask('erc-approval');
    const approve = () => http().post(`/api/tasks/${enc(approval.id)}/decision`).set(H.erc).set('Idempotency-Key', key).send({ decision: 'approve' });
    const first = await approve();
    const repeat = await approve();
    return { doubleClick, changed, approval, first, repeat };
  });

  it("a double click is one decision with the same 2xx; a key another user used cannot swallow this user's decision", async () => {
    const { doubleClick: [a, b], changed, approval, first, repeat } = await endorsedAndApproved();
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    expect(changed.status).toBe(422);
    expect(changed.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    // The key decides, not the user's earlier request: the refusal names the key.
    expect(changed.body.message).toBe('Idempotency-Key was already used for this task with a different request body; send a new key for a different decision');

    expect(first.status).toBe(200);
    expect(first.body.task).toMatchObject({ id: approval.id, status: 'decided', decision: 'approve' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
  });

  it('new scopes apply to the token already held; without a key, a different request by the same user is a 422, not the first result', async () => {
    await endorsedAndApproved();
    const confirmation = await openTask('cla-confirmation');
    const body = { decision: 'confirm', data: { coordinatorName: 'Amina Deng', informationManagerName: 'Peter Lual' } };
    const confirm = () => http().post(`/api/tasks/${enc(confirmation.id)}/decision`).set(H.lead).send(body);
    // The Actor comes from the current user row: a scope granted now applies to the token already held.
    expect((await confirm()).status).toBe(403);
    await http()
      .put(`/api/users/${leadId}`)
      .set(H.admin)
      .send({ clusterScopes: [{ operationId, sector: 'protection' }] })
      .expect(200);
    const [a, b] = await Promise.all([confirm(), confirm()]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.body).toEqual(a.body);
    const other = await http()
      .post(`/api/tasks/${enc(confirmation.id)}/decision`)
      .set(H.lead)
      .send({ ...body, data: { coordinatorName: 'Someone Else', informationManagerName: 'Peter Lual' } });
    expect(other.status).toBe(422);
    expect(other.body.message).toBe(`you already decided task ${confirmation.id} with a different request; send an Idempotency-Key to make a new request`);

    const history = await http().get(`/api/processes/${enc(processId)}/history`).set(H.auditor);
    const decisions = history.body.filter((e: { type: string }) => e.type === 'decision');
    expect(decisions.map((e: { decision: string }) => e.decision)).toEqual(['endorse', 'approve', 'confirm']);

    // A late retry of the same request, even after the case closed, still gets the first 2xx.
    await http().post(`/api/processes/${enc(processId)}/cancel`).set(H.admin).send({ reason: 'Security suite done' }).expect(200);
    const late = await confirm();
    expect(late.status).toBe(200);
    expect(late.body).toEqual(a.body);
  });
});
