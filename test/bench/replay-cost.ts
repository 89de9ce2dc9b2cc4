// The workflow code's own cost, apart from the worker's activities, its bridge and the machine's noise: a child
// process of the engine-cost scenario replays one case's history (start + one decision) of each side, the product's
// engine and the reference workflow, and counts what the workflow thread pays per case:
// - the calls into the workflow's V8 context (one per activation job batch and one per pass of Temporal's condition
//   checks): the SDK passes `isolateExecutionTimeout` to each, so Node starts and joins a watchdog thread per call;
// - the promises the workflow code creates: the SDK's promise hook builds a stack trace for each (`init`);
// - the CPU of replaying the case, repeated, with the same data converter (encrypted payloads) as the workers.
// It also measures what one call into a V8 context costs on this machine with and without that timeout.
// Usage: node replay-cost.js <input.json> <output.json>. A child process, because the SDK installs its promise hook
// and stack-trace preparation for the whole thread.
import * as fs from 'node:fs';
import * as path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { bundleWorkflowCode, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { hpcDataConverter } from '../../apps/api/src/temporal/payload-codec';
import { bundleWorkflows, quietBundlerLogger } from '../../apps/worker/src/worker.factory';

export interface ReplayCost {
  /** Calls into the workflow's V8 context per case (replay of start + one decision). */
  vmCalls: number;
  /** Promises created in the workflow context per case. */
  promises: number;
  /** CPU of replaying the case, mean over the repetitions (all threads of the process). */
  replayCpuMs: number;
  repetitions: number;
}

export interface ReplayCostReport {
  product: ReplayCost;
  reference: ReplayCost;
  /** CPU per call into a V8 context: as the SDK calls it (with its 5 s timeout) and without a timeout. */
  vmCallCpuUs: { withTimeout: number; withoutTimeout: number };
}

export interface ReplayInput {
  product: { workflowId: string; history: unknown };
  reference: { workflowId: string; history: unknown };
  referenceWorkflowsPath: string;
  repetitions: number;
}

const cpuNowMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** What one call into a V8 context costs here: the SDK's default isolateExecutionTimeout (5 s) makes Node run a watchdog thread. */
function vmCallCost(): ReplayCostReport['vmCallCpuUs'] {
  const context = vm.createContext({ n: 0 });
  const script = new vm.Script('n += 1');
  const calls = 5000;
  const measure = (options: vm.RunningScriptOptions): number => {
    for (let i = 0; i < 200; i++) script.runInContext(context, options);
    const before = cpuNowMs();
    for (let i = 0; i < calls; i++) script.runInContext(context, options);
    return Math.round(((cpuNowMs() - before) * 1000 / calls) * 10) / 10;
  };
  return { withTimeout: measure({ timeout: 5000 }), withoutTimeout: measure({}) };
}

async function main(): Promise<void> {
  const input = JSON.parse(fs.readFileSync(process.argv[2], 'utf8')) as ReplayInput;
  const vmCallCpuUs = vmCallCost();
  const dataConverter = hpcDataConverter();
  let counting = false;
  let vmCalls = 0;
  let promises = 0;
  const runInContext = vm.Script.prototype.runInContext;
  vm.Script.prototype.runInContext = function (this: vm.Script, ...args: Parameters<vm.Script['runInContext']>) {
    if (counting) vmCalls++;
    return runInContext.apply(this, args);
  };
  // A promise made inside the workflow's context has that context's Promise as its constructor.
  v8.promiseHooks.createHook({ init: (promise: Promise<unknown>) => void (counting && promise.constructor !== Promise && promises++) });

  const bundles: Record<'product' | 'reference', WorkflowBundleWithSourceMap> = {
    product: await bundleWorkflows(),
    reference: await bundleWorkflowCode({ workflowsPath: input.referenceWorkflowsPath, logger: quietBundlerLogger }),
  };
  const out: Partial<ReplayCostReport> = { vmCallCpuUs };
  for (const side of ['product', 'reference'] as const) {
    const { workflowId, history } = input[side];
    const parsed = historyFromJSON(history);
    // In this thread (debugMode), so the counters see the workflow's context; one replay to count, then the timed ones.
    const options = { workflowBundle: bundles[side], dataConverter, debugMode: true, replayName: `replay-cost-${side}` };
    vmCalls = 0;
    promises = 0;
    counting = true;
    await Worker.runReplayHistory(options, parsed, workflowId);
    counting = false;
    const counted = { vmCalls, promises };
    const copies = (n: number) => Array.from({ length: n }, () => ({ workflowId, history: parsed }));
    // A warm-up round (JIT, the replay worker's own start-up), then the measured one.
    for await (const r of Worker.runReplayHistories(options, copies(10))) if (r.error) throw r.error;
    const before = cpuNowMs();
    for await (const r of Worker.runReplayHistories(options, copies(input.repetitions))) if (r.error) throw r.error;
    const replayCpuMs = Math.round(((cpuNowMs() - before) / input.repetitions) * 100) / 100;
    out[side] = { ...counted, replayCpuMs, repetitions: input.repetitions };
  }
  fs.writeFileSync(process.argv[3], `${JSON.stringify(out)}\n`);
}

if (require.main === module) {
  main().then(() => process.exit(0), (err) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  });
}

export const REPLAY_COST_SCRIPT = path.join(__dirname, 'replay-cost.js');
