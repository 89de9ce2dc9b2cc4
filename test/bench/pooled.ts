// Scenario (pooled funds): a CBPF standard allocation with BENCH_POOLED_PROPOSALS proposals (300).
//  - Submission throughput: product (A): partners submit each proposal through the allocation's call for proposals
//    (POST /api/processes/:id/submissions: authorisation, eligibility, validation, then the engine starts the
//    grant-proposal case); raw (B): the bench starts the same grant-proposal workflows with the raw Temporal client
//    (no HTTP, no parent allocation). From the first submission until every proposal's strategic-review task is open
//    in PostgreSQL, per second.
//  - HC bulk endorsement: BENCH_POOLED_ENDORSE (100) proposals are scored and recommended (raw Updates, outside the
//    measure; the product's recommendations claim the allocation's envelope); product: one
//    POST /api/pooled-funds/allocations/:id/bulk-endorse with their task ids (each decided through the decision
//    choke point, one after the other); raw: the same endorse Updates with the raw client at the bench's concurrency.
//    From the request until every endorsed proposal's technical-review task is open in PostgreSQL, ms.
// Each run gets its own allocation (strategy, Advisory Board, HC approval over the API, outside the measures).
import { randomUUID } from 'node:crypto';
import { decideUpdate, startArgs } from '../../workflows/contracts';
import { auditActorOf, type Actor } from '../../workflows/domain';
import { operationSettingsOf } from '../../workflows/domain/reference';
import { GRANT_PROPOSAL, grantProposal, type GrantProposalInput } from '../../workflows/processes/grant-proposal';
import { decodeActor, type BenchContext, type CpuPerOp } from './context';
import { median, type Figure } from './report';
import { runLoad, sleep, type LatencySummary } from './stats';
import { DRIVERS, type Driver } from './write-paths';

export interface PooledRun {
  driver: Driver;
  pair: number;
  proposals: number;
  /** Submissions (or raw starts) with their latencies. */
  submitSummary: LatencySummary;
  /** First submission → every proposal's strategic-review task open in PostgreSQL, ms. */
  submitMs: number;
  /** Proposals per second over submitMs. */
  submitThroughput: number;
  endorsed: number;
  /** Bulk endorsement (or the raw Updates) sent → every endorsed proposal at its technical review in PostgreSQL, ms. */
  endorseMs: number;
  /** The bulk request itself, or the raw Updates' wall time, ms. */
  endorseCallMs: number;
  cpu: CpuPerOp;
}

interface Who {
  token: string;
  actor: Actor;
}

interface Setup {
  operationId: string;
  operationName: string;
  organisationId: string;
  partner: Who;
  lead: Who;
  ocha: Who;
  hc: Who;
  board: Who;
}

const enc = encodeURIComponent;
const SCORECARD = [
  { criterion: 'Relevance', weight: 60 },
  { criterion: 'Localisation', weight: 40 },
];
const SCORES = { scores: [{ criterion: 'Relevance', score: 8 }, { criterion: 'Localisation', score: 6.5 }] };
/** An Update the workflow refused, with the workflow's reason (the client's error only says it failed). */
const refused = (err: Error & { cause?: Error }): never => {
  throw new Error(`${err.message}: ${err.cause?.message ?? 'no reason given'}`);
};

async function until<T>(ctx: BenchContext, read: () => Promise<T>, ok: (v: T) => boolean, what: string, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + ctx.config.drainTimeoutSeconds * 1000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (ctx.infra.crashed()) throw new Error(ctx.infra.crashed());
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ctx.config.drainTimeoutSeconds} s`);
    await sleep(intervalMs);
  }
}

async function login(ctx: BenchContext, username: string, password: string): Promise<Who> {
  const res = await ctx.http.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { username, password }, expect: 200 });
  const actor = decodeActor(res.body.accessToken);
  const { rows } = await ctx.pool.query<{ operation_scopes: string[] | null }>(`SELECT operation_scopes FROM users WHERE id = $1`, [actor.id]);
  return { token: res.body.accessToken, actor: { ...actor, operationScopes: rows[0]?.operation_scopes ?? actor.operationScopes } };
}

/** An operation, an eligible national NGO with a partner user, a WASH coordinator, OCHA, the HC and an Advisory Board member in scope. */
async function setUp(ctx: BenchContext): Promise<Setup> {
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const op = await ctx.pool.query<{ id: string; name: string }>(`INSERT INTO operations (name, country_iso3, type) VALUES ($1, 'SSD', 'protracted') RETURNING id, name`, [`bench pooled ${stamp}`]);
  const operationId = op.rows[0].id;
  const org = await ctx.pool.query<{ id: string }>(`INSERT INTO organisations (name, type, risk_level) VALUES ($1, 'nngo', 'low') RETURNING id`, [`bench applicant ${stamp}`]);
  const organisationId = org.rows[0].id;
  const password = ctx.infra.demoPassword;
  const admin = await login(ctx, 'admin', password);
  const make = async (username: string, body: Record<string, unknown>) => {
    await ctx.http.request('POST', '/api/users', { token: admin.token, body: { username, displayName: username, password, ...body }, expect: 201 });
    return login(ctx, username, password);
  };
  return {
    operationId,
    operationName: op.rows[0].name,
    organisationId,
    partner: await make(`bench.pooled.partner.${stamp}`, { roles: ['partner'], organisationId }),
    lead: await make(`bench.pooled.lead.${stamp}`, { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }] }),
    ocha: await make(`bench.pooled.ocha.${stamp}`, { roles: ['ocha'], operationScopes: [operationId] }),
    hc: await make(`bench.pooled.hc.${stamp}`, { roles: ['hc'], operationScopes: [operationId] }),
    board: await make(`bench.pooled.board.${stamp}`, { roles: ['advisory_board'], operationScopes: [operationId] }),
  };
}

async function openTask(ctx: BenchContext, token: string, processId: string, stepId: string): Promise<string> {
  const q = enc(JSON.stringify({ processId, stepId, status: 'open' }));
  const tasks = await until(ctx, async () => (await ctx.http.request<{ id: string }[]>('GET', `/api/tasks?filter=${q}`, { token, expect: 200 })).body, (t) => t.length > 0, `${stepId} of ${processId}`);
  return tasks[0].id;
}

async function decideApi(ctx: BenchContext, who: Who, processId: string, stepId: string, body: Record<string, unknown>): Promise<void> {
  await ctx.http.request('POST', `/api/tasks/${enc(await openTask(ctx, who.token, processId, stepId))}/decision`, { token: who.token, body, expect: 200 });
}

/** A new allocation whose call for proposals is open (strategy, Advisory Board, HC approval). */
async function openAllocation(ctx: BenchContext, s: Setup, title: string): Promise<string> {
  const started = await ctx.http.request<{ id: string }>('POST', '/api/processes', {
    token: s.ocha.token,
    body: { type: 'pooled-fund-allocation', input: { fund: 'cbpf', window: 'standard', operationId: s.operationId, title, envelopeUsd: '100000000.00', sectors: ['wash'] } },
    expect: 201,
  });
  const id = started.body.id;
  await decideApi(ctx, s.ocha, id, 'allocation-strategy', { decision: 'submit', data: { priorities: 'bench', envelopeSplit: [{ sector: 'wash', amountUsd: '100000000.00' }], scorecard: SCORECARD, preStrategicReview: false } });
  await decideApi(ctx, s.board, id, 'ab-endorsement', { decision: 'endorse' });
  await decideApi(ctx, s.hc, id, 'strategy-approval', { decision: 'approve' });
  await until(
    ctx,
    () => ctx.http.request<{ currentSteps?: string[] }>('GET', `/api/processes/${enc(id)}`, { token: s.ocha.token, expect: 200 }).then((r) => r.body),
    (p) => !!p.currentSteps?.includes('call-for-proposals'),
    'call for proposals',
  );
  return id;
}

const openCount = async (ctx: BenchContext, ids: string[], stepId: string): Promise<number> => {
  const { rows } = await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE process_id = ANY($1::text[]) AND step_id = $2 AND status = 'open'`, [ids, stepId]);
  return Number(rows[0].n);
};

/** Submissions (or raw starts) until every proposal waits for its strategic review. */
async function measureSubmissions(ctx: BenchContext, s: Setup, driver: Driver, allocationId: string) {
  const n = ctx.config.pooledProposals;
  const ids: string[] = [];
  let next = 0;
  const operation = { id: s.operationId, name: s.operationName, type: 'protracted' as const, settings: operationSettingsOf({}) };
  const t0 = performance.now();
  const submitSummary = await runLoad({ concurrency: ctx.config.concurrency, warmupMs: 0, measureMs: 3_600_000, label: `pooled submit ${driver}` }, async () => {
    const i = next++;
    if (i >= n) return false;
    const proposal = { sector: 'wash', title: `Bench proposal ${i}`, requestedUsd: `${10_000 + i}.10` };
    if (driver === 'api') {
      const res = await ctx.http.request<{ childProcessId: string }>('POST', `/api/processes/${enc(allocationId)}/submissions`, { token: s.partner.token, body: { kind: 'proposal', data: proposal }, expect: 201 });
      ids.push(res.body.childProcessId);
    } else {
      const input: GrantProposalInput = { operationId: s.operationId, allocationId, window: 'standard', organisationId: s.organisationId, submissionId: randomUUID(), scorecard: SCORECARD, preStrategicReview: false, ...proposal };
      const workflowId = grantProposal.workflowId(input);
      await ctx.temporal.workflow.start(GRANT_PROPOSAL, {
        workflowId,
        taskQueue: ctx.taskQueue,
        args: [startArgs(input as unknown as Record<string, unknown>, auditActorOf(s.partner.actor), operation)],
        workflowIdConflictPolicy: 'FAIL',
        searchAttributes: { HpcProcessType: [GRANT_PROPOSAL], HpcStatus: ['running'] },
      });
      ids.push(workflowId);
    }
    return true;
  });
  await until(ctx, () => openCount(ctx, ids, 'strategic-review'), (k) => k >= ids.length, 'strategic-review tasks', 100);
  const submitMs = Math.round(performance.now() - t0);
  return { ids, submitSummary, submitMs };
}

/** Scores and recommendations (raw Updates, not measured) until `ids` wait for the HC's endorsement. */
async function toEndorsement(ctx: BenchContext, s: Setup, ids: string[]): Promise<void> {
  const queue = [...ids];
  const send = (id: string, stepId: string, decision: string, actor: Actor, data: Record<string, unknown>) => {
    const taskId = `${id}~${stepId}~1`;
    return ctx.temporal.workflow.getHandle(id).executeUpdate(decideUpdate, { args: [{ taskId, decision, data, actor }], updateId: `${taskId}:${actor.id}` }).catch(refused);
  };
  await runLoad({ concurrency: ctx.config.concurrency, warmupMs: 0, measureMs: 3_600_000, label: 'pooled prepare' }, async () => {
    const id = queue.shift();
    if (!id) return false;
    await send(id, 'strategic-review', 'score', s.lead.actor, SCORES);
    await send(id, 'hfu-sr-decision', 'recommend', s.ocha.actor, { recommendedUsd: '10000.00' });
    return true;
  });
  await until(ctx, () => openCount(ctx, ids, 'proposal-hc-endorsement'), (k) => k >= ids.length, 'HC endorsement tasks', 100);
}

async function measureEndorsement(ctx: BenchContext, s: Setup, driver: Driver, allocationId: string, ids: string[]) {
  const taskIds = ids.map((id) => `${id}~proposal-hc-endorsement~1`);
  const t0 = performance.now();
  let endorsed = 0;
  if (driver === 'api') {
    const res = await ctx.http.request<{ endorsed: number; results: { status: number; message: string | null }[] }>('POST', `/api/pooled-funds/allocations/${enc(allocationId)}/bulk-endorse`, { token: s.hc.token, body: { taskIds }, expect: 200 });
    endorsed = res.body.endorsed;
    const refusedOne = res.body.results.find((r) => r.status !== 200);
    if (refusedOne) throw new Error(`bulk endorsement refused one: ${refusedOne.status} ${refusedOne.message}`);
  } else {
    const queue = [...taskIds];
    await runLoad({ concurrency: ctx.config.concurrency, warmupMs: 0, measureMs: 3_600_000, label: 'pooled endorse raw' }, async () => {
      const taskId = queue.shift();
      if (!taskId) return false;
      await ctx.temporal.workflow.getHandle(taskId.split('~')[0]).executeUpdate(decideUpdate, { args: [{ taskId, decision: 'endorse', actor: s.hc.actor }], updateId: `${taskId}:${s.hc.actor.id}` }).catch(refused);
      endorsed += 1;
      return true;
    });
  }
  const endorseCallMs = Math.round(performance.now() - t0);
  await until(ctx, () => openCount(ctx, ids, 'technical-review'), (k) => k >= ids.length, 'technical-review tasks', 50);
  return { endorsed, endorseCallMs, endorseMs: Math.round(performance.now() - t0) };
}

export async function runPooledScenario(ctx: BenchContext, log: (line: string) => void): Promise<PooledRun[]> {
  const { config } = ctx;
  ctx.setPhase('pooled-setup');
  const s = await setUp(ctx);
  log(`pooled: ${config.pooledProposals} proposals per run, ${config.pooledEndorse} endorsed in bulk`);
  const runs: PooledRun[] = [];
  for (let pair = 1; pair <= config.pairs; pair++) {
    for (const driver of DRIVERS) {
      ctx.setPhase(`pooled-prepare:${driver}:${pair}`);
      const allocationId = await openAllocation(ctx, s, `Bench allocation ${driver} ${pair} ${Date.now().toString(36)}`);
      ctx.setPhase(`pooled:${driver}:${pair}`);
      const { result: sub, cpu } = await ctx.withCpu(() => measureSubmissions(ctx, s, driver, allocationId), (r) => r.ids.length);
      ctx.setPhase(`pooled-prepare:${driver}:${pair}`);
      const endorse = sub.ids.slice(0, Math.min(config.pooledEndorse, sub.ids.length));
      await toEndorsement(ctx, s, endorse);
      ctx.setPhase(`pooled:${driver}:${pair}`);
      const e = await measureEndorsement(ctx, s, driver, allocationId, endorse);
      const run: PooledRun = {
        driver,
        pair,
        proposals: sub.ids.length,
        submitSummary: sub.submitSummary,
        submitMs: sub.submitMs,
        submitThroughput: Math.round((sub.ids.length / (sub.submitMs / 1000)) * 100) / 100,
        endorsed: e.endorsed,
        endorseMs: e.endorseMs,
        endorseCallMs: e.endorseCallMs,
        cpu,
      };
      runs.push(run);
      log(
        `pooled   ${driver.padEnd(3)} pair ${pair}: ${run.proposals} proposals submitted in ${run.submitMs} ms = ${run.submitThroughput}/s (p50 ${run.submitSummary.p50} ms); ` +
          `${run.endorsed} endorsed in ${run.endorseMs} ms (call ${run.endorseCallMs} ms)`,
      );
    }
  }
  return runs;
}

/** Product, raw and their ratio per figure (median of the pairs), as the report prints them. */
export function pooledFigures(runs: PooledRun[]): Figure[] {
  if (!runs.length) return [];
  const m = (driver: Driver, pick: (r: PooledRun) => number) => median(runs.filter((r) => r.driver === driver).map(pick));
  const fig = (figure: string, unit: string, product: number, raw: number): Figure => ({
    figure,
    unit,
    product: Number.isFinite(product) ? Math.round(product * 100) / 100 : null,
    raw: Number.isFinite(raw) ? Math.round(raw * 100) / 100 : null,
    ratio: Number.isFinite(product) && Number.isFinite(raw) && raw !== 0 ? Math.round((product / raw) * 1000) / 1000 : null,
  });
  return [
    fig(`proposal submission throughput (${runs[0].proposals} proposals)`, 'proposals/s', m('api', (r) => r.submitThroughput), m('raw', (r) => r.submitThroughput)),
    fig('proposal submission p50', 'ms', m('api', (r) => r.submitSummary.p50), m('raw', (r) => r.submitSummary.p50)),
    fig(`HC bulk endorsement of ${runs[0].endorsed} proposals (until all at technical review)`, 'ms', m('api', (r) => r.endorseMs), m('raw', (r) => r.endorseMs)),
  ];
}
