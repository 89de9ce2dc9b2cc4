// Replays every golden history of every process folder (workflows/processes/<type>/histories/*.json) against
// the current workflow code: a change that would break a running case (a different command sequence) fails
// here before it lands. Every process of PROCESSES must carry at least one history (capture: test/replay/capture.ts).
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type ReplayResult, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { hpcDataConverter, payloadCodecFromEnv } from '../../apps/api/src/temporal/payload-codec';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';
import { PROCESSES } from '../../workflows/processes';

jest.setTimeout(180_000);

const PROCESSES_DIR = path.join(__dirname, '..', '..', 'workflows', 'processes');

interface Golden {
  file: string;
  workflowId: string;
  /** Which run of the case, of how many (a case that continued as new is captured run by run). */
  run?: number;
  runs?: number;
  history: { events: Array<Record<string, any>> };
}

function historyFiles(type: string): string[] {
  const dir = path.join(PROCESSES_DIR, type, 'histories');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(dir, f));
}

/** Every process folder that carries histories (a folder of a process no longer listed must fail too). */
function foldersWithHistories(): string[] {
  return fs.readdirSync(PROCESSES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory() && historyFiles(d.name).length > 0)
    .map((d) => d.name)
    .sort();
}

function load(file: string): Golden {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as Omit<Golden, 'file'>;
  return { file: path.relative(PROCESSES_DIR, file), workflowId: json.workflowId, run: json.run, runs: json.runs, history: json.history };
}

function workflowType(g: Golden): string | undefined {
  return g.history.events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name;
}

async function replay(bundle: WorkflowBundleWithSourceMap, goldens: Golden[]): Promise<{ file: string; error: string | null }[]> {
  const histories = goldens.map((g) => ({ workflowId: g.workflowId, history: historyFromJSON(g.history) }));
  const results: ReplayResult[] = [];
  // With the product's codec: the goldens were captured unencrypted, and unencrypted payloads pass through it.
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter: replayConverter }, histories)) results.push(r);
  return results.map((r, i) => ({ file: goldens[i].file, error: r.error ? String(r.error) : null }));
}

let bundle: WorkflowBundleWithSourceMap;
// A throwaway key when PAYLOAD_KEYS is unset, so replay always runs through the codec.
const replayConverter = hpcDataConverter(payloadCodecFromEnv({ ...process.env, PAYLOAD_KEYS: process.env.PAYLOAD_KEYS ?? `replay:${randomBytes(32).toString('base64')}` }));
beforeAll(async () => {
  bundle = await bundleWorkflows();
});

describe.each(PROCESSES.map((p) => p.type))('%s', (type) => {
  it('has golden histories in its process folder', () => {
    const files = historyFiles(type);
    if (files.length === 0) {
      throw new Error(`${type} has no golden history in workflows/processes/${type}/histories: add scenarios in test/replay/scenarios/ and capture them (workflows/README.md, "Golden histories")`);
    }
    // Each file is a run of this process type (the workflow type is the process type).
    expect(files.map((f) => workflowType(load(f)))).toEqual(files.map(() => type));
    // A case captured run by run is complete: runs 1..n of one workflow id.
    const series = new Map<string, number[]>();
    for (const g of files.map(load)) if (g.runs && g.runs > 1) series.set(`${g.workflowId}/${g.runs}`, [...(series.get(`${g.workflowId}/${g.runs}`) ?? []), g.run ?? 0]);
    for (const [key, runs] of series) expect({ key, runs: runs.sort((a, b) => a - b) }).toEqual({ key, runs: Array.from({ length: Number(key.split('/').at(-1)) }, (_, i) => i + 1) });
  });
});

it.each(foldersWithHistories())('every history of %s replays without non-determinism', async (type) => {
  const goldens = historyFiles(type).map(load);
  expect(await replay(bundle, goldens)).toEqual(goldens.map((g) => ({ file: g.file, error: null })));
});

it('a history whose commands differ from the code fails to replay (the check can fail)', async () => {
  const type = foldersWithHistories()[0];
  const golden = historyFiles(type).map(load).find((g) => g.history.events.some((e) => e.activityTaskScheduledEventAttributes));
  expect(golden).toBeDefined();
  const tampered: Golden = JSON.parse(JSON.stringify(golden));
  const scheduled = tampered.history.events.find((e) => e.activityTaskScheduledEventAttributes)!;
  scheduled.activityTaskScheduledEventAttributes.activityType.name = 'anActivityTheCodeNeverCalls';
  const [result] = await replay(bundle, [tampered]);
  expect(result.error).toMatch(/nondetermin/i);
});
