// Demo recurring duties: the demo operation's active clusters get past occurrences through their real Temporal
// Schedules (never rows by hand): each cluster's monthly duties are backfilled since the month before last (three
// periods: that month's, last month's, this month's), so the schedule starts one `recurring-duty` case per period as
// if that time had passed — dated from its scheduled time (case.scheduledAt): the two older periods missed by the
// system (their successor has opened), this month's open (overdue once past the 10th); the
// Health coordinator then records one as done (late) over the API. Idempotent: a cluster that already has
// occurrences is skipped. Needs the demo cases first (the activations created the schedules).
import { Client, Connection, ScheduleNotFoundError, type ConnectionOptions } from '@temporalio/client';
import { dutiesOf, dutyScheduleId, RECURRING_DUTY } from '@hpc/workflows/processes/recurring-duty';
import type { DemoCasesOptions } from './demo-cases';

export interface DemoDutiesOptions extends DemoCasesOptions {
  /** Where the schedules live: the connection (address, TLS, API key) and the namespace. */
  temporal: { connection: ConnectionOptions; namespace: string };
  /** Default now. */
  now?: Date;
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

async function login(baseUrl: string, username: string, password: string): Promise<(method: string, path: string, body?: unknown) => Promise<any>> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`demo duties: ${username} cannot sign in (${res.status})`);
  const token = ((await res.json()) as { accessToken: string }).accessToken;
  return async (method, path, body) => {
    const r = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await r.text();
    if (!r.ok) throw new Error(`demo duties: ${username} ${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
}

/** Backfills; the number of clusters that got occurrences. */
export async function createDemoDuties(opts: DemoDutiesOptions): Promise<number> {
  const log = opts.log ?? (() => undefined);
  const now = opts.now ?? new Date();
  const ocha = await login(opts.baseUrl, 'ocha', opts.password);
  const ops: { id: string; name: string }[] = await ocha('GET', `/api/operations?filter=${q({ q: opts.operationName })}`);
  const op = ops.find((o) => o.name === opts.operationName);
  if (!op) throw new Error(`demo duties: operation "${opts.operationName}" not found`);
  const clusters: { id: string; sector: string; status: string }[] = await ocha('GET', `/api/clusters?filter=${q({ operationId: op.id, status: 'active' })}&range=${q([0, 99])}`);
  const connection = await Connection.connect(opts.temporal.connection);
  const client = new Client({ connection, namespace: opts.temporal.namespace });
  // From the last day of the month before the month before last (UTC), so that month's first is in range in every zone.
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 0));
  let done = 0;
  const expected: string[] = [];
  try {
    for (const c of clusters.filter((x) => x.status === 'active')) {
      const existing: unknown[] = await ocha('GET', `/api/processes?filter=${q({ type: RECURRING_DUTY, clusterId: c.id })}`);
      if (existing.length > 0) continue;
      const monthly = dutiesOf(c.sector).filter((d) => d.every === 'month');
      try {
        for (const d of monthly) await client.schedule.getHandle(dutyScheduleId(c.id, d.id)).backfill({ start, end: now, overlap: 'ALLOW_ALL' });
      } catch (err) {
        if (err instanceof ScheduleNotFoundError) {
          log(`demo duties: ${c.sector} has no schedules yet; skipped`);
          continue;
        }
        throw err;
      }
      expected.push(c.id);
      done++;
    }
    // The Health coordinator records this month's 5W update as done (late once its due date passed).
    const health = clusters.find((c) => c.sector === 'health' && expected.includes(c.id));
    if (health) {
      const lead = await login(opts.baseUrl, 'lead.health', opts.password);
      const deadline = Date.now() + 60_000;
      for (;;) {
        const tasks: { id: string; processId: string; status: string; dueAt: string | null }[] = await lead('GET', `/api/tasks?filter=${q({ processType: RECURRING_DUTY, status: 'open' })}&sort=${q(['dueAt', 'DESC'])}`);
        // This month's occurrence: the latest scheduled time (the id ends with it, ISO, so it sorts by time). The older
        // ones are still open for a moment after the backfill, until the next occurrence closes them as missed.
        const mine = tasks.filter((t) => t.processId.startsWith(`${RECURRING_DUTY}:${health.id}:5w-update-`)).sort((x, y) => y.processId.localeCompare(x.processId));
        if (mine.length > 0) {
          try {
            await lead('POST', `/api/tasks/${encodeURIComponent(mine[0].id)}/decision`, { decision: 'done', data: { evidence: 'https://example.org/5w/health — 5W matrix shared with OCHA IM' } });
            break;
          } catch (err) {
            // closed as missed meanwhile (an older period): look again
            if (!/→ 409/.test((err as Error).message)) throw err;
          }
        }
        if (Date.now() > deadline) {
          log('demo duties: the Health 5W occurrence did not open in time; left open');
          break;
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
  log(`demo duties: past occurrences of the monthly duties for ${done} active cluster(s)`);
  return done;
}
