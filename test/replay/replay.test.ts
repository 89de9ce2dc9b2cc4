// Replays every golden history against the current workflow code: a change that would break a
// running case (a non-deterministic command sequence) fails here before it lands.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker, type ReplayResult } from '@temporalio/worker';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';

jest.setTimeout(120_000);

const ROOT = path.join(__dirname, 'histories');

function historyFiles(): string[] {
  return fs.readdirSync(ROOT, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(ROOT, f))
    .sort();
}

test('golden histories cover both workflow types', () => {
  const dirs = new Set(historyFiles().map((f) => path.basename(path.dirname(f))));
  expect([...dirs].sort()).toEqual(['cluster-activation', 'transition-review']);
});

test('every golden history replays without non-determinism', async () => {
  const files = historyFiles();
  const workflowBundle = await bundleWorkflows();
  const results: ReplayResult[] = [];
  const captured = files.map((file) => JSON.parse(fs.readFileSync(file, 'utf8')) as { workflowId: string; history: unknown });
  const histories = captured.map((c) => ({ workflowId: c.workflowId, history: historyFromJSON(c.history) }));
  for await (const r of Worker.runReplayHistories({ workflowBundle }, histories)) results.push(r);
  expect(results.map((r) => ({ id: r.workflowId, error: r.error ? String(r.error) : null }))).toEqual(
    captured.map((c) => ({ id: c.workflowId, error: null })),
  );
});
