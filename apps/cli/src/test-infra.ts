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

/** Test databases older than `maxAgeMs`, left behind by runs that crashed before teardown. */
export function staleTestDatabases(names: string[], now: number, maxAgeMs: number): string[] {
  return names.filter((name) => {
    const match = /^hpcflow_test_(\d{13})_\d+$/.exec(name);
    return match !== null && now - Number(match[1]) > maxAgeMs;
  });
}
