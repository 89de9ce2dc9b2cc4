// `npm start`: brings up PostgreSQL and Temporal (embedded unless configured), migrates, seeds the demo,
// runs the worker and the API, and stops everything it started on Ctrl-C.
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadConfig, type AppConfig } from '../../api/src/config/app-config';
import { dataSourceOptions, migrate } from '../../api/src/persistence/data-source';
import { createDemoCases } from '../../api/src/modules/seed/demo-cases';
import { createDemoCcpm } from '../../api/src/modules/seed/demo-ccpm';
import { createDemoDuties } from '../../api/src/modules/seed/demo-duties';
import { createDemoHpc } from '../../api/src/modules/seed/demo-hpc';
import { createDemoPooledFunds } from '../../api/src/modules/seed/demo-pooled-funds';
import { DEMO_OPERATION, DEMO_USERS, seedDemoData } from '../../api/src/modules/seed/demo-data';
import { checkNamespaceAtBoot } from '../../api/src/temporal/namespace-check';
import { temporalConnectionOptions } from '../../api/src/temporal/temporal-connection';
import { checkDatabase, createDatabaseIfMissing, databaseUrlFor, redactUrl } from './database';
import { startEmbeddedPostgres } from './embedded-postgres';
import { DataDirLockedError, lockDataDir } from './leftovers';
import { choosePort, heapArgs, LauncherConfigError, launcherSettings, portTakenMessage, type LauncherSettings, type PersistedPorts } from './launcher-config';
import { displayHost, ListenHostError, listenHost } from './listen-host';
import { findFreePort, isPortFree, waitUntil } from './net';
import { findRepoRoot } from './repo-root';
import { childExit, SupervisedProcess, SupervisedService, tailFile } from './supervisor';
import { BinaryResolutionError, resolveTemporalCli } from './temporal-binaries';
import { startDevServer } from './temporal-dev-server';
import { WORKFLOW_BUNDLE_ENV } from '../../worker/src/workflow-bundle-file';

const DATABASE_NAME = 'hpcflow';

/** An error the user can act on: printed as one line, exit code 1, no stack. */
class StartupError extends Error {}

type Cleanup = { name: string; run: () => Promise<unknown> };
const cleanups: Cleanup[] = [];
let shuttingDown = false;

const say = (line: string) => process.stdout.write(`[hpc-flow] ${line}\n`);

async function shutdown(exitCode: number): Promise<never> {
  if (!shuttingDown) {
    shuttingDown = true;
    // Reverse start order: api and worker, then Temporal, then PostgreSQL.
    // pop(): something whose start was in flight when the signal came is registered late and still stopped.
    for (let cleanup = cleanups.pop(); cleanup; cleanup = cleanups.pop()) {
      try {
        await cleanup.run();
      } catch (err) {
        process.stderr.write(`[hpc-flow] stopping ${cleanup.name} failed: ${(err as Error).message}\n`);
      }
    }
  }
  process.exit(exitCode);
}

function installSignalHandlers(): void {
  // A library's unhandled 'error' event (e.g. a child that cannot be spawned) must still stop what we started.
  process.on('uncaughtException', (err) => {
    process.stderr.write(`[hpc-flow] error: ${err.message}\n`);
    void shutdown(1);
  });
  let signals = 0;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      signals += 1;
      if (signals > 1) {
        process.stderr.write('[hpc-flow] forced exit\n');
        process.exit(130);
      }
      say(`${signal}: stopping (press Ctrl-C again to force)`);
      void shutdown(0);
    });
  }
}

function validateAppConfig(settings: LauncherSettings): AppConfig {
  try {
    // Placeholders for what the launcher itself provides, so a bad variable fails before anything starts.
    return loadConfig({
      ...process.env,
      PORT: String(settings.port),
      DATABASE_URL: settings.databaseUrl ?? 'postgresql://embedded/hpcflow',
      TEMPORAL_ADDRESS: settings.temporalAddress ?? '127.0.0.1:7233',
    });
  } catch (err) {
    if (err instanceof ConfigValidationError) throw new StartupError(err.message);
    throw err;
  }
}

/** A service that keeps crashing (or cannot come back): stop everything, naming its log. */
function giveUpService(name: string, reason: string, log: string): void {
  if (shuttingDown) return;
  process.stderr.write(`[hpc-flow] the ${name} keeps crashing (${reason}); last lines of ${log}:\n${tailFile(log)}\nStopping.\n`);
  void shutdown(1);
}

async function startDatabase(settings: LauncherSettings, logDir: string): Promise<string> {
  if (settings.databaseUrl) {
    try {
      await checkDatabase(settings.databaseUrl);
    } catch (err) {
      throw new StartupError(`${(err as Error).message} (fix DATABASE_URL, or unset it to use the embedded PostgreSQL)`);
    }
    say(`PostgreSQL: ${redactUrl(settings.databaseUrl)}`);
    return settings.databaseUrl;
  }
  const log = path.join(logDir, 'postgres.log');
  const fixed: { port?: number } = {};
  // A crashed PostgreSQL comes back on the same port and data directory (the api and the worker reconnect).
  const supervised = new SupervisedService({
    name: 'PostgreSQL',
    start: () =>
      startEmbeddedPostgres({
        dataDir: settings.dataDir,
        onLog: (message) => fs.appendFileSync(log, message.endsWith('\n') ? message : `${message}\n`),
        onNotice: say,
        port: fixed.port,
      }),
    exited: (pg) => childExit(pg.child),
    onRestart: (name, reason) => !shuttingDown && say(`${name} ${reason}; restarting it (its data directory keeps everything)`),
    onRestarted: (name) => say(`${name} is back`),
    onGiveUp: (name, reason) => giveUpService(name, reason, log),
  });
  const pg = await supervised.start().catch((err: Error) => {
    throw new StartupError(`embedded PostgreSQL did not start: ${err.message} (see ${log}, or set DATABASE_URL)`);
  });
  fixed.port = pg.port;
  cleanups.push({ name: 'PostgreSQL', run: () => supervised.stop() });
  await createDatabaseIfMissing(pg.serverUrl, DATABASE_NAME);
  say(`PostgreSQL: embedded, data in ${path.join(settings.dataDir, 'postgres')} (port ${pg.port})`);
  return databaseUrlFor(pg.serverUrl, DATABASE_NAME);
}

interface TemporalInfo {
  address: string;
  uiUrl?: string;
  cliPath?: string;
}

async function startTemporal(settings: LauncherSettings, config: AppConfig, logDir: string): Promise<TemporalInfo> {
  if (settings.temporalAddress) {
    const options = temporalConnectionOptions(config);
    try {
      const connection = await Connection.connect({ ...options, connectTimeout: 10_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: config.temporal.namespace });
      } finally {
        await connection.close();
      }
    } catch (err) {
      throw new StartupError(
        `cannot reach Temporal at TEMPORAL_ADDRESS=${settings.temporalAddress} (namespace ${config.temporal.namespace}): ${(err as Error).message} (fix it, or unset it to run an embedded dev server)`,
      );
    }
    // Every start sets the custom search attributes: register them where allowed, else stop with the commands.
    const check = await checkNamespaceAtBoot(config.temporal, options, (o) => Connection.connect(o));
    if (check.kind !== 'ok') throw new StartupError(check.message);
    if (check.registered.length) say(`registered search attributes ${check.registered.join(', ')} in namespace ${config.temporal.namespace}`);
    say(`Temporal: ${settings.temporalAddress}, namespace ${config.temporal.namespace}`);
    return { address: settings.temporalAddress };
  }

  const cli = await resolveTemporalCli().catch((err: Error) => {
    throw err instanceof BinaryResolutionError ? new StartupError(err.message) : err;
  });
  const portsFile = path.join(settings.dataDir, 'launcher.json');
  const persisted: PersistedPorts = fs.existsSync(portsFile) ? (JSON.parse(fs.readFileSync(portsFile, 'utf8')) as PersistedPorts) : {};
  const free = (port: number) => isPortFree(port, '127.0.0.1');
  let temporalPort: number;
  let uiPort: number;
  try {
    temporalPort = await choosePort('TEMPORAL_PORT', settings.temporalPort, [persisted.temporalPort, 7233], free, findFreePort);
    uiPort = await choosePort('TEMPORAL_UI_PORT', settings.temporalUiPort, [persisted.temporalUiPort, 8233].filter((p) => p !== temporalPort), free, findFreePort);
  } catch (err) {
    throw new StartupError((err as Error).message);
  }
  fs.writeFileSync(portsFile, JSON.stringify({ temporalPort, temporalUiPort: uiPort }, null, 2));

  const log = path.join(logDir, 'temporal.log');
  // A crashed dev server comes back on the same ports and SQLite file: every case is still there.
  const supervised = new SupervisedService({
    name: 'Temporal dev server',
    start: () =>
      startDevServer({
        cliPath: cli.path,
        port: temporalPort,
        uiPort,
        dbFilename: path.join(settings.dataDir, 'temporal.db'),
        namespace: config.temporal.namespace,
        detached: true,
        onOutput: (chunk) => fs.appendFileSync(log, chunk),
      }),
    exited: (server) => childExit(server.child),
    onRestart: (name, reason) => !shuttingDown && say(`the ${name} ${reason}; restarting it (its SQLite file keeps every case)`),
    onRestarted: (name) => say(`the ${name} is back`),
    onGiveUp: (name, reason) => giveUpService(name, reason, log),
  });
  const server = await supervised.start().catch((err: Error) => {
    throw new StartupError(`Temporal dev server did not start: ${err.message} (see ${log})`);
  });
  cleanups.push({ name: 'Temporal', run: () => supervised.stop() });
  say(`Temporal: dev server ${server.address} (${cli.source === 'env' ? 'TEMPORAL_CLI_PATH' : cli.path}), data in ${path.join(settings.dataDir, 'temporal.db')}`);
  return { address: server.address, uiUrl: server.uiUrl, cliPath: cli.path };
}

async function seed(databaseUrl: string, config: AppConfig): Promise<void> {
  const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 2 } }));
  await ds.initialize();
  try {
    await seedDemoData(ds, { password: config.demoPassword, nodeEnv: config.nodeEnv });
  } finally {
    await ds.destroy();
  }
}

async function hasActiveAdmin(databaseUrl: string): Promise<boolean> {
  const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 1 } }));
  await ds.initialize();
  try {
    const rows: unknown[] = await ds.query(`SELECT 1 FROM users WHERE active AND 'admin' = ANY(roles) LIMIT 1`);
    return rows.length > 0;
  } finally {
    await ds.destroy();
  }
}

/**
 * Run from the TypeScript sources (`node -r ./test/factories/register-ts.js apps/cli/src/main.ts`, as the fault
 * injection suite does): the api and the worker run from their sources too, through the same require hook.
 */
const FROM_SOURCES = __filename.endsWith('.ts');

/** This run's workflow bundle file, without the one an earlier run (of older sources, maybe) left there. */
function freshBundleFile(dataDir: string): string {
  const file = path.join(dataDir, 'run', 'workflow-bundle.js');
  fs.rmSync(file, { force: true });
  return file;
}

function scriptPath(app: 'api' | 'worker'): string {
  // Compiled layout: dist/apps/cli/src/main.js beside dist/apps/<app>/src/main.js.
  const file = path.resolve(__dirname, '..', '..', app, 'src', FROM_SOURCES ? 'main.ts' : 'main.js');
  if (!fs.existsSync(file)) throw new StartupError(`${file} not found: run \`npm run build\` first (or use \`npm start\`)`);
  return file;
}

async function main(): Promise<void> {
  installSignalHandlers();
  const repoRoot = findRepoRoot();
  let settings: LauncherSettings;
  try {
    settings = launcherSettings(process.env, repoRoot);
  } catch (err) {
    if (err instanceof LauncherConfigError) throw new StartupError(err.message);
    throw err;
  }
  const config = validateAppConfig(settings);
  let host: string;
  try {
    // Loopback unless HOST says otherwise outside production: the demo users' password is published.
    host = listenHost({ ...process.env, NODE_ENV: config.nodeEnv });
  } catch (err) {
    if (err instanceof ListenHostError) throw new StartupError(err.message);
    throw err;
  }
  const scripts = { api: scriptPath('api'), worker: scriptPath('worker') };
  if (!(await isPortFree(settings.port, host === '0.0.0.0' || host === '::' ? undefined : host))) throw new StartupError(portTakenMessage('PORT', settings.port));

  const logDir = path.join(settings.dataDir, 'logs');
  fs.mkdirSync(logDir, { recursive: true });
  const releaseDataDir = await lockDataDir(settings.dataDir, say).catch((err: Error) => {
    throw err instanceof DataDirLockedError ? new StartupError(err.message) : err;
  });
  cleanups.push({ name: 'data directory lock', run: async () => releaseDataDir() });

  const databaseUrl = await startDatabase(settings, logDir);
  if (shuttingDown) return;
  const temporal = await startTemporal(settings, config, logDir);
  if (shuttingDown) return;
  await migrate(databaseUrl, { onWait: say }).catch((err: Error) => {
    throw new StartupError(`database migration failed: ${err.message}`);
  });
  if (!config.isProduction) await seed(databaseUrl, config);
  if (shuttingDown) return;

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: config.nodeEnv,
    PORT: String(settings.port),
    HOST: host,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: config.temporal.namespace,
    // the api and the worker stop themselves if this launcher is killed outright
    HPC_LAUNCHER_PID: String(process.pid),
    ...(temporal.cliPath ? { TEMPORAL_CLI_PATH: temporal.cliPath } : {}),
    // the first worker bundles the workflows into this file, a restarted one reads it (webpack once per run)
    [WORKFLOW_BUNDLE_ENV]: process.env[WORKFLOW_BUNDLE_ENV] || freshBundleFile(settings.dataDir),
  };
  const children: SupervisedProcess[] = [];
  const giveUp = (name: string, reason: string) => {
    if (shuttingDown) return;
    const log = path.join(logDir, `${name}.log`);
    process.stderr.write(`[hpc-flow] the ${name} keeps crashing (${reason}); last lines of ${log}:\n${tailFile(log)}\n`);
    void shutdown(1);
  };
  const restart = (name: string, reason: string) => {
    if (!shuttingDown) say(`the ${name} ${reason}; restarting it (Temporal keeps every process's state)`);
  };
  for (const name of ['worker', 'api'] as const) {
    const child = new SupervisedProcess({ name, script: scripts[name], nodeArgs: [...(FROM_SOURCES ? process.execArgv : []), ...heapArgs(settings.heapMb[name])], env, logFile: path.join(logDir, `${name}.log`), onRestart: restart, onGiveUp: giveUp });
    child.start();
    children.push(child);
  }
  // Stop the api first (no new decisions), then the worker (finishes in-flight activities).
  cleanups.push({ name: 'worker', run: () => children[0].stop() });
  cleanups.push({ name: 'api', run: () => children[1].stop() });

  const base = `http://${displayHost(host)}:${settings.port}`;
  // Probe the bound address itself: `localhost` may resolve to ::1 while the API listens on 127.0.0.1 only.
  const probeHost = host === '0.0.0.0' || host === 'localhost' ? '127.0.0.1' : host === '::' ? '[::1]' : displayHost(host);
  await waitUntil(
    'HPC Flow API',
    async () => {
      const res = await fetch(`http://${probeHost}:${settings.port}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status !== 200) throw new Error(`/api/health answered ${res.status} ${await res.text()}`);
    },
    { timeoutMs: 90_000, intervalMs: 500, abort: () => (shuttingDown ? 'stopping' : undefined) },
  ).catch((err: Error) => {
    throw new StartupError(`${err.message}; last lines of ${path.join(logDir, 'api.log')}:\n${tailFile(path.join(logDir, 'api.log'))}`);
  });

  // Demo cases go through the real workflows over the API, as the demo users would (skipped once they exist).
  if (!config.isProduction) {
    const demo = { baseUrl: `http://${probeHost}:${settings.port}`, password: config.demoPassword, operationName: DEMO_OPERATION.name, log: say };
    // In order: the HPC cycle fans out to the clusters the activations made active.
    // Past duty occurrences through the clusters' schedules (a backfill), after the activations created them.
    const demoDuties = (d: typeof demo) => createDemoDuties({ ...d, temporal: { connection: { ...temporalConnectionOptions(config), address: temporal.address }, namespace: config.temporal.namespace } });
    for (const [name, create] of [['cluster activations', createDemoCases], ['HPC cycle', createDemoHpc], ['pooled-fund allocation', createDemoPooledFunds], ['CCPM round', createDemoCcpm], ['recurring duties', demoDuties]] as const) {
      await create(demo).catch((err: Error) => say(`demo ${name} not created: ${err.message}`));
    }
  }

  const lines = [
    '',
    `HPC Flow is running`,
    `  Console      ${base}/`,
    `  API docs     ${base}/api/docs`,
    temporal.uiUrl ? `  Temporal UI  ${temporal.uiUrl}` : `  Temporal     ${temporal.address}`,
    `  Logs         ${logDir}`,
    host === '127.0.0.1' || host === '::1' || host === 'localhost'
      ? `  Listening    on loopback only (set HOST=0.0.0.0 to open it to the network${config.isProduction ? '' : ', but not while the demo users exist'})`
      : `  Listening    on ${host}:${settings.port}`,
  ];
  if (!config.isProduction) {
    lines.push(`  Demo logins (password ${process.env.DEMO_PASSWORD ? '$DEMO_PASSWORD' : config.demoPassword}):`);
    for (const user of DEMO_USERS) lines.push(`    ${user.username.padEnd(16)} ${user.roles.join(', ').padEnd(13)} ${user.displayName}`);
  }
  if (config.isProduction && !(await hasActiveAdmin(databaseUrl))) {
    lines.push('  No administrator yet: run `npm run admin:create -- --username <name> --display-name "<name>"` (same environment),');
    lines.push('  or restart with HPC_BOOTSTRAP_ADMIN=<name> and HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE=<file>.');
  }
  lines.push('Press Ctrl-C to stop.', '');
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (err: unknown) => {
  if (err instanceof StartupError) process.stderr.write(`[hpc-flow] error: ${err.message}\n`);
  else process.stderr.write(`[hpc-flow] unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  await shutdown(1);
});
