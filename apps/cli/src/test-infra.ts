// Decides whether a jest run needs PostgreSQL and Temporal, so `--selectProjects unit` stays fast.

export interface JestSelection {
  selectProjects?: string[];
  ignoreProjects?: string[];
  /** Raw test path patterns given on the command line. */
  testPathPatterns?: string[];
}

/** Projects that run without any infrastructure. */
const INFRA_FREE_PROJECTS = new Set(['unit']);

export function needsInfrastructure(selection: JestSelection, allProjects: string[], override?: string): boolean {
  if (override === 'always') return true;
  if (override === 'never') return false;
  const select = selection.selectProjects ?? [];
  const ignore = new Set(selection.ignoreProjects ?? []);
  const selected = allProjects.filter((p) => (select.length === 0 || select.includes(p)) && !ignore.has(p));
  if (selected.every((p) => INFRA_FREE_PROJECTS.has(p))) return false;
  // Explicit paths that all name unit specs (`foo.spec.ts`, not `.integration-spec.ts`) need nothing either.
  const patterns = selection.testPathPatterns ?? [];
  if (patterns.length > 0 && patterns.every((p) => /\.spec\.tsx?\$?$/.test(p))) return false;
  return true;
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
