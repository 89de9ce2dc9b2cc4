// Shared HTTP test helpers: the real app from createApp(), demo data seeded, tokens from real logins.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp, type CreateAppOptions } from '../../apps/api/src/app.factory';
import { seedDemoData } from '../../apps/api/src/modules/seed/demo-data';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo12345';

export interface TestAppOptions extends CreateAppOptions {
  /** Seed the demo data (idempotent); default true. */
  seed?: boolean;
}

/** createApp() + init(), not listening (supertest binds an ephemeral port per request). */
export async function createTestApp(options: TestAppOptions = {}): Promise<INestApplication> {
  const app = await createApp(options);
  await app.init();
  if (options.seed !== false) await seedDemoData(app.get(DataSource), { password: DEMO_PASSWORD });
  return app;
}

const tokenCache = new WeakMap<INestApplication, Map<string, string>>();

/** Log in through POST /api/auth/login; tokens are cached per app so suites stay under the login rate limit. */
export async function loginAs(app: INestApplication, username: string, password = DEMO_PASSWORD): Promise<string> {
  let cache = tokenCache.get(app);
  if (!cache) tokenCache.set(app, (cache = new Map()));
  const key = `${username}\u0000${password}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const res = await request(app.getHttpServer()).post('/api/auth/login').send({ username, password });
  if (res.status !== 200) throw new Error(`login as ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token = res.body.accessToken as string;
  cache.set(key, token);
  return token;
}

/** `{ Authorization: 'Bearer …' }` for supertest's `.set()`. */
export function bearer(token: string): { Authorization: string } {
  return { Authorization: `Bearer ${token}` };
}

/** Shorthand: an authenticated supertest agent-like helper for one user. */
export async function as(app: INestApplication, username: string): Promise<{ token: string; headers: { Authorization: string } }> {
  const token = await loginAs(app, username);
  return { token, headers: bearer(token) };
}

/**
 * A fresh operation with an HC scoped to it, and a cluster activation the HC started there (over HTTP, as the
 * console does): its id and the HC's headers. The first task is `${id}~hc-endorsement~1`.
 */
export async function startActivationAsHc(app: INestApplication, label: string): Promise<{ processId: string; operationId: string; hc: { Authorization: string } }> {
  const http = () => request(app.getHttpServer());
  const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const admin = (await as(app, 'admin')).headers;
  const op = await http().post('/api/operations').set(admin).send({ name: `${label} ${suffix}`, countryIso3: 'SSD', type: 'protracted' });
  if (op.status !== 201) throw new Error(`operation: ${op.status} ${JSON.stringify(op.body)}`);
  const agency = await http().post('/api/organisations').set(admin).send({ name: `${label} agency ${suffix}`, type: 'un-agency' });
  const username = `hc.${label.toLowerCase().replace(/\W+/g, '-')}.${suffix}`;
  const user = await http().post('/api/users').set(admin).send({ username, displayName: `${label} HC`, password: 'walk-pass-1', roles: ['hc'], operationScopes: [op.body.id] });
  if (user.status !== 201) throw new Error(`user: ${user.status} ${JSON.stringify(user.body)}`);
  const hc = bearer(await loginAs(app, username, 'walk-pass-1'));
  const started = await http()
    .post('/api/processes')
    .set(hc)
    .send({ type: 'cluster-activation', input: { operationId: op.body.id, sector: 'protection', leadAgencyId: agency.body.id, rationale: 'Displacement beyond national capacity', criteria: { responseGaps: true, nationalCapacityInsufficient: true } } });
  if (started.status !== 201) throw new Error(`start: ${started.status} ${JSON.stringify(started.body)}`);
  return { processId: started.body.id, operationId: op.body.id, hc };
}
