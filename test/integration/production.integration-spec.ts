// The production path's refusals and first steps, against a real PostgreSQL and real Temporal dev servers:
// a stale schema and a namespace without the search attributes stop the API with one line; migrations run
// once under the lock and carry the previous release's data forward; the first admin; health and draining.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, auditEventHash, verifyChain } from '../../activities/audit-hash';
import { createApp } from '../../apps/api/src/app.factory';
import { MIGRATIONS } from '../../migrations';
import { dataSourceOptions, migrate, schemaProblem, schemaStatus } from '../../apps/api/src/persistence/data-source';
import { checkNamespace, checkNamespaceAtBoot, namespaceProblem } from '../../apps/api/src/temporal/namespace-check';
import { bootstrapAdmin, createAdmin, AdminInputError } from '../../apps/cli/src/admin';
import { createDatabaseIfMissing, databaseUrlFor, dropDatabase } from '../../apps/cli/src/database';
import { findFreePort } from '../../apps/cli/src/net';
import { startDevServer, type RunningDevServer } from '../../apps/cli/src/temporal-dev-server';
import { seedDemoData } from '../../apps/api/src/modules/seed/demo-data';
import { uniqueSuffix } from '../factories';
import { sampleInput, type Field } from '../utils/sample-input';
import { testDatabaseUrl } from '../utils/postgres';

const ROOT = path.resolve(__dirname, '..', '..');
const REGISTER_TS = path.join(ROOT, 'test', 'factories', 'register-ts.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point as the service would (a child process), with a hard time limit. */
function runTs(entry: string, args: string[], env: NodeJS.ProcessEnv, stdin?: string, timeoutMs = 60_000): Promise<Exit> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', REGISTER_TS, path.join(ROOT, entry), ...args], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} did not exit within ${timeoutMs} ms; stderr: ${stderr.slice(-500)}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(stdin ?? '');
  });
}

function serverUrl(): string {
  return databaseUrlFor(testDatabaseUrl(), 'postgres');
}

const productionEnv = (over: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({
  ...process.env,
  NODE_ENV: 'production',
  PORT: '0',
  LOG_LEVEL: 'warn',
  DEMO_PASSWORD: undefined,
  HPC_BOOTSTRAP_ADMIN: undefined,
  ...over,
});

describe('production path', () => {
  const databases: string[] = [];

  async function freshDatabase(): Promise<string> {
    const name = `hpcflow_prod_${uniqueSuffix().replace(/\W/g, '_')}_${databases.length}`.toLowerCase().slice(0, 60);
    await createDatabaseIfMissing(serverUrl(), name);
    databases.push(name);
    return databaseUrlFor(serverUrl(), name);
  }

  afterAll(async () => {
    for (const name of databases) await dropDatabase(serverUrl(), name).catch(() => undefined);
  });

  describe('migrations', () => {
    it("carries the previous release's data forward, once, under the lock; a stale schema stops the API with one line", async () => {
      const url = await freshDatabase();
      // The previous release: the first migration only, with data in every table it made.
      await migrate(url, { migrations: [MIGRATIONS[0]] });
      const ds = await new DataSource(dataSourceOptions(url, { migrations: [] })).initialize();
      const [org] = await ds.query(`INSERT INTO organisations (name, type) VALUES ('UNHCR', 'un-agency') RETURNING id`);
      const [op] = await ds.query(`INSERT INTO operations (name, country_iso3, type) VALUES ('Old operation', 'SSD', 'protracted') RETURNING id`);
      const [user] = await ds.query(
        `INSERT INTO users (username, display_name, password_hash, roles, cluster_scopes, organisation_id) VALUES ('old.lead', 'Old Lead', 'x', '{cluster_lead}', $1, $2) RETURNING id`,
        [JSON.stringify([{ operationId: op.id, sector: 'protection' }]), org.id],
      );
      await ds.query(`INSERT INTO clusters (operation_id, sector, lead_agency, status, activated_at) VALUES ($1, 'protection', 'UNHCR', 'active', now())`, [op.id]);
      const processId = `cluster-activation:${op.id}:protection`;
      await ds.query(
        `INSERT INTO processes (id, type, title, status, operation_id, sector, started_at, updated_at, last_seq) VALUES ($1, 'cluster-activation', 'Old case', 'running', $2, 'protection', now(), now(), 2)`,
        [processId, op.id],
      );
      await ds.query(
        `INSERT INTO tasks (id, process_id, process_type, step_id, title, roles, operation_id, sector, decisions, status, created_at, updated_at, last_seq)
         VALUES ($1, $2, 'cluster-activation', 'hc-endorsement', 'Endorse', '{hc}', $3, 'protection', '{endorse}', 'open', now(), now(), 2)`,
        [`${processId}/hc-endorsement/1`, processId, op.id],
      );
      let prev = GENESIS_HASH;
      for (const [seq, type] of [[1, 'process-started'], [2, 'task-opened']] as const) {
        const e = { processId, seq, at: new Date(Date.UTC(2026, 0, seq)).toISOString(), type, actor: { id: user.id, username: 'old.lead' }, stepId: null, taskId: null, decision: null, comment: null, data: null, prevHash: prev };
        const hash = auditEventHash(e);
        await ds.query(
          `INSERT INTO audit_events (process_id, seq, at, type, actor, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [processId, seq, e.at, type, JSON.stringify(e.actor), prev, hash],
        );
        prev = hash;
      }
      await ds.query(`INSERT INTO notifications (user_id, type, message, dedupe_key) VALUES ($1, 'task-opened', 'old', 'old-1')`, [user.id]);
      await ds.destroy();

      const stale = await schemaStatus(url);
      expect(stale.pending).toEqual(MIGRATIONS.slice(1).map((m) => new m().name));
      expect(schemaProblem(stale)).toContain('run `npm run migrate` (the upgrade step)');

      // An API on this schema refuses to start, with one line.
      const refused = await runTs('apps/api/src/main.ts', [], productionEnv({ DATABASE_URL: url }));
      expect(refused.code).toBe(1);
      const lines = refused.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^HPC Flow API failed to start: the database schema is behind this release: \d+ migration\(s\) pending .*npm run migrate/);

      // Two instances upgrading at once: the lock makes one run the migrations and the other find nothing to do.
      const waits: string[] = [];
      const [a, b] = await Promise.all([migrate(url, { onWait: (m) => waits.push(m) }), migrate(url, { onWait: (m) => waits.push(m) })]);
      expect([...a, ...b].sort()).toEqual(MIGRATIONS.slice(1).map((m) => new m().name).sort());
      expect(a.length === 0 || b.length === 0).toBe(true);
      expect(await schemaStatus(url)).toEqual({ pending: [], unknown: [] });

      const after = await new DataSource(dataSourceOptions(url)).initialize();
      try {
        expect(await after.query(`SELECT username FROM users`)).toEqual([{ username: 'old.lead' }]);
        expect(await after.query(`SELECT count(*)::int AS n FROM clusters WHERE operation_id = $1 AND status = 'active'`, [op.id])).toEqual([{ n: 1 }]);
        expect(await after.query(`SELECT count(*)::int AS n FROM tasks WHERE process_id = $1`, [processId])).toEqual([{ n: 1 }]);
        expect(await after.query(`SELECT count(*)::int AS n FROM notifications`)).toEqual([{ n: 1 }]);
        const events = await after.query(
          `SELECT process_id AS "processId", seq, at, type, actor, step_id AS "stepId", task_id AS "taskId", decision, comment, data, prev_hash AS "prevHash", hash FROM audit_events WHERE process_id = $1 ORDER BY seq`,
          [processId],
        );
        expect(events).toHaveLength(2);
        expect(verifyChain(events)).toBeNull();
      } finally {
        await after.destroy();
      }
    }, 120_000);
  });

  describe('the first administrator', () => {
    let url: string;
    let app: INestApplication | undefined;

    beforeAll(async () => {
      url = await freshDatabase();
      await migrate(url);
    });

    afterAll(async () => {
      await app?.close();
    });

    it('bootstraps from HPC_BOOTSTRAP_ADMIN only while no active admin exists, records it, and the admin signs in', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-bootstrap-'));
      const file = path.join(dir, 'admin-password');
      fs.writeFileSync(file, 'a long first password\n', { mode: 0o600 });
      const lines: string[] = [];
      // a bootstrap that cannot work stops the start with the variable and the rule, and creates nothing
      await expect(bootstrapAdmin(url, { HPC_BOOTSTRAP_ADMIN: 'first.admin', HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE: path.join(dir, 'missing') }, () => undefined)).rejects.toThrow(
        `HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE ${path.join(dir, 'missing')} cannot be read: ENOENT`,
      );
      await expect(bootstrapAdmin(url, { HPC_BOOTSTRAP_ADMIN: 'first.admin' }, () => undefined)).rejects.toThrow(
        'HPC_BOOTSTRAP_ADMIN is set without HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE or HPC_BOOTSTRAP_ADMIN_PASSWORD',
      );
      await expect(bootstrapAdmin(url, { HPC_BOOTSTRAP_ADMIN: 'first.admin', HPC_BOOTSTRAP_ADMIN_PASSWORD: 'short' }, () => undefined)).rejects.toThrow(AdminInputError);
      const env = { HPC_BOOTSTRAP_ADMIN: 'first.admin', HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE: file };
      expect(await bootstrapAdmin(url, env, (l) => lines.push(l))).toEqual({ outcome: 'created', username: 'first.admin' });
      expect(lines[0]).toContain('first administrator first.admin created from HPC_BOOTSTRAP_ADMIN');
      // a second start (or a second instance) does nothing, even with another password
      expect(await bootstrapAdmin(url, { HPC_BOOTSTRAP_ADMIN: 'first.admin', HPC_BOOTSTRAP_ADMIN_PASSWORD: 'another password!' }, (l) => lines.push(l))).toEqual({ outcome: 'admin-exists' });
      expect(await bootstrapAdmin(url, { HPC_BOOTSTRAP_ADMIN: 'second.admin' }, () => undefined)).toEqual({ outcome: 'admin-exists' });
      fs.rmSync(dir, { recursive: true, force: true });

      app = await createApp({ env: { NODE_ENV: 'production', DATABASE_URL: url, DEMO_PASSWORD: undefined } });
      await app.init();
      const login = await request(app.getHttpServer()).post('/api/auth/login').send({ username: 'first.admin', password: 'a long first password' });
      expect(login.status).toBe(200);
      const me = await request(app.getHttpServer()).get('/api/me').set('Authorization', `Bearer ${login.body.accessToken}`);
      expect(me.body).toMatchObject({ username: 'first.admin', roles: ['admin'], active: true });

      const ds = await new DataSource(dataSourceOptions(url)).initialize();
      try {
        const events = await ds.query(`SELECT type, actor, subject, data FROM system_events ORDER BY id`);
        expect(events).toEqual([{ type: 'admin-bootstrapped', actor: 'HPC_BOOTSTRAP_ADMIN', subject: `user:${me.body.id}`, data: { username: 'first.admin', displayName: 'first.admin' } }]);
        await expect(ds.query(`DELETE FROM system_events`)).rejects.toThrow('system_events is append-only');
      } finally {
        await ds.destroy();
      }
    }, 60_000);

    it('npm run admin:create reads the password from stdin, never from a flag, and refuses an existing username', async () => {
      const env = productionEnv({ DATABASE_URL: url });
      const created = await runTs('apps/cli/src/hpc.ts', ['admin:create', '--username', 'second.admin', '--display-name', 'Second Admin'], env, 'another long password\n');
      expect(created.stderr).toBe('');
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('administrator second.admin created');
      const login = await request(app!.getHttpServer()).post('/api/auth/login').send({ username: 'second.admin', password: 'another long password' });
      expect(login.status).toBe(200);

      const flagged = await runTs('apps/cli/src/hpc.ts', ['admin:create', '--username', 'third.admin', '--password', 'x'], env);
      expect(flagged.code).toBe(1);
      expect(flagged.stderr.trim()).toBe('[hpc-flow] error: the password is never a flag (it would stay in the shell history and in `ps`): type it at the prompt or pipe it on stdin');

      const short = await runTs('apps/cli/src/hpc.ts', ['admin:create', '--username', 'third.admin'], env, 'short\n');
      expect(short.code).toBe(1);
      expect(short.stderr.trim()).toBe('[hpc-flow] error: password must be at least 12 characters');

      await expect(createAdmin(url, { username: 'SECOND.admin', displayName: 'Dup', password: 'yet another password' }, 'admin-created')).rejects.toThrow(AdminInputError);
      await expect(createAdmin(url, { username: 'SECOND.admin', displayName: 'Dup', password: 'yet another password' }, 'admin-created')).rejects.toThrow('username SECOND.admin already exists');
    }, 120_000);
  });

  describe('a namespace without the search attributes', () => {
    let bare: RunningDevServer;
    let app: INestApplication;

    beforeAll(async () => {
      bare = await startDevServer({ cliPath: process.env.TEMPORAL_CLI_PATH!, port: await findFreePort(), logLevel: 'error', searchAttributes: false });
      app = await createApp({ env: { TEMPORAL_ADDRESS: bare.address, TEMPORAL_NAMESPACE: 'default' } });
      await app.init();
      await seedDemoData(app.get(DataSource), { password: 'demo12345' });
    }, 60_000);

    afterAll(async () => {
      await app?.close();
      await bare?.stop();
    });

    it('is reported by the check, by /api/health as misconfigured, and the API refuses to start with one line of commands', async () => {
      const connection = await Connection.connect({ address: bare.address });
      try {
        const check = await checkNamespace(connection, 'default', { register: false });
        expect(check.missing.map((m) => m.name)).toEqual(['HpcProcessType', 'HpcStatus', 'HpcOperationId', 'HpcClusterId', 'HpcAwaitingRoles']);
        expect(namespaceProblem(check, 'default', bare.address)).toContain(`temporal operator search-attribute create --address ${bare.address} --namespace default --name HpcAwaitingRoles --type KeywordList`);
      } finally {
        await connection.close();
      }

      const health = await request(app.getHttpServer()).get('/api/health');
      expect(health.status).toBe(503);
      expect(health.body).toEqual({ status: 'error', database: 'up', temporal: 'misconfigured' });
      expect((await request(app.getHttpServer()).get('/api/health/live')).status).toBe(200);
      const ready = await request(app.getHttpServer()).get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body).toMatchObject({ temporal: 'misconfigured', draining: false });

      const refused = await runTs('apps/api/src/main.ts', [], productionEnv({ TEMPORAL_ADDRESS: bare.address, TEMPORAL_NAMESPACE: 'default', TEMPORAL_REGISTER_SEARCH_ATTRIBUTES: 'false' }));
      expect(refused.code).toBe(1);
      const lines = refused.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^HPC Flow API failed to start: Temporal namespace default lacks the search attributes HpcProcessType, HpcStatus, HpcOperationId, HpcClusterId, HpcAwaitingRoles; run: /);
      expect(lines[0].match(/temporal operator search-attribute create --address \S+ --namespace default --name Hpc\w+ --type Keyword(List)?/g)).toHaveLength(5);
    }, 120_000);

    it('turns the start that used to be a bare 500 into a 503 with a plain message and the request id', async () => {
      const http = () => request(app.getHttpServer());
      const hc = await http().post('/api/auth/login').send({ username: 'hc', password: 'demo12345' });
      const H = { Authorization: `Bearer ${hc.body.accessToken}` };
      const ds = app.get(DataSource);
      const [op] = await ds.query(`SELECT id FROM operations WHERE name = 'South Sudan 2026'`);
      const [org] = await ds.query(`SELECT id FROM organisations WHERE name = 'UNHCR'`);
      const def = await http().get('/api/process-definitions/cluster-activation').set(H);
      expect(def.status).toBe(200);
      const sector = (def.body.input as Field[]).find((f) => f.name === 'sector')?.options?.find((o) => o === 'education') ?? 'education';
      const input = sampleInput(def.body.input, { operation: op.id, organisation: org.id }, { sector });
      const res = await http().post('/api/processes').set({ ...H, 'X-Request-Id': 'req-misconfigured-1' }).send({ type: 'cluster-activation', input });
      expect(res.status).toBe(503);
      expect(res.headers['x-request-id']).toBe('req-misconfigured-1');
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        code: 'DEPENDENCY_UNAVAILABLE',
        message: "the workflow service is misconfigured (its namespace lacks HPC Flow's search attributes; the API log names the commands that fix it) (request id req-misconfigured-1)",
        details: { requestId: 'req-misconfigured-1' },
      });
    }, 30_000);

    it('answers 503 with a generated request id when Temporal is unreachable', async () => {
      const down = await createApp({ env: { TEMPORAL_ADDRESS: `127.0.0.1:${await findFreePort()}` } });
      await down.init();
      try {
        const auditor = await request(down.getHttpServer()).post('/api/auth/login').send({ username: 'auditor', password: 'demo12345' });
        const ds = down.get(DataSource);
        const id = `it-production-503:${uniqueSuffix()}`;
        await ds.query(`INSERT INTO processes (id, type, title, status, started_at, updated_at) VALUES ($1, 'cluster-activation', 'Unreachable', 'running', now(), now())`, [id]);
        const res = await request(down.getHttpServer()).get(`/api/processes/${encodeURIComponent(id)}/temporal-history`).set('Authorization', `Bearer ${auditor.body.accessToken}`);
        expect(res.status).toBe(503);
        const requestId = res.headers['x-request-id'];
        expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(res.body.message).toBe(`the workflow service is unavailable; retry shortly (request id ${requestId})`);
        expect(res.body.details).toEqual({ requestId });
      } finally {
        await down.close();
      }
    }, 60_000);

    it('registers the missing attributes where the operator service allows it', async () => {
      const check = await checkNamespaceAtBoot({ address: bare.address, namespace: 'default' }, { address: bare.address }, (o) => Connection.connect(o), 10_000, true);
      expect(check).toEqual({ kind: 'ok', registered: ['HpcProcessType', 'HpcStatus', 'HpcOperationId', 'HpcClusterId', 'HpcAwaitingRoles'] });
    }, 30_000);
  });

  describe('health and shutdown', () => {
    it('answers live and ready, and turns not-ready while it drains before closing', async () => {
      const app = await createApp({ env: { SHUTDOWN_DRAIN_MS: '1500' } });
      await app.listen(0, '127.0.0.1');
      const server = app.getHttpServer();
      expect((await request(server).get('/api/health/ready')).body).toEqual({ status: 'ok', database: 'up', temporal: 'up', draining: false });
      // Nest's close(signal) runs the shutdown hooks as a SIGTERM would
      const closing = (app as unknown as { close(signal?: string): Promise<void> }).close('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      const ready = await request(server).get('/api/health/ready');
      expect(ready.status).toBe(503);
      expect(ready.body.draining).toBe(true);
      expect((await request(server).get('/api/health/live')).status).toBe(200);
      await closing;
    }, 30_000);
  });
});
