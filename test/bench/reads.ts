// Scenario 3: reads at volume. The product (HTTP → Nest → services → TypeORM) against the very SQL those
// services send, captured from the real services through a TypeORM logger and replayed with `pg`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource, type Logger } from 'typeorm';
import { AuthorizationService } from '../../apps/api/src/auth/authorization.service';
import { parseListQuery } from '../../apps/api/src/common/list-query';
import { loadConfig } from '../../apps/api/src/config/app-config';
import { HISTORY_LIST, PROCESSES_LIST, ProcessesService } from '../../apps/api/src/modules/processes/processes.service';
import { TASKS_LIST, TasksService } from '../../apps/api/src/modules/tasks/tasks.service';
import { dataSourceOptions } from '../../apps/api/src/persistence/data-source';
import { AuditEventEntity, ClusterEntity, OperationEntity, OrganisationEntity, ProcessEntity, TaskEntity, UserEntity } from '../../apps/api/src/persistence/entities';
import { AuditEventsRepository, ClustersRepository, OperationsRepository, OrganisationsRepository, ProcessesRepository, TasksRepository, UsersRepository } from '../../apps/api/src/persistence/repositories';
import { IdempotencyKeys } from '../../apps/api/src/common/idempotency-keys';
import type { Actor } from '../../workflows/domain';
import type { BenchContext, BenchUser, CpuPerOp } from './context';
import { DRIVERS, type Driver } from './write-paths';
import { runLoad, type LatencySummary } from './stats';

export interface Statement {
  sql: string;
  params: unknown[];
}

export interface ReadEndpoint {
  name: 'inbox' | 'processes' | 'history';
  description: string;
  user: BenchUser;
  /** One request: the HTTP path and the SQL the services send for it. */
  requests: { path: string; statements: Statement[] }[];
}

export interface ReadRun {
  endpoint: ReadEndpoint['name'];
  driver: Driver;
  pair: number;
  summary: LatencySummary;
  cpu: CpuPerOp;
}

export interface PlanCheck {
  endpoint: string;
  file: string;
  seqScan: boolean;
  executionMs: number | null;
}

class CapturingLogger implements Logger {
  statements: Statement[] | null = null;
  logQuery(query: string, parameters?: unknown[]): void {
    this.statements?.push({ sql: query, params: parameters ?? [] });
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

/** The product's own services over a DataSource whose logger records every statement they send. */
async function capturingServices(ctx: BenchContext) {
  const logger = new CapturingLogger();
  const ds = new DataSource(dataSourceOptions(ctx.infra.databaseUrl, { logging: ['query'], logger, extra: { max: 2 } }));
  await ds.initialize();
  const processesRepo = new ProcessesRepository(ds.getRepository(ProcessEntity));
  const tasksRepo = new TasksRepository(ds.getRepository(TaskEntity));
  const authz = new AuthorizationService();
  const config = loadConfig({ DATABASE_URL: ctx.infra.databaseUrl, TEMPORAL_ADDRESS: ctx.infra.temporalAddress });
  const processes = new ProcessesService(
    ctx.temporal, config, processesRepo, tasksRepo,
    new AuditEventsRepository(ds.getRepository(AuditEventEntity)),
    new OperationsRepository(ds.getRepository(OperationEntity)),
    new ClustersRepository(ds.getRepository(ClusterEntity)),
    new OrganisationsRepository(ds.getRepository(OrganisationEntity)),
    new UsersRepository(ds.getRepository(UserEntity)),
    authz,
  );
  const tasks = new TasksService(ctx.temporal, tasksRepo, processesRepo, processes, authz, new IdempotencyKeys(ds), config);
  const capture = async (fn: () => Promise<unknown>): Promise<Statement[]> => {
    logger.statements = [];
    await fn();
    const out = logger.statements;
    logger.statements = null;
    return out;
  };
  return { processes, tasks, capture, close: () => ds.destroy() };
}

function queryString(params: Record<string, unknown>): string {
  return new URLSearchParams(Object.fromEntries(Object.entries(params).map(([k, v]) => [k, JSON.stringify(v)]))).toString();
}

export async function buildReadEndpoints(ctx: BenchContext, longProcessIds: string[]): Promise<ReadEndpoint[]> {
  const svc = await capturingServices(ctx);
  try {
    // The actors as the API sees them: its user check reads the scopes from the users table (the volume's
    // operations were added after login).
    const { rows } = await ctx.pool.query<{ username: string; operation_scopes: string[] }>(`SELECT username, operation_scopes FROM users WHERE username IN ('hc', 'ocha')`);
    const scoped = (u: BenchUser): BenchUser => ({ ...u, actor: { ...u.actor, operationScopes: rows.find((r) => r.username === u.actor.username)?.operation_scopes ?? [] } });
    const { auditor } = ctx.users;
    const hc = scoped(ctx.users.hc);
    const ocha = scoped(ctx.users.ocha);
    const inboxQuery = { filter: { processType: 'cluster-activation', overdue: false }, sort: ['dueAt', 'ASC'], range: [0, 24] };
    const processesQuery = { filter: { type: 'cluster-activation', status: 'running' }, sort: ['startedAt', 'DESC'], range: [0, 24] };
    const historyQuery = { range: [0, 199] };
    const listQuery = (q: Record<string, unknown>) => Object.fromEntries(Object.entries(q).map(([k, v]) => [k, JSON.stringify(v)]));
    const inbox: ReadEndpoint = {
      name: 'inbox',
      description: `GET /api/tasks?${queryString(inboxQuery)} as hc (open tasks hc may decide, filtered, page of 25 with total)`,
      user: hc,
      requests: [{ path: `/api/tasks?${queryString(inboxQuery)}`, statements: await svc.capture(() => svc.tasks.listJson(hc.actor as Actor, parseListQuery(listQuery(inboxQuery), TASKS_LIST))) }],
    };
    const processes: ReadEndpoint = {
      name: 'processes',
      description: `GET /api/processes?${queryString(processesQuery)} as ocha (filtered page of 25 with total)`,
      user: ocha,
      requests: [{ path: `/api/processes?${queryString(processesQuery)}`, statements: await svc.capture(() => svc.processes.listJson(ocha.actor, parseListQuery(listQuery(processesQuery), PROCESSES_LIST))) }],
    };
    const historyRequests: ReadEndpoint['requests'] = [];
    for (const id of longProcessIds.slice(0, 50)) {
      // The controller's default range, then the caller's.
      const q = parseListQuery({ range: `[0,${HISTORY_LIST.maxPageSize! - 1}]`, ...listQuery(historyQuery) }, HISTORY_LIST);
      historyRequests.push({
        path: `/api/processes/${encodeURIComponent(id)}/history?${queryString(historyQuery)}`,
        statements: await svc.capture(() => svc.processes.historyJson(auditor.actor, id, q)),
      });
    }
    const history: ReadEndpoint = {
      name: 'history',
      description: `GET /api/processes/:id/history?${queryString(historyQuery)} as auditor (200 events of a case, over ${historyRequests.length} cases)`,
      user: auditor,
      requests: historyRequests,
    };
    return [inbox, processes, history];
  } finally {
    await svc.close();
  }
}

/** EXPLAIN (ANALYZE, BUFFERS) of every statement of an endpoint's first request, saved as text. */
export async function explainEndpoints(ctx: BenchContext, endpoints: ReadEndpoint[], dir: string): Promise<PlanCheck[]> {
  fs.mkdirSync(dir, { recursive: true });
  const checks: PlanCheck[] = [];
  for (const ep of endpoints) {
    const { statements } = ep.requests[0];
    let i = 0;
    for (const st of statements) {
      if (!/^\s*SELECT/i.test(st.sql)) continue;
      i += 1;
      const { rows } = await ctx.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${st.sql}`, st.params);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      const file = path.join(dir, `${ep.name}-${i}.txt`);
      fs.writeFileSync(file, `-- ${ep.description}\n-- statement ${i}\n${st.sql}\n-- parameters: ${JSON.stringify(st.params)}\n\n${plan}\n`);
      const exec = /Execution Time: ([\d.]+) ms/.exec(plan);
      checks.push({ endpoint: ep.name, file, seqScan: /Seq Scan/.test(plan), executionMs: exec ? Number(exec[1]) : null });
    }
  }
  return checks;
}

async function replay(ctx: BenchContext, statements: Statement[]): Promise<void> {
  const client = await ctx.pool.connect();
  try {
    for (const st of statements) await client.query(st.sql, st.params);
  } finally {
    client.release();
  }
}

export async function runReadScenario(ctx: BenchContext, endpoints: ReadEndpoint[], log: (line: string) => void): Promise<ReadRun[]> {
  const { config } = ctx;
  const runs: ReadRun[] = [];
  for (const ep of endpoints) {
    for (let pair = 1; pair <= config.pairs; pair++) {
      for (const driver of DRIVERS) {
        ctx.setPhase(`read-${ep.name}:${driver}:${pair}`);
        let n = 0;
        const { result: summary, cpu } = await ctx.withCpu(() => runLoad({ concurrency: config.concurrency, warmupMs: Math.min(config.warmupSeconds, 2) * 1000, measureMs: config.readSeconds * 1000, label: `${ep.name} ${driver}` }, async () => {
          const req = ep.requests[n++ % ep.requests.length];
          if (driver === 'api') await ctx.http.request('GET', req.path, { token: ep.user.token, expect: 200 });
          else await replay(ctx, req.statements);
          return true;
        }), (r) => r.totalOps);
        runs.push({ endpoint: ep.name, driver, pair, summary, cpu });
        log(`read ${ep.name.padEnd(9)} ${driver.padEnd(3)} pair ${pair}: ${summary.throughput}/s p50 ${summary.p50} p95 ${summary.p95} ms, errors ${summary.errors}; CPU/op api ${cpu.apiMs} driver ${cpu.driverMs} ms`);
      }
    }
  }
  return runs;
}
