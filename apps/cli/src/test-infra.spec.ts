import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { isJestCommandLine, needsInfrastructure, slotOfWorker, staleTestDatabases, testDatabaseName, testWorkerSlots } from './test-infra';

const ALL = ['unit', 'workflows', 'integration', 'e2e'];

describe('needsInfrastructure', () => {
  it('starts infrastructure for a full run', () => {
    expect(needsInfrastructure({}, ALL)).toBe(true);
  });
  it('skips it when only the unit project is selected', () => {
    expect(needsInfrastructure({ selectProjects: ['unit'] }, ALL)).toBe(false);
  });
  it('starts it when any other project is selected too', () => {
    expect(needsInfrastructure({ selectProjects: ['unit', 'workflows'] }, ALL)).toBe(true);
  });
  it('skips it when every other project is ignored', () => {
    expect(needsInfrastructure({ ignoreProjects: ['workflows', 'integration', 'e2e'] }, ALL)).toBe(false);
  });
  it('skips it when every path pattern names a unit spec, but not for integration specs', () => {
    expect(needsInfrastructure({ testPathPatterns: ['apps/cli/src/net.spec.ts'] }, ALL)).toBe(false);
    expect(needsInfrastructure({ testPathPatterns: ['apps/cli/src/net.spec.ts', 'test/integration/auth.integration-spec.ts'] }, ALL)).toBe(true);
  });
  it('obeys the HPC_TEST_INFRA override', () => {
    expect(needsInfrastructure({ selectProjects: ['unit'] }, ALL, 'always')).toBe(true);
    expect(needsInfrastructure({}, ALL, 'never')).toBe(false);
    expect(needsInfrastructure(null, ALL, 'never')).toBe(false);
  });
  it('starts it when the selection is unknown (jest run through runCLI by another tool)', () => {
    expect(needsInfrastructure(null, ALL)).toBe(true);
  });
});

describe('isJestCommandLine', () => {
  it.each([
    '/repo/node_modules/.bin/jest',
    '/repo/node_modules/jest/bin/jest.js',
    '/repo/node_modules/jest-cli/bin/jest.js',
    'C:\\repo\\node_modules\\jest\\bin\\jest.js',
    'node_modules/.bin/jest',
  ])('recognises %s', (script) => {
    expect(isJestCommandLine(script)).toBe(true);
  });
  it.each([undefined, '/repo/node_modules/@stryker-mutator/core/bin/stryker.js', '/repo/node_modules/jest-worker/build/processChild.js', '/repo/bin/not-jest', '/repo/jest.config.js'])(
    'does not take %s for jest',
    (script) => {
      expect(isJestCommandLine(script)).toBe(false);
    },
  );
});

describe('global setup wiring (real jest runs)', () => {
  // Each run points the infrastructure at paths that cannot work: a run that starts anything fails loudly.
  const root = path.resolve(__dirname, '../../..');
  const jest = (...args: string[]) => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      TEMPORAL_CLI_PATH: '/nonexistent/temporal',
      TEMPORAL_TEST_SERVER_PATH: '/nonexistent/temporal-test-server',
      DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none',
    };
    delete env.HPC_TEST_INFRA;
    delete env.JEST_WORKER_ID;
    const run = spawnSync(process.execPath, [path.join(root, 'node_modules/jest/bin/jest.js'), ...args, '--testPathPatterns', 'workflows/domain/calendar\\.spec'], {
      cwd: root,
      env,
      encoding: 'utf8',
      timeout: 50_000,
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  };
  const STARTED = 'TEMPORAL_CLI_PATH=/nonexistent/temporal is not an executable file';

  it('--selectProjects unit starts nothing', () => {
    const run = jest('--selectProjects', 'unit');
    expect(run.output).not.toContain(STARTED);
    expect(run.output).toMatch(/Tests:\s+\d+ passed/);
    expect(run.status).toBe(0);
  });

  it('--ignoreProjects of every other project starts nothing', () => {
    const run = jest('--ignoreProjects', 'workflows', 'integration', 'e2e');
    expect(run.output).not.toContain(STARTED);
    expect(run.status).toBe(0);
  });

  it('selecting an infrastructure project too does start it (so the runs above prove something)', () => {
    const run = jest('--selectProjects', 'unit', 'workflows');
    expect(run.output).toContain(STARTED);
    expect(run.status).not.toBe(0);
  });
});

describe('test database names', () => {
  it('encodes time and pid', () => {
    expect(testDatabaseName(1764370000000, 42)).toBe('hpcflow_test_1764370000000_42');
  });
  it('finds only our test databases older than the limit', () => {
    const now = 1764370000000;
    const names = ['hpcflow', testDatabaseName(now - 7 * 3600_000, 1), testDatabaseName(now - 60_000, 2), 'hpcflow_test_other'];
    expect(staleTestDatabases(names, now, 6 * 3600_000)).toEqual([testDatabaseName(now - 7 * 3600_000, 1)]);
  });
  it('counts the per-worker databases of a crashed run as stale too', () => {
    const now = 1764370000000;
    const old = testWorkerSlots(testDatabaseName(now - 7 * 3600_000, 1), 2).map((s) => s.database);
    const fresh = testWorkerSlots(testDatabaseName(now - 60_000, 2), 2).map((s) => s.database);
    expect(staleTestDatabases([...old, ...fresh, 'hpcflow_test_1764370000000_1_x'], now, 6 * 3600_000)).toEqual(old);
  });
});

describe('per-worker test slots', () => {
  const slots = testWorkerSlots('hpcflow_test_1764370000000_42', 2);
  it('gives each jest worker a database and a namespace of its own', () => {
    expect(slots).toEqual([
      { database: 'hpcflow_test_1764370000000_42_w1', namespace: 'hpc-test-1' },
      { database: 'hpcflow_test_1764370000000_42_w2', namespace: 'hpc-test-2' },
    ]);
    expect(() => testWorkerSlots('x', 0)).toThrow('positive integer');
  });
  it('maps JEST_WORKER_ID to a slot, in band to the first, and refuses an id beyond them', () => {
    expect(slotOfWorker(slots, undefined)).toBe(slots[0]);
    expect(slotOfWorker(slots, '1')).toBe(slots[0]);
    expect(slotOfWorker(slots, '2')).toBe(slots[1]);
    expect(() => slotOfWorker(slots, '3')).toThrow('JEST_WORKER_ID 3 has no test slot (global setup made 2)');
    expect(() => slotOfWorker(slots, 'x')).toThrow('no test slot');
  });
});
