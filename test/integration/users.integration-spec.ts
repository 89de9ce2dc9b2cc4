import type { INestApplication } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createActor } from '../factories';
import { bearer, createTestApp, loginAs } from '../utils/http';

describe('users (HTTP, admin only)', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let admin: { Authorization: string };
  let operationId: string;
  let lngoId: string;
  const suffix = `${Date.now()}`;

  beforeAll(async () => {
    app = await createTestApp();
    http = app.getHttpServer();
    admin = bearer(await loginAs(app, 'admin'));
    const ops = await request(http).get('/api/operations').query({ filter: JSON.stringify({ q: 'South Sudan 2026' }) }).set(admin).expect(200);
    operationId = ops.body[0].id;
    const orgs = await request(http).get('/api/organisations').query({ filter: JSON.stringify({ type: 'lngo' }) }).set(admin).expect(200);
    lngoId = orgs.body.find((o: { name: string }) => o.name === 'Hope Relief Juba').id;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('creates a cluster lead and a partner, never returning the password', async () => {
    const lead = await request(http)
      .post('/api/users')
      .set(admin)
      .send({ username: `lead.wash.${suffix}`, displayName: 'Grace Akol', password: 'wash-lead-pass', roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }] })
      .expect(201);
    expect(lead.body).toMatchObject({ username: `lead.wash.${suffix}`, roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }], organisationId: null, active: true });
    expect(JSON.stringify(lead.body)).not.toMatch(/password/i);

    const partner = await request(http)
      .post('/api/users')
      .set(admin)
      .send({ username: `partner.${suffix}`, displayName: 'Peter Deng', password: 'partner-pass', roles: ['partner'], organisationId: lngoId })
      .expect(201);
    expect(partner.body).toMatchObject({ organisationId: lngoId, organisationName: 'Hope Relief Juba' });

    // the new account can log in with its password
    const login = await request(http).post('/api/auth/login').send({ username: `lead.wash.${suffix}`, password: 'wash-lead-pass' }).expect(200);
    expect(login.body.user.id).toBe(lead.body.id);
    const fetched = await request(http).get(`/api/users/${lead.body.id}`).set(admin).expect(200);
    expect(fetched.body).toEqual(lead.body);
  });

  it('400 for a missing username', async () => {
    const body = { displayName: 'X', password: 'long-enough', roles: ['ocha'] };
    const res = await request(http).post('/api/users').set(admin).send(body).expect(400);
    expect(res.body.message).toEqual([
      'username may contain only letters, digits, dots, dashes and underscores, starting with a letter or digit',
      'username must be shorter than or equal to 64 characters',
      'username must be longer than or equal to 2 characters',
      'username must be a string',
    ]);
  });

  it('400 naming each field and rule', async () => {
    const res = await request(http)
      .post('/api/users')
      .set(admin)
      .send({ username: `u.${suffix}`, displayName: 'U', password: 'short', roles: ['boss'], isAdmin: true })
      .expect(400);
    expect(res.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'VALIDATION_FAILED',
      message: [
        'property isAdmin should not exist',
        'password must be longer than or equal to 8 characters',
        'each value in roles must be one of the following values: admin, ocha, hc, erc, fund_signatory, cluster_lead, advisory_board, partner, auditor',
      ],
    });
  });

  it('400 when a cluster lead has no scope or a partner no organisation', async () => {
    const lead = await request(http).post('/api/users').set(admin).send({ username: `l.${suffix}`, displayName: 'L', password: 'long-enough', roles: ['cluster_lead'] }).expect(400);
    expect(lead.body.message).toEqual(['clusterScopes must contain at least one scope when roles include cluster_lead']);
    const partner = await request(http).post('/api/users').set(admin).send({ username: `p.${suffix}`, displayName: 'P', password: 'long-enough', roles: ['partner'], clusterScopes: [] }).expect(400);
    expect(partner.body.message).toEqual(['organisationId is required when roles include partner']);
  });

  it('400 for malformed and unknown references in scopes and organisation', async () => {
    const malformed = await request(http)
      .post('/api/users')
      .set(admin)
      .send({ username: `m.${suffix}`, displayName: 'M', password: 'long-enough', roles: ['cluster_lead'], clusterScopes: [{ operationId: 'op-1', sector: 'fishing' }] })
      .expect(400);
    expect(malformed.body.message).toEqual([
      'clusterScopes.0.operationId must be a UUID',
      'clusterScopes.0.sector must be one of the following values: protection, food-security, health, wash, shelter, cccm, nutrition, education, logistics, emergency-telecommunications, early-recovery, gbv, child-protection, mine-action, hlp',
    ]);
    const unknown = await request(http)
      .post('/api/users')
      .set(admin)
      .send({
        username: `n.${suffix}`,
        displayName: 'N',
        password: 'long-enough',
        roles: ['cluster_lead', 'partner'],
        clusterScopes: [{ operationId: '00000000-0000-4000-8000-000000000000', sector: 'health' }],
        organisationId: '00000000-0000-4000-8000-000000000001',
      })
      .expect(400);
    expect(unknown.body.message).toEqual([
      'organisationId does not reference an existing organisation',
      'clusterScopes.0.operationId does not reference an existing operation',
    ]);
  });

  it('409 for a duplicate username (case-insensitive)', async () => {
    const res = await request(http).post('/api/users').set(admin).send({ username: 'ADMIN', displayName: 'Again', password: 'long-enough', roles: ['admin'] }).expect(409);
    expect(res.body).toEqual({ statusCode: 409, error: 'Conflict', message: 'username already exists', code: 'CONFLICT' });
  });

  it('PUT updates roles, scopes, password and active; checks the merged rules', async () => {
    const created = await request(http).post('/api/users').set(admin).send({ username: `upd.${suffix}`, displayName: 'Up', password: 'first-pass', roles: ['ocha'] }).expect(201);
    const id = created.body.id as string;
    const updated = await request(http)
      .put(`/api/users/${id}`)
      .set(admin)
      .send({ displayName: 'Updated', roles: ['ocha', 'cluster_lead'], clusterScopes: [{ operationId, sector: 'health' }], password: 'second-pass' })
      .expect(200);
    expect(updated.body).toMatchObject({ displayName: 'Updated', roles: ['ocha', 'cluster_lead'], clusterScopes: [{ operationId, sector: 'health' }] });
    await request(http).post('/api/auth/login').send({ username: `upd.${suffix}`, password: 'second-pass' }).expect(200);

    const bad = await request(http).put(`/api/users/${id}`).set(admin).send({ clusterScopes: [] }).expect(400);
    expect(bad.body.message).toEqual(['clusterScopes must contain at least one scope when roles include cluster_lead']);
    const unknownProp = await request(http).put(`/api/users/${id}`).set(admin).send({ username: 'renamed' }).expect(400);
    expect(unknownProp.body.message).toEqual(['property username should not exist']);

    await request(http).put(`/api/users/${id}`).set(admin).send({ active: false }).expect(200);
    await request(http).post('/api/auth/login').send({ username: `upd.${suffix}`, password: 'second-pass' }).expect(401);
  });

  it('404 for an unknown id, 400 for a malformed one', async () => {
    const res = await request(http).get('/api/users/00000000-0000-4000-8000-000000000000').set(admin).expect(404);
    expect(res.body).toEqual({ statusCode: 404, error: 'Not Found', message: 'user 00000000-0000-4000-8000-000000000000 not found', code: 'NOT_FOUND' });
    await request(http).put('/api/users/00000000-0000-4000-8000-000000000000').set(admin).send({ displayName: 'x' }).expect(404);
    const bad = await request(http).get('/api/users/42').set(admin).expect(400);
    expect(bad.body.message).toEqual(['id must be a UUID']);
  });

  it('lists with Content-Range, sort, range and filters', async () => {
    const res = await request(http)
      .get('/api/users')
      .query({ sort: '["username","ASC"]', range: '[0,1]', filter: JSON.stringify({ role: 'cluster_lead' }) })
      .set(admin)
      .expect(200);
    const total = Number(/^users 0-1\/(\d+)$/.exec(res.headers['content-range'])![1]);
    expect(total).toBeGreaterThanOrEqual(3);
    expect(res.headers['access-control-expose-headers']).toBe('Content-Range');
    expect(res.body).toHaveLength(2);
    expect(res.body.every((u: { roles: string[] }) => u.roles.includes('cluster_lead'))).toBe(true);
    expect([...res.body.map((u: { username: string }) => u.username)].sort()).toEqual(res.body.map((u: { username: string }) => u.username));

    const byOrg = await request(http).get('/api/users').query({ filter: JSON.stringify({ organisationId: lngoId, q: 'partner' }) }).set(admin).expect(200);
    expect(byOrg.body.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['partner.local']));
    expect(byOrg.body.every((u: { organisationId: string }) => u.organisationId === lngoId)).toBe(true);

    const none = await request(http).get('/api/users').query({ filter: JSON.stringify({ q: 'no-such-user-anywhere' }) }).set(admin).expect(200);
    expect(none.headers['content-range']).toBe('users */0');
    expect(none.body).toEqual([]);

    const badSort = await request(http).get('/api/users').query({ sort: '["passwordHash","ASC"]' }).set(admin).expect(400);
    expect(badSort.body.message).toEqual(['sort field must be one of the following values: id, username, displayName, createdAt, updatedAt, active']);
  });

  it('403 for every non-admin role', async () => {
    for (const username of ['ocha', 'hc', 'erc', 'auditor', 'lead.health', 'partner.intl']) {
      const token = bearer(await loginAs(app, username));
      await request(http).get('/api/users').set(token).expect(403);
      await request(http).post('/api/users').set(token).send({ username: `x.${suffix}`, displayName: 'X', password: 'long-enough', roles: ['admin'] }).expect(403);
    }
  });
});

describe('users in production mode', () => {
  let app: INestApplication;
  const secret = 'a-production-grade-secret-for-this-test-0123456789';

  beforeAll(async () => {
    app = await createTestApp({ seed: false, env: { NODE_ENV: 'production', JWT_SECRET: secret, DEMO_PASSWORD: undefined, LOG_LEVEL: 'silent' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses the default demo password for any account', async () => {
    // no demo users in production: an admin row (the guard reads the current user) and a token minted the way the API does
    const root = await createActor(app.get(DataSource), ['admin'], { name: 'root' });
    const token = jwt.sign({ sub: root.id, tv: 0, username: root.username, displayName: root.displayName, roles: ['admin'], clusterScopes: [], organisationId: null }, secret, {
      algorithm: 'HS256',
      expiresIn: '5m',
    });
    const res = await request(app.getHttpServer())
      .post('/api/users')
      .set(bearer(token))
      .send({ username: `prod.${Date.now()}`, displayName: 'Prod', password: 'demo12345', roles: ['auditor'] })
      .expect(400);
    expect(res.body.message).toEqual(['password must not be the default demo password']);
  });
});
