// The authorisation matrix, generated from the route table (Nest's metadata) and the roles: every route has a
// rule here (a new route without one fails), and every route × role × own/other scope cell that the rule decides
// by itself (GET routes, and any route whose gate is @Roles) is called over HTTP and checked. Rules that depend
// on a case's state (a decision, a submission) name the suite that proves them.
import type { INestApplication } from '@nestjs/common';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { IS_PUBLIC_KEY, ROLES_KEY } from '../../apps/api/src/auth/decorators';
import { ROLES, type Role } from '../../workflows/domain';
import { createOperation, createOrganisation, uniqueSuffix } from '../factories';
import { bearer, createTestApp, loginAs } from '../utils/http';

type Rule =
  | { kind: 'public' }
  /** Any signed-in user passes the gate (what they see is their own, or filtered by read scope). */
  | { kind: 'any' }
  /** Only these roles pass the gate; the others get 403 (with `operation`: hc/ocha/advisory_board of another operation too). */
  | { kind: 'roles'; roles: readonly Role[]; operation?: true }
  /** A case route: whoever may read the case (mayReadProcess) passes; a scoped role of another scope gets 403. */
  | { kind: 'case'; roles?: readonly Role[] }
  /** Depends on the state of a case or a body (a decision, a submission, a start): proven in that suite. */
  | { kind: 'elsewhere'; suite: string };

const any: Rule = { kind: 'any' };
const admin: Rule = { kind: 'roles', roles: ['admin'] };
const elsewhere = (suite: string): Rule => ({ kind: 'elsewhere', suite });

/** THE table: one rule per route. A route missing here, or a rule for a route that no longer exists, fails. */
const RULES: Record<string, Rule> = {
  'POST /api/auth/login': { kind: 'public' },
  'GET /api/auth/oidc': { kind: 'public' },
  'GET /api/auth/oidc/start': { kind: 'public' },
  'GET /api/auth/oidc/callback': { kind: 'public' },
  'POST /api/auth/oidc/ticket': { kind: 'public' },
  'GET /api/auth/oidc/settings': admin,
  'PUT /api/auth/oidc/settings': admin,
  'GET /api/health': { kind: 'public' },
  'GET /api/health/live': { kind: 'public' },
  'GET /api/health/ready': { kind: 'public' },
  'GET /api/me': any,
  'GET /api/users': admin,
  'GET /api/users/:id': admin,
  'POST /api/users': admin,
  'PUT /api/users/:id': admin,
  'GET /api/organisations': any,
  'GET /api/organisations/:id': any,
  'POST /api/organisations': admin,
  'PUT /api/organisations/:id': admin,
  'GET /api/operations': any,
  'GET /api/operations/:id': any,
  'POST /api/operations': { kind: 'roles', roles: ['admin', 'ocha'] },
  'PUT /api/operations/:id': { kind: 'roles', roles: ['admin', 'ocha'], operation: true },
  'PATCH /api/operations/:id/settings': { kind: 'roles', roles: ['admin', 'ocha'], operation: true },
  'GET /api/process-definitions': any,
  'GET /api/process-definitions/:type': any,
  'POST /api/processes': elsewhere('processes.integration-spec.ts (start roles and operation scope per definition)'),
  'GET /api/processes': any,
  'GET /api/processes/:id': { kind: 'case' },
  'GET /api/processes/:id/children': { kind: 'case' },
  'GET /api/processes/:id/history': { kind: 'case' },
  'GET /api/processes/:id/submissions': { kind: 'case' },
  'GET /api/processes/:id/temporal-history': { kind: 'case', roles: ['admin', 'auditor'] },
  'POST /api/processes/:id/submissions': elsewhere('pooled-funds.integration-spec.ts (window kinds: roles, invited organisations)'),
  'POST /api/processes/:id/actions': elsewhere('processes.integration-spec.ts (case actions by scope)'),
  'POST /api/processes/:id/incident/retry': elsewhere('security.integration-spec.ts (incidents: admin only)'),
  'POST /api/processes/:id/cancel': elsewhere('processes.integration-spec.ts (admin only, running cases)'),
  'GET /api/tasks': any,
  'GET /api/tasks/:id': elsewhere('read-scope.integration-spec.ts (deciders and readers of the case)'),
  'POST /api/tasks/:id/decision': elsewhere('inbox-authorization.integration-spec.ts (role, scope, four-eyes, recusal)'),
  'GET /api/audit/verify': elsewhere('read-scope.integration-spec.ts (readers of the case)'),
  'GET /api/notifications': any,
  'POST /api/notifications/:id/read': any,
  'GET /api/clusters': any,
  'GET /api/clusters/:id': any,
  'GET /api/clusters/:id/members': any,
  'POST /api/clusters/:id/members': elsewhere('organisational-model.integration-spec.ts (the cluster\'s lead, OCHA of its operation, a partner for itself)'),
  'PATCH /api/clusters/:id/members/:organisationId': elsewhere('organisational-model.integration-spec.ts (the cluster\'s lead and OCHA)'),
  'DELETE /api/clusters/:id/members/:organisationId': elsewhere('organisational-model.integration-spec.ts (managers, or a partner leaving)'),
  'GET /api/delegations': any,
  'POST /api/delegations': elsewhere('delegation.integration-spec.ts (a user delegates their own roles in scope)'),
  'GET /api/delegations/tasks': any,
  'GET /api/delegations/:id': elsewhere('delegation.integration-spec.ts (delegator, delegate or admin)'),
  'POST /api/delegations/:id/end': elsewhere('delegation.integration-spec.ts (the delegator or an admin)'),
  'GET /api/mail/preferences': any,
  'PUT /api/mail/preferences': any,
  'GET /api/mail/preferences/:userId': admin,
  'PUT /api/mail/preferences/:userId': admin,
  'POST /api/live/ticket': any,
  // EventSource cannot send a bearer token: the stream takes the single-use ticket of POST /api/live/ticket instead.
  'GET /api/live': { kind: 'public' },
  'GET /api/metrics': { kind: 'public' },
  'GET /api/hpc/cycles/open-tasks': any,
  'GET /api/hpc/cycles/:id': elsewhere('hpc-cycle.integration-spec.ts (readers of the cycle case)'),
  'GET /api/hpc/cycles/:id/matrix': elsewhere('hpc-cycle.integration-spec.ts'),
  'GET /api/hpc/cycles/:id/needs': elsewhere('hpc-cycle.integration-spec.ts'),
  'GET /api/hpc/cycles/:id/needs.csv': elsewhere('hpc-cycle.integration-spec.ts'),
  'GET /api/hpc/cycles/:id/jiaf': elsewhere('hpc-cycle.integration-spec.ts'),
  'GET /api/hpc/cycles/:id/jiaf.csv': elsewhere('hpc-cycle.integration-spec.ts'),
  'GET /api/hpc/cycles/:id/projects': elsewhere('hpc-cycle.integration-spec.ts'),
  'POST /api/hpc/cycles/:id/trigger': elsewhere('hpc-cycle.integration-spec.ts'),
  'GET /api/pooled-funds/allocations/:id': elsewhere('pooled-funds.integration-spec.ts (readers of the allocation case)'),
  'POST /api/pooled-funds/allocations/:id/bulk-endorse': elsewhere('pooled-funds.integration-spec.ts'),
  'GET /api/pooled-funds/allocations/:id/decisions.csv': elsewhere('pooled-funds.integration-spec.ts'),
  'GET /api/duties/compliance': elsewhere('ccpm-anonymity.integration-spec.ts (needs operationId; the operation\'s HC/OCHA, the cluster\'s leads, global readers)'),
  'GET /api/duties/compliance.csv': elsewhere('ccpm-anonymity.integration-spec.ts'),
  // Every reader passes; each sees only the clusters of its scope (a partner: none).
  'GET /api/duties/worst-offenders': any,
  'POST /api/temporal-codec/decode': { kind: 'roles', roles: ['admin', 'auditor'] },
  'POST /api/temporal-codec/encode': { kind: 'roles', roles: ['admin', 'auditor'] },
};

interface Route {
  method: string;
  path: string;
  isPublic: boolean;
  roles: Role[] | null;
}

function joinPath(...parts: (string | undefined)[]): string {
  return '/' + parts.flatMap((p) => (p ?? '').split('/')).filter(Boolean).join('/');
}

/** Every route of the running app from Nest's metadata (as route-guards.integration-spec.ts lists them), with its @Roles. */
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
        const roles = (Reflect.getMetadata(ROLES_KEY, handler) ?? Reflect.getMetadata(ROLES_KEY, ctrl) ?? null) as Role[] | null;
        for (const cp of ctrlPaths) {
          for (const mp of ([] as string[]).concat(methodPath)) routes.push({ method, path: joinPath('api', cp, mp), isPublic, roles });
        }
      }
    }
  }
  return routes;
}

const SCOPED: readonly Role[] = ['hc', 'ocha', 'advisory_board', 'cluster_lead', 'partner'];
type Scope = 'own' | 'other' | 'global';

describe('authorisation matrix (route × role × own/other scope)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let routes: Route[];
  const H: Record<string, { Authorization: string }> = {};
  const ids: Record<string, string> = {};
  const http = () => request(app.getHttpServer());
  const cellKey = (role: Role, scope: Scope) => `${role}/${scope}`;

  beforeAll(async () => {
    app = await createTestApp();
    ds = app.get(DataSource);
    routes = discoverRoutes(app);
    H.admin = bearer(await loginAs(app, 'admin'));
    const [opA, opB] = [await createOperation(ds), await createOperation(ds)];
    const [orgX, orgY] = [await createOrganisation(ds, 'ingo'), await createOrganisation(ds, 'lngo')];
    const scopes: Record<'own' | 'other', { op: string; org: string }> = { own: { op: opA, org: orgX }, other: { op: opB, org: orgY } };
    const user = async (role: Role, scope: Scope) => {
      const s = scope === 'global' ? null : scopes[scope];
      const body: Record<string, unknown> = { username: `m.${role}.${scope}.${uniqueSuffix()}`, displayName: `Matrix ${role} ${scope}`, password: 'matrix-pass-1', roles: [role] };
      if (s && ['hc', 'ocha', 'advisory_board'].includes(role)) body.operationScopes = [s.op];
      if (s && role === 'cluster_lead') Object.assign(body, { clusterScopes: [{ operationId: s.op, sector: 'protection' }], organisationId: s.org });
      if (s && role === 'partner') body.organisationId = s.org;
      const res = await http().post('/api/users').set(H.admin).send(body);
      expect(res.status).toBe(201);
      H[cellKey(role, scope)] = bearer(await loginAs(app, body.username as string, 'matrix-pass-1'));
      if (role === 'admin' && scope === 'global') ids.user = res.body.id;
    };
    for (const role of ROLES) {
      if (SCOPED.includes(role)) {
        await user(role, 'own');
        await user(role, 'other');
      } else await user(role, 'global');
    }
    // A case of the "own" scope: opA, about orgX (the read model row the worker would write).
    ids.process = `matrix-case:${uniqueSuffix()}`;
    await ds.query(
      `INSERT INTO processes (id, type, title, status, operation_id, sector, subject, started_at, updated_at)
       VALUES ($1, 'cluster-activation', 'Matrix case', 'running', $2, 'protection', $3, now(), now())`,
      [ids.process, opA, JSON.stringify({ operationId: opA, sector: 'protection', organisationId: orgX })],
    );
    ids.operation = opA;
    ids.organisation = orgX;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
  });

  it('every route has a rule, and every rule names a route that exists', () => {
    const keys = routes.map((r) => `${r.method} ${r.path}`);
    const missing = keys.filter((k) => !(k in RULES));
    const stale = Object.keys(RULES).filter((k) => !keys.includes(k));
    if (missing.length || stale.length) {
      throw new Error(
        `the authorisation matrix (RULES in this file) must name every route: add a rule for ${missing.join(', ') || '(none)'}; remove the rule for ${stale.join(', ') || '(none)'}`,
      );
    }
  });

  it('public rules are exactly the @Public() routes, and role rules match the routes\' @Roles', () => {
    for (const r of routes) {
      const rule = RULES[`${r.method} ${r.path}`];
      if (!rule) continue;
      expect([r.method, r.path, rule.kind === 'public']).toEqual([r.method, r.path, r.isPublic]);
      if (r.roles) expect([r.method, r.path, rule.kind === 'roles' ? [...rule.roles].sort() : rule.kind]).toEqual([r.method, r.path, [...r.roles].sort()]);
    }
  });

  it('every decidable cell answers as its rule says', async () => {
    const cells: { role: Role; scope: Scope }[] = ROLES.flatMap((role) => (SCOPED.includes(role) ? [{ role, scope: 'own' as Scope }, { role, scope: 'other' as Scope }] : [{ role, scope: 'global' as Scope }]));
    const param = (path: string) =>
      path
        .replace(/^\/api\/processes\/:id/, `/api/processes/${encodeURIComponent(ids.process)}`)
        .replace(/^\/api\/operations\/:id/, `/api/operations/${ids.operation}`)
        .replace(/^\/api\/organisations\/:id/, `/api/organisations/${ids.organisation}`)
        .replace(/^\/api\/users\/:id/, `/api/users/${ids.user}`)
        .replace(/^\/api\/process-definitions\/:type/, '/api/process-definitions/cluster-activation')
        .replace(/:[A-Za-z]+/g, '1');
    const wrong: string[] = [];
    let checked = 0;
    for (const r of routes) {
      const rule = RULES[`${r.method} ${r.path}`];
      if (!rule || rule.kind === 'public' || rule.kind === 'elsewhere') continue;
      // Only GET routes and @Roles-gated routes are decided by the rule alone (a body or a state decides the rest).
      if (r.method !== 'GET' && !r.roles) continue;
      for (const { role, scope } of cells) {
        const allowed =
          rule.kind === 'any' ? true
            : rule.kind === 'roles' ? rule.roles.includes(role) && !(rule.operation && scope === 'other')
              : (scope !== 'other' || ['erc', 'auditor', 'admin', 'fund_signatory'].includes(role)) && (!rule.roles || rule.roles.includes(role));
        const verb = r.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
        const res = await http()[verb](param(r.path)).set(H[cellKey(role, scope)]).send(r.method === 'GET' ? undefined : {});
        checked += 1;
        const gatePassed = res.status !== 401 && res.status !== 403;
        // 503: Temporal has no such workflow for the fixture row (an answer past the gate, not an authorisation one).
        if (gatePassed !== allowed || (res.status >= 500 && res.status !== 503)) wrong.push(`${r.method} ${r.path} as ${role} (${scope}): ${res.status}, expected ${allowed ? 'to pass' : '403'}`);
      }
    }
    console.log(`authorisation matrix: ${routes.length} routes with a rule, ${checked} cells called (${cells.length} role × scope cells each), ${wrong.length} wrong`);
    expect(wrong).toEqual([]);
  }, 120_000);
});
