// Every route of the running app is either behind the global auth guard or explicitly @Public(),
// proven two ways: from Nest's metadata, and by calling each guarded route without a token.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { IS_PUBLIC_KEY } from '../../apps/api/src/auth/decorators';
import { createTestApp } from '../utils/http';

/** The only routes allowed to skip authentication. Adding one here is a security decision. */
// GET /api/live is authenticated by its short-lived single-use ticket (EventSource cannot send a bearer token).
// GET /api/metrics answers a METRICS_TOKEN bearer, or (no token configured) direct loopback connections only.
const PUBLIC_ROUTES = ['POST /api/auth/login', 'GET /api/auth/oidc', 'GET /api/auth/oidc/start', 'GET /api/auth/oidc/callback', 'POST /api/auth/oidc/ticket', 'GET /api/health', 'GET /api/health/live', 'GET /api/health/ready', 'GET /api/live', 'GET /api/metrics'];

interface Route {
  method: string;
  path: string;
  isPublic: boolean;
}

function joinPath(...parts: (string | undefined)[]): string {
  return '/' + parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/');
}

function discoverRoutes(app: INestApplication): Route[] {
  const routes: Route[] = [];
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const ctrl = wrapper.metatype as (new (...args: unknown[]) => unknown) | null;
      if (!ctrl) continue;
      const ctrlPaths = ([] as string[]).concat(Reflect.getMetadata(PATH_METADATA, ctrl) ?? '');
      const proto = ctrl.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (methodPath === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as number];
        const isPublic = Reflect.getMetadata(IS_PUBLIC_KEY, handler) === true || Reflect.getMetadata(IS_PUBLIC_KEY, ctrl) === true;
        for (const cp of ctrlPaths) {
          for (const mp of ([] as string[]).concat(methodPath)) routes.push({ method, path: joinPath('api', cp, mp), isPublic });
        }
      }
    }
  }
  return routes;
}

describe('route guards', () => {
  let app: INestApplication;
  let routes: Route[];

  beforeAll(async () => {
    app = await createTestApp({ seed: false });
    routes = discoverRoutes(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('finds the platform routes (the scan itself works)', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(expect.arrayContaining(['POST /api/auth/login', 'GET /api/me', 'GET /api/users', 'PUT /api/users/:id', 'GET /api/clusters/:id', 'GET /api/health']));
    expect(routes.length).toBeGreaterThanOrEqual(14);
  });

  it('only the allow-listed routes are @Public()', () => {
    expect(routes.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`).sort()).toEqual([...PUBLIC_ROUTES].sort());
  });

  it('every other route answers 401 without a token and with a bad one', async () => {
    const http = app.getHttpServer();
    const failures: string[] = [];
    for (const r of routes.filter((x) => !x.isPublic)) {
      const url = r.path.replace(/:[A-Za-z]+/g, '00000000-0000-4000-8000-000000000000');
      const verb = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(verb)) {
        failures.push(`${r.method} ${r.path}: unexpected method`);
        continue;
      }
      const anonymous = await request(http)[verb](url).send({});
      if (anonymous.status !== 401 || anonymous.body.code !== 'UNAUTHENTICATED') failures.push(`${r.method} ${r.path} without token → ${anonymous.status}`);
      const forged = await request(http)[verb](url).set('Authorization', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.').send({});
      if (forged.status !== 401) failures.push(`${r.method} ${r.path} with alg none → ${forged.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('unknown /api paths are 404 to authenticated and anonymous callers alike, never served by the console', async () => {
    const res = await request(app.getHttpServer()).get('/api/definitely-not-a-route');
    expect([401, 404]).toContain(res.status);
    expect(res.headers['content-type']).toMatch(/application\/json/);
  });
});

describe('console static files', () => {
  let app: INestApplication;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpcflow-console-'));
    fs.mkdirSync(path.join(dir, 'assets'));
    fs.writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>HPC Flow console</title><div id="root"></div>');
    fs.writeFileSync(path.join(dir, 'assets', 'app.js'), 'console.log("hpc")');
    app = await createTestApp({ seed: false, env: { CONSOLE_DIST_PATH: dir } });
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at / and for client-side routes, assets as files, and never shadows /api', async () => {
    const http = app.getHttpServer();
    const root = await request(http).get('/').expect(200);
    expect(root.text).toContain('HPC Flow console');
    expect(root.headers['content-security-policy']).toContain("script-src 'self'");
    const deep = await request(http).get('/processes/cluster-activation:x:protection/show').expect(200);
    expect(deep.text).toContain('HPC Flow console');
    const asset = await request(http).get('/assets/app.js').expect(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const api = await request(http).get('/api/not-a-route').expect(404);
    expect(api.headers['content-type']).toMatch(/application\/json/);
    await request(http).get('/api/me').expect(401);
  });
});
