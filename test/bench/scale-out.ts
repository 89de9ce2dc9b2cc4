// Scenario "scale-out" (issue 15, item 6): what a user who outgrows one box gets by adding API and worker processes
// against the same Temporal cluster and PostgreSQL. Two API processes (different ports, requests round-robin) and
// 1, 2, then 3 worker processes on the same task queue. At each worker count: starts/s (POST /api/processes,
// cluster-activation) at a fixed concurrency, then decisions/s (POST /api/tasks/:id/decision) on the cases just
// started (so they are spread over every worker's sticky cache), with p50/p95 and the CPU each process spent per
// operation (/proc/<pid>/stat): the APIs, the workers, the Temporal dev server, the PostgreSQL backends of the bench
// database, the bench itself, and the rest of the machine (other users). Meanwhile a console's live stream on API #1
// (ticket taken from API #2, as a round-robin proxy would) must receive the change of every decision made through
// API #2, and its latency is measured. At the end every case is checked: its audit events contiguous and written in
// sequence order, its task rows and sequence number as its workflow's `state` query says, its hash chain verified
// through GET /api/audit/verify.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import { temporal as proto } from '@temporalio/proto';
import { processIdOfTask, stateQuery } from '../../workflows/contracts';
import type { ProcessSnapshot } from '../../workflows/domain';
import { CLUSTER_ACTIVATION } from '../../workflows/processes';
import type { BenchContext } from './context';
import { BenchHttp } from './http-client';
import { CLOCK_TICKS, cpuMs, type ExtraProcess } from './infra';
import type { Figure } from './report';
import { percentile, runLoad, sleep, type LatencySummary } from './stats';
import { activationInput, benchLeadAgency, FIRST_STEP, OperationPool, waitForFirstTasks } from './write-paths';
import { sseReader } from '../utils/sse';

/** CPU per operation (ms) of each part of the system during one run. */
export interface CpuShares {
  /** Each API process, in order (#1, #2). */
  api: number[];
  /** Each worker process, in order. */
  worker: number[];
  temporal: number | null;
  /** Backends of the bench database (pg_stat_activity); the server's shared background processes are not counted. */
  postgres: number | null;
  /** This bench process (HTTP client, live stream, pg pool). */
  driver: number;
  /** Everything else the machine did meanwhile (other users' work): /proc/stat busy time minus the above. */
  other: number | null;
  /** Busy share of all cores over the run, %. */
  machineBusyPct: number | null;
}

export interface LiveLatency {
  /** Decisions made through API #2 during the run. */
  probes: number;
  /** Of those, whose change the stream on API #1 delivered. */
  received: number;
  /** From sending the decision to API #2 until its change arrives on API #1's stream, ms. */
  p50: number;
  p95: number;
  max: number;
  /** The change's arrival minus the decision's HTTP response (negative: the stream was first), p50, ms. */
  afterResponseP50: number;
}

/** CPU each part spends with no traffic (pollers, timers, heartbeats), % of one core. */
export interface IdleCpu {
  api: number[];
  worker: number[];
  temporal: number | null;
  postgres: number | null;
  machineBusyPct: number | null;
}

export interface ScaleLevel {
  workers: number;
  /** Measured over a few seconds without traffic before the level's runs. */
  idle: IdleCpu;
  start: LatencySummary;
  started: number;
  reachedFirstTask: number;
  drainMs: number;
  startCpu: CpuShares;
  decision: LatencySummary;
  decided: number;
  decisionCpu: CpuShares;
  /** Requests each API served in the start and decision runs. */
  requestsPerApi: number[];
  live: LiveLatency;
}

export interface ScaleOutChecks {
  cases: number;
  /** Cases whose audit events are not 1..last_seq, or not inserted / timestamped in sequence order. */
  unordered: string[];
  /** Cases whose task rows, status or sequence number differ from their workflow's state query. */
  inconsistent: string[];
  /** Cases whose hash chain does not verify (GET /api/audit/verify). */
  brokenChains: string[];
  /** Whether a ticket taken from API #2 was accepted by API #1's stream. */
  crossInstanceTicket: boolean;
  checkMs: number;
}

export interface ScaleOutRun {
  apis: number;
  concurrency: number;
  /** os.loadavg() when the scenario began and ended: other users' share of the machine. */
  loadAverage: { start: number[]; end: number[] };
  levels: ScaleLevel[];
  checks: ScaleOutChecks;
}

const loadAverage = () => os.loadavg().map((n) => Math.round(n * 100) / 100);

/** BENCH_SCALE_WORKERS (comma list, ascending, default 1,2,3) and BENCH_SCALE_CONCURRENCY (default 8). */
export function scaleOutSettings(env: NodeJS.ProcessEnv = process.env): { workers: number[]; concurrency: number } {
  const raw = env.BENCH_SCALE_WORKERS?.trim() || '1,2,3';
  const workers = raw.split(',').map((x) => Number(x.trim()));
  if (!workers.length || workers.some((n, i) => !Number.isInteger(n) || n < 1 || n > 16 || (i > 0 && n <= workers[i - 1]))) {
    throw new Error(`BENCH_SCALE_WORKERS must be an ascending comma list of worker counts between 1 and 16 (got "${raw}")`);
  }
  const c = Number(env.BENCH_SCALE_CONCURRENCY?.trim() || '8');
  if (!Number.isInteger(c) || c < 1 || c > 256) throw new Error(`BENCH_SCALE_CONCURRENCY must be an integer between 1 and 256 (got "${env.BENCH_SCALE_CONCURRENCY}")`);
  return { workers, concurrency: c };
}

/** Busy and total jiffies of the whole machine (/proc/stat's first line). */
function machineJiffies(): { busy: number; total: number } | undefined {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    const idle = v[3] + (v[4] ?? 0);
    return { busy: total - idle, total };
  } catch {
    return undefined;
  }
}

/**
 * CPU of every part during one run: node processes and the Temporal dev server from /proc/<pid>/stat before and after;
 * PostgreSQL backends sampled every 500 ms (pools open and close connections), each counted from its first sample
 * (or from zero when it connected during the run) to its last.
 */
class CpuMeter {
  private before = new Map<string, number | undefined>();
  private pg = new Map<number, { first: number; last: number }>();
  private timer?: NodeJS.Timeout;
  private machine0?: { busy: number; total: number };
  private driver0 = process.cpuUsage();

  constructor(
    private readonly ctx: BenchContext,
    private readonly procs: () => Record<string, number | undefined>,
  ) {}

  private async samplePostgres(initial: boolean): Promise<void> {
    const { rows } = await this.ctx.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`);
    for (const { pid } of rows) {
      const now = cpuMs(pid);
      if (now === undefined) continue;
      const seen = this.pg.get(pid);
      if (seen) seen.last = now;
      else this.pg.set(pid, { first: initial ? now : 0, last: now });
    }
  }

  async begin(): Promise<void> {
    for (const [k, pid] of Object.entries(this.procs())) this.before.set(k, cpuMs(pid));
    await this.samplePostgres(true);
    this.machine0 = machineJiffies();
    this.driver0 = process.cpuUsage();
    this.timer = setInterval(() => void this.samplePostgres(false).catch(() => undefined), 500);
  }

  /** ms of CPU per part during the run. */
  async end(): Promise<{ procs: Record<string, number | null>; postgres: number; driver: number; machineBusy: number | null; machineTotal: number | null }> {
    clearInterval(this.timer);
    await this.samplePostgres(false);
    const procs: Record<string, number | null> = {};
    for (const [k, pid] of Object.entries(this.procs())) {
      const a = this.before.get(k);
      const b = cpuMs(pid);
      procs[k] = a === undefined || b === undefined ? null : b - a;
    }
    const postgres = [...this.pg.values()].reduce((s, v) => s + (v.last - v.first), 0);
    const d = process.cpuUsage(this.driver0);
    const m1 = machineJiffies();
    const toMs = (jiffies: number) => (jiffies * 1000) / CLOCK_TICKS;
    return {
      procs,
      postgres,
      driver: (d.user + d.system) / 1000,
      machineBusy: this.machine0 && m1 ? toMs(m1.busy - this.machine0.busy) : null,
      machineTotal: this.machine0 && m1 ? toMs(m1.total - this.machine0.total) : null,
    };
  }
}

function shares(m: Awaited<ReturnType<CpuMeter['end']>>, apis: number, workers: number, ops: number): CpuShares {
  const per = (v: number | null | undefined) => (v === null || v === undefined || !ops ? null : Math.round((v / ops) * 100) / 100);
  const api = Array.from({ length: apis }, (_, i) => per(m.procs[`api${i + 1}`]) ?? NaN);
  const worker = Array.from({ length: workers }, (_, i) => per(m.procs[`worker${i + 1}`]) ?? NaN);
  const ours = [...Object.values(m.procs)].reduce<number>((s, v) => s + (v ?? 0), 0) + m.postgres + m.driver;
  return {
    api,
    worker,
    temporal: per(m.procs.temporal),
    postgres: per(m.postgres),
    driver: per(m.driver) ?? NaN,
    other: m.machineBusy === null ? null : per(Math.max(0, m.machineBusy - ours)),
    machineBusyPct: m.machineBusy === null || !m.machineTotal ? null : Math.round((m.machineBusy / m.machineTotal) * 1000) / 10,
  };
}

const IDLE_MS = 5_000;

function idleCpu(m: Awaited<ReturnType<CpuMeter['end']>>, apis: number, workers: number, elapsedMs: number): IdleCpu {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round((v / elapsedMs) * 1000) / 10);
  return {
    api: Array.from({ length: apis }, (_, i) => pct(m.procs[`api${i + 1}`]) ?? NaN),
    worker: Array.from({ length: workers }, (_, i) => pct(m.procs[`worker${i + 1}`]) ?? NaN),
    temporal: pct(m.procs.temporal),
    postgres: pct(m.postgres),
    machineBusyPct: m.machineBusy === null || !m.machineTotal ? null : Math.round((m.machineBusy / m.machineTotal) * 1000) / 10,
  };
}

/** CPU of the system under test per operation (APIs, workers, Temporal, PostgreSQL backends; not the bench). */
export const systemMs = (c: CpuShares): number => sum(c.api) + sum(c.worker) + (c.temporal ?? 0) + (c.postgres ?? 0);

interface ChangeEvent {
  at: number;
  processId: string;
  taskIds: string[];
}

/** A console's live stream (GET /api/live?ticket=…, server-sent events), parsed as it arrives. */
class LiveStream {
  private req?: http.ClientRequest;
  private listeners = new Set<(e: ChangeEvent) => void>();
  changes = 0;

  static open(baseUrl: string, ticketUrl: string): Promise<LiveStream> {
    const s = new LiveStream();
    return new Promise((resolve, reject) => {
      const url = new URL(ticketUrl, baseUrl);
      const req = http.get(url, { headers: { accept: 'text/event-stream' } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET /api/live answered ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        res.on(
          'data',
          sseReader(({ event, data }) => {
            if (event === 'ready') resolve(s);
            else if (event === 'degraded') reject(new Error('live stream degraded: the API cannot LISTEN'));
            else if (event === 'change' && data) {
              const c = JSON.parse(data) as { processId: string; taskIds: string[] };
              s.changes += 1;
              const e = { at: performance.now(), processId: c.processId, taskIds: c.taskIds ?? [] };
              for (const l of s.listeners) l(e);
            }
          }),
        );
      });
      req.on('error', reject);
      s.req = req;
    });
  }

  onChange(l: (e: ChangeEvent) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  close(): void {
    this.req?.destroy();
  }
}

/** Resolves once a worker process with this pid polls the workflow task queue (its SDK identity is `<pid>@<host>`). */
async function waitPolling(ctx: BenchContext, worker: ExtraProcess, timeoutMs: number): Promise<number> {
  const t0 = Date.now();
  const E = proto.api.enums.v1;
  for (;;) {
    const pid = worker.pid();
    const res = await ctx.connection.workflowService.describeTaskQueue({
      namespace: 'default',
      taskQueue: { name: ctx.taskQueue, kind: E.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
      taskQueueType: E.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
    });
    if (pid && (res.pollers ?? []).some((p) => p.identity?.startsWith(`${pid}@`))) return Date.now() - t0;
    if (ctx.infra.crashed()) throw new Error(ctx.infra.crashed());
    if (Date.now() - t0 > timeoutMs) throw new Error(`${worker.name} (pid ${pid}) not polling after ${timeoutMs / 1000} s`);
    await sleep(500);
  }
}

function liveLatency(probes: Map<string, { t0: number; t1?: number; ev?: number }>): LiveLatency {
  const all = [...probes.values()];
  const got = all.filter((p) => p.ev !== undefined);
  const lat = got.map((p) => (p.ev as number) - p.t0).sort((a, b) => a - b);
  const after = got.filter((p) => p.t1 !== undefined).map((p) => (p.ev as number) - (p.t1 as number)).sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 10) / 10;
  return { probes: all.length, received: got.length, p50: r(percentile(lat, 50)), p95: r(percentile(lat, 95)), max: r(lat[lat.length - 1] ?? NaN), afterResponseP50: r(percentile(after, 50)) };
}

async function checkCases(ctx: BenchContext, apis: BenchHttp[], ids: string[], log: (line: string) => void): Promise<Omit<ScaleOutChecks, 'crossInstanceTicket'>> {
  const t0 = Date.now();
  // 1. Order of the projection: per case, seq 1..n without gaps, rows inserted (id) and stamped (at, recorded_at) in
  //    sequence order, and the case row's last_seq at the newest event.
  const { rows: order } = await ctx.pool.query<{ process_id: string; bad: boolean }>(
    `SELECT e.process_id,
            NOT (min(e.seq) = 1 AND max(e.seq) = count(*) AND max(e.seq) = max(p.last_seq)
                 AND bool_and(e.prev_id IS NULL OR (e.id > e.prev_id AND e.at >= e.prev_at AND e.recorded_at >= e.prev_rec))) AS bad
       FROM (SELECT process_id, seq, id::bigint AS id, at, recorded_at,
                    lag(id::bigint) OVER w AS prev_id, lag(at) OVER w AS prev_at, lag(recorded_at) OVER w AS prev_rec
               FROM audit_events WHERE process_id = ANY($1::text[])
             WINDOW w AS (PARTITION BY process_id ORDER BY seq)) e
       JOIN processes p ON p.id = e.process_id
      GROUP BY e.process_id`,
    [ids],
  );
  const unordered = order.filter((r) => r.bad).map((r) => r.process_id);
  const withEvents = new Set(order.map((r) => r.process_id));
  for (const id of ids) if (!withEvents.has(id)) unordered.push(id);

  // 2. The read model against Temporal: open and decided task rows, status and seq as the workflow's state query says.
  //    A projection still in flight shows as a lower last_seq: such a case is looked at again for up to 30 s.
  const compare = async (id: string): Promise<string | null> => {
    const snap = await ctx.temporal.workflow.getHandle(id).query<ProcessSnapshot>(stateQuery);
    const { rows: p } = await ctx.pool.query<{ status: string; last_seq: number }>(`SELECT status, last_seq FROM processes WHERE id = $1`, [id]);
    const { rows: t } = await ctx.pool.query<{ id: string; status: string; last_seq: number }>(`SELECT id, status, last_seq FROM tasks WHERE process_id = $1`, [id]);
    if (!p[0]) return 'no process row';
    if (p[0].last_seq !== snap.seq) return `last_seq ${p[0].last_seq}, workflow seq ${snap.seq}`;
    if (p[0].status !== snap.process.status) return `status ${p[0].status}, workflow ${snap.process.status}`;
    const set = (v: string[]) => [...v].sort().join(',');
    const open = set(t.filter((x) => x.status === 'open').map((x) => x.id));
    if (open !== set(snap.openTasks.map((x) => x.id))) return `open tasks [${open}], workflow [${set(snap.openTasks.map((x) => x.id))}]`;
    const decided = set(t.filter((x) => x.status === 'decided').map((x) => x.id));
    if (decided !== set(snap.decided.map((x) => x.taskId))) return `decided tasks [${decided}], workflow [${set(snap.decided.map((x) => x.taskId))}]`;
    const ahead = t.find((x) => x.last_seq > snap.seq);
    if (ahead) return `task ${ahead.id} at seq ${ahead.last_seq} beyond the workflow's ${snap.seq}`;
    return null;
  };
  let pending = [...ids];
  const reasons = new Map<string, string>();
  const deadline = Date.now() + 30_000;
  for (;;) {
    const next: string[] = [];
    let i = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (i < pending.length) {
          const id = pending[i++];
          const why = await compare(id).catch((err: Error) => `state query failed: ${err.message}`);
          if (why) {
            reasons.set(id, why);
            next.push(id);
          } else reasons.delete(id);
        }
      }),
    );
    pending = next;
    if (!pending.length || Date.now() > deadline) break;
    await sleep(1000);
  }
  const inconsistent = pending.map((id) => `${id}: ${reasons.get(id)}`);

  // 3. Every case's hash chain, through the product's own verification (both APIs, round-robin), as the auditor.
  const brokenChains: string[] = [];
  let j = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (j < ids.length) {
        const n = j++;
        const id = ids[n];
        try {
          const res = await apis[n % apis.length].request<{ valid: boolean; reason: string | null; firstBrokenSeq: number | null }>(
            'GET', `/api/audit/verify?processId=${encodeURIComponent(id)}`, { token: ctx.users.auditor.token, expect: 200 },
          );
          if (!res.body.valid) brokenChains.push(`${id}: ${res.body.reason} at seq ${res.body.firstBrokenSeq}`);
        } catch (err) {
          brokenChains.push(`${id}: ${(err as Error).message}`);
        }
      }
    }),
  );
  const checkMs = Date.now() - t0;
  log(`scale-out checks: ${ids.length} cases; ${unordered.length} out of order, ${inconsistent.length} unlike their workflow, ${brokenChains.length} chains broken (${checkMs} ms)`);
  return { cases: ids.length, unordered, inconsistent, brokenChains, checkMs };
}

export async function runScaleOutScenario(ctx: BenchContext, log: (line: string) => void): Promise<ScaleOutRun> {
  const { config } = ctx;
  const loadAtStart = loadAverage();
  const settings = scaleOutSettings();
  const C = settings.concurrency;
  const operations = new OperationPool(ctx);
  await benchLeadAgency(ctx);
  // Every operation the scenario may use, now: hc and ocha get them in scope before API #2 boots, and each API's
  // user-state cache (5 s) has long expired when the first request needs them.
  await operations.ensure(settings.workers.length * Math.ceil(60 * (config.warmupSeconds + config.seconds)) + C);
  const api2 = await ctx.infra.startExtra('api', 'api-2');
  const http2 = new BenchHttp(api2.url as string, Math.max(C, 16));
  const apis = [ctx.http, http2];
  const workers: { name: string; pid: () => number | undefined }[] = [{ name: 'worker', pid: () => ctx.infra.workerPid() }];
  log(`scale-out: API #2 ${api2.url} (pid ${api2.pid()}) beside API #1 ${ctx.infra.apiUrl}; workers ${settings.workers.join(', ')}; C = ${C}`);

  // The console's live stream on API #1, with a ticket taken from API #2 (a proxy spreads the two requests).
  let crossInstanceTicket = true;
  let stream: LiveStream;
  const ticketFrom = (h: BenchHttp) => h.request<{ url: string }>('POST', '/api/live/ticket', { token: ctx.users.auditor.token, expect: 200 });
  try {
    stream = await LiveStream.open(ctx.infra.apiUrl, (await ticketFrom(http2)).body.url);
  } catch (err) {
    crossInstanceTicket = false;
    log(`scale-out: a live ticket from API #2 was refused by API #1 (${(err as Error).message}); measuring with a ticket from API #1`);
    stream = await LiveStream.open(ctx.infra.apiUrl, (await ticketFrom(ctx.http)).body.url);
  }

  const levels: ScaleLevel[] = [];
  const allCases: string[] = [];
  const procs = () => {
    const r: Record<string, number | undefined> = { api1: ctx.infra.apiPid(), api2: api2.pid(), temporal: ctx.infra.temporalPid() };
    workers.forEach((w, i) => (r[`worker${i + 1}`] = w.pid()));
    return r;
  };
  try {
    for (const n of settings.workers) {
      while (workers.length < n) {
        const w = await ctx.infra.startExtra('worker', `worker-${workers.length + 1}`);
        const ms = await waitPolling(ctx, w, 180_000);
        workers.push(w);
        log(`scale-out: ${w.name} (pid ${w.pid()}) polling after ${ms} ms`);
      }
      await sleep(2000); // the new worker's start-up (bundle, connections) is not part of the measure
      // What the processes cost with nothing to do (long polls, timers), so the per-operation figures can be read.
      ctx.setPhase(`scale-out-idle:${n}`);
      const idleMeter = new CpuMeter(ctx, procs);
      await idleMeter.begin();
      const idleT0 = performance.now();
      await sleep(IDLE_MS);
      const idle = idleCpu(await idleMeter.end(), apis.length, workers.length, performance.now() - idleT0);
      const served = apis.map(() => 0);
      let rr = 0;

      // Starts, round-robin over both APIs.
      ctx.setPhase(`scale-out-start:${n}`);
      const started: string[] = [];
      const startMeter = new CpuMeter(ctx, procs);
      await startMeter.begin();
      const start = await runLoad({ concurrency: C, warmupMs: config.warmupSeconds * 1000, measureMs: config.seconds * 1000, label: `scale-out start ${n}w` }, async () => {
        const operationId = await operations.take();
        const i = rr++ % apis.length;
        const res = await apis[i].request<{ id: string }>('POST', '/api/processes', { token: ctx.users.ocha.token, body: { type: CLUSTER_ACTIVATION, input: activationInput(operationId) }, expect: 201 });
        served[i] += 1;
        started.push(res.body.id);
        return true;
      });
      const drain = await waitForFirstTasks(ctx, started, config.drainTimeoutSeconds * 1000);
      const startCpu = shares(await startMeter.end(), apis.length, workers.length, started.length);
      allCases.push(...started);

      // Decisions on the cases just parked (spread over the workers' caches), round-robin; the live stream on API #1
      // must deliver the change of every decision made through API #2.
      ctx.setPhase(`scale-out-decision:${n}`);
      const queue = started.map((id) => `${id}~${FIRST_STEP}~1`);
      const probes = new Map<string, { t0: number; t1?: number; ev?: number }>();
      const byProcess = new Map<string, string>();
      const unsubscribe = stream.onChange((e) => {
        const ids = e.taskIds.length ? e.taskIds : [byProcess.get(e.processId) ?? ''];
        for (const id of ids) {
          const p = probes.get(id);
          if (p && p.ev === undefined && e.at >= p.t0) p.ev = e.at;
        }
      });
      const decisionMeter = new CpuMeter(ctx, procs);
      await decisionMeter.begin();
      const decision = await runLoad({ concurrency: C, warmupMs: 0, warmupOps: 2 * C, measureMs: config.seconds * 1000, label: `scale-out decision ${n}w` }, async () => {
        const taskId = queue.shift();
        if (!taskId) return false;
        const i = rr++ % apis.length;
        const probe = i === 1 ? { t0: performance.now() } as { t0: number; t1?: number; ev?: number } : undefined;
        if (probe) {
          probes.set(taskId, probe);
          byProcess.set(processIdOfTask(taskId) as string, taskId);
        }
        await apis[i].request('POST', `/api/tasks/${encodeURIComponent(taskId)}/decision`, { token: ctx.users.hc.token, body: { decision: 'endorse' }, expect: 200 });
        if (probe) probe.t1 = performance.now();
        served[i] += 1;
        return true;
      });
      const decided = decision.totalOps;
      const decisionCpu = shares(await decisionMeter.end(), apis.length, workers.length, decided);
      // Changes still on their way: a few seconds at most.
      for (let waited = 0; waited < 10_000 && [...probes.values()].some((p) => p.t1 !== undefined && p.ev === undefined); waited += 100) await sleep(100);
      unsubscribe();
      const live = liveLatency(new Map([...probes].filter(([, p]) => p.t1 !== undefined)));
      const level: ScaleLevel = { workers: n, idle, start, started: started.length, reachedFirstTask: drain.reached, drainMs: drain.ms, startCpu, decision, decided, decisionCpu, requestsPerApi: served, live };
      levels.push(level);
      const fmt = (c: CpuShares) => `api ${c.api.join('+')} worker ${c.worker.join('+')} temporal ${c.temporal} postgres ${c.postgres} bench ${c.driver} other ${c.other} ms (machine ${c.machineBusyPct} % busy)`;
      log(`scale-out ${n} worker(s): idle CPU (% of a core) api ${idle.api.join('+')} worker ${idle.worker.join('+')} temporal ${idle.temporal} postgres ${idle.postgres} (machine ${idle.machineBusyPct} % busy)`);
      log(`scale-out ${n} worker(s): starts ${start.throughput}/s p50 ${start.p50} p95 ${start.p95} ms, errors ${start.errors}, first task ${drain.reached}/${started.length}; CPU/start ${fmt(startCpu)}`);
      log(`scale-out ${n} worker(s): decisions ${decision.throughput}/s p50 ${decision.p50} p95 ${decision.p95} ms, errors ${decision.errors}${queue.length ? '' : ' (pool used up)'}; CPU/decision ${fmt(decisionCpu)}`);
      log(`scale-out ${n} worker(s): live on API #1 for decisions via API #2: ${live.received}/${live.probes}, p50 ${live.p50} p95 ${live.p95} max ${live.max} ms (after the response: p50 ${live.afterResponseP50} ms); requests per API ${served.join(' / ')}`);
    }
    ctx.setPhase('scale-out-checks');
    const checks = await checkCases(ctx, apis, allCases, log);
    return { apis: apis.length, concurrency: C, loadAverage: { start: loadAtStart, end: loadAverage() }, levels, checks: { ...checks, crossInstanceTicket } };
  } finally {
    stream.close();
    http2.close();
  }
}

const r1 = (n: number | null | undefined) => (n === null || n === undefined || !Number.isFinite(n) ? '–' : String(Math.round(n * 10) / 10));
const sum = (v: number[]) => v.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);

/** The scaling table: one line per worker count (throughput, latency), then where the CPU went per operation. */
export function formatScaleOut(run: ScaleOutRun): string {
  const table = (header: string[], rows: string[][]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
    return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
  };
  const perf = table(
    ['workers', 'starts/s', 'start p50', 'start p95', 'decisions/s', 'decision p50', 'decision p95', 'live p50', 'live p95', 'machine busy %'],
    run.levels.map((l) => [
      String(l.workers), r1(l.start.throughput), r1(l.start.p50), r1(l.start.p95), r1(l.decision.throughput), r1(l.decision.p50), r1(l.decision.p95),
      r1(l.live.p50), r1(l.live.p95), `${r1(l.startCpu.machineBusyPct)} / ${r1(l.decisionCpu.machineBusyPct)}`,
    ]),
  );
  const cores = os.cpus().length;
  const cpu = table(
    ['workers', 'op', 'APIs', 'workers', 'temporal', 'postgres', 'system', `ops/s on ${cores} idle cores`, 'bench', 'other', 'per worker'],
    run.levels.flatMap((l) =>
      ([['start', l.startCpu], ['decision', l.decisionCpu]] as const).map(([op, c]) => [
        String(l.workers), op, r1(sum(c.api)), r1(sum(c.worker)), r1(c.temporal), r1(c.postgres), r1(systemMs(c)), r1((cores * 1000) / systemMs(c)),
        r1(c.driver), r1(c.other), c.worker.map(r1).join(' / '),
      ]),
    ),
  );
  const idle = table(
    ['workers', 'APIs', 'workers', 'temporal', 'postgres', 'machine busy %'],
    run.levels.map((l) => [String(l.workers), l.idle.api.map(r1).join(' + '), l.idle.worker.map(r1).join(' + '), r1(l.idle.temporal), r1(l.idle.postgres), r1(l.idle.machineBusyPct)]),
  );
  return (
    `scale-out: ${run.apis} APIs, C = ${run.concurrency}, load average ${run.loadAverage.start.join(' ')} at start, ${run.loadAverage.end.join(' ')} at end; latencies ms, live = decision sent to API #2 until its change on API #1's stream\n${perf}\n\n` +
    `CPU ms per operation (system = APIs + workers + Temporal + PostgreSQL; ops/s on idle cores = what that CPU would allow if the system had the machine to itself; other = the rest of the machine's work meanwhile)\n${cpu}\n\n` +
    `CPU without traffic, % of one core (${IDLE_MS / 1000} s before each level)\n${idle}`
  );
}

export function scaleOutFigures(run: ScaleOutRun): Figure[] {
  const f = (figure: string, unit: string, product: number, target?: { text: string; pass: boolean }): Figure => ({ figure, unit, product, raw: null, ratio: null, ...(target ? { target: target.text, pass: target.pass } : {}) });
  const c = run.checks;
  const probes = sum(run.levels.map((l) => l.live.probes));
  const received = sum(run.levels.map((l) => l.live.received));
  return [
    f(`scale-out: cases with ordered projection (of ${c.cases})`, 'n', c.cases - c.unordered.length, { text: 'all', pass: c.unordered.length === 0 }),
    f(`scale-out: cases whose rows match their workflow (of ${c.cases})`, 'n', c.cases - c.inconsistent.length, { text: 'all', pass: c.inconsistent.length === 0 }),
    f(`scale-out: audit chains verified (of ${c.cases})`, 'n', c.cases - c.brokenChains.length, { text: 'all', pass: c.brokenChains.length === 0 }),
    f(`scale-out: API #2 decisions seen live on API #1 (of ${probes})`, 'n', received, { text: 'all', pass: received === probes && probes > 0 }),
    f('scale-out: live ticket from API #2 accepted by API #1', 'bool', c.crossInstanceTicket ? 1 : 0, { text: '1', pass: c.crossInstanceTicket }),
  ];
}

