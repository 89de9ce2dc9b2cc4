// Scenarios 1 and 2: starting cases and deciding tasks, through the API (A) and raw Temporal (B), interleaved.
import { decideUpdate, processIdOfTask, startArgs } from '../../workflows/contracts';
import { auditActorOf, type Actor } from '../../workflows/domain';
import { CLUSTER_ACTIVATION, clusterActivation, type ClusterActivationInput } from '../../workflows/processes';
import type { BenchContext, CpuPerOp } from './context';
import { runLoad, sleep, type LatencySummary } from './stats';

export type Driver = 'api' | 'raw';
export const DRIVERS: Driver[] = ['api', 'raw'];

export interface StartRun {
  driver: Driver;
  pair: number;
  summary: LatencySummary;
  /** Cases started in the warm-up and the measured period. */
  started: number;
  /** Of those, cases whose first task row is open in PostgreSQL. */
  reachedFirstTask: number;
  drainMs: number;
  /** Per started case, including the worker's work until the first task is projected. */
  cpu: CpuPerOp;
}

export interface DecisionRun {
  driver: Driver;
  pair: number;
  summary: LatencySummary;
  parked: number;
  parkMs: number;
  cpu: CpuPerOp;
}

/**
 * The actor the API would send for a decision in this case's operation: the bench users' tokens predate the
 * bench operations their scopes were extended to, and a real HC holds one or two operations, not thousands.
 */
export function actorIn(actor: Actor, processId: string): Actor {
  const operationId = processId.split(':')[1];
  return { ...actor, operationScopes: [operationId] };
}

export const FIRST_STEP = (clusterActivation.definition.initialSteps as readonly string[])[0];

/** Fresh operations so every case gets its own business id (one open activation per operation and sector). */
/** How long the bench's API reuses a user's state (its USER_STATE_CACHE_MS, the product's default otherwise). */
function userStateCacheMs(): number {
  const raw = Number(process.env.USER_STATE_CACHE_MS ?? 5_000);
  return Number.isFinite(raw) && raw >= 0 ? raw : 5_000;
}

export class OperationPool {
  private ids: string[] = [];
  private refilling?: Promise<void>;
  private batch = 0;

  constructor(private readonly ctx: BenchContext) {}

  async ensure(n: number): Promise<void> {
    if (this.ids.length >= n) return;
    this.batch += 1;
    const { rows } = await this.ctx.pool.query<{ id: string }>(
      `INSERT INTO operations (name, country_iso3, type)
       SELECT 'bench ' || $1::text || ' ' || g, 'SSD', 'sudden-onset' FROM generate_series(1, $2::int) g RETURNING id`,
      [`${process.pid}-${Date.now()}-${this.batch}`, n - this.ids.length],
    );
    // hc and ocha act in their operations only: the bench users are scoped to every bench operation.
    await this.ctx.pool.query(
      `UPDATE users SET operation_scopes = operation_scopes || $1::uuid[] WHERE username IN ('ocha', 'hc')`,
      [rows.map((r) => r.id)],
    );
    // Written behind the API's back: it sees the new scopes once its cached user state has expired
    // (USER_STATE_CACHE_MS); a start before that is refused (403), which would count as an error of the run.
    await sleep(userStateCacheMs() + 100);
    this.ids.push(...rows.map((r) => r.id));
  }

  async take(): Promise<string> {
    for (;;) {
      const id = this.ids.pop();
      if (id) return id;
      this.refilling ??= this.ensure(500).finally(() => (this.refilling = undefined));
      await this.refilling;
    }
  }
}

let leadAgencyId: string | null = null;

/** The lead agency of every bench activation (an organisation row, created once). */
export async function benchLeadAgency(ctx: BenchContext): Promise<string> {
  if (!leadAgencyId) {
    const { rows } = await ctx.pool.query<{ id: string }>(
      `INSERT INTO organisations (name, type) VALUES ('Bench lead agency', 'un-agency')
       ON CONFLICT ((lower(name))) DO UPDATE SET updated_at = now() RETURNING id`,
    );
    leadAgencyId = rows[0].id;
  }
  return leadAgencyId;
}

export function activationInput(operationId: string): ClusterActivationInput {
  return {
    operationId,
    sector: 'protection',
    leadAgencyId: leadAgencyId as string,
    rationale: 'Benchmark case: protection gaps after displacement',
    criteria: { responseGaps: true, nationalCapacityInsufficient: true },
  };
}

/** The same call ProcessesService.start makes, without the HTTP layer, authorisation, validation and reference checks. */
export async function rawStart(ctx: BenchContext, actor: Actor, operationId: string): Promise<string> {
  const input = activationInput(operationId);
  const workflowId = clusterActivation.workflowId(input);
  await ctx.temporal.workflow.start(CLUSTER_ACTIVATION, {
    workflowId,
    taskQueue: ctx.taskQueue,
    args: [startArgs(input as unknown as Record<string, unknown>, auditActorOf(actor), null)],
    workflowIdConflictPolicy: 'FAIL',
    searchAttributes: { HpcProcessType: [CLUSTER_ACTIVATION], HpcStatus: ['running'] },
  });
  return workflowId;
}

/** Waits until every case has its first task open in PostgreSQL (or the timeout); returns how many did. */
export async function waitForFirstTasks(ctx: BenchContext, processIds: string[], timeoutMs: number): Promise<{ reached: number; ms: number }> {
  const t0 = Date.now();
  let reached = 0;
  for (;;) {
    const { rows } = await ctx.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM tasks WHERE process_id = ANY($1::text[]) AND step_id = $2 AND status = 'open'`,
      [processIds, FIRST_STEP],
    );
    reached = Number(rows[0].n);
    if (reached >= processIds.length || Date.now() - t0 > timeoutMs) return { reached, ms: Date.now() - t0 };
    if (ctx.infra.crashed()) throw new Error(ctx.infra.crashed());
    await sleep(250);
  }
}

export async function runStartScenario(ctx: BenchContext, log: (line: string) => void): Promise<StartRun[]> {
  const { config } = ctx;
  const operations = new OperationPool(ctx);
  await benchLeadAgency(ctx);
  const runs: StartRun[] = [];
  let lastRate = 50;
  for (let pair = 1; pair <= config.pairs; pair++) {
    for (const driver of DRIVERS) {
      ctx.setPhase(`start:${driver}:${pair}`);
      await operations.ensure(Math.ceil(lastRate * (config.warmupSeconds + config.seconds) * 1.5) + config.concurrency);
      const started: string[] = [];
      const ocha = ctx.users.ocha;
      const { result: { summary, drain }, cpu } = await ctx.withCpu(async () => {
        const summary = await runLoad({ concurrency: config.concurrency, warmupMs: config.warmupSeconds * 1000, measureMs: config.seconds * 1000, label: `start ${driver}` }, async () => {
          const operationId = await operations.take();
          if (driver === 'api') {
            const res = await ctx.http.request<{ id: string }>('POST', '/api/processes', { token: ocha.token, body: { type: CLUSTER_ACTIVATION, input: activationInput(operationId) }, expect: 201 });
            started.push(res.body.id);
          } else {
            started.push(await rawStart(ctx, ocha.actor, operationId));
          }
          return true;
        });
        // Count completions, not only starts: every case must reach its first open task row before the next run.
        const drain = await waitForFirstTasks(ctx, started, config.drainTimeoutSeconds * 1000);
        return { summary, drain };
      }, () => started.length);
      lastRate = Math.max(lastRate, summary.throughput);
      runs.push({ driver, pair, summary, started: started.length, reachedFirstTask: drain.reached, drainMs: drain.ms, cpu });
      log(`start    ${driver.padEnd(3)} pair ${pair}: ${summary.throughput}/s p50 ${summary.p50} p95 ${summary.p95} p99 ${summary.p99} ms, errors ${summary.errors}; first task ${drain.reached}/${started.length} after ${drain.ms} ms; CPU/case api ${cpu.apiMs} worker ${cpu.workerMs} driver ${cpu.driverMs} ms`);
    }
  }
  return runs;
}

/** Starts `n` cases and waits for their first task rows: workflows parked on a human step. */
async function park(ctx: BenchContext, operations: OperationPool, n: number): Promise<{ taskIds: string[]; ms: number }> {
  const t0 = Date.now();
  await operations.ensure(n);
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < n) {
        next += 1;
        ids.push(await rawStart(ctx, ctx.users.ocha.actor, await operations.take()));
      }
    }),
  );
  const drain = await waitForFirstTasks(ctx, ids, ctx.config.drainTimeoutSeconds * 1000);
  if (drain.reached < ids.length) throw new Error(`only ${drain.reached} of ${ids.length} parked cases reached their first task`);
  return { taskIds: ids.map((id) => `${id}~${FIRST_STEP}~1`), ms: Date.now() - t0 };
}

export async function runDecisionScenario(ctx: BenchContext, log: (line: string) => void): Promise<DecisionRun[]> {
  const { config } = ctx;
  const operations = new OperationPool(ctx);
  await benchLeadAgency(ctx);
  const runs: DecisionRun[] = [];
  const hc = ctx.users.hc;
  // Park what one run can use (from the last run's rate, capped by BENCH_DECISION_POOL): parking is slow.
  let poolSize = Math.min(config.decisionPool, 60);
  let pairRate = 0;
  for (let pair = 1; pair <= config.pairs; pair++) {
    for (const driver of DRIVERS) {
      ctx.setPhase(`decision-park:${driver}:${pair}`);
      const parked = await park(ctx, operations, poolSize);
      ctx.setPhase(`decision:${driver}:${pair}`);
      const queue = [...parked.taskIds];
      // Warm-up by count: parked cases are scarce, and a time-based warm-up on a fast machine could use them all.
      const warmupOps = 2 * config.concurrency;
      const { result: summary, cpu } = await ctx.withCpu(() => runLoad({ concurrency: config.concurrency, warmupMs: 0, warmupOps, measureMs: config.seconds * 1000, label: `decision ${driver}` }, async () => {
        const taskId = queue.shift();
        if (!taskId) return false;
        if (driver === 'api') {
          await ctx.http.request('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: hc.token, body: { decision: 'endorse' }, expect: 200 });
        } else {
          // The Update the API sends, with the same default update id; it returns once the decision is projected.
          const processId = processIdOfTask(taskId) as string;
          await ctx.temporal.workflow.getHandle(processId).executeUpdate(decideUpdate, {
            args: [{ taskId, decision: 'endorse', actor: actorIn(hc.actor, processId) }],
            updateId: `${taskId}:${hc.actor.id}`,
          });
        }
        return true;
      }), (r) => r.totalOps);
      runs.push({ driver, pair, summary, parked: parked.taskIds.length, parkMs: parked.ms, cpu });
      // Resize only between pairs: A and B of one pair get the same pool (beyond the worker's cache, parked cases replay).
      pairRate = Math.max(pairRate, summary.throughput);
      if (driver === DRIVERS[DRIVERS.length - 1]) {
        poolSize = Math.min(config.decisionPool, Math.max(poolSize, Math.ceil(pairRate * config.seconds * 1.3) + warmupOps + 2 * config.concurrency));
        pairRate = 0;
      }
      const dry = queue.length === 0 ? ' (pool used up)' : '';
      log(`decision ${driver.padEnd(3)} pair ${pair}: ${summary.ops} decisions${dry} p50 ${summary.p50} p95 ${summary.p95} p99 ${summary.p99} ms, errors ${summary.errors}; parked ${parked.taskIds.length} in ${parked.ms} ms; CPU/decision api ${cpu.apiMs} worker ${cpu.workerMs} driver ${cpu.driverMs} ms`);
    }
  }
  return runs;
}

