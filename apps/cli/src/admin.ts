// The first administrator: `npm run admin:create`, or HPC_BOOTSTRAP_ADMIN on a first start. Both record a
// system_events row; the bootstrap runs only while no active admin exists, so it cannot take over later.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Client } from 'pg';
import { hashPassword } from '../../api/src/auth/password';
import { DEFAULT_DEMO_PASSWORD } from '../../api/src/config/app-config';

/** Same rule as the users API (CreateUserDto). */
const USERNAME = /^[a-z0-9][a-z0-9._-]*$/i;
export const MIN_ADMIN_PASSWORD = 12;

export class AdminInputError extends Error {
  override name = 'AdminInputError';
}

export interface NewAdmin {
  username: string;
  displayName: string;
  password: string;
}

/** Every problem with the input, each naming the field and the rule. */
export function adminInputProblems(input: NewAdmin): string[] {
  const problems: string[] = [];
  if (input.username.length < 2 || input.username.length > 64) problems.push('username must be 2 to 64 characters');
  else if (!USERNAME.test(input.username)) problems.push('username may contain only letters, digits, dots, dashes and underscores, starting with a letter or digit');
  if (!input.displayName.trim() || input.displayName.length > 200) problems.push('display name must be 1 to 200 characters');
  if (input.password.length < MIN_ADMIN_PASSWORD) problems.push(`password must be at least ${MIN_ADMIN_PASSWORD} characters`);
  else if (input.password.length > 200) problems.push('password must be at most 200 characters');
  if (input.password === DEFAULT_DEMO_PASSWORD) problems.push('password must not be the published demo password');
  return problems;
}

async function withClient<T>(databaseUrl: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const ADMIN_LOCK_KEY = 0x68706361; // 'hpca': two API instances bootstrapping at once create one admin

export interface CreatedAdmin {
  id: string;
  username: string;
}

/** Inserts an active admin and its system event in one transaction; refuses an existing username. */
export async function createAdmin(databaseUrl: string, input: NewAdmin, via: 'admin-created' | 'admin-bootstrapped', onlyIfNoAdmin = false): Promise<CreatedAdmin | null> {
  const problems = adminInputProblems(input);
  if (problems.length) throw new AdminInputError(problems.join('; '));
  const passwordHash = await hashPassword(input.password);
  return withClient(databaseUrl, async (c) => {
    await c.query('BEGIN');
    try {
      await c.query('SELECT pg_advisory_xact_lock($1)', [ADMIN_LOCK_KEY]);
      if (onlyIfNoAdmin && (await activeAdminCount(c)) > 0) {
        await c.query('ROLLBACK');
        return null;
      }
      const { rows: existing } = await c.query<{ id: string; active: boolean; roles: string[] }>('SELECT id, active, roles FROM users WHERE lower(username) = lower($1)', [input.username]);
      if (existing.length) {
        throw new AdminInputError(`username ${input.username} already exists (${existing[0].active ? 'active' : 'inactive'}, roles ${existing[0].roles.join(', ') || 'none'}); choose another username, or change that user in the console`);
      }
      const { rows } = await c.query<{ id: string }>(
        `INSERT INTO users (username, display_name, password_hash, roles, cluster_scopes, active)
         VALUES ($1, $2, $3, '{admin}', '[]', true) RETURNING id`,
        [input.username, input.displayName.trim(), passwordHash],
      );
      const actor = via === 'admin-bootstrapped' ? 'HPC_BOOTSTRAP_ADMIN' : `npm run admin:create (${os.userInfo().username}@${os.hostname()})`;
      const note = via === 'admin-bootstrapped' ? 'first administrator created at first start (no active admin existed)' : 'administrator created from the command line';
      await c.query(
        `INSERT INTO system_events (type, actor, subject, note, data) VALUES ($1, $2, $3, $4, $5)`,
        [via, actor, `user:${rows[0].id}`, note, JSON.stringify({ username: input.username, displayName: input.displayName.trim() })],
      );
      await c.query('COMMIT');
      return { id: rows[0].id, username: input.username };
    } catch (err) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}

async function activeAdminCount(c: Client): Promise<number> {
  const { rows } = await c.query<{ n: number }>(`SELECT count(*)::int AS n FROM users WHERE active AND 'admin' = ANY(roles)`);
  return rows[0].n;
}

export interface BootstrapResult {
  outcome: 'not-configured' | 'admin-exists' | 'created';
  username?: string;
}

/**
 * HPC_BOOTSTRAP_ADMIN=username with HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE (preferred: a file only the service
 * user reads) or HPC_BOOTSTRAP_ADMIN_PASSWORD. Used only while no active admin exists; ignored after that.
 */
export async function bootstrapAdmin(databaseUrl: string, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<BootstrapResult> {
  const username = env.HPC_BOOTSTRAP_ADMIN?.trim();
  if (!username) return { outcome: 'not-configured' };
  if ((await withClient(databaseUrl, activeAdminCount)) > 0) {
    log(`HPC_BOOTSTRAP_ADMIN is set but an active admin exists: nothing to do (unset it and its password)`);
    return { outcome: 'admin-exists' };
  }
  const password = bootstrapPassword(env);
  const created = await createAdmin(databaseUrl, { username, displayName: env.HPC_BOOTSTRAP_ADMIN_DISPLAY_NAME?.trim() || username, password }, 'admin-bootstrapped', true);
  if (!created) return { outcome: 'admin-exists' };
  log(`first administrator ${username} created from HPC_BOOTSTRAP_ADMIN (recorded in system_events); unset HPC_BOOTSTRAP_ADMIN and its password now`);
  return { outcome: 'created', username };
}

function bootstrapPassword(env: NodeJS.ProcessEnv): string {
  const file = env.HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE?.trim();
  if (file) {
    try {
      return fs.readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (err) {
      throw new AdminInputError(`HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE ${file} cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  const password = env.HPC_BOOTSTRAP_ADMIN_PASSWORD;
  if (!password) throw new AdminInputError('HPC_BOOTSTRAP_ADMIN is set without HPC_BOOTSTRAP_ADMIN_PASSWORD_FILE or HPC_BOOTSTRAP_ADMIN_PASSWORD');
  return password;
}
