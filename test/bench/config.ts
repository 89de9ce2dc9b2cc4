// Bench settings from the environment (all optional); bad values stop the run naming the variable.
export interface BenchConfig {
  /** Measured period per driver run, seconds (start and decision). */
  seconds: number;
  /** Warm-up before each measured period, seconds. */
  warmupSeconds: number;
  /** Measured period per driver run for each read endpoint, seconds. */
  readSeconds: number;
  concurrency: number;
  pairs: number;
  /** Most parked workflows per decision driver run (one Update each); each run parks what the last one used × 1.5. */
  decisionPool: number;
  processes: number;
  auditEvents: number;
  /** Longest wait for started cases to reach their first open task row. */
  drainTimeoutSeconds: number;
  /** Directory for JSON results and plans. */
  outDir: string;
  /** Keep the bench database (configured PostgreSQL) instead of dropping it. */
  keepDatabase: boolean;
  /** RSS sample interval, ms. */
  rssIntervalMs: number;
  /** Which scenarios run (BENCH_SCENARIOS=start,decision,reads,fanout,pooled,engine-cost,growth,timers,scale-out; default all). */
  scenarios: Scenario[];
  /** HPC fan-out: active clusters of the bench operation (one needs task each). */
  fanoutClusters: number;
  /** HPC fan-out: projects submitted and vetted per run. */
  fanoutProjects: number;
  /** Pooled funds: proposals submitted per run (one allocation each). */
  pooledProposals: number;
  /** Pooled funds: proposals the HC endorses in one bulk action per run. */
  pooledEndorse: number;
  /** Engine cost: cases started and decided per side (product, reference workflow) and pair. */
  engineCostCases: number;
  /** Timers: open cases whose timers all fire in one window, and the lead time to park them (null: from the count). */
  timerCases: number;
  timerLeadSeconds: number | null;
}

export const SCENARIOS = ['start', 'decision', 'reads', 'fanout', 'pooled', 'engine-cost', 'growth', 'timers', 'scale-out'] as const;
export type Scenario = (typeof SCENARIOS)[number];

export function loadBenchConfig(env: NodeJS.ProcessEnv, repoRoot: string): BenchConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim();
    if (!raw) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
      return fallback;
    }
    return n;
  };
  const config: BenchConfig = {
    seconds: int('BENCH_SECONDS', 8, 1, 600),
    warmupSeconds: int('BENCH_WARMUP_SECONDS', 2, 0, 120),
    readSeconds: int('BENCH_READ_SECONDS', 5, 1, 600),
    concurrency: int('BENCH_CONCURRENCY', 4, 1, 256),
    pairs: int('BENCH_PAIRS', 3, 1, 10),
    decisionPool: int('BENCH_DECISION_POOL', 400, 10, 100_000),
    processes: int('BENCH_PROCESSES', 10_000, 100, 10_000_000),
    auditEvents: int('BENCH_AUDIT_EVENTS', 1_000_000, 1_000, 100_000_000),
    drainTimeoutSeconds: int('BENCH_DRAIN_TIMEOUT_SECONDS', 180, 5, 3600),
    outDir: env.BENCH_OUT_DIR?.trim() || `${repoRoot}/bench-results`,
    keepDatabase: env.BENCH_KEEP_DB === '1' || env.BENCH_KEEP_DB === 'true',
    rssIntervalMs: int('BENCH_RSS_INTERVAL_MS', 250, 50, 10_000),
    scenarios: [...SCENARIOS],
    fanoutClusters: int('BENCH_FANOUT_CLUSTERS', 12, 1, 14),
    fanoutProjects: int('BENCH_FANOUT_PROJECTS', 300, 1, 100_000),
    pooledProposals: int('BENCH_POOLED_PROPOSALS', 300, 1, 100_000),
    pooledEndorse: int('BENCH_POOLED_ENDORSE', 100, 1, 10_000),
    engineCostCases: int('BENCH_ENGINE_COST_CASES', 200, 10, 100_000),
    timerCases: int('BENCH_TIMER_CASES', 10_000, 10, 1_000_000),
    timerLeadSeconds: env.BENCH_TIMER_LEAD_SECONDS?.trim() ? int('BENCH_TIMER_LEAD_SECONDS', 120, 40, 86_400) : null,
  };
  const wanted = env.BENCH_SCENARIOS?.trim();
  if (wanted) {
    const list = wanted.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = list.filter((s) => !(SCENARIOS as readonly string[]).includes(s));
    if (unknown.length || !list.length) problems.push(`BENCH_SCENARIOS must be a comma list of ${SCENARIOS.join(', ')} (got "${wanted}")`);
    else config.scenarios = SCENARIOS.filter((s) => list.includes(s));
  }
  if (problems.length) throw new Error(`Invalid bench configuration: ${problems.join('; ')}`);
  return config;
}
