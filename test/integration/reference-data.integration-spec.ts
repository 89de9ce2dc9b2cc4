import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { bearer, createTestApp, loginAs } from '../utils/http';

const MISSING = '00000000-0000-4000-8000-000000000000';

describe('reference data (HTTP)', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  const as: Record<string, { Authorization: string }> = {};
  const suffix = `${Date.now()}`;
  let demoOperationId: string;

  beforeAll(async () => {
    app = await createTestApp();
    http = app.getHttpServer();
    for (const u of ['admin', 'ocha', 'hc', 'auditor', 'lead.health', 'partner.local']) as[u] = bearer(await loginAs(app, u));
    const ops = await request(http).get('/api/operations').query({ q: 'South Sudan 2026' }).set(as.auditor).expect(200);
    demoOperationId = ops.body[0].id;
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('operations', () => {
    it('ocha and admin create and update; other roles get 403', async () => {
      const created = await request(http).post('/api/operations').set(as.ocha).send({ name: `Sudan Flash ${suffix}`, countryIso3: 'SDN', type: 'sudden-onset' }).expect(201);
      expect(created.body).toMatchObject({ name: `Sudan Flash ${suffix}`, countryIso3: 'SDN', type: 'sudden-onset' });
      const updated = await request(http).put(`/api/operations/${created.body.id}`).set(as.admin).send({ type: 'protracted' }).expect(200);
      expect(updated.body).toMatchObject({ id: created.body.id, name: `Sudan Flash ${suffix}`, type: 'protracted' });
      const forbidden = await request(http).post('/api/operations').set(as.hc).send({ name: `Nope ${suffix}`, countryIso3: 'SDN', type: 'protracted' }).expect(403);
      expect(forbidden.body.message).toBe('this action needs one of the roles: admin, ocha');
      await request(http).put(`/api/operations/${created.body.id}`).set(as.auditor).send({ type: 'protracted' }).expect(403);
    });

    it('every role reads', async () => {
      const res = await request(http).get(`/api/operations/${demoOperationId}`).set(as['partner.local']).expect(200);
      expect(res.body).toMatchObject({ name: 'South Sudan 2026', countryIso3: 'SSD', type: 'protracted' });
    });

    it('400 naming the field and rule', async () => {
      const res = await request(http).post('/api/operations').set(as.ocha).send({ name: 'X', countryIso3: 'ssd', type: 'slow', extra: 1 }).expect(400);
      expect(res.body.message).toEqual([
        'property extra should not exist',
        'name must be longer than or equal to 2 characters',
        'countryIso3 must be three upper-case letters (ISO 3166-1 alpha-3)',
        'type must be one of the following values: sudden-onset, protracted, refugee, mixed',
      ]);
    });

    it('409 for a duplicate name, 404 for an unknown id', async () => {
      const dup = await request(http).post('/api/operations').set(as.admin).send({ name: 'south sudan 2026', countryIso3: 'SSD', type: 'protracted' }).expect(409);
      expect(dup.body.message).toBe('name already exists');
      const missing = await request(http).get(`/api/operations/${MISSING}`).set(as.hc).expect(404);
      expect(missing.body.message).toBe(`operation ${MISSING} not found`);
      await request(http).put(`/api/operations/${MISSING}`).set(as.admin).send({ type: 'protracted' }).expect(404);
    });

    it('lists with Content-Range and filters', async () => {
      const res = await request(http).get('/api/operations').query({ filter: JSON.stringify({ countryIso3: 'SSD' }), range: '[0,9]' }).set(as.hc).expect(200);
      expect(res.headers['content-range']).toMatch(/^operations 0-\d+\/\d+$/);
      expect(res.body.every((o: { countryIso3: string }) => o.countryIso3 === 'SSD')).toBe(true);
    });
  });

  describe('organisations', () => {
    it('admin creates; ocha gets 403; everyone reads', async () => {
      const created = await request(http).post('/api/organisations').set(as.admin).send({ name: `Malakal Women Forum ${suffix}`, type: 'lngo' }).expect(201);
      expect(created.body).toMatchObject({ name: `Malakal Women Forum ${suffix}`, type: 'lngo' });
      await request(http).post('/api/organisations').set(as.ocha).send({ name: `Other ${suffix}`, type: 'lngo' }).expect(403);
      const read = await request(http).get(`/api/organisations/${created.body.id}`).set(as['partner.local']).expect(200);
      expect(read.body).toEqual(created.body);
    });

    it('400 for an unknown type, 409 for a duplicate name, 404 for an unknown id', async () => {
      const bad = await request(http).post('/api/organisations').set(as.admin).send({ name: `Bad ${suffix}`, type: 'charity' }).expect(400);
      expect(bad.body.message).toEqual(['type must be one of the following values: un-agency, ingo, nngo, lngo, government, red-cross']);
      const dup = await request(http).post('/api/organisations').set(as.admin).send({ name: 'unhcr', type: 'un-agency' }).expect(409);
      expect(dup.body).toMatchObject({ statusCode: 409, message: 'name already exists', code: 'CONFLICT' });
      await request(http).get(`/api/organisations/${MISSING}`).set(as.admin).expect(404);
    });

    it('has organisations of every type, filterable by type', async () => {
      const res = await request(http).get('/api/organisations').query({ range: '[0,199]' }).set(as.auditor).expect(200);
      const types = new Set(res.body.map((o: { type: string }) => o.type));
      expect([...types].sort()).toEqual(['government', 'ingo', 'lngo', 'nngo', 'red-cross', 'un-agency']);
      const ingo = await request(http).get('/api/organisations').query({ filter: '{"type":"ingo"}', sort: '["name","DESC"]' }).set(as.auditor).expect(200);
      expect(ingo.body.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['Norwegian Refugee Council', 'International Rescue Committee']));
      // Sorted by name, descending (other suites add organisations to the shared database: compare the demo ones).
      const names = ingo.body.map((o: { name: string }) => o.name).filter((n: string) => ['Norwegian Refugee Council', 'International Rescue Committee'].includes(n));
      expect(names).toEqual(['Norwegian Refugee Council', 'International Rescue Committee']);
      expect(ingo.headers['content-range']).toBe(`organisations 0-${ingo.body.length - 1}/${ingo.body.length}`);
    });
  });

  describe('clusters', () => {
    it('every role lists the demo operation clusters with filters', async () => {
      const all = await request(http).get('/api/clusters').query({ filter: JSON.stringify({ operationId: demoOperationId }) }).set(as['lead.health']).expect(200);
      expect(all.headers['content-range']).toBe(`clusters 0-${all.body.length - 1}/${all.body.length}`);
      const bySector = Object.fromEntries(all.body.map((c: { sector: string; status: string }) => [c.sector, c.status]));
      expect(Object.keys(bySector)).toEqual(expect.arrayContaining(['health', 'food-security', 'wash', 'protection', 'shelter']));
      // No cluster is active by hand: an active one has a real activation case (completed, or in its set-up).
      for (const c of all.body as { sector: string; status: string; activatedAt: string | null }[]) {
        if (c.status !== 'active') continue;
        expect([c.sector, c.activatedAt]).not.toEqual([c.sector, null]);
        const cases = await request(http).get('/api/processes')
          .query({ filter: JSON.stringify({ operationId: demoOperationId, type: 'cluster-activation', sector: c.sector }) }).set(as.auditor).expect(200);
        expect([c.sector, cases.body.some((p: { status: string; outcome: string | null }) => p.outcome === 'activated' || p.status === 'running')]).toEqual([c.sector, true]);
      }

      const proposed = await request(http).get('/api/clusters').query({ filter: JSON.stringify({ operationId: demoOperationId, status: 'proposed' }) }).set(as['partner.local']).expect(200);
      expect(proposed.body.every((c: { status: string; activatedAt: string | null }) => c.status === 'proposed' && c.activatedAt === null)).toBe(true);

      const health = await request(http).get('/api/clusters').query({ operationId: demoOperationId, sector: 'health' }).set(as.auditor).expect(200);
      expect(health.body).toHaveLength(1);
      expect(health.body[0]).toMatchObject({ sector: 'health', leadAgency: 'WHO' });
      const one = await request(http).get(`/api/clusters/${health.body[0].id}`).set(as.hc).expect(200);
      expect(one.body).toEqual(health.body[0]);
    });

    it('400 for bad filters, 404 for an unknown id', async () => {
      const status = await request(http).get('/api/clusters').query({ filter: '{"status":"dormant"}' }).set(as.hc).expect(400);
      expect(status.body.message).toEqual(['filter.status must be one of the following values: proposed, active, in-transition, deactivated, not-activated']);
      const op = await request(http).get('/api/clusters').query({ filter: '{"operationId":"ssd"}' }).set(as.hc).expect(400);
      expect(op.body.message).toEqual(['filter.operationId must be a UUID']);
      const range = await request(http).get('/api/clusters').query({ range: '[0' }).set(as.hc).expect(400);
      expect(range.body.message).toEqual(['range must be valid JSON']);
      const missing = await request(http).get(`/api/clusters/${MISSING}`).set(as.hc).expect(404);
      expect(missing.body).toEqual({ statusCode: 404, error: 'Not Found', message: `cluster ${MISSING} not found`, code: 'NOT_FOUND' });
    });

    it('has no write routes', async () => {
      await request(http).post('/api/clusters').set(as.admin).send({}).expect(404);
    });
  });
});
