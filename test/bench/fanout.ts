// Scenario 4 (HPC fan-out): one operation with 12 active clusters (BENCH_FANOUT_CLUSTERS) and its HPC cycle.
//  - Fan-out: from OCHA's trigger of the needs analysis until every cluster's task is open in PostgreSQL and
//    visible in each cluster lead's inbox (GET /api/tasks, each lead polling their own). Product (A): the trigger
//    through POST /api/hpc/cycles/:id/trigger; raw (B): the same decision sent as the workflow Update with the
//    raw Temporal client (no HTTP, authorisation or validation).
//  - Project vetting: BENCH_FANOUT_PROJECTS projects (300) over the 12 sectors, each a case reviewed and approved
//    by its sector's lead. Product: a member partner submits each through the cycle's project window (the engine
//    starts the child case), the leads approve through the API; raw: the bench starts the same hrp-project
//    workflows with the raw client and sends the same approvals as Updates. Throughput: projects from the first
//    submission until every one is approved in PostgreSQL, per second.
// Each run gets its own cycle (one per operation and year: a year per run); the phases up to the needs analysis and
// between it and project vetting are set up through the API outside the measured periods.
import { randomUUID } from 'node:crypto';
import { decideUpdate, startArgs } from '../../workflows/contracts';
import { auditActorOf, type Actor } from '../../workflows/domain';
import { ALL_SECTORS, operationSettingsOf } from '../../workflows/domain/reference';
import { HRP_PROJECT, hrpProject, type HrpProjectInput } from '../../workflows/processes';
import { decodeActor, type BenchContext, type CpuPerOp } from './context';
import { runLoad, sleep, type LatencySummary } from './stats';
import { DRIVERS, type Driver } from './write-paths';

export interface FanoutRun {
  driver: Driver;
  pair: number;
  clusters: number;
  /** Trigger sent → every cluster's task row open in PostgreSQL, ms. */
  openMs: number;
  /** Trigger sent → every lead's inbox lists their task, ms. */
  inboxMs: number;
  /** The trigger call itself (HTTP request or Update), ms. */
  triggerMs: number;
  projects: number;
  /** Project starts (submissions, or raw starts) with their latencies. */
  startSummary: LatencySummary;
  /** Approvals per second, with the latencies of each decision. */
  approveSummary: LatencySummary;
  /** First project start → every project approved (its case completed in PostgreSQL), ms. */
  vettingMs: number;
  /** Projects vetted per second over vettingMs. */
  vettingThroughput: number;
  approved: number;
  cpu: CpuPerOp;
}

interface Lead {
  sector: string;
  token: string;
  actor: Actor;
}

interface Setup {
  operationId: string;
  operationName: string;
  sectors: string[];
  leads: Lead[];
  partner: { token: string; organisationId: string };
  ocha: { token: string; actor: Actor };
  hc: { token: string };
}

const enc = encodeURIComponent;
/** An Update the workflow refused, with the workflow's reason (the client's error only says it failed). */
const refused = (err: Error & { cause?: Error }): never => {
  throw new Error(`${err.message}: ${err.cause?.message ?? 'no reason given'}`);
};
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

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

/** Signs in; the Actor for the raw drivers carries the scopes the API reads from the user's row (not all are claims). */
async function login(ctx: BenchContext, username: string, password: string): Promise<{ token: string; actor: Actor }> {
  const res = await ctx.http.request<{ accessToken: string }>('POST', '/api/auth/login', { body: { username, password }, expect: 200 });
  const actor = decodeActor(res.body.accessToken);
  const { rows } = await ctx.pool.query<{ operation_scopes: string[] | null }>(`SELECT operation_scopes FROM users WHERE id = $1`, [actor.id]);
  return { token: res.body.accessToken, actor: { ...actor, operationScopes: rows[0]?.operation_scopes ?? actor.operationScopes } };
}

/** The operation, its active clusters, one member partner organisation of every cluster, a lead per sector. */
async function setUp(ctx: BenchContext, clusters: number): Promise<Setup> {
  const stamp = `${process.pid}-${Date.now().toString(36)}`;
  const sectors = ALL_SECTORS.filter((s) => s !== 'protection').slice(0, clusters);
  const op = await ctx.pool.query<{ id: string; name: string }>(
    `INSERT INTO operations (name, country_iso3, type) VALUES ($1, 'SSD', 'protracted') RETURNING id, name`,
    [`bench fan-out ${stamp}`],
  );
  const operationId = op.rows[0].id;
  const orgs = await ctx.pool.query<{ id: string }>(
    `INSERT INTO organisations (name, type) VALUES ($1, 'un-agency'), ($2, 'nngo') RETURNING id`,
    [`bench cluster lead agency ${stamp}`, `bench partner ${stamp}`],
  );
  const [leadAgencyId, partnerOrgId] = orgs.rows.map((r) => r.id);
  const rows = await ctx.pool.query<{ id: string }>(
    `INSERT INTO clusters (operation_id, sector, lead_agency, lead_agency_id, status, activated_at)
     SELECT $1, s, 'bench cluster lead agency', $2, 'active', now() FROM unnest($3::text[]) s RETURNING id`,
    [operationId, leadAgencyId, sectors],
  );
  await ctx.pool.query(
    `INSERT INTO cluster_members (cluster_id, organisation_id, status, joined_at) SELECT c, $2, 'member', now() FROM unnest($1::uuid[]) c`,
    [rows.rows.map((r) => r.id), partnerOrgId],
  );
  await ctx.pool.query(`UPDATE users SET operation_scopes = operation_scopes || $1::uuid[] WHERE username IN ('ocha', 'hc')`, [[operationId]]);
  const password = ctx.infra.demoPassword;
  const admin = await login(ctx, 'admin', password);
  const make = async (username: string, body: Record<string, unknown>) => {
    await ctx.http.request('POST', '/api/users', { token: admin.token, body: { username, displayName: username, password, ...body }, expect: 201 });
    return login(ctx, username, password);
  };
  const leads: Lead[] = [];
  for (const sector of sectors) {
    const lead = await make(`bench.lead.${sector}.${stamp}`, { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector }] });
    leads.push({ sector, ...lead });
  }
  const partner = await make(`bench.partner.${stamp}`, { roles: ['partner'], organisationId: partnerOrgId });
  // Fresh tokens: the OCHA and HC scopes now include the operation.
  return { operationId, operationName: op.rows[0].name, sectors, leads, partner: { token: partner.token, organisationId: partnerOrgId }, ocha: await login(ctx, 'ocha', password), hc: await login(ctx, 'hc', password) };
}

/** An open task of the cycle, read as its user's inbox lists it. */
async function openTask(ctx: BenchContext, token: string, processId: string, stepId: string): Promise<string> {
  const q = enc(JSON.stringify({ processId, stepId, status: 'open' }));
  const tasks = await until(ctx, async () => (await ctx.http.request<{ id: string }[]>('GET', `/api/tasks?filter=${q}`, { token, expect: 200 })).body, (t) => t.length > 0, `${stepId} of ${processId}`);
  return tasks[0].id;
}

/** A new cycle with its kickoff agreed (project-based costing): the needs-analysis trigger task is open. */
async function prepareCycle(ctx: BenchContext, s: Setup, year: number): Promise<{ id: string; triggerTaskId: string }> {
  const started = await ctx.http.request<{ id: string }>('POST', '/api/processes', { token: s.ocha.token, body: { type: 'hpc-cycle', input: { operationId: s.operationId, year, variant: 'annual' } }, expect: 201 });
  const id = started.body.id;
  const summary = () => ctx.http.request<{ triggerTaskId: string | null; expected: string | null }>('GET', `/api/hpc/cycles/${enc(id)}`, { token: s.ocha.token, expect: 200 }).then((r) => r.body);
  await until(ctx, summary, (x) => !!x.triggerTaskId, 'kickoff trigger');
  await ctx.http.request('POST', `/api/hpc/cycles/${enc(id)}/trigger`, { token: s.ocha.token, body: { phase: 'kickoff', deadline: inDays(30) }, expect: 200 });
  const scope = await openTask(ctx, s.hc.token, id, 'scope-agreement');
  await ctx.http.request('POST', `/api/tasks/${enc(scope)}/decision`, { token: s.hc.token, body: { decision: 'approve', data: { costingMethod: 'project-based' } }, expect: 200 });
  const ready = await until(ctx, summary, (x) => x.expected === 'needs-analysis' && !!x.triggerTaskId, 'needs-analysis trigger');
  return { id, triggerTaskId: ready.triggerTaskId! };
}

/** Trigger → every cluster's task open in PostgreSQL, and in every lead's inbox. */
async function measureFanOut(ctx: BenchContext, s: Setup, driver: Driver, cycle: { id: string; triggerTaskId: string }) {
  const deadline = inDays(20);
  const t0 = performance.now();
  const trigger = (async () => {
    if (driver === 'api') {
      await ctx.http.request('POST', `/api/hpc/cycles/${enc(cycle.id)}/trigger`, { token: s.ocha.token, body: { phase: 'needs-analysis', deadline }, expect: 200 });
    } else {
      await ctx.temporal.workflow
        .getHandle(cycle.id)
        .executeUpdate(decideUpdate, {
          args: [{ taskId: cycle.triggerTaskId, decision: 'start', data: { phase: 'needs-analysis', deadline }, actor: s.ocha.actor }],
          updateId: `${cycle.triggerTaskId}:${s.ocha.actor.id}`,
        })
        .catch(refused);
    }
    return performance.now() - t0;
  })();
  const open = until(ctx, async () => {
    const { rows } = await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE process_id = $1 AND step_id = 'cluster-needs' AND status = 'open'`, [cycle.id]);
    return Number(rows[0].n);
  }, (n) => n >= s.leads.length, 'cluster-needs rows', 10).then(() => performance.now() - t0);
  const q = enc(JSON.stringify({ processId: cycle.id, stepId: 'cluster-needs', status: 'open' }));
  const inbox = Promise.all(
    s.leads.map((lead) =>
      until(ctx, async () => (await ctx.http.request<{ sector: string | null }[]>('GET', `/api/tasks?filter=${q}`, { token: lead.token, expect: 200 })).body, (t) => t.some((x) => x.sector === lead.sector), `${lead.sector} inbox`, 25),
    ),
  ).then(() => performance.now() - t0);
  const [triggerMs, openMs, inboxMs] = await Promise.all([trigger, open, inbox]);
  return { triggerMs: Math.round(triggerMs), openMs: Math.round(openMs), inboxMs: Math.round(inboxMs) };
}

/** From the needs analysis to the open project window, through the API (OCHA closes the fan-outs with what is in). */
async function toProjectVetting(ctx: BenchContext, s: Setup, id: string): Promise<void> {
  const ocha = s.ocha.token;
  await ctx.http.request('POST', `/api/processes/${enc(id)}/actions`, { token: ocha, body: { action: 'close-cluster-needs', comment: 'bench' }, expect: 200 });
  const jiaf = await openTask(ctx, ocha, id, 'jiaf-consolidation');
  await ctx.http.request('POST', `/api/tasks/${enc(jiaf)}/decision`, { token: ocha, body: { decision: 'complete' }, expect: 200 });
  const summary = () => ctx.http.request<{ expected: string | null; triggerTaskId: string | null }>('GET', `/api/hpc/cycles/${enc(id)}`, { token: ocha, expect: 200 }).then((r) => r.body);
  await until(ctx, summary, (x) => x.expected === 'response-planning' && !!x.triggerTaskId, 'response-planning trigger');
  await ctx.http.request('POST', `/api/hpc/cycles/${enc(id)}/trigger`, { token: ocha, body: { phase: 'response-planning', deadline: inDays(20) }, expect: 200 });
  await openTask(ctx, s.leads[0].token, id, 'cluster-response-plan');
  await ctx.http.request('POST', `/api/processes/${enc(id)}/actions`, { token: ocha, body: { action: 'close-cluster-response-plan', comment: 'bench' }, expect: 200 });
  await until(ctx, summary, (x) => x.expected === 'project-vetting' && !!x.triggerTaskId, 'project-vetting trigger');
  await ctx.http.request('POST', `/api/hpc/cycles/${enc(id)}/trigger`, { token: ocha, body: { phase: 'project-vetting', deadline: inDays(10) }, expect: 200 });
  await until(
    ctx,
    () => ctx.http.request<{ currentSteps?: string[]; data?: Record<string, unknown> }>('GET', `/api/processes/${enc(id)}`, { token: ocha, expect: 200 }).then((r) => r.body),
    (p) => !!p.currentSteps?.includes('project-vetting') && !!p.data?.['project-partners'],
    'project window',
  );
}

/** Projects started, reviewed and approved; returns the latencies and the wall time until all are approved. */
async function measureVetting(ctx: BenchContext, s: Setup, driver: Driver, cycleId: string, year: number) {
  const { config } = ctx;
  const n = config.fanoutProjects;
  const children: { id: string; sector: string }[] = [];
  let next = 0;
  const t0 = performance.now();
  const startSummary = await runLoad({ concurrency: config.concurrency, warmupMs: 0, measureMs: 3_600_000, label: `fanout start ${driver}` }, async () => {
    const i = next++;
    if (i >= n) return false;
    const sector = s.sectors[i % s.sectors.length];
    const project = { sector, title: `Bench project ${i}`, requirementsUsd: `${100_000 + i}.50`, peopleTargeted: 1000 + i };
    if (driver === 'api') {
      const res = await ctx.http.request<{ childProcessId: string }>('POST', `/api/processes/${enc(cycleId)}/submissions`, { token: s.partner.token, body: { kind: 'project', data: project }, expect: 201 });
      children.push({ id: res.body.childProcessId, sector });
    } else {
      const input: HrpProjectInput = { operationId: s.operationId, year, organisationId: s.partner.organisationId, submissionId: randomUUID(), hcApproval: false, ...project };
      const workflowId = hrpProject.workflowId(input);
      await ctx.temporal.workflow.start(HRP_PROJECT, {
        workflowId,
        taskQueue: ctx.taskQueue,
        args: [startArgs(input as unknown as Record<string, unknown>, auditActorOf(s.ocha.actor), { id: s.operationId, name: s.operationName, type: 'protracted', settings: operationSettingsOf({}) })],
        workflowIdConflictPolicy: 'FAIL',
        searchAttributes: { HpcProcessType: [HRP_PROJECT], HpcStatus: ['running'] },
      });
      children.push({ id: workflowId, sector });
    }
    return true;
  });
  const ids = children.map((c) => c.id);
  await until(ctx, async () => {
    const { rows } = await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM tasks WHERE process_id = ANY($1::text[]) AND step_id = 'project-cluster-review' AND status = 'open'`, [ids]);
    return Number(rows[0].n);
  }, (k) => k >= ids.length, 'project review tasks', 100);
  const leadOf = new Map(s.leads.map((l) => [l.sector, l]));
  const queue = [...children];
  const approveSummary = await runLoad({ concurrency: config.concurrency, warmupMs: 0, measureMs: 3_600_000, label: `fanout approve ${driver}` }, async () => {
    const child = queue.shift();
    if (!child) return false;
    const lead = leadOf.get(child.sector)!;
    const taskId = `${child.id}~project-cluster-review~1`;
    if (driver === 'api') {
      await ctx.http.request('POST', `/api/tasks/${enc(taskId)}/decision`, { token: lead.token, body: { decision: 'approve' }, expect: 200 });
    } else {
      await ctx.temporal.workflow.getHandle(child.id).executeUpdate(decideUpdate, { args: [{ taskId, decision: 'approve', actor: lead.actor }], updateId: `${taskId}:${lead.actor.id}` }).catch(refused);
    }
    return true;
  });
  const approved = await until(ctx, async () => {
    const { rows } = await ctx.pool.query<{ n: string }>(`SELECT count(*) AS n FROM processes WHERE id = ANY($1::text[]) AND status = 'completed' AND outcome = 'approved'`, [ids]);
    return Number(rows[0].n);
  }, (k) => k >= ids.length, 'approved projects', 100);
  const vettingMs = Math.round(performance.now() - t0);
  return { startSummary, approveSummary, vettingMs, approved, projects: ids.length };
}

export async function runFanoutScenario(ctx: BenchContext, log: (line: string) => void): Promise<FanoutRun[]> {
  const { config } = ctx;
  ctx.setPhase('fanout-setup');
  const s = await setUp(ctx, config.fanoutClusters);
  log(`fanout: operation with ${s.sectors.length} active clusters (${s.sectors.join(', ')}), ${config.fanoutProjects} projects per run`);
  const runs: FanoutRun[] = [];
  let year = 2050;
  for (let pair = 1; pair <= config.pairs; pair++) {
    for (const driver of DRIVERS) {
      year += 1;
      ctx.setPhase(`fanout-prepare:${driver}:${pair}`);
      const cycle = await prepareCycle(ctx, s, year);
      ctx.setPhase(`fanout:${driver}:${pair}`);
      const fan = await measureFanOut(ctx, s, driver, cycle);
      // The product's projects are submitted to the cycle's window: the phases up to it, outside the measures.
      ctx.setPhase(`fanout-prepare:${driver}:${pair}`);
      if (driver === 'api') await toProjectVetting(ctx, s, cycle.id);
      ctx.setPhase(`fanout:${driver}:${pair}`);
      const { result: vetting, cpu } = await ctx.withCpu(() => measureVetting(ctx, s, driver, cycle.id, year), (r) => r.projects);
      const run: FanoutRun = {
        driver,
        pair,
        clusters: s.sectors.length,
        ...fan,
        ...vetting,
        vettingThroughput: Math.round((vetting.projects / (vetting.vettingMs / 1000)) * 100) / 100,
        cpu,
      };
      runs.push(run);
      log(
        `fanout   ${driver.padEnd(3)} pair ${pair}: ${run.clusters} cluster tasks open after ${run.openMs} ms, in every lead's inbox after ${run.inboxMs} ms (trigger ${run.triggerMs} ms); ` +
          `${run.approved}/${run.projects} projects vetted in ${run.vettingMs} ms = ${run.vettingThroughput}/s (start p50 ${run.startSummary.p50} ms, approve p50 ${run.approveSummary.p50} ms)`,
      );
    }
  }
  return runs;
}
