// `npm run bench`: the engine's overhead over raw Temporal and raw PostgreSQL, measured side by side in one
// run (A = product, B = raw, interleaved A B per pair). Prints one table; writes JSON and query plans to
// bench-results/. Exit 1 when the run is void (crash, errors, unfinished cases, a sequential scan);
// a missed performance target only fails the exit code with BENCH_STRICT=1.
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findRepoRoot } from '../../apps/cli/src/repo-root';
import { loadBenchConfig } from './config';
import { createContext, type BenchContext } from './context';
import { startInfra, stopInfraStarting, type BenchInfra } from './infra';
import { buildReadEndpoints, explainEndpoints, runReadScenario, type PlanCheck, type ReadEndpoint, type ReadRun } from './reads';
import { buildFigures, formatTable, rssGrowth } from './report';
import { seedVolume, type VolumeSeed } from './seed-volume';
import { runEngineCostScenario, type EngineCostRun } from './engine-cost';
import { formatGrowth, runGrowthScenario, type GrowthPoint } from './growth';
import { runTimerScenario, timerFigures, type TimerRun } from './timers';
import { formatScaleOut, runScaleOutScenario, scaleOutFigures, type ScaleOutRun } from './scale-out';
import { runFanoutScenario, type FanoutRun } from './fanout';
import { pooledFigures, runPooledScenario, type PooledRun } from './pooled';
import { runDecisionScenario, runStartScenario, type DecisionRun, type StartRun } from './write-paths';

const GROWTH_LIMIT_PCT = 10;
/** Set by Ctrl-C / SIGTERM: the scenarios then fail on closed clients, which is expected, not news. */
let interrupted = false;
const say = (line: string) => process.stdout.write(`[bench] ${line}\n`);

function tryExec(cmd: string, args: string[]): string | null {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
  } catch {
    return null;
  }
}

async function machineFacts(ctx: BenchContext) {
  const { rows } = await ctx.pool.query<{ v: string }>('SELECT version() AS v');
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? null,
    memoryMiB: Math.round(os.totalmem() / 2 ** 20),
    loadAverageAtStart: os.loadavg().map((n) => Math.round(n * 100) / 100),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    temporalCli: tryExec(ctx.infra.temporalCliPath, ['--version']),
    postgres: rows[0].v,
    postgresSource: ctx.infra.databaseSource,
    gitCommit: tryExec('git', ['rev-parse', '--short', 'HEAD']),
  };
}

async function main(): Promise<number> {
  const repoRoot = findRepoRoot();
  const config = loadBenchConfig(process.env, repoRoot);
  const t0 = Date.now();
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  fs.mkdirSync(config.outDir, { recursive: true });
  say(`settings: ${JSON.stringify(config)}`);

  let infra: BenchInfra | undefined;
  let ctx: BenchContext | undefined;
  let stopping = false;
  const onSignal = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    interrupted = true;
    say(`${signal}: stopping`);
    void (async () => {
      await ctx?.close().catch(() => undefined);
      // Before startInfra returned, what it has started so far (the API and worker are detached: they would stay).
      await (infra ? infra.stop() : stopInfraStarting());
      process.exit(130);
    })();
  };
  process.on('SIGINT', () => onSignal('SIGINT'));
  process.on('SIGTERM', () => onSignal('SIGTERM'));

  const problems: string[] = [];
  try {
    infra = await startInfra({ keepDatabase: config.keepDatabase });
    ctx = await createContext(config, infra);
    const machine = await machineFacts(ctx);
    say(`machine: ${machine.cores} cores, ${machine.memoryMiB} MiB, node ${machine.node}, ${machine.temporalCli}, ${machine.postgres.split(' on ')[0]}`);

    const start: StartRun[] = config.scenarios.includes('start') ? await runStartScenario(ctx, say) : [];
    const decision: DecisionRun[] = config.scenarios.includes('decision') ? await runDecisionScenario(ctx, say) : [];
    const fanout: FanoutRun[] = config.scenarios.includes('fanout') ? await runFanoutScenario(ctx, say) : [];
    const pooled: PooledRun[] = config.scenarios.includes('pooled') ? await runPooledScenario(ctx, say) : [];
    const engineCost: EngineCostRun[] = config.scenarios.includes('engine-cost') ? await runEngineCostScenario(ctx, say) : [];
    const timers: TimerRun | null = config.scenarios.includes('timers') ? await runTimerScenario(ctx, say) : null;
    // adds an API and workers, which stay up until the end: after the single-instance scenarios
    const scaleOut: ScaleOutRun | null = config.scenarios.includes('scale-out') ? await runScaleOutScenario(ctx, say) : null;
    // last: it adds up to 1M audit events to the database
    const growthPoints: GrowthPoint[] = config.scenarios.includes('growth') ? await runGrowthScenario(ctx, say) : [];
    const reads: ReadRun[] = [];
    const plans: PlanCheck[] = [];
    let volume: VolumeSeed | undefined;
    let totals: { processes: string; tasks: string; events: string } | undefined;
    let endpoints: ReadEndpoint[] = [];
    const plansDir = path.join(config.outDir, `bench-${stamp}-plans`);
    if (config.scenarios.includes('reads')) {

      ctx.setPhase('seed');
      say(`seeding ${config.processes} processes and ${config.auditEvents} audit events with SQL…`);
      volume = await seedVolume(ctx.pool, { processes: config.processes, auditEvents: config.auditEvents });
      totals = (await ctx.pool.query<{ processes: string; tasks: string; events: string }>(
        `SELECT (SELECT count(*) FROM processes) AS processes, (SELECT count(*) FROM tasks) AS tasks, (SELECT count(*) FROM audit_events) AS events`,
      )).rows[0];
      say(`seeded in ${volume.seedMs} ms (+ VACUUM ANALYZE ${volume.vacuumMs} ms); database now holds ${totals.processes} processes, ${totals.tasks} tasks, ${totals.events} audit events`);

      endpoints = await buildReadEndpoints(ctx, volume.longProcessIds);
      // The product must answer what the raw SQL returns: a full 200-event page.
      const sample = await ctx.http.request<unknown[]>('GET', endpoints[2].requests[0].path, { token: endpoints[2].user.token, expect: 200 });
      if (sample.body.length !== 200) problems.push(`history page returned ${sample.body.length} events, expected 200`);
      plans.push(...(await explainEndpoints(ctx, endpoints, plansDir)));
      for (const p of plans.filter((x) => x.seqScan)) problems.push(`sequential scan on the ${p.endpoint} path: ${p.file}`);
      reads.push(...(await runReadScenario(ctx, endpoints, say)));
    }
    ctx.setPhase('done');

    const growth = rssGrowth(ctx.rss, ['start', 'decision', 'read-inbox', 'read-processes', 'read-history', 'fanout'], config.pairs);
    const figures = buildFigures({ start, decision, reads, fanout, engineCost, rss: ctx.rss, growth, growthLimitPct: GROWTH_LIMIT_PCT });
    if (timers) {
      figures.push(...timerFigures(timers));
      if (timers.duplicates || timers.missing) problems.push(`timers: ${timers.duplicates} fired twice, ${timers.missing} never fired`);
    }
    figures.push(...pooledFigures(pooled));
    if (scaleOut) {
      figures.push(...scaleOutFigures(scaleOut));
      const c = scaleOut.checks;
      for (const [what, list] of [['projection out of order', c.unordered], ['read model unlike the workflow', c.inconsistent], ['audit chain broken', c.brokenChains]] as const) {
        if (list.length) problems.push(`scale-out: ${list.length} cases with ${what}, e.g. ${list.slice(0, 3).join('; ')}`);
      }
      if (!c.crossInstanceTicket) problems.push('scale-out: API #1 refused a live ticket issued by API #2 (tickets are per instance)');
      for (const l of scaleOut.levels) {
        for (const [op, s] of [['start', l.start], ['decision', l.decision]] as const) if (s.errors) problems.push(`scale-out ${l.workers} workers: ${s.errors} ${op} errors: ${s.errorSamples[0]}`);
        if (l.reachedFirstTask < l.started) problems.push(`scale-out ${l.workers} workers: ${l.started - l.reachedFirstTask} cases never reached their first task`);
        if (l.live.received < l.live.probes) problems.push(`scale-out ${l.workers} workers: ${l.live.probes - l.live.received} decisions through API #2 never reached API #1's live stream`);
      }
    }
    for (const r of pooled) {
      if (r.submitSummary.errors) problems.push(`${r.submitSummary.errors} errors in pooled ${r.driver} pair ${r.pair}: ${r.submitSummary.errorSamples[0]}`);
      if (r.proposals < config.pooledProposals) problems.push(`pooled ${r.driver} pair ${r.pair}: ${config.pooledProposals - r.proposals} proposals never submitted`);
    }
    for (const r of [...start, ...decision, ...reads]) if (r.summary.errors) problems.push(`${r.summary.errors} errors in a run: ${r.summary.errorSamples[0]}`);
    for (const g of growthPoints) if (g.errors) problems.push(`growth ${g.kind} ${g.driver} at ${g.level}: ${g.errors} errors: ${g.errorSample}`);
    for (const r of fanout) {
      for (const s of [r.startSummary, r.approveSummary]) if (s.errors) problems.push(`${s.errors} errors in fanout ${r.driver} pair ${r.pair}: ${s.errorSamples[0]}`);
      if (r.approved < config.fanoutProjects) problems.push(`fanout ${r.driver} pair ${r.pair}: ${config.fanoutProjects - r.approved} projects never approved`);
    }
    for (const r of start) if (r.reachedFirstTask < r.started) problems.push(`start ${r.driver} pair ${r.pair}: ${r.started - r.reachedFirstTask} cases never reached their first task`);
    if (infra.crashed()) problems.push(`crash: ${infra.crashed()}`);

    const result = {
      startedAt: new Date(t0).toISOString(),
      durationSeconds: Math.round((Date.now() - t0) / 1000),
      settings: config,
      machine,
      volume: volume ? { ...volume, longProcessIds: volume.longProcessIds.length, totals, syntheticHashes: true } : null,
      figures,
      plans,
      rssGrowth: growth,
      pooledRuns: pooled,
      runs: { start, decision, reads, fanout, engineCost, growth: growthPoints, timers, scaleOut },
      endpoints: endpoints.map((e) => ({ name: e.name, description: e.description, statements: e.requests[0].statements.map((s) => s.sql) })),
      problems,
    };
    const file = path.join(config.outDir, `bench-${stamp}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...result, rssSamples: ctx.rss }, null, 2));
    fs.copyFileSync(file, path.join(config.outDir, 'latest.json'));

    process.stdout.write(`\n${formatTable(figures)}\n\n`);
    if (growthPoints.length) process.stdout.write(`${formatGrowth(growthPoints)}\n\n`);
    if (scaleOut) process.stdout.write(`${formatScaleOut(scaleOut)}\n\n`);
    say(`median of ${config.pairs} pairs at concurrency ${config.concurrency}; ${config.seconds} s measured per write run, ${config.readSeconds} s per read run`);
    say(`results: ${file}`);
    if (plans.length) say(`plans:   ${plansDir}`);
    say(`logs:    ${infra.logDir}`);
    say(`took ${result.durationSeconds} s`);
    for (const p of problems) process.stderr.write(`[bench] PROBLEM: ${p}\n`);
    const missed = figures.filter((f) => f.pass === false);
    if (missed.length) say(`targets missed: ${missed.map((f) => f.figure).join('; ')}`);
    if (problems.length) return 1;
    return missed.length && process.env.BENCH_STRICT === '1' ? 1 : 0;
  } finally {
    stopping = true;
    await ctx?.close().catch(() => undefined);
    await infra?.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (interrupted) process.exit(130);
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
