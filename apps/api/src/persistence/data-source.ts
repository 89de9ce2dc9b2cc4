// One definition of the database connection, shared by the API, the worker, the launcher and tests.
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import { ENTITIES } from './entities';

export function dataSourceOptions(databaseUrl: string, overrides: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    synchronize: false,
    migrationsRun: false,
    logging: false,
    extra: { max: 20 },
    ...overrides,
  } as DataSourceOptions;
}

/** Session-level advisory lock key held while migrating ('hpcf' as ASCII), so instances migrate one at a time. */
export const MIGRATION_LOCK_KEY = 0x68706366;

export interface MigrateOptions {
  /** Called once when another process holds the migration lock and this one waits for it. */
  onWait?: (message: string) => void;
  /** Migrations to run (default: all); tests use a prefix to build the previous release's schema. */
  migrations?: DataSourceOptions['migrations'];
}

/** Bring the schema up to date under a PostgreSQL advisory lock: several instances starting at once migrate once. */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<string[]> {
  // The lock lives on its own connection so the DataSource's pool (max 1) stays free for the migrations.
  const lock = new Client({ connectionString: databaseUrl });
  await lock.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [MIGRATION_LOCK_KEY]);
    if (!rows[0].ok) {
      options.onWait?.('another instance is migrating the database; waiting for it to finish');
      await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    const ds = new DataSource(dataSourceOptions(databaseUrl, { extra: { max: 1 }, ...(options.migrations ? { migrations: options.migrations } : {}) }));
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}

export interface SchemaStatus {
  /** Migrations of this release the database has not run yet. */
  pending: string[];
  /** Migrations the database has run that this release does not know (a newer release migrated it). */
  unknown: string[];
}

/** Compares the database's `migrations` table with this release's list, without changing anything. */
export async function schemaStatus(databaseUrl: string): Promise<SchemaStatus> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows: exists } = await client.query<{ t: string | null }>("SELECT to_regclass('public.migrations')::text AS t");
    const applied = exists[0].t
      ? (await client.query<{ name: string }>('SELECT name FROM migrations ORDER BY id')).rows.map((r) => r.name)
      : [];
    const known = MIGRATIONS.map((m) => (new m() as { name?: string }).name ?? m.name);
    return { pending: known.filter((n) => !applied.includes(n)), unknown: applied.filter((n) => !known.includes(n)) };
  } finally {
    await client.end();
  }
}

/** One line for an API or worker that must not start on this schema; null when the schema matches. */
export function schemaProblem(status: SchemaStatus): string | null {
  if (status.pending.length) {
    return `the database schema is behind this release: ${status.pending.length} migration(s) pending (${status.pending.join(', ')}); run \`npm run migrate\` (the upgrade step), then start again`;
  }
  if (status.unknown.length) {
    return `the database was migrated by a newer release (${status.unknown.join(', ')} unknown here); run that release, or restore a backup taken before the upgrade`;
  }
  return null;
}
