// Scenario "engine-cost" (issue 15): the worker CPU the product's engine spends per case start and per decision,
// against a hand-written reference workflow with the same steps and no engine (test/bench/reference/), both driven
// the same way by the raw Temporal client (the API's share is measured elsewhere). Also a profile of what each
// case's history holds, since every activation replays or extends it: events, bytes, workflow tasks, local
// activity markers, timers and search-attribute upserts per case. Last, one case of each side is replayed in a child
// process (replay-cost.ts): the workflow code's own CPU, its calls into the workflow VM and its promises.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { decideUpdate } from '../../workflows/contracts';
import { auditActorOf } from '../../workflows/domain';
import { SupervisedProcess, tailFile } from '../../apps/cli/src/supervisor';
import { heapArgs, heapLimits } from '../../apps/cli/src/launcher-config';
import type { BenchContext } from './context';
import { cpuMs } from './infra';
import { referenceDecide } from './reference/reference.workflow';
import { REPLAY_COST_SCRIPT, type ReplayCost, type ReplayCostReport, type ReplayInput } from './replay-cost';
import { REFERENCE_TASK_QUEUE } from './reference/worker';
import { runLoad, sleep, type LatencySummary } from './stats';
import { actorIn, benchLeadAgency, FIRST_STEP, OperationPool, rawStart } from './write-paths';

export type Side = 'product' | 'reference';

export interface HistoryProfile {
  events: number;
  bytes: number;
  workflowTasks: number;
  markers: number;
  timers: number;
  searchAttributeUpserts: number;
  activityTasks: number;
}

export interface EngineCostRun {
  side: Side;
  pair: number;
  cases: number;
  /** Worker CPU per case from start until its first task is projected, and per decision until it is projected. */
  workerMsPerStart: number | null;
  workerMsPerDecision: number | null;
  start: LatencySummary;
  decision: LatencySummary;
  /** Mean over a sample of cases, after the start and one decision. */
  history: HistoryProfile;
  /** The last pair only: one case of each side replayed in a child process (test/bench/replay-cost.ts). */
  replay?: ReplayCost & { vmCallCpuUs: ReplayCostReport['vmCallCpuUs'] };
}

const REPLAY_REPETITIONS = 100;

/** Replay one case of each side, counting its calls into the workflow VM and its promises, and timing the replay. */
async function replayCost(ctx: BenchContext, productId: string, referenceId: string): Promise<ReplayCostReport> {
  const dir = fs.mkdtempSync(path.join(ctx.infra.logDir, 'replay-cost-'));
  const history = async (id: string) => historyToJSON(await ctx.temporal.workflow.getHandle(id).fetchHistory());
  const input: ReplayInput = {
    product: { workflowId: productId, history: JSON.parse(await history(productId)) },
    reference: { workflowId: referenceId, history: JSON.parse(await history(referenceId)) },
    referenceWorkflowsPath: require.resolve('./reference/reference.workflow'),
    repetitions: REPLAY_REPETITIONS,
  };
  fs.writeFileSync(path.join(dir, 'input.json'), JSON.stringify(input));
  // the same heap limit as the workers: the replay runs their workflow code. It bundles the workflows again rather
  // than reading the workers' bundle file: that file carries no source map, and without one the SDK's stack trace
  // per promise is cheaper than in the worker that built the bundle, which would flatter the product's replay.
  await promisify(execFile)(process.execPath, [...heapArgs(heapLimits(process.env).worker), REPLAY_COST_SCRIPT, path.join(dir, 'input.json'), path.join(dir, 'output.json')], {
    env: process.env,
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(fs.readFileSync(path.join(dir, 'output.json'), 'utf8')) as ReplayCostReport;
}

const EventType = temporal.api.enums.v1.EventType;

async function profileHistory(ctx: BenchContext, ids: string[]): Promise<HistoryProfile> {
  const sum: HistoryProfile = { events: 0, bytes: 0, workflowTasks: 0, markers: 0, timers: 0, searchAttributeUpserts: 0, activityTasks: 0 };
  for (const id of ids) {
    const history = await ctx.temporal.workflow.getHandle(id).fetchHistory();
    const events = history.events ?? [];
    sum.events += events.length;
    sum.bytes += temporal.api.history.v1.History.encode(history).finish().length;
    for (const e of events) {
      if (e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) sum.workflowTasks += 1;
      else if (e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED) sum.markers += 1;
      else if (e.eventType === EventType.EVENT_TYPE_TIMER_STARTED) sum.timers += 1;
      else if (e.eventType === EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES) sum.searchAttributeUpserts += 1;
      else if (e.eventType === EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) sum.activityTasks += 1;
    }
  }
  const n = Math.max(ids.length, 1);
  const mean = (v: number) => Math.round((v / n) * 10) / 10;
  return {
    events: mean(sum.events), bytes: mean(sum.bytes), workflowTasks: mean(sum.workflowTasks), markers: mean(sum.markers),
    timers: mean(sum.timers), searchAttributeUpserts: mean(sum.searchAttributeUpserts), activityTasks: mean(sum.activityTasks),
  };
}

async function waitFor(ctx: BenchContext, what: string, count: () => Promise<number>, want: number): Promise<void> {
  const deadline = Date.now() + ctx.config.drainTimeoutSeconds * 1000;
  for (;;) {
    const n = await count();
    if (n >= want) return;
    if (Date.now() > deadline) throw new Error(`${what}: ${n} of ${want} after ${ctx.config.drainTimeoutSeconds} s`);
    if (ctx.infra.crashed()) throw new Error(ctx.infra.crashed());
    await sleep(100);
  }
}

function startReferenceWorker(ctx: BenchContext): SupervisedProcess {
  const script = path.resolve(__dirname, 'reference', 'worker.js');
  const logFile = path.join(ctx.infra.logDir, 'reference-worker.log');
  const worker = new SupervisedProcess({
    name: 'reference-worker',
    script,
    // the product worker's heap limit: the same V8 settings on both sides
    nodeArgs: heapArgs(heapLimits(process.env).worker),
    env: { ...process.env, DATABASE_URL: ctx.infra.databaseUrl, TEMPORAL_ADDRESS: ctx.infra.temporalAddress, TEMPORAL_NAMESPACE: 'default' },
    logFile,
    maxRestarts: 0,
    onGiveUp: (_name, reason) => {
      throw new Error(`reference worker ${reason}: ${tailFile(logFile, 10)}`);
    },
  });
  worker.start();
  return worker;
}

export async function runEngineCostScenario(ctx: BenchContext, log: (line: string) => void): Promise<EngineCostRun[]> {
  const { config } = ctx;
  const n = config.engineCostCases;
  const operations = new OperationPool(ctx);
  await benchLeadAgency(ctx);
  const reference = startReferenceWorker(ctx);
  const hc = ctx.users.hc;
  const runs: EngineCostRun[] = [];
  const lastIds: Partial<Record<Side, string>> = {};
  try {
    // the reference worker is up once it has created its table and polls (a first start proves it)
    await waitFor(ctx, 'reference worker table', async () => Number((await ctx.pool.query(`SELECT count(*) AS n FROM pg_tables WHERE tablename = 'bench_reference_changes'`)).rows[0].n), 1);
    for (let pair = 1; pair <= config.pairs; pair++) {
      for (const side of ['product', 'reference'] as const) {
        ctx.setPhase(`engine-cost:${side}:${pair}`);
        const pid = side === 'product' ? ctx.infra.workerPid() : reference.pid;
        await operations.ensure(n + config.concurrency);
        const ids: string[] = [];
        let issued = 0;
        const before = cpuMs(pid);
        const start = await runLoad({ concurrency: config.concurrency, warmupMs: 0, measureMs: 3_600_000, label: `engine-cost start ${side}` }, async () => {
          if (issued++ >= n) return false;
          const operationId = await operations.take();
          if (side === 'product') {
            ids.push(await rawStart(ctx, hc.actor, operationId));
          } else {
            const id = `bench-reference/${operationId}`;
            await ctx.temporal.workflow.start('referenceActivation', {
              workflowId: id,
              taskQueue: REFERENCE_TASK_QUEUE,
              args: [{ input: { operationId, sector: 'protection', rationale: 'Benchmark case: protection gaps after displacement' }, startedBy: auditActorOf(hc.actor) }],
              searchAttributes: { HpcProcessType: ['bench-reference'], HpcStatus: ['running'] },
            });
            ids.push(id);
          }
          return true;
        });
        if (side === 'product') {
          await waitFor(ctx, 'product first tasks', async () => Number((await ctx.pool.query(`SELECT count(*) AS n FROM tasks WHERE process_id = ANY($1::text[]) AND step_id = $2 AND status = 'open'`, [ids, FIRST_STEP])).rows[0].n), ids.length);
        } else {
          await waitFor(ctx, 'reference first tasks', async () => Number((await ctx.pool.query(`SELECT count(*) AS n FROM bench_reference_changes WHERE process_id = ANY($1::text[]) AND seq = 1`, [ids])).rows[0].n), ids.length);
        }
        const afterStarts = cpuMs(pid);
        const queue = [...ids];
        const decision = await runLoad({ concurrency: config.concurrency, warmupMs: 0, measureMs: 3_600_000, label: `engine-cost decision ${side}` }, async () => {
          const id = queue.shift();
          if (!id) return false;
          try {
            if (side === 'product') {
              const taskId = `${id}~${FIRST_STEP}~1`;
              await ctx.temporal.workflow.getHandle(id).executeUpdate(decideUpdate, { args: [{ taskId, decision: 'endorse', actor: actorIn(hc.actor, id) }], updateId: `${taskId}:${hc.actor.id}` });
            } else {
              await ctx.temporal.workflow.getHandle(id).executeUpdate(referenceDecide, { args: [{ taskId: `${id}~hc-endorsement~1`, decision: 'endorse', actor: { id: hc.actor.id, roles: hc.actor.roles } }] });
            }
          } catch (err) {
            // the refusal's own words are in the cause
            throw new Error(`${(err as Error).message}: ${((err as Error).cause as Error | undefined)?.message ?? ''}`);
          }
          return true;
        });
        const afterDecisions = cpuMs(pid);
        const per = (a?: number, b?: number) => (a === undefined || b === undefined ? null : Math.round(((b - a) / ids.length) * 100) / 100);
        const history = await profileHistory(ctx, ids.slice(0, 5));
        lastIds[side] = ids[0];
        const run: EngineCostRun = { side, pair, cases: ids.length, workerMsPerStart: per(before, afterStarts), workerMsPerDecision: per(afterStarts, afterDecisions), start, decision, history };
        runs.push(run);
        log(`engine   ${side.padEnd(9)} pair ${pair}: ${ids.length} cases; worker CPU ${run.workerMsPerStart} ms/start, ${run.workerMsPerDecision} ms/decision; history ${history.events} events, ${history.bytes} B, ${history.workflowTasks} wf tasks, ${history.markers} markers, ${history.timers} timers, ${history.searchAttributeUpserts} SA upserts, ${history.activityTasks} activity tasks`);
        if (start.errors || decision.errors) throw new Error(`engine-cost ${side}: ${start.errorSamples[0] ?? decision.errorSamples[0]}`);
      }
    }
    if (lastIds.product && lastIds.reference) {
      ctx.setPhase('engine-cost:replay');
      const replay = await replayCost(ctx, lastIds.product, lastIds.reference);
      for (const side of ['product', 'reference'] as const) {
        const run = runs.filter((r) => r.side === side).at(-1);
        if (run) run.replay = { ...replay[side], vmCallCpuUs: replay.vmCallCpuUs };
        log(`engine   ${side.padEnd(9)} replay of one case (start + 1 decision), ${replay[side].repetitions} times: ${replay[side].replayCpuMs} ms CPU, ${replay[side].vmCalls} calls into the workflow VM, ${replay[side].promises} promises`);
      }
      log(`engine   one call into a V8 context: ${replay.vmCallCpuUs.withTimeout} µs CPU with the SDK's isolateExecutionTimeout (a watchdog thread per call), ${replay.vmCallCpuUs.withoutTimeout} µs without`);
    }
  } finally {
    await reference.stop();
  }
  return runs;
}
