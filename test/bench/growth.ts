// Scenario "growth" (issue 15): how the figures grow. Starts at 1, 4 and 16 concurrent clients (throughput should
// saturate, not collapse; p95 grows with the queue), and the three reads at 10k, 100k and 1M audit events (p95
// should stay flat: every read is an index range, whatever the table's size). Each level runs the same code as the
// start and read scenarios, product and raw side by side.
import type { BenchContext } from './context';
import { buildReadEndpoints, runReadScenario, type ReadRun } from './reads';
import { median } from './report';
import { seedVolume } from './seed-volume';
import type { LatencySummary } from './stats';
import { runStartScenario, type Driver } from './write-paths';

export interface GrowthPoint {
  kind: 'start' | 'read-inbox' | 'read-processes' | 'read-history';
  /** Concurrent clients (starts) or audit events in the database (reads). */
  level: number;
  driver: Driver;
  throughput: number;
  p50: number;
  p95: number;
  /** Failed requests at this level (any makes the run void), with a sample. */
  errors: number;
  errorSample?: string;
}

/** BENCH_GROWTH_CLIENTS / BENCH_GROWTH_EVENTS: comma lists that replace the default levels (a quick check). */
function levels(name: string, fallback: number[]): number[] {
  const raw = process.env[name]?.trim();
  if (!raw) return fallback;
  const list = raw.split(',').map((x) => Number(x.trim()));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} must be a comma list of positive integers (got "${raw}")`);
  return list;
}

export const START_LEVELS = levels('BENCH_GROWTH_CLIENTS', [1, 4, 16]);
export const READ_LEVELS = levels('BENCH_GROWTH_EVENTS', [10_000, 100_000, 1_000_000]);

const point = (kind: GrowthPoint['kind'], level: number, driver: Driver, runs: { driver: Driver; summary: LatencySummary }[]): GrowthPoint => {
  const mine = runs.filter((r) => r.driver === driver).map((r) => r.summary);
  const errors = mine.reduce((n, s) => n + s.errors, 0);
  const errorSample = mine.find((s) => s.errors)?.errorSamples[0];
  return { kind, level, driver, throughput: median(mine.map((s) => s.throughput)), p50: median(mine.map((s) => s.p50)), p95: median(mine.map((s) => s.p95)), errors, ...(errorSample ? { errorSample } : {}) };
};

export async function runGrowthScenario(ctx: BenchContext, log: (line: string) => void): Promise<GrowthPoint[]> {
  const points: GrowthPoint[] = [];
  for (const concurrency of START_LEVELS) {
    const at = { ...ctx, config: { ...ctx.config, concurrency, pairs: 1 } };
    const runs = await runStartScenario(at, (line) => log(`growth C=${concurrency} ${line}`));
    for (const driver of ['api', 'raw'] as const) points.push(point('start', concurrency, driver, runs));
  }
  // Volume grows in place: each level adds what the last one lacked (processes in proportion, 1 per 100 events).
  let events = Number((await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events`)).rows[0].n);
  if (events > READ_LEVELS[0]) log(`growth: the database already holds ${events} audit events (more than the first level): run BENCH_SCENARIOS=growth alone for the curve`);
  const longIds: string[] = [];
  for (const level of READ_LEVELS) {
    if (events < level) {
      const add = level - events;
      const seeded = await seedVolume(ctx.pool, { processes: Math.max(100, Math.round(add / 100)), auditEvents: add });
      longIds.push(...seeded.longProcessIds);
      events = Number((await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events`)).rows[0].n);
      log(`growth: ${events} audit events (+${seeded.auditEvents} in ${seeded.seedMs} ms)`);
    }
    const endpoints = await buildReadEndpoints(ctx, longIds.slice(-50));
    const at = { ...ctx, config: { ...ctx.config, pairs: 1 } };
    const runs: ReadRun[] = await runReadScenario(at, endpoints, (line) => log(`growth ${level} events ${line}`));
    for (const ep of ['inbox', 'processes', 'history'] as const) {
      for (const driver of ['api', 'raw'] as const) points.push(point(`read-${ep}`, level, driver, runs.filter((r) => r.endpoint === ep)));
    }
  }
  return points;
}

/** One table: per kind, a row per level with product and raw throughput and p95, and p95 relative to the first level. */
export function formatGrowth(points: GrowthPoint[]): string {
  const lines = ['growth            level      api/s   raw/s   api p95   raw p95   api p95 vs first level'];
  for (const kind of ['start', 'read-inbox', 'read-processes', 'read-history'] as const) {
    const mine = points.filter((p) => p.kind === kind);
    const levels = [...new Set(mine.map((p) => p.level))];
    const first = mine.find((p) => p.driver === 'api' && p.level === levels[0]);
    for (const level of levels) {
      const api = mine.find((p) => p.driver === 'api' && p.level === level);
      const raw = mine.find((p) => p.driver === 'raw' && p.level === level);
      if (!api || !raw) continue;
      const rel = first && first.p95 ? `${Math.round((api.p95 / first.p95) * 100) / 100}×` : '–';
      lines.push(
        `${kind.padEnd(16)} ${String(kind === 'start' ? `C=${level}` : level.toLocaleString('en')).padStart(10)} ${String(api.throughput).padStart(8)} ${String(raw.throughput).padStart(7)} ${String(api.p95).padStart(9)} ${String(raw.p95).padStart(9)}   ${rel}`,
      );
    }
  }
  return lines.join('\n');
}
