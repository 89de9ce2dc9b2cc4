// Operator commands behind `npm run migrate | admin:create | backup | restore | reconcile | check`.
// Each reads the same environment as the API (DATABASE_URL, TEMPORAL_*) and fails with one line.
import 'reflect-metadata';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { ConfigValidationError, loadConfig, type AppConfig } from '../../api/src/config/app-config';
import { dataSourceOptions, migrate, schemaProblem, schemaStatus } from '../../api/src/persistence/data-source';
import { checkNamespaceAtBoot } from '../../api/src/temporal/namespace-check';
import { temporalConnectionOptions } from '../../api/src/temporal/temporal-connection';
import { AdminInputError, adminInputProblems, createAdmin } from './admin';
import { flag } from './args';
import { backup, BackupError, readManifest, restore } from './backup';
import { checkDatabase, redactUrl } from './database';
import { reconcile } from './reconcile';

class CommandError extends Error {}

const say = (line: string) => process.stdout.write(`[hpc-flow] ${line}\n`);

function databaseUrl(): string {
  const url = process.env.DATABASE_URL?.trim();
  if (!url) throw new CommandError('DATABASE_URL is required (postgresql://user:password@host:5432/db); load the same environment file the service uses');
  return url;
}

/** The API's own validation, for the Temporal settings; the JWT secret is not used by these commands. */
function appConfig(): AppConfig {
  try {
    return loadConfig({ JWT_SECRET: 'x'.repeat(32), ...process.env, NODE_ENV: 'development', DEMO_PASSWORD: undefined, DATABASE_URL: databaseUrl() });
  } catch (err) {
    if (err instanceof ConfigValidationError) throw new CommandError(err.message);
    throw err;
  }
}

function ask(question: string, hidden = false): Promise<string> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  let muted = false;
  // readline echoes what is typed through _writeToOutput: muting it hides the password
  const internal = rl as unknown as { _writeToOutput: (s: string) => void };
  internal._writeToOutput = (s: string) => {
    if (!muted) process.stdout.write(s);
  };
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) process.stdout.write('\n');
      resolve(answer);
    });
    muted = hidden;
  });
}

async function readStdinLine(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

async function adminCreate(args: string[]): Promise<void> {
  if (args.some((a) => a === '--password' || a.startsWith('--password='))) {
    throw new CommandError('the password is never a flag (it would stay in the shell history and in `ps`): type it at the prompt or pipe it on stdin');
  }
  const interactive = process.stdin.isTTY === true;
  let username = flag(args, 'username');
  let displayName = flag(args, 'display-name');
  if (!username && interactive) username = (await ask('username: ')).trim();
  if (!displayName && interactive) displayName = (await ask('display name: ')).trim();
  if (!username) throw new CommandError('--username is required (e.g. npm run admin:create -- --username alice --display-name "Alice Ouma")');
  displayName ||= username;
  let password: string;
  if (interactive) {
    password = await ask('password (not shown): ', true);
    if ((await ask('repeat it: ', true)) !== password) throw new CommandError('the two passwords differ; nothing was created');
  } else {
    password = await readStdinLine();
  }
  const problems = adminInputProblems({ username, displayName, password });
  if (problems.length) throw new CommandError(problems.join('; '));
  const url = databaseUrl();
  const problem = schemaProblem(await schemaStatus(url));
  if (problem) throw new CommandError(problem);
  const created = await createAdmin(url, { username, displayName, password }, 'admin-created');
  say(`administrator ${created?.username} created (id ${created?.id}); recorded in system_events. Sign in at the console or POST /api/auth/login`);
}

async function runMigrate(): Promise<void> {
  const url = databaseUrl();
  await checkDatabase(url);
  const ran = await migrate(url, { onWait: say });
  say(ran.length ? `migrated ${redactUrl(url)}: ${ran.join(', ')}` : `${redactUrl(url)} is up to date`);
}

async function runBackup(args: string[]): Promise<void> {
  const url = databaseUrl();
  const file = args.find((a) => !a.startsWith('--')) ?? path.join(process.env.HPC_BACKUP_DIR ?? 'backups', `hpcflow-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`);
  const manifest = await backup(url, file);
  say(`backup of ${manifest.database} written to ${path.resolve(file)} (+ .json manifest): ${Object.entries(manifest.counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
}

async function runRestore(args: string[]): Promise<void> {
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) throw new CommandError('usage: npm run restore -- <backup file> (into the empty database DATABASE_URL names)');
  const url = databaseUrl();
  const { counts, manifest } = await restore(url, file);
  say(`restored ${file} into ${redactUrl(url)}: ${Object.entries(counts).map(([t, n]) => `${t} ${n}`).join(', ')}`);
  const problem = schemaProblem(await schemaStatus(url));
  if (problem) say(`${problem.replace(/^the database schema/, 'the restored schema')}`);
  say(`next: start the worker, then \`npm run reconcile -- --backup ${file}\` rebuilds what changed in Temporal since ${manifest?.createdAt ?? 'the backup'}`);
}

async function runReconcile(args: string[]): Promise<void> {
  // The replay worker's state changes are noise here; its warnings and errors still show.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const config = appConfig();
  let since: Date | undefined;
  const sinceRaw = flag(args, 'since');
  const backupFile = flag(args, 'backup');
  if (sinceRaw) {
    since = new Date(sinceRaw);
    if (Number.isNaN(since.getTime())) throw new CommandError(`--since must be an ISO date-time such as 2026-11-30T05:00:00Z (got "${sinceRaw}")`);
  } else if (backupFile) {
    const manifest = readManifest(backupFile);
    if (!manifest) throw new CommandError(`--backup ${backupFile}: its manifest ${backupFile}.json is missing or unreadable; pass --since instead`);
    since = new Date(manifest.createdAt);
  }
  const problem = schemaProblem(await schemaStatus(config.databaseUrl));
  if (problem) throw new CommandError(problem);
  const connection = await Connection.connect({ ...temporalConnectionOptions(config), connectTimeout: 10_000 });
  const ds = await new DataSource(dataSourceOptions(config.databaseUrl, { extra: { max: 2 } })).initialize();
  try {
    const results = await reconcile({ connection, namespace: config.temporal.namespace, dataSource: ds, since, log: say });
    const appended = results.reduce((n, r) => n + r.eventsAppended, 0);
    const failed = results.filter((r) => r.reason === 'failed');
    say(`reconciled ${results.length} run(s): ${appended} audit event(s) appended, ${results.filter((r) => r.reason === 'up-to-date').length} already up to date, ${failed.length} failed`);
    if (failed.length) throw new CommandError(`${failed.length} case(s) could not be reconciled: ${failed.map((f) => `${f.processId} (${f.error})`).join('; ')}`);
  } finally {
    await ds.destroy();
    await connection.close();
  }
}

/** For ExecStartPre: the schema matches this release and the namespace carries the search attributes. */
async function runCheck(): Promise<void> {
  const config = appConfig();
  const problem = schemaProblem(await schemaStatus(config.databaseUrl));
  if (problem) throw new CommandError(problem);
  const check = await checkNamespaceAtBoot(config.temporal, temporalConnectionOptions(config), (o) => Connection.connect(o));
  if (check.kind !== 'ok') throw new CommandError(check.message);
  say(`database schema current; Temporal namespace ${config.temporal.namespace} at ${config.temporal.address} has the search attributes${check.registered.length ? ` (registered ${check.registered.join(', ')})` : ''}`);
}

const COMMANDS: Record<string, (args: string[]) => Promise<void>> = {
  migrate: runMigrate,
  'admin:create': adminCreate,
  backup: runBackup,
  restore: runRestore,
  reconcile: runReconcile,
  check: runCheck,
};

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const fn = command ? COMMANDS[command] : undefined;
  if (!fn) throw new CommandError(`usage: hpc <${Object.keys(COMMANDS).join('|')}> [options]`);
  await fn(args);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      const known = err instanceof CommandError || err instanceof AdminInputError || err instanceof BackupError;
      process.stderr.write(`[hpc-flow] error: ${known ? (err as Error).message : err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
