// The run's infrastructure from global setup: for this jest worker, a migrated database and a Temporal namespace of
// its own (with our search attributes) on the run's dev server.
import { Client } from 'pg';
import { SEARCH_ATTRIBUTES } from '../../workflows/contracts/search-attributes';
import { connectToDevServer } from '../utils/temporal';
import { testDatabaseUrl } from '../utils/postgres';

describe('test infrastructure', () => {
  const worker = process.env.JEST_WORKER_ID ?? '1';

  it("gives the run a fresh, migrated database per jest worker, this one the worker's own", async () => {
    const url = new URL(testDatabaseUrl());
    expect(url.pathname).toMatch(new RegExp(`^/hpcflow_test_\\d{13}_\\d+_w${worker}$`));
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

  it("runs a Temporal dev server with the HPC search attributes registered in this worker's namespace", async () => {
    expect(process.env.TEMPORAL_NAMESPACE).toBe(`hpc-test-${worker}`);
    const env = await connectToDevServer();
    try {
      const { customAttributes } = await env.connection.operatorService.listSearchAttributes({ namespace: process.env.TEMPORAL_NAMESPACE! });
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
