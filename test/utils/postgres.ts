// The run's database (created and migrated by global setup) for suites that read or seed it directly.
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/persistence/data-source';

export function testDatabaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is unset: run this suite through jest (global setup creates the database)');
  return url;
}

/** An initialised DataSource on the run's database; `destroy()` it in afterAll. */
export async function openTestDataSource(): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(testDatabaseUrl(), { extra: { max: 5 } }));
  return ds.initialize();
}
