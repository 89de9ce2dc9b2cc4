import type { INestApplication } from '@nestjs/common';
import * as jwt from 'jsonwebtoken';
import request from 'supertest';
import { bearer, createTestApp, DEMO_PASSWORD, loginAs } from '../utils/http';

const SECRET = () => process.env.JWT_SECRET!;

function b64url(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

describe('auth (HTTP)', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;

  beforeAll(async () => {
    app = await createTestApp({ env: { LOGIN_RATE_LIMIT: '5', LOGIN_RATE_TTL_MS: '60000' } });
    http = app.getHttpServer();
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('POST /api/auth/login', () => {
    it('returns a token and the user (never the password hash) for good credentials', async () => {
      const res = await request(http).post('/api/auth/login').send({ username: 'lead.protection', password: DEMO_PASSWORD }).expect(200);
      expect(typeof res.body.accessToken).toBe('string');
      expect(res.body.user).toMatchObject({
        username: 'lead.protection',
        roles: ['cluster_lead'],
        // the browser suite may add a scope for its own operation to this demo user
        clusterScopes: expect.arrayContaining([expect.objectContaining({ sector: 'protection' })]),
        organisationName: 'UNHCR',
        active: true,
      });
      expect(JSON.stringify(res.body)).not.toMatch(/password|argon2/i);
      const header = JSON.parse(Buffer.from(res.body.accessToken.split('.')[0], 'base64url').toString());
      expect(header.alg).toBe('HS256');
      const claims = jwt.verify(res.body.accessToken, SECRET(), { algorithms: ['HS256'] }) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: res.body.user.id, username: 'lead.protection', roles: ['cluster_lead'], organisationId: res.body.user.organisationId });
      expect(claims.exp! - claims.iat!).toBe(8 * 3600);
    });

    it('accepts the username case-insensitively', async () => {
      await request(http).post('/api/auth/login').send({ username: 'HC', password: DEMO_PASSWORD }).expect(200);
    });

    it('answers 401 with one generic message for a wrong password and an unknown user', async () => {
      const wrong = await request(http).post('/api/auth/login').send({ username: 'ocha', password: 'not-the-password' }).expect(401);
      const unknown = await request(http).post('/api/auth/login').send({ username: 'nobody.here', password: DEMO_PASSWORD }).expect(401);
      expect(wrong.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'invalid username or password', code: 'UNAUTHENTICATED' });
      expect(unknown.body).toEqual(wrong.body);
    });

    it('refuses an inactive account with the same 401', async () => {
      const admin = bearer(await loginAs(app, 'admin'));
      const username = `inactive.${Date.now()}`;
      await request(http).post('/api/users').set(admin).send({ username, displayName: 'Gone', password: 'password-123', roles: ['auditor'], active: false }).expect(201);
      const res = await request(http).post('/api/auth/login').send({ username, password: 'password-123' }).expect(401);
      expect(res.body.message).toBe('invalid username or password');
    });

    it('names the field for bad input and unknown properties', async () => {
      const res = await request(http).post('/api/auth/login').send({ username: 42, password: 'x', remember: true }).expect(400);
      expect(res.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        code: 'VALIDATION_FAILED',
        message: [
          'property remember should not exist',
          'username must be shorter than or equal to 100 characters',
          'username must be longer than or equal to 1 characters',
          'username must be a string',
        ],
      });
      const empty = await request(http).post('/api/auth/login').send({}).expect(400);
      expect(empty.body.message).toEqual([
        'username must be shorter than or equal to 100 characters',
        'username must be longer than or equal to 1 characters',
        'username must be a string',
        'password must be shorter than or equal to 200 characters',
        'password must be longer than or equal to 1 characters',
        'password must be a string',
      ]);
    });

    it('rejects a body that is not JSON with 400', async () => {
      const res = await request(http).post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
      expect(res.body.statusCode).toBe(400);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js/);
    });

    it('rate-limits repeated attempts for one username from one client with 429', async () => {
      const username = `brute.${Date.now()}`;
      for (let i = 0; i < 5; i++) {
        await request(http).post('/api/auth/login').send({ username, password: `guess-${i}` }).expect(401);
      }
      const limited = await request(http).post('/api/auth/login').send({ username, password: 'guess-5' }).expect(429);
      expect(limited.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED', message: 'too many requests, try again later' });
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // another username from the same client is not locked out
      await request(http).post('/api/auth/login').send({ username: 'erc', password: DEMO_PASSWORD }).expect(200);
    });
  });

  describe('bearer tokens', () => {
    let admin: { id: string };
    beforeAll(async () => {
      const res = await request(http).get('/api/me').set(bearer(await loginAs(app, 'admin'))).expect(200);
      admin = res.body;
    });
    const claimsFor = (id: string) => ({ sub: id, username: 'admin', displayName: 'Admin', roles: ['admin'], clusterScopes: [], organisationId: null });

    it('GET /api/me returns the caller', async () => {
      const res = await request(http).get('/api/me').set(bearer(await loginAs(app, 'partner.local'))).expect(200);
      expect(res.body).toMatchObject({ username: 'partner.local', roles: ['partner'], organisationName: 'Hope Relief Juba' });
      expect(res.body.passwordHash).toBeUndefined();
    });

    it('401 without a token or with a malformed header', async () => {
      const missing = await request(http).get('/api/me').expect(401);
      expect(missing.body).toEqual({ statusCode: 401, error: 'Unauthorized', message: 'missing bearer token', code: 'UNAUTHENTICATED' });
      await request(http).get('/api/me').set('Authorization', 'Basic YWRtaW46ZGVtbzEyMzQ1').expect(401);
      await request(http).get('/api/me').set('Authorization', 'Bearer not-a-jwt').expect(401);
    });

    it('401 for an expired token', async () => {
      const expired = jwt.sign({ ...claimsFor(admin.id), exp: Math.floor(Date.now() / 1000) - 60 }, SECRET(), { algorithm: 'HS256' });
      const res = await request(http).get('/api/users').set(bearer(expired)).expect(401);
      expect(res.body.message).toBe('invalid or expired token');
    });

    it('401 for a token signed with another secret', async () => {
      const forged = jwt.sign(claimsFor(admin.id), 'some-other-secret-entirely', { algorithm: 'HS256', expiresIn: '1h' });
      await request(http).get('/api/users').set(bearer(forged)).expect(401);
    });

    it('401 for a tampered payload', async () => {
      const [h, , s] = (await loginAs(app, 'auditor')).split('.');
      const tampered = `${h}.${b64url({ ...claimsFor(admin.id), exp: Math.floor(Date.now() / 1000) + 3600 })}.${s}`;
      await request(http).get('/api/users').set(bearer(tampered)).expect(401);
    });

    it('401 for alg "none" (unsigned) and for another algorithm', async () => {
      const payload = b64url({ ...claimsFor(admin.id), iat: Math.floor(Date.now() / 1000), exp: Math.floor(Date.now() / 1000) + 3600 });
      await request(http).get('/api/users').set(bearer(`${b64url({ alg: 'none', typ: 'JWT' })}.${payload}.`)).expect(401);
      const hs512 = jwt.sign(claimsFor(admin.id), SECRET(), { algorithm: 'HS512', expiresIn: '1h' });
      await request(http).get('/api/users').set(bearer(hs512)).expect(401);
    });

    it('a valid token of the right shape is accepted (control for the cases above)', async () => {
      const good = jwt.sign(claimsFor(admin.id), SECRET(), { algorithm: 'HS256', expiresIn: '1h' });
      await request(http).get('/api/users').set(bearer(good)).expect(200);
    });

    it('403 when the role is wrong', async () => {
      const res = await request(http).get('/api/users').set(bearer(await loginAs(app, 'hc'))).expect(403);
      expect(res.body).toEqual({ statusCode: 403, error: 'Forbidden', message: 'this action needs one of the roles: admin', code: 'FORBIDDEN' });
    });
  });

  describe('GET /api/health', () => {
    it('is public and reports the database and Temporal', async () => {
      const res = await request(http).get('/api/health').expect(200);
      expect(res.body).toEqual({ status: 'ok', database: 'up', temporal: 'up' });
    });

    it('answers 503 naming Temporal when it is unreachable', async () => {
      const broken = await createTestApp({ seed: false, env: { TEMPORAL_ADDRESS: '127.0.0.1:1' } });
      try {
        const res = await request(broken.getHttpServer()).get('/api/health').expect(503);
        expect(res.body).toEqual({ status: 'error', database: 'up', temporal: 'down' });
      } finally {
        await broken.close();
      }
    });
  });

  describe('platform', () => {
    it('serves the OpenAPI document with bearer auth declared', async () => {
      const res = await request(http).get('/api/docs-json').expect(200);
      expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/login', '/api/me', '/api/users', '/api/users/{id}', '/api/health']));
      await request(http).get('/api/docs').expect(200);
    });

    it('sets security headers and a CSP', async () => {
      const res = await request(http).get('/api/health');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('404 for an unknown API route, in the common error shape', async () => {
      const res = await request(http).get('/api/no-such-thing').set(bearer(await loginAs(app, 'admin'))).expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    });
  });
});

describe('CORS allow-list', () => {
  let app: INestApplication;
  beforeAll(async () => {
    app = await createTestApp({ seed: false, env: { CORS_ORIGINS: 'https://console.example.org' } });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('allows listed origins, exposes Content-Range, and ignores others', async () => {
    const ok = await request(app.getHttpServer())
      .options('/api/users')
      .set('Origin', 'https://console.example.org')
      .set('Access-Control-Request-Method', 'GET')
      .set('Access-Control-Request-Headers', 'authorization');
    expect(ok.headers['access-control-allow-origin']).toBe('https://console.example.org');
    const get = await request(app.getHttpServer()).get('/api/health').set('Origin', 'https://console.example.org');
    expect(get.headers['access-control-expose-headers']).toBe('Content-Range');
    const other = await request(app.getHttpServer()).get('/api/health').set('Origin', 'https://evil.example.com');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
