// The golden cases of each process: `test/replay/scenarios/<type>.ts` exports `scenarios` (one file per
// process, nothing to register here, so processes added in parallel never touch a shared list). A process
// of workflows/processes/index.ts without such a file cannot be captured, and the replay test fails for want
// of its histories.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Scenario } from './support';

export type { CaptureContext, Scenario } from './support';

/** The scenarios of a process type (none when it has no scenario file). */
export function scenariosFor(type: string): readonly Scenario[] {
  const file = ['.ts', '.js'].map((ext) => path.join(__dirname, `${type}${ext}`)).find((f) => fs.existsSync(f));
  if (!file) return [];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mod = require(file) as { scenarios?: readonly Scenario[] };
  if (!Array.isArray(mod.scenarios)) throw new Error(`${path.relative(process.cwd(), file)} must export \`scenarios\` (an array of Scenario)`);
  const names = mod.scenarios.map((s) => s.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0) throw new Error(`${type}: scenario names must be unique (${twice.join(', ')})`);
  return mod.scenarios;
}
