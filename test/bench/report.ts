// Folds the runs into figures (product, raw, ratio), checks them against the targets, prints one table.
import type { CpuPerOp, RssSample } from './context';
import type { ReadRun } from './reads';
import type { EngineCostRun } from './engine-cost';
import type { FanoutRun } from './fanout';
import type { DecisionRun, StartRun } from './write-paths';

export interface Figure {
  figure: string;
  unit: string;
  product: number | null;
  raw: number | null;
  /** product / raw */
  ratio: number | null;
  target?: string;
  pass?: boolean;
}

const round = (n: number, d = 2) => Math.round(n * 10 ** d) / 10 ** d;
/** Median of the per-pair values: one noisy pair on a shared machine does not move the figure. */
export function median(values: number[]): number {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function fig(figure: string, unit: string, product: number, raw: number | null, target?: { text: string; pass: boolean }): Figure {
  return {
    figure,
    unit,
    product: Number.isFinite(product) ? round(product) : null,
    raw: raw !== null && Number.isFinite(raw) ? round(raw) : null,
    ratio: raw !== null && Number.isFinite(raw) && raw !== 0 && Number.isFinite(product) ? round(product / raw, 3) : null,
    ...(target ? { target: target.text, pass: target.pass } : {}),
  };
}

type Runs<T> = { driver: 'api' | 'raw'; summary: T }[];
type CpuRuns = { driver: 'api' | 'raw'; cpu: CpuPerOp }[];
const medCpu = (runs: CpuRuns, driver: 'api' | 'raw', pick: (c: CpuPerOp) => number | null) =>
  median(runs.filter((r) => r.driver === driver).map((r) => pick(r.cpu) ?? NaN));
const med = <T>(runs: Runs<T>, driver: 'api' | 'raw', pick: (s: T) => number) => median(runs.filter((r) => r.driver === driver).map((r) => pick(r.summary)));

export interface RssGrowth {
  scenario: string;
  process: 'api' | 'worker';
  /** Highest RSS sampled during each pair, MiB. */
  perPair: number[];
  /** The pair growth is measured from: 2 when there are three or more (pair 1 warms the heap and the caches). */
  fromPair: number;
  growthMiB: number;
  growthPct: number;
}

export function rssGrowth(samples: RssSample[], scenarios: string[], pairs: number): RssGrowth[] {
  const out: RssGrowth[] = [];
  for (const scenario of scenarios) {
    for (const proc of ['api', 'worker'] as const) {
      const perPair: number[] = [];
      for (let p = 1; p <= pairs; p++) {
        const values = samples.filter((s) => s.phase.startsWith(`${scenario}:`) && s.phase.endsWith(`:${p}`)).map((s) => s[proc]).filter((v): v is number => v !== undefined);
        perPair.push(values.length ? round(Math.max(...values), 1) : NaN);
      }
      if (perPair.length < 2 || perPair.some((v) => !Number.isFinite(v))) continue;
      // V8 grows its old space lazily and the worker fills its (bounded) workflow cache during the first pair;
      // a leak keeps raising the peak after that.
      const from = perPair.length >= 3 ? 2 : 1;
      const base = perPair[from - 1];
      const growth = perPair[perPair.length - 1] - base;
      out.push({ scenario, process: proc, perPair, fromPair: from, growthMiB: round(growth, 1), growthPct: round((growth / base) * 100, 1) });
    }
  }
  return out;
}

export function buildFigures(input: {
  start: StartRun[];
  decision: DecisionRun[];
  reads: ReadRun[];
  fanout?: FanoutRun[];
  engineCost?: EngineCostRun[];
  rss: RssSample[];
  growth: RssGrowth[];
  growthLimitPct: number;
}): Figure[] {
  const figures: Figure[] = [];
  const { start, decision, reads } = input;
  if (start.length) {
    const tApi = med(start, 'api', (s) => s.throughput);
    const tRaw = med(start, 'raw', (s) => s.throughput);
    figures.push(fig('start throughput', 'cases/s', tApi, tRaw, { text: 'api ≥ 0.8 × raw', pass: tApi >= 0.8 * tRaw }));
    for (const p of ['p50', 'p95', 'p99'] as const) figures.push(fig(`start latency ${p}`, 'ms', med(start, 'api', (s) => s[p]), med(start, 'raw', (s) => s[p])));
    const reached = (d: 'api' | 'raw') => start.filter((r) => r.driver === d).reduce((a, r) => a + r.reachedFirstTask, 0);
    const startedN = (d: 'api' | 'raw') => start.filter((r) => r.driver === d).reduce((a, r) => a + r.started, 0);
    figures.push(fig('start: API CPU per case', 'ms', medCpu(start, 'api', (c) => c.apiMs), null));
    figures.push(fig('start: worker CPU per case', 'ms', medCpu(start, 'api', (c) => c.workerMs), medCpu(start, 'raw', (c) => c.workerMs)));
    figures.push(fig('start: cases at first open task', '%', (100 * reached('api')) / startedN('api'), (100 * reached('raw')) / startedN('raw'), {
      text: '100 % of started cases (both)', pass: reached('api') === startedN('api') && reached('raw') === startedN('raw'),
    }));
  }
  if (decision.length) {
    const p50Raw = med(decision, 'raw', (s) => s.p50);
    const p95Raw = med(decision, 'raw', (s) => s.p95);
    const p95Api = med(decision, 'api', (s) => s.p95);
    figures.push(fig('decision p50', 'ms', med(decision, 'api', (s) => s.p50), p50Raw));
    figures.push(fig('decision p95', 'ms', p95Api, p95Raw, {
      text: `api ≤ raw p95 + 30 ms (${round(p95Raw + 30)}) and ≤ 1.5 × raw p50 (${round(1.5 * p50Raw)})`,
      pass: p95Api <= p95Raw + 30 && p95Api <= 1.5 * p50Raw,
    }));
    figures.push(fig('decision p99', 'ms', med(decision, 'api', (s) => s.p99), med(decision, 'raw', (s) => s.p99)));
    figures.push(fig('decision: API CPU per decision', 'ms', medCpu(decision, 'api', (c) => c.apiMs), null));
    figures.push(fig('decision: worker CPU per decision', 'ms', medCpu(decision, 'api', (c) => c.workerMs), medCpu(decision, 'raw', (c) => c.workerMs)));
    figures.push(fig('decision throughput', 'decisions/s', med(decision, 'api', (s) => s.throughput), med(decision, 'raw', (s) => s.throughput)));
  }
  for (const endpoint of ['inbox', 'processes', 'history'] as const) {
    const runs = reads.filter((r) => r.endpoint === endpoint);
    if (!runs.length) continue;
    const p95Api = med(runs, 'api', (s) => s.p95);
    const p95Raw = med(runs, 'raw', (s) => s.p95);
    figures.push(fig(`read ${endpoint} p50`, 'ms', med(runs, 'api', (s) => s.p50), med(runs, 'raw', (s) => s.p50)));
    const target = endpoint === 'history'
      ? { text: 'api ≤ 1.3 × raw p95 and < 50 ms', pass: p95Api <= 1.3 * p95Raw && p95Api < 50 }
      : { text: 'api ≤ 1.3 × raw p95', pass: p95Api <= 1.3 * p95Raw };
    figures.push(fig(`read ${endpoint} p95`, 'ms', p95Api, p95Raw, target));
    // Product: the API process per request; raw: this driver's pg client per request (PostgreSQL's share is in both).
    figures.push(fig(`read ${endpoint}: CPU per request`, 'ms', medCpu(runs, 'api', (c) => c.apiMs), medCpu(runs, 'raw', (c) => c.driverMs)));
  }
  const fanout = input.fanout ?? [];
  if (fanout.length) {
    const m = (driver: 'api' | 'raw', pick: (r: FanoutRun) => number) => median(fanout.filter((r) => r.driver === driver).map(pick));
    const n = fanout[0].clusters;
    figures.push(fig(`fan-out: trigger → ${n} cluster tasks open`, 'ms', m('api', (r) => r.openMs), m('raw', (r) => r.openMs)));
    figures.push(fig(`fan-out: trigger → in all ${n} leads' inboxes`, 'ms', m('api', (r) => r.inboxMs), m('raw', (r) => r.inboxMs)));
    figures.push(fig('fan-out: trigger call', 'ms', m('api', (r) => r.triggerMs), m('raw', (r) => r.triggerMs)));
    figures.push(fig(`project vetting throughput (${fanout[0].projects} projects)`, 'projects/s', m('api', (r) => r.vettingThroughput), m('raw', (r) => r.vettingThroughput)));
    figures.push(fig('project start p50 (submission / raw start)', 'ms', m('api', (r) => r.startSummary.p50), m('raw', (r) => r.startSummary.p50)));
    figures.push(fig('project approval p50', 'ms', m('api', (r) => r.approveSummary.p50), m('raw', (r) => r.approveSummary.p50)));
    figures.push(fig('project vetting: worker CPU per project', 'ms', m('api', (r) => r.cpu.workerMs ?? NaN), m('raw', (r) => r.cpu.workerMs ?? NaN)));
  }
  const engine = input.engineCost ?? [];
  if (engine.length) {
    // "raw" is the hand-written reference workflow here (test/bench/reference/), not the raw client.
    const m = (side: 'product' | 'reference', pick: (r: EngineCostRun) => number | null) => median(engine.filter((r) => r.side === side).map((r) => pick(r) ?? NaN));
    const target = (p: number, r: number) => ({ text: 'product ≤ 1.5 × reference workflow', pass: p <= 1.5 * r });
    const startP = m('product', (r) => r.workerMsPerStart);
    const startR = m('reference', (r) => r.workerMsPerStart);
    figures.push(fig('engine: worker CPU per start (raw = reference workflow)', 'ms', startP, startR, target(startP, startR)));
    const decP = m('product', (r) => r.workerMsPerDecision);
    const decR = m('reference', (r) => r.workerMsPerDecision);
    figures.push(fig('engine: worker CPU per decision (raw = reference workflow)', 'ms', decP, decR, target(decP, decR)));
    for (const [label, key] of [['events', 'events'], ['bytes', 'bytes'], ['workflow tasks', 'workflowTasks'], ['local activity markers', 'markers'], ['search-attribute upserts', 'searchAttributeUpserts']] as const) {
      figures.push(fig(`engine: history ${label} per case (start + 1 decision)`, key === 'bytes' ? 'B' : 'n', m('product', (r) => r.history[key]), m('reference', (r) => r.history[key])));
    }
    // One case replayed in a child process (the last pair): the workflow code's share, apart from activities and noise.
    const replayed = (side: 'product' | 'reference') => engine.filter((r) => r.side === side && r.replay).at(-1)?.replay;
    const rp = replayed('product');
    const rr = replayed('reference');
    if (rp && rr) {
      figures.push(fig('engine: replay CPU per case (workflow code, start + 1 decision)', 'ms', rp.replayCpuMs, rr.replayCpuMs));
      figures.push(fig('engine: calls into the workflow VM per case (replay)', 'n', rp.vmCalls, rr.vmCalls));
      figures.push(fig('engine: promises made by the workflow per case (replay)', 'n', rp.promises, rr.promises));
      figures.push(fig("engine: one VM call's CPU, SDK timeout (raw = no timeout)", 'µs', rp.vmCallCpuUs.withTimeout, rp.vmCallCpuUs.withoutTimeout));
    }
  }
  const peak = (proc: 'api' | 'worker') => Math.max(...input.rss.map((s) => s[proc] ?? 0));
  figures.push(fig('API RSS peak', 'MiB', peak('api'), null, { text: '< 300 MiB', pass: peak('api') < 300 }));
  figures.push(fig('worker RSS peak', 'MiB', peak('worker'), null, { text: '< 500 MiB', pass: peak('worker') < 500 }));
  for (const proc of ['api', 'worker'] as const) {
    const g = input.growth.filter((x) => x.process === proc);
    if (!g.length) continue;
    const worst = g.reduce((a, b) => (b.growthPct > a.growthPct ? b : a));
    figures.push(fig(`${proc} RSS peak growth pair ${worst.fromPair}→${worst.perPair.length} (worst: ${worst.scenario})`, '%', worst.growthPct, null, {
      text: `≤ ${input.growthLimitPct} % (no growth)`, pass: worst.growthPct <= input.growthLimitPct,
    }));
  }
  return figures;
}

export function formatTable(figures: Figure[]): string {
  const rows = figures.map((f) => [
    f.figure, f.unit, f.product === null ? '–' : String(f.product), f.raw === null ? '–' : String(f.raw), f.ratio === null ? '–' : `${f.ratio}×`,
    f.target ? `${f.pass ? 'PASS' : 'MISS'} ${f.target}` : '',
  ]);
  const header = ['figure', 'unit', 'product', 'raw', 'ratio', 'target'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
