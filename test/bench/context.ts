// What every scenario gets: settings, the running system, a Temporal client, a pg pool, logged-in users.
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { hpcDataConverter } from '../../apps/api/src/temporal/payload-codec';
import { DEFAULT_TASK_QUEUE } from '../../workflows/contracts/task-queues';
import type { Actor } from '../../workflows/domain';
import type { BenchConfig } from './config';
import { BenchHttp } from './http-client';
import { cpuMs, rssMiB, type BenchInfra } from './infra';

export interface BenchUser {
  token: string;
  /** The Actor the API derives from this token (decoded claims), for the raw drivers and the raw SQL. */
  actor: Actor;
}

export interface RssSample {
  t: number;
  phase: string;
  api?: number;
  worker?: number;
}

/** CPU each process spent per completed operation during one driver run (warm-up included in neither). */
export interface CpuPerOp {
  apiMs: number | null;
  workerMs: number | null;
  /** This bench process (HTTP client, Temporal client, pg client). */
  driverMs: number | null;
}

export interface BenchContext {
  config: BenchConfig;
  infra: BenchInfra;
  http: BenchHttp;
  temporal: Client;
  connection: Connection;
  pool: Pool;
  taskQueue: string;
  users: Record<'ocha' | 'hc' | 'auditor', BenchUser>;
  /** Labels the RSS samples taken from now on. */
  setPhase(phase: string): void;
  rss: RssSample[];
  /** Runs `fn` and reports the CPU api, worker and driver used per operation (`ops` counts warm-up ones too). */
  withCpu<T>(fn: () => Promise<T>, ops: (result: T) => number): Promise<{ result: T; cpu: CpuPerOp }>;
  close(): Promise<void>;
}

export function decodeActor(token: string): Actor {
  const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as {
    sub: string; username: string; displayName: string; roles: Actor['roles']; clusterScopes: Actor['clusterScopes']; organisationId: string | null;
    operationScopes?: string[]; authorisedSignatory?: boolean;
  };
  return {
    id: claims.sub, username: claims.username, displayName: claims.displayName, roles: claims.roles, clusterScopes: claims.clusterScopes,
    operationScopes: claims.operationScopes ?? [], organisationId: claims.organisationId ?? null, authorisedSignatory: claims.authorisedSignatory ?? false,
  };
}

export async function createContext(config: BenchConfig, infra: BenchInfra): Promise<BenchContext> {
  const http = new BenchHttp(infra.apiUrl, Math.max(config.concurrency, 16));
  const connection = await Connection.connect({ address: infra.temporalAddress });
  const temporal = new Client({ connection, namespace: 'default', dataConverter: hpcDataConverter() });
  const pool = new Pool({ connectionString: infra.databaseUrl, max: Math.max(config.concurrency, 4) });
  const users = {} as BenchContext['users'];
  for (const username of ['ocha', 'hc', 'auditor'] as const) {
    const res = await http.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { username, password: infra.demoPassword }, expect: 200 });
    users[username] = { token: res.body.accessToken, actor: decodeActor(res.body.accessToken) };
  }
  const rss: RssSample[] = [];
  let phase = 'setup';
  const timer = setInterval(() => rss.push({ t: Date.now(), phase, api: rssMiB(infra.apiPid()), worker: rssMiB(infra.workerPid()) }), config.rssIntervalMs);
  timer.unref();
  return {
    config,
    infra,
    http,
    temporal,
    connection,
    pool,
    // The API and worker run with the default queue (TEMPORAL_TASK_QUEUE unset in their environment).
    taskQueue: DEFAULT_TASK_QUEUE,
    users,
    setPhase: (p) => {
      phase = p;
    },
    rss,
    withCpu: async (fn, opsOf) => {
      const before = { api: cpuMs(infra.apiPid()), worker: cpuMs(infra.workerPid()), driver: process.cpuUsage() };
      const result = await fn();
      const d = process.cpuUsage(before.driver);
      const n = opsOf(result);
      const per = (b?: number, a?: number) => (a === undefined || b === undefined || !n ? null : Math.round(((a - b) / n) * 100) / 100);
      const cpu: CpuPerOp = {
        apiMs: per(before.api, cpuMs(infra.apiPid())),
        workerMs: per(before.worker, cpuMs(infra.workerPid())),
        driverMs: per(0, (d.user + d.system) / 1000),
      };
      return { result, cpu };
    },
    close: async () => {
      clearInterval(timer);
      http.close();
      await pool.end();
      await connection.close();
    },
  };
}
