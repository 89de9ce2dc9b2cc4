// The run's infrastructure from global setup: a migrated database of its own and a dev server with our search attributes.
import { Client } from 'pg';
import { SEARCH_ATTRIBUTES } from '../../workflows/contracts/search-attributes';
import { connectToDevServer } from '../utils/temporal';
import { testDatabaseUrl } from '../utils/postgres';

describe('test infrastructure', () => {
  it('gives the run a fresh, migrated database', async () => {
    const url = new URL(testDatabaseUrl());
    expect(url.pathname).toMatch(/^\/hpcflow_test_\d{13}_\d+$/);
    const client = new Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    try {
      const { rows } = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' order by table_name",
      );
      expect(rows.map((r) => r.table_name)).toEqual(expect.arrayContaining(['audit_events', 'processes', 'tasks', 'users']));
    } finally {
      await client.end();
    }
  });

  it('runs a Temporal dev server with the HPC search attributes registered', async () => {
    const env = await connectToDevServer();
    try {
      const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: 'default' });
      expect(Object.keys(customAttributes ?? {}).sort()).toEqual(expect.arrayContaining(Object.keys(SEARCH_ATTRIBUTES).sort()));
    } finally {
      await env.teardown();
    }
  });

  it('exports the binaries and secrets suites rely on', () => {
    expect(process.env.TEMPORAL_CLI_PATH).toBeTruthy();
    expect(process.env.TEMPORAL_TEST_SERVER_PATH).toBeTruthy();
    expect(process.env.JWT_SECRET?.length).toBeGreaterThanOrEqual(32);
  });
});
