import { needsInfrastructure, staleTestDatabases, testDatabaseName } from './test-infra';

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
});
