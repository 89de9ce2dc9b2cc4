// Latency statistics and the fixed-concurrency load driver shared by every scenario.
import { performance } from 'node:perf_hooks';

export interface LatencySummary {
  /** Operations completed in the measured period (errors excluded). */
  ops: number;
  errors: number;
  /** Operations per second over the measured period. */
  throughput: number;
  p50: number;
  p95: number;
  p99: number;
  mean: number;
  max: number;
  /** Wall time of the measured period, ms. */
  elapsedMs: number;
  /** First few error messages, so a failing driver says why. */
  errorSamples: string[];
}

/** Nearest-rank percentile of an ascending array (ms). */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function summarize(latencies: number[], errors: number, elapsedMs: number, errorSamples: string[] = []): LatencySummary {
  const sorted = [...latencies].sort((a, b) => a - b);
  const sum = sorted.reduce((a, b) => a + b, 0);
  const r = (n: number) => Math.round(n * 100) / 100;
  return {
    ops: sorted.length,
    errors,
    throughput: r(sorted.length / (elapsedMs / 1000)),
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    mean: r(sorted.length ? sum / sorted.length : NaN),
    max: r(sorted.length ? sorted[sorted.length - 1] : NaN),
    elapsedMs: Math.round(elapsedMs),
    errorSamples,
  };
}

export interface LoadOptions {
  concurrency: number;
  warmupMs: number;
  measureMs: number;
  /** Warm up with this many completed operations instead of `warmupMs` (a pool that one fast warm-up could drain). */
  warmupOps?: number;
  label: string;
}

/**
 * Runs `op` from `concurrency` loops: a warm-up (a duration, or a number of operations) whose results are
 * dropped, then a measured period.
 * An op returns false when it has nothing left to do (e.g. a pool of parked workflows is used up).
 * Operations in flight when the period ends are awaited but only counted if they started inside it.
 */
export async function runLoad(opts: LoadOptions, op: () => Promise<boolean>): Promise<LatencySummary & { started: number; totalOps: number }> {
  const t0 = performance.now();
  let measureStart = opts.warmupOps ? Infinity : t0 + opts.warmupMs;
  let end = measureStart + opts.measureMs;
  const latencies: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  let started = 0;
  let dry = false;
  let lastFinish = 0;
  let totalOps = 0;

  const loop = async () => {
    while (!dry) {
      const begin = performance.now();
      if (begin >= end) return;
      const measured = begin >= measureStart;
      try {
        if (measured) started += 1;
        const more = await op();
        if (!more) {
          if (measured) started -= 1;
          dry = true;
          return;
        }
        const finish = performance.now();
        totalOps += 1;
        if (measureStart === Infinity && totalOps >= (opts.warmupOps ?? 0)) {
          measureStart = finish;
          end = measureStart + opts.measureMs;
        }
        if (measured) {
          latencies.push(finish - begin);
          lastFinish = Math.max(lastFinish, finish);
        }
      } catch (err) {
        if (measured) {
          errors += 1;
          if (errorSamples.length < 5) errorSamples.push(`${opts.label}: ${(err as Error).message}`.slice(0, 300));
        }
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, loop));
  // The period is the fixed window, or shorter when the source ran dry.
  const last = Math.max(lastFinish, measureStart);
  const elapsed = measureStart === Infinity ? 1 : dry ? Math.max(1, last - measureStart) : Math.max(opts.measureMs, last - measureStart);
  return { ...summarize(latencies, errors, elapsed, errorSamples), started, totalOps };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
