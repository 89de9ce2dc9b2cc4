// Decides whether a jest run needs PostgreSQL and Temporal, so `--selectProjects unit` stays fast.
// Jest 30 keeps --selectProjects / --ignoreProjects only in the CLI argv (jest-cli's buildArgv -> runCLI);
// the globalConfig handed to globalSetup has no such fields, so test/utils/global-setup.ts re-parses
// process.argv with jest's own parser when jest was started from its bin.

export interface JestSelection {
  selectProjects?: string[];
  ignoreProjects?: string[];
  /** Raw test path patterns given on the command line. */
  testPathPatterns?: string[];
}

/** Projects that run without any infrastructure. */
const INFRA_FREE_PROJECTS = new Set(['unit']);

/**
 * `selection` null = unknown (jest started through runCLI by another tool, whose argv is not jest's):
 * start everything unless HPC_TEST_INFRA=never.
 */
export function needsInfrastructure(selection: JestSelection | null, allProjects: string[], override?: string): boolean {
  if (override === 'always') return true;
  if (override === 'never') return false;
  if (selection === null) return true;
  const select = selection.selectProjects ?? [];
  const ignore = new Set(selection.ignoreProjects ?? []);
  const selected = allProjects.filter((p) => (select.length === 0 || select.includes(p)) && !ignore.has(p));
  if (selected.every((p) => INFRA_FREE_PROJECTS.has(p))) return false;
  // Explicit paths that all name unit specs (`foo.spec.ts`, not `.integration-spec.ts`) need nothing either.
  const patterns = selection.testPathPatterns ?? [];
  if (patterns.length > 0 && patterns.every((p) => /\.spec\.tsx?\$?$/.test(p))) return false;
  return true;
}

/** Was this process started as jest's command line (node_modules/.bin/jest, jest/bin/jest.js, jest-cli/bin/jest.js)? */
export function isJestCommandLine(scriptPath: string | undefined): boolean {
  return scriptPath !== undefined && /(^|[\\/])(jest|jest-cli)[\\/]bin[\\/]jest(\.js)?$|(^|[\\/])\.bin[\\/]jest$/.test(scriptPath);
}

/** `hpcflow_test_<epochMs>_<pid>`: unique per run, and its age is readable for cleaning up crashed runs. */
export function testDatabaseName(now: number = Date.now(), pid: number = process.pid): string {
  return `hpcflow_test_${now}_${pid}`;
}

/**
 * What each of a run's parallel jest workers gets to itself, so suites running side by side never see each
 * other's rows, cases or duty schedules: a database (`<run>_w<n>`) and a Temporal namespace (`hpc-test-<n>`).
 */
export interface TestWorkerSlot {
  database: string;
  namespace: string;
}

export function testWorkerSlots(runDatabase: string, workers: number): TestWorkerSlot[] {
  if (!Number.isInteger(workers) || workers < 1) throw new Error(`test workers must be a positive integer (got ${workers})`);
  return Array.from({ length: workers }, (_, i) => ({ database: `${runDatabase}_w${i + 1}`, namespace: `hpc-test-${i + 1}` }));
}

/** The slot of the jest worker with this JEST_WORKER_ID (1-based; unset when jest runs in band = 1). */
export function slotOfWorker<T>(slots: T[], jestWorkerId: string | undefined): T {
  const id = jestWorkerId === undefined ? 1 : Number(jestWorkerId);
  if (!Number.isInteger(id) || id < 1 || id > slots.length) {
    throw new Error(`JEST_WORKER_ID ${jestWorkerId} has no test slot (global setup made ${slots.length}): run jest with at most that many workers`);
  }
  return slots[id - 1];
}

/** Test databases older than `maxAgeMs`, left behind by runs that crashed before teardown. */
export function staleTestDatabases(names: string[], now: number, maxAgeMs: number): string[] {
  return names.filter((name) => {
    const match = /^hpcflow_test_(\d{13})_\d+(_w\d+)?$/.exec(name);
    return match !== null && now - Number(match[1]) > maxAgeMs;
  });
}
