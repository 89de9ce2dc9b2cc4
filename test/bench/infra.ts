// Brings up what the bench measures, with the launcher's own functions: a headless Temporal dev server on
// local disk, a fresh database (configured server or embedded PostgreSQL), one API and one worker process.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, migrate } from '../../apps/api/src/persistence/data-source';
import { seedDemoData } from '../../apps/api/src/modules/seed/demo-data';
import { checkDatabase, createDatabaseIfMissing, databaseUrlFor, dropDatabase } from '../../apps/cli/src/database';
import { startEmbeddedPostgres } from '../../apps/cli/src/embedded-postgres';
import { findFreePort, waitUntil } from '../../apps/cli/src/net';
import { SupervisedProcess, tailFile } from '../../apps/cli/src/supervisor';
import { WORKFLOW_BUNDLE_ENV } from '../../apps/worker/src/workflow-bundle-file';
import { heapArgs, heapLimits } from '../../apps/cli/src/launcher-config';
import { resolveTemporalCli } from '../../apps/cli/src/temporal-binaries';
import { startDevServer } from '../../apps/cli/src/temporal-dev-server';

export interface BenchInfra {
  workDir: string;
  logDir: string;
  databaseUrl: string;
  databaseSource: 'configured' | 'embedded';
  temporalAddress: string;
  temporalCliPath: string;
  apiUrl: string;
  apiPid: () => number | undefined;
  workerPid: () => number | undefined;
  /** The Temporal dev server's process and its SQLite file. */
  temporalPid: () => number | undefined;
  temporalDbFile: string;
  /** Password of the seeded demo users in this bench database. */
  demoPassword: string;
  /** Set when the api or worker crashed: the run is void. */
  crashed: () => string | undefined;
  /**
   * One more API or worker process, from the same build and with the same environment (database, Temporal, task
   * queue, JWT secret, payload keys), for the scale-out scenario: an API gets its own port and is healthy when this
   * resolves; a worker has only been spawned (it polls once its bundle is loaded). Stopped with the rest.
   */
  startExtra(kind: 'api' | 'worker', name: string): Promise<ExtraProcess>;
  stop(): Promise<void>;
}

export interface ExtraProcess {
  name: string;
  pid: () => number | undefined;
  /** An API's base URL. */
  url?: string;
}

const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

/** Stops what a startInfra still under way has started so far (Ctrl-C before it returned); undefined otherwise. */
let stopStarting: (() => Promise<void>) | undefined;
export const stopInfraStarting = (): Promise<void> => stopStarting?.() ?? Promise.resolve();

export async function startInfra(opts: { keepDatabase: boolean }): Promise<BenchInfra> {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpc-flow-bench-'));
  // As root, embedded PostgreSQL runs as the `postgres` user, which must reach its data directory.
  fs.chmodSync(workDir, 0o755);
  const logDir = path.join(workDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const cleanups: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (let c = cleanups.pop(); c; c = cleanups.pop()) {
      try {
        await c();
      } catch (err) {
        process.stderr.write(`[bench] cleanup failed: ${(err as Error).message}\n`);
      }
    }
  };
  stopStarting = stop;

  try {
    // PostgreSQL: a fresh database on the configured server, else an embedded server in the work dir.
    let serverUrl: string;
    let databaseSource: BenchInfra['databaseSource'];
    if (process.env.DATABASE_URL) {
      await checkDatabase(process.env.DATABASE_URL);
      serverUrl = process.env.DATABASE_URL;
      databaseSource = 'configured';
    } else {
      const pg = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), onLog: (m) => fs.appendFileSync(path.join(logDir, 'postgres.log'), `${m}\n`) });
      cleanups.push(pg.stop);
      serverUrl = pg.serverUrl;
      databaseSource = 'embedded';
    }
    const dbName = `hpcflow_bench_${Date.now()}`;
    await createDatabaseIfMissing(serverUrl, dbName);
    if (databaseSource === 'configured' && !opts.keepDatabase) cleanups.push(() => dropDatabase(serverUrl, dbName));
    const databaseUrl = databaseUrlFor(serverUrl, dbName);
    say(`PostgreSQL: ${databaseSource}, database ${dbName}`);

    const cli = await resolveTemporalCli();
    const port = await findFreePort();
    const server = await startDevServer({
      cliPath: cli.path,
      port,
      dbFilename: path.join(workDir, 'temporal.db'),
      onOutput: (chunk) => fs.appendFileSync(path.join(logDir, 'temporal.log'), chunk),
    });
    cleanups.push(server.stop);
    say(`Temporal: dev server ${server.address} (headless, ${path.join(workDir, 'temporal.db')})`);

    await migrate(databaseUrl);
    const demoPassword = `bench-${randomBytes(9).toString('base64url')}`;
    const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 2 } }));
    await ds.initialize();
    try {
      // Seeding is a development helper; the api and worker themselves run with NODE_ENV=production.
      await seedDemoData(ds, { password: demoPassword, nodeEnv: 'development' });
    } finally {
      await ds.destroy();
    }

    const apiPort = await findFreePort();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(apiPort),
      DATABASE_URL: databaseUrl,
      TEMPORAL_ADDRESS: server.address,
      TEMPORAL_NAMESPACE: 'default',
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
      // Logins are few here, but every driver run logs in from one address.
      LOGIN_RATE_LIMIT: '1000',
      LOGIN_RATE_LIMIT_PER_IP: '100000',
      TEMPORAL_CLI_PATH: cli.path,
      // Production requires encrypted payloads; this process's own client (bench context) reads the same keys.
      PAYLOAD_KEYS: (process.env.PAYLOAD_KEYS ??= `bench:${randomBytes(32).toString('base64')}`),
      // The first worker bundles the workflows into this file, the others read it (as the launcher's workers do).
      [WORKFLOW_BUNDLE_ENV]: path.join(workDir, 'workflow-bundle.js'),
    };
    let crash: string | undefined;
    const onGiveUp = (name: string, reason: string) => {
      crash = `${name} ${reason}: ${tailFile(path.join(logDir, `${name}.log`), 10)}`;
    };
    const spawnChild = (kind: 'api' | 'worker', name: string, childEnv: NodeJS.ProcessEnv): SupervisedProcess => {
      const script = path.resolve(__dirname, '..', '..', 'apps', kind, 'src', 'main.js');
      if (!fs.existsSync(script)) throw new Error(`${script} not found: run \`npm run build\` first`);
      // maxRestarts 0: a crash voids the run instead of being hidden by a restart.
      // BENCH_API_NODE_OPTIONS / BENCH_WORKER_NODE_OPTIONS, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`, to find out why.
      // Passed as node's own arguments, not NODE_OPTIONS (which refuses --cpu-prof).
      const nodeOptions = (process.env[`BENCH_${kind.toUpperCase()}_NODE_OPTIONS`] ?? '').split(/\s+/).filter(Boolean);
      // The launcher's heap limits (HPC_API_HEAP_MB / HPC_WORKER_HEAP_MB): the bench measures what `npm start` runs.
      const child = new SupervisedProcess({ name, script, nodeArgs: [...heapArgs(heapLimits(process.env)[kind]), ...nodeOptions], env: childEnv, logFile: path.join(logDir, `${name}.log`), maxRestarts: 0, onGiveUp });
      child.start();
      cleanups.push(() => child.stop());
      return child;
    };
    const waitHealthy = (url: string, name: string) =>
      waitUntil(
        `HPC Flow ${name}`,
        async () => {
          const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
          if (res.status !== 200) throw new Error(`/api/health answered ${res.status}`);
        },
        { timeoutMs: 120_000, intervalMs: 500, abort: () => crash },
      );
    const children: Record<'api' | 'worker', SupervisedProcess> = {} as never;
    for (const name of ['worker', 'api'] as const) children[name] = spawnChild(name, name, env);
    const apiUrl = `http://127.0.0.1:${apiPort}`;
    await waitHealthy(apiUrl, 'API');
    say(`API ${apiUrl} (pid ${children.api.pid}), worker pid ${children.worker.pid}; logs in ${logDir}`);

    stopStarting = undefined;
    return {
      workDir,
      logDir,
      databaseUrl,
      databaseSource,
      temporalAddress: server.address,
      temporalCliPath: cli.path,
      apiUrl,
      apiPid: () => children.api.pid,
      workerPid: () => children.worker.pid,
      temporalPid: () => server.child.pid,
      temporalDbFile: path.join(workDir, 'temporal.db'),
      demoPassword,
      crashed: () => crash,
      startExtra: async (kind, name) => {
        if (kind === 'worker') {
          const child = spawnChild('worker', name, env);
          return { name, pid: () => child.pid };
        }
        const port = await findFreePort();
        const child = spawnChild('api', name, { ...env, PORT: String(port) });
        const url = `http://127.0.0.1:${port}`;
        await waitHealthy(url, name);
        return { name, pid: () => child.pid, url };
      },
      stop: async () => {
        await stop();
        fs.rmSync(path.join(workDir, 'pg'), { recursive: true, force: true });
        fs.rmSync(path.join(workDir, 'temporal.db'), { force: true });
      },
    };
  } catch (err) {
    stopStarting = undefined;
    await stop();
    throw err;
  }
}

/** VmRSS of a process in MiB, or undefined when it is gone. */
export function rssMiB(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return m ? Math.round((Number(m[1]) / 1024) * 10) / 10 : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time (user + system) a process has used so far, ms; undefined when it is gone. */
export function cpuMs(pid: number | undefined): number | undefined {
  if (!pid) return undefined;
  try {
    // Fields after the parenthesised command name; utime and stime are the 12th and 13th of those.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)); `getconf CLK_TCK` when it answers. Also /proc/stat's unit. */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();
