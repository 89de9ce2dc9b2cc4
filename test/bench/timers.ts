// Scenario "timers" (issue 15): many open cases whose timers all fire at once. N recurring-duty cases (a task with
// two reminders, a due time and an escalation) are parked with per-start duration overrides chosen so that every
// case's timers fall in the same 30 s window: reminders 20 s and 10 s before the due time, the overdue mark at it,
// the escalation 10 s after it: 4 × N timers. Measured: timer lateness (the workflow time each timer's audit event
// carries, minus the time it was due), that every timer fired exactly once (audit events counted), the inbox and
// process list p95 through the API while they fire, and the footprint of the API, the worker, the Temporal dev
// server and PostgreSQL.
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import { startArgs } from '../../workflows/contracts';
import { auditActorOf } from '../../workflows/domain';
import { RECURRING_DUTY } from '../../workflows/processes';
import type { BenchContext } from './context';
import type { Figure } from './report';
import { cpuMs, rssMiB } from './infra';
import { percentile, runLoad, sleep, summarize, type LatencySummary } from './stats';

export interface TimerRun {
  cases: number;
  parkMs: number;
  /** Per timer kind and overall: lateness in ms. */
  lateness: Record<'reminder' | 'overdue' | 'escalation' | 'all', { n: number; p50: number; p95: number; max: number }>;
  expected: number;
  fired: number;
  duplicates: number;
  missing: number;
  inbox: LatencySummary;
  processes: LatencySummary;
  peakMiB: { api?: number; worker?: number; temporal?: number };
  postgresMiB: number;
  temporalDbMiB: number;
  workerCpuMsPerTimer: number | null;
}

const REMINDERS_BEFORE_S = [20, 10];
const ESCALATION_AFTER_S = 10;

export async function runTimerScenario(ctx: BenchContext, log: (line: string) => void): Promise<TimerRun> {
  const n = ctx.config.timerCases;
  // Lead time: parking must end before the first reminder (raw starts at C = 16 run at tens per second here).
  const leadS = ctx.config.timerLeadSeconds ?? Math.max(120, Math.ceil(n / 20) + 60);
  const t0 = Date.now();
  const dueAt = t0 + leadS * 1000;
  const ids: string[] = [];
  const actor = auditActorOf(ctx.users.ocha.actor);
  ctx.setPhase('timers-park:product:1');
  log(`timers: parking ${n} cases, all due at ${new Date(dueAt).toISOString()} (in ${leadS} s)`);
  let issued = 0;
  const park = await runLoad({ concurrency: 16, warmupMs: 0, measureMs: 3_600_000, label: 'timers park' }, async () => {
    if (issued++ >= n) return false;
    const dueInS = Math.floor((dueAt - Date.now()) / 1000);
    if (dueInS < REMINDERS_BEFORE_S[0] + 5) throw new Error(`parking is slower than planned: raise BENCH_TIMER_LEAD_SECONDS (now ${leadS}) or lower BENCH_TIMER_CASES`);
    const input = { clusterId: randomUUID(), operationId: randomUUID(), sector: 'protection', duty: '5w-update' };
    const workflowId = `${RECURRING_DUTY}:${input.clusterId}:${input.duty}`;
    const durations = { 'monthly-duty': { due: `${dueInS} seconds`, reminders: REMINDERS_BEFORE_S.map((s) => `${s} seconds`), escalation: `${ESCALATION_AFTER_S} seconds` } };
    await ctx.temporal.workflow.start(RECURRING_DUTY, {
      workflowId,
      taskQueue: ctx.taskQueue,
      args: [startArgs({ ...input, durations } as unknown as Record<string, unknown>, actor, null)],
      searchAttributes: { HpcProcessType: [RECURRING_DUTY], HpcStatus: ['running'] },
    });
    ids.push(workflowId);
    return true;
  });
  if (park.errors) throw new Error(`timers: ${park.errors} starts failed: ${park.errorSamples[0]}`);
  const parkMs = Date.now() - t0;
  // Every case has its task open before the first timer is due.
  for (;;) {
    const open = Number((await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE process_id = ANY($1::text[]) AND status = 'open'`, [ids])).rows[0].n);
    if (open >= ids.length) break;
    if (Date.now() > dueAt - REMINDERS_BEFORE_S[0] * 1000) throw new Error(`timers: only ${open} of ${ids.length} tasks open when the first reminders were due: raise BENCH_TIMER_LEAD_SECONDS`);
    await sleep(500);
  }
  log(`timers: ${ids.length} cases parked in ${parkMs} ms; waiting for the firing window`);

  // The firing window: reads through the API from 5 s before the first reminder until every timer is recorded.
  const windowStart = dueAt - (REMINDERS_BEFORE_S[0] + 5) * 1000;
  await sleep(Math.max(0, windowStart - Date.now()));
  ctx.setPhase('timers-fire:product:1');
  const expected = ids.length * (REMINDERS_BEFORE_S.length + 2);
  const countFired = async () =>
    Number((await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM audit_events WHERE process_id = ANY($1::text[]) AND type IN ('reminder-sent', 'task-overdue', 'task-escalated')`, [ids])).rows[0].n);
  const workerBefore = cpuMs(ctx.infra.workerPid());
  const peak: TimerRun['peakMiB'] = {};
  const sampler = setInterval(() => {
    for (const [k, pid] of [['api', ctx.infra.apiPid()], ['worker', ctx.infra.workerPid()], ['temporal', ctx.infra.temporalPid()]] as const) {
      const v = rssMiB(pid);
      if (v !== undefined) peak[k] = Math.max(peak[k] ?? 0, v);
    }
  }, 250);
  const reads: Record<'inbox' | 'processes', number[]> = { inbox: [], processes: [] };
  const errors: string[] = [];
  const deadline = dueAt + (ESCALATION_AFTER_S + ctx.config.drainTimeoutSeconds) * 1000;
  let done = false;
  const reader = (async () => {
    const paths = { inbox: '/api/tasks?range=[0,24]&sort=["dueAt","ASC"]', processes: '/api/processes?range=[0,24]&sort=["startedAt","DESC"]' } as const;
    while (!done) {
      for (const which of ['inbox', 'processes'] as const) {
        const begin = performance.now();
        try {
          await ctx.http.request('GET', paths[which], { token: ctx.users.ocha.token, expect: 200 });
          reads[which].push(performance.now() - begin);
        } catch (err) {
          if (errors.length < 5) errors.push((err as Error).message);
        }
      }
    }
  })();
  let fired = 0;
  for (;;) {
    fired = await countFired();
    if (fired >= expected || Date.now() > deadline) break;
    await sleep(1000);
  }
  done = true;
  await reader;
  clearInterval(sampler);
  const workerAfter = cpuMs(ctx.infra.workerPid());
  const windowMs = Date.now() - windowStart;

  // Lateness per timer: the event's workflow time minus when it was due (reminders by their order of offsets).
  const { rows } = await ctx.pool.query<{ process_id: string; type: string; at: Date; data: { reminder?: string; dueAt?: string } | null }>(
    `SELECT process_id, type, at, data FROM audit_events WHERE process_id = ANY($1::text[]) AND type IN ('reminder-sent', 'task-overdue', 'task-escalated') ORDER BY process_id, type, at`,
    [ids],
  );
  const lat: Record<'reminder' | 'overdue' | 'escalation', number[]> = { reminder: [], overdue: [], escalation: [] };
  const seen = new Map<string, number>();
  for (const r of rows) {
    const due = Date.parse(r.data?.dueAt ?? '');
    if (!Number.isFinite(due)) continue;
    const key = `${r.process_id}|${r.type}|${r.data?.reminder ?? ''}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    if (r.type === 'task-overdue') lat.overdue.push(r.at.getTime() - due);
    else if (r.type === 'task-escalated') lat.escalation.push(r.at.getTime() - (due + ESCALATION_AFTER_S * 1000));
  }
  // reminders: per case, the earlier event is the 20 s one, the later the 10 s one (each case's own due time)
  const byCase = new Map<string, { at: number; due: number }[]>();
  for (const r of rows.filter((x) => x.type === 'reminder-sent')) {
    const due = Date.parse(r.data?.dueAt ?? '');
    if (Number.isFinite(due)) byCase.set(r.process_id, [...(byCase.get(r.process_id) ?? []), { at: r.at.getTime(), due }]);
  }
  for (const [, events] of byCase) {
    events.sort((a, b) => a.at - b.at).forEach((e, i) => {
      if (i < REMINDERS_BEFORE_S.length) lat.reminder.push(e.at - (e.due - REMINDERS_BEFORE_S[i] * 1000));
    });
  }
  const duplicates = [...seen.values()].reduce((a, c) => a + (c > 1 ? c - 1 : 0), 0);
  const stat = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    return { n: s.length, p50: Math.round(percentile(s, 50)), p95: Math.round(percentile(s, 95)), max: Math.round(s[s.length - 1] ?? NaN) };
  };
  const postgresMiB = Math.round(Number((await ctx.pool.query<{ b: string }>(`SELECT pg_database_size(current_database()) AS b`)).rows[0].b) / 2 ** 20);
  let temporalDbMiB = NaN;
  try {
    temporalDbMiB = Math.round(fs.statSync(ctx.infra.temporalDbFile).size / 2 ** 20);
  } catch {
    // a configured Temporal has no file here
  }
  const run: TimerRun = {
    cases: ids.length,
    parkMs,
    lateness: { reminder: stat(lat.reminder), overdue: stat(lat.overdue), escalation: stat(lat.escalation), all: stat([...lat.reminder, ...lat.overdue, ...lat.escalation]) },
    expected,
    fired,
    duplicates,
    missing: Math.max(0, expected - (fired - duplicates)),
    inbox: summarize(reads.inbox, errors.length, windowMs, errors),
    processes: summarize(reads.processes, 0, windowMs),
    peakMiB: peak,
    postgresMiB,
    temporalDbMiB,
    workerCpuMsPerTimer: workerBefore === undefined || workerAfter === undefined ? null : Math.round(((workerAfter - workerBefore) / Math.max(1, fired)) * 100) / 100,
  };
  log(
    `timers: ${fired}/${expected} fired (${duplicates} duplicates, ${run.missing} missing); lateness p50 ${run.lateness.all.p50} p95 ${run.lateness.all.p95} max ${run.lateness.all.max} ms; ` +
      `inbox p95 ${run.inbox.p95} ms, processes p95 ${run.processes.p95} ms during the firing; RSS api ${peak.api} worker ${peak.worker} temporal ${peak.temporal} MiB; PostgreSQL ${postgresMiB} MiB, Temporal db ${temporalDbMiB} MiB`,
  );
  return run;
}

/** The scenario's figures with their targets (no raw side: Temporal's own timers are what is measured). */
export function timerFigures(r: TimerRun): Figure[] {
  const f = (figure: string, unit: string, product: number | undefined, target?: { text: string; pass: boolean }): Figure => ({
    figure, unit, product: product === undefined || !Number.isFinite(product) ? null : product, raw: null, ratio: null, ...(target ? { target: target.text, pass: target.pass } : {}),
  });
  return [
    f(`timers: ${r.cases} cases, timers fired of ${r.expected}`, 'n', r.fired - r.duplicates, { text: 'each exactly once', pass: r.duplicates === 0 && r.missing === 0 }),
    f('timers: lateness p50', 'ms', r.lateness.all.p50),
    f('timers: lateness p95', 'ms', r.lateness.all.p95, { text: '< 5000 ms', pass: r.lateness.all.p95 < 5000 }),
    f('timers: lateness max', 'ms', r.lateness.all.max),
    f('timers: inbox p95 while they fire', 'ms', r.inbox.p95, { text: '< 50 ms', pass: r.inbox.p95 < 50 }),
    f('timers: process list p95 while they fire', 'ms', r.processes.p95, { text: '< 50 ms', pass: r.processes.p95 < 50 }),
    f('timers: worker CPU per timer', 'ms', r.workerCpuMsPerTimer ?? undefined),
    f('timers: API RSS peak', 'MiB', r.peakMiB.api, { text: '< 300 MiB', pass: (r.peakMiB.api ?? Infinity) < 300 }),
    f('timers: worker RSS peak', 'MiB', r.peakMiB.worker, { text: '< 500 MiB', pass: (r.peakMiB.worker ?? Infinity) < 500 }),
    f('timers: Temporal dev server RSS peak', 'MiB', r.peakMiB.temporal),
    f('timers: PostgreSQL database size', 'MiB', r.postgresMiB),
    f('timers: Temporal SQLite file', 'MiB', r.temporalDbMiB),
  ];
}
