// Personal data in Temporal (issue 16 item 9), against the real app, PostgreSQL, the Temporal dev server and a
// real worker with PAYLOAD_KEYS set: a case started and decided through the API leaves no plain-text display
// name, username, comment or rationale in Temporal's stored history; through the codec (the API's raw-history
// tab, the Temporal UI's codec endpoint) they decode.
import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { AesGcmPayloadCodec, decodeHistoryPayloads, parsePayloadKeys } from '../../apps/api/src/temporal/payload-codec';
import { createOperation, createOrganisation, uniqueSuffix } from '../factories';
import { bearer, createTestApp, loginAs } from '../utils/http';
import { startTestWorker, type TestWorker } from '../utils/worker';
import { testNamespace } from '../utils/temporal';

const enc = encodeURIComponent;
const KEYS = `k2026:${randomBytes(32).toString('base64')}`;

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

/** Everything a reader of the stored history could see: its JSON and every base64 string in it decoded. */
function readable(historyJson: unknown): string {
  const parts: string[] = [JSON.stringify(historyJson)];
  const visit = (v: unknown): void => {
    if (typeof v === 'string') {
      if (/^[A-Za-z0-9+/]+={0,2}$/.test(v) && v.length % 4 === 0) parts.push(Buffer.from(v, 'base64').toString('utf8'));
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  visit(historyJson);
  return parts.join('\n');
}

describe('payload encryption: no personal data in plain text in Temporal', () => {
  let app: INestApplication;
  let ds: DataSource;
  let rawConnection: Connection;
  let worker: TestWorker;
  const previous = { keys: process.env.PAYLOAD_KEYS, mode: process.env.PAYLOAD_ENCRYPTION };
  const taskQueue = `it-payload-codec-${uniqueSuffix()}`;
  const suffix = uniqueSuffix();
  const marker = {
    ochaName: `Wilhelmina Quarrington ${suffix}`,
    hcName: `Bartholomew Ekwueme ${suffix}`,
    hcUsername: `hc.ekwueme.${suffix}`,
    comment: `Endorsed after the visit to Malakal ${suffix}`,
    rationale: `Floods displaced the Nyakuach family ${suffix}`,
  };
  const H: Record<string, { Authorization: string }> = {};
  let processId: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    // The API's client and the worker read PAYLOAD_KEYS when they are built (as in production, from the environment).
    process.env.PAYLOAD_KEYS = KEYS;
    delete process.env.PAYLOAD_ENCRYPTION;
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    rawConnection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    for (const u of ['admin', 'auditor']) H[u] = bearer(await loginAs(app, u));
    const operationId = await createOperation(ds);
    const user = async (key: string, username: string, displayName: string, roles: string[]) => {
      const res = await http().post('/api/users').set(H.admin).send({ username, displayName, password: 'codec-pass-1', roles, operationScopes: [operationId] });
      expect(res.status).toBe(201);
      H[key] = bearer(await loginAs(app, username, 'codec-pass-1'));
    };
    await user('ocha', `ocha.${suffix}`, marker.ochaName, ['ocha']);
    await user('hc', marker.hcUsername, marker.hcName, ['hc']);
    const start = await http()
      .post('/api/processes')
      .set(H.ocha)
      .send({
        type: 'cluster-activation',
        input: { operationId, sector: 'protection', leadAgencyId: await createOrganisation(ds, 'un-agency'), rationale: marker.rationale, criteria: { responseGaps: true, nationalCapacityInsufficient: true } },
      });
    expect(start.status).toBe(201);
    processId = start.body.id;
    const taskId = `${processId}~hc-endorsement~1`;
    await eventually(() => http().get(`/api/tasks/${enc(taskId)}`).set(H.hc).then((r) => r.status), (s) => s === 200);
    const decided = await http().post(`/api/tasks/${enc(taskId)}/decision`).set(H.hc).send({ decision: 'endorse', comment: marker.comment });
    expect(decided.status).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await rawConnection?.close();
    await app?.close();
    if (previous.keys === undefined) delete process.env.PAYLOAD_KEYS;
    else process.env.PAYLOAD_KEYS = previous.keys;
    if (previous.mode !== undefined) process.env.PAYLOAD_ENCRYPTION = previous.mode;
  });

  it('the stored history holds no plain-text name, username, comment or rationale; with the key they decode', async () => {
    // A client without the codec reads what Temporal stores (what an operator of a shared cluster sees).
    const raw = await new Client({ connection: rawConnection, namespace: testNamespace() }).workflow.getHandle(processId).fetchHistory();
    const stored = readable(JSON.parse(historyToJSON(raw)));
    expect(stored).toContain('binary/encrypted');
    expect(stored).toContain('k2026'); // the key id, readable, so keys can rotate
    expect(stored).toContain('HpcProcessType'); // search attributes stay readable: they carry no personal data
    for (const [what, text] of Object.entries(marker)) expect([what, stored.includes(text)]).toEqual([what, false]);

    const decoded = readable(JSON.parse(historyToJSON(await decodeHistoryPayloads(raw, new AesGcmPayloadCodec(parsePayloadKeys(KEYS))))));
    for (const [what, text] of Object.entries(marker)) expect([what, decoded.includes(text)]).toEqual([what, true]);
    // The product works as before: the read model (PostgreSQL) holds the decision and its comment.
    const history = await http().get(`/api/processes/${enc(processId)}/history`).set(H.auditor);
    expect(history.body.some((e: { comment?: string }) => e.comment === marker.comment)).toBe(true);
  });

  it('the raw-history tab (GET /api/processes/:id/temporal-history) shows the decoded data', async () => {
    const res = await http().get(`/api/processes/${enc(processId)}/temporal-history`).set(H.auditor);
    expect(res.status).toBe(200);
    const shown = readable(res.body);
    expect(shown).toContain(marker.comment);
    expect(shown).toContain(marker.hcName);
    expect(shown).not.toContain('binary/encrypted');
  });

  it('the codec endpoint decodes and encodes for admins and auditors only, and answers the Temporal UI\'s preflight', async () => {
    const raw = JSON.parse(historyToJSON(await new Client({ connection: rawConnection, namespace: testNamespace() }).workflow.getHandle(processId).fetchHistory()));
    const started = raw.events[0].workflowExecutionStartedEventAttributes.input.payloads;
    const body = { payloads: started };
    const decoded = await http().post('/api/temporal-codec/decode').set(H.auditor).set('X-Namespace', 'default').send(body);
    expect(decoded.status).toBe(200);
    expect(readable(decoded.body)).toContain(marker.rationale);
    expect(Buffer.from(decoded.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');

    const encoded = await http().post('/api/temporal-codec/encode').set(H.admin).send({ payloads: decoded.body.payloads });
    expect(encoded.status).toBe(200);
    expect(readable(encoded.body)).not.toContain(marker.rationale);
    const again = await http().post('/api/temporal-codec/decode').set(H.admin).send(encoded.body);
    expect(again.body).toEqual(decoded.body);

    for (const who of ['hc', 'ocha']) expect((await http().post('/api/temporal-codec/decode').set(H[who]).send(body)).status).toBe(403);
    expect((await http().post('/api/temporal-codec/decode').send(body)).status).toBe(401);
    const bad = await http().post('/api/temporal-codec/decode').set(H.auditor).send({ payloads: [{ data: 'not base64!' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['payloads.0.data must be base64']);
    const tampered = { ...started[0], data: Buffer.from(Buffer.from(started[0].data, 'base64').map((b: number, i: number) => (i === 20 ? b ^ 1 : b))).toString('base64') };
    const refused = await http().post('/api/temporal-codec/decode').set(H.auditor).send({ payloads: [tampered] });
    expect(refused.status).toBe(400);
    expect(refused.body.message[0]).toMatch(/^payloads\.0 could not be decrypted/);

    const preflight = await http()
      .options('/api/temporal-codec/decode')
      .set('Origin', 'http://localhost:8233')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type,x-namespace');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('http://localhost:8233');
    expect(preflight.headers['access-control-allow-credentials']).toBe('true');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/X-Namespace/i);
    const foreign = await http().options('/api/temporal-codec/decode').set('Origin', 'https://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });
});
