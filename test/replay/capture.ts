// Captures golden histories from real runs (time-skipping server, real activities on a throwaway migrated
// database) into each process folder: workflows/processes/<type>/histories/<scenario>[-run-<n>].json, as
// { workflowId, history } (Temporal's JSON form; the workflow id is not in the history and the engine reads it).
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres \
//     node -r ./test/factories/register-ts.js test/replay/capture.ts [<type>…] [--out <dir>] [--scenario <name>…]
//
// DATABASE_URL names the server: a fresh database is created, migrated and dropped. Without types, every
// process of PROCESSES that has scenarios (test/replay/scenarios/<type>.ts) is captured; a named type without is an error.
// See workflows/README.md, "Golden histories", for when to capture (never over histories of deployed code).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { migrate } from '../../apps/api/src/persistence/data-source';
import { createDatabaseIfMissing, databaseUrlFor, dropDatabase } from '../../apps/cli/src/database';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';
import { PROCESSES } from '../../workflows/processes';
import { openDataSource, uniqueSuffix } from '../factories';
import { createTimeSkippingEnv } from '../utils/temporal';
import { registerSearchAttributes, withWorker } from '../workflows/harness';
import { scenariosFor, type Scenario } from './scenarios';

export const PROCESSES_DIR = path.join(__dirname, '..', '..', 'workflows', 'processes');

/** Where a process's golden histories live: beside its definition. */
export function historiesDir(type: string, root = PROCESSES_DIR): string {
  return path.join(root, type, 'histories');
}

/** Every run of the workflow, first to last (continue-as-new links them), as Temporal JSON. */
async function allRuns(env: TestWorkflowEnvironment, workflowId: string): Promise<string[]> {
  const first = (await env.client.workflow.getHandle(workflowId).describe()).raw.workflowExecutionInfo?.firstRunId;
  const histories: string[] = [];
  let runId: string | undefined = first ?? undefined;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.push(historyToJSON(history));
    const last = history.events?.[history.events.length - 1];
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return histories;
}

/** A golden history records a case that went as the scenario says: the right type and outcome, no incident. */
async function checkCase(env: TestWorkflowEnvironment, type: string, scenario: Scenario, workflowId: string, runs: string[]): Promise<void> {
  const where = `${type}/${scenario.name}`;
  const description = await env.client.workflow.getHandle(workflowId).describe();
  if (description.type !== type) throw new Error(`${where}: captured a ${description.type} case, not a ${type} case`);
  const result = (await env.client.workflow.getHandle(workflowId).result()) as { outcome?: string };
  if (result?.outcome !== scenario.outcome) throw new Error(`${where}: the case ended ${JSON.stringify(result)}, expected outcome ${scenario.outcome}`);
  const incidents = runs.filter((json) => json.includes('"recordIncident"'));
  if (incidents.length > 0) throw new Error(`${where}: the case had an incident (recordIncident in its history): fix the cause, do not capture it`);
}

export function scenariosOf(types: readonly string[], only: readonly string[] = []): { type: string; scenario: Scenario }[] {
  const known = PROCESSES.map((p) => p.type);
  const unknown = types.filter((t) => !known.includes(t));
  if (unknown.length > 0) throw new Error(`not in PROCESSES: ${unknown.join(', ')} (known: ${known.join(', ')})`);
  const missing = types.filter((t) => scenariosFor(t).length === 0);
  if (missing.length > 0) throw new Error(`no capture scenarios for ${missing.join(', ')}: add test/replay/scenarios/<type>.ts exporting \`scenarios\``);
  const work = types.flatMap((type) => scenariosFor(type).map((scenario) => ({ type, scenario })));
  const unmatched = only.filter((n) => !work.some((w) => w.scenario.name === n));
  if (unmatched.length > 0) throw new Error(`no scenario named ${unmatched.join(', ')} in ${types.join(', ')}`);
  return only.length > 0 ? work.filter((w) => only.includes(w.scenario.name)) : work;
}

export async function capture(types: readonly string[] = PROCESSES.map((p) => p.type), root = PROCESSES_DIR, only: readonly string[] = []): Promise<string[]> {
  const work = scenariosOf(types, only);
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) throw new Error('DATABASE_URL is unset: point it at a PostgreSQL server (a throwaway database is created there)');
  const database = `hpcflow_capture_${uniqueSuffix()}`;
  await createDatabaseIfMissing(serverUrl, database);
  const written: string[] = [];
  try {
    const databaseUrl = databaseUrlFor(serverUrl, database);
    await migrate(databaseUrl);
    const ds = await openDataSource(databaseUrl);
    try {
      const bundle: WorkflowBundleWithSourceMap = await bundleWorkflows();
      for (const { type, scenario } of work) {
        // A fresh server per scenario: its clock and pending work start clean.
        const env = await createTimeSkippingEnv();
        try {
          await registerSearchAttributes(env);
          const workflowId = await withWorker(env, bundle, ds, (taskQueue) => scenario.run({ env, ds, taskQueue }));
          const runs = await allRuns(env, workflowId);
          await checkCase(env, type, scenario, workflowId, runs);
          const dir = historiesDir(type, root);
          fs.mkdirSync(dir, { recursive: true });
          runs.forEach((json, i) => {
            const file = path.join(dir, runs.length === 1 ? `${scenario.name}.json` : `${scenario.name}-run-${i + 1}.json`);
            fs.writeFileSync(file, `${JSON.stringify({ workflowId, covers: scenario.covers, run: i + 1, runs: runs.length, history: JSON.parse(json) }, null, 1)}\n`);
            written.push(path.relative(process.cwd(), file));
          });
          console.log(`${type}/${scenario.name}: ${runs.length} run(s)`);
        } finally {
          await env.teardown();
        }
      }
    } finally {
      await ds.destroy();
    }
  } finally {
    await dropDatabase(serverUrl, database);
  }
  return written;
}

function parseArgs(argv: string[]): { types: string[]; out: string; only: string[] } {
  const types: string[] = [];
  const only: string[] = [];
  let out = PROCESSES_DIR;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out') out = path.resolve(argv[++i] ?? '');
    else if (argv[i] === '--scenario') only.push(argv[++i] ?? '');
    else types.push(argv[i]);
  }
  if (types.length > 0) return { types, out, only };
  // No types named: every process that has scenarios; say which have none (the replay test fails for them).
  const all = PROCESSES.map((p) => p.type);
  const without = all.filter((t) => scenariosFor(t).length === 0);
  if (without.length > 0) console.warn(`no scenarios (test/replay/scenarios/<type>.ts) for: ${without.join(', ')}`);
  return { types: all.filter((t) => !without.includes(t)), out, only };
}

if (require.main === module) {
  const { types, out, only } = parseArgs(process.argv.slice(2));
  // Only the worker's warnings: the scenario lines and the files written are the output.
  Runtime.install({ logger: new DefaultLogger('WARN') });
  capture(types, out, only).then(
    (files) => {
      console.log(`captured ${files.length} histories:\n${files.join('\n')}`);
      process.exit(0);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
