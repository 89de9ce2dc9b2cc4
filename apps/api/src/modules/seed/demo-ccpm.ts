// Demo CCPM round, created through the real workflow over the real API as the demo users would (never rows
// written by hand): the Health cluster's round of this year in its survey window, launched by the HC, planned by
// the Health cluster coordinator with two invited partner organisations, and three anonymous answers (two
// partners, the coordinator). Needs the demo cases first (the Health cluster active). Idempotent: skipped once
// the round exists. Call it like createDemoCases: `createDemoCcpm({ baseUrl, password, operationName })`.
// The activation already gave every active cluster its duty schedules and its first round 4 months on.
import { CCPM_SUB_CATEGORIES } from '@hpc/workflows/processes/ccpm-round';
import type { DemoCasesOptions } from './demo-cases';

type Call = (method: string, path: string, body?: unknown) => Promise<any>;

function as(baseUrl: string, password: string): (username: string) => Promise<Call> {
  const tokens = new Map<string, string>();
  return async (username) => {
    if (!tokens.has(username)) {
      const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      if (!res.ok) throw new Error(`demo CCPM: ${username} cannot sign in (${res.status})`);
      tokens.set(username, ((await res.json()) as { accessToken: string }).accessToken);
    }
    const token = tokens.get(username)!;
    return async (method, path, body) => {
      const res = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      if (!res.ok) throw Object.assign(new Error(`demo CCPM: ${username} ${method} ${path} → ${res.status} ${text.slice(0, 300)}`), { status: res.status });
      return text ? JSON.parse(text) : null;
    };
  };
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

async function openTask(call: Call, processId: string, stepId: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const tasks: { id: string }[] = await call('GET', `/api/tasks?filter=${q({ processId, stepId })}`);
    if (tasks.length > 0) return tasks[0].id;
    if (Date.now() > deadline) throw new Error(`demo CCPM: no open ${stepId} task in ${processId}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Answers on the 0–4 scale, a little different per respondent so the medians show. */
const answers = (level: string, base: number) => ({ level, ...Object.fromEntries(CCPM_SUB_CATEGORIES.map((s, i) => [s.field, Math.min(4, Math.max(0, base + ((i % 3) - 1)))])) });

export async function createDemoCcpm(opts: DemoCasesOptions): Promise<number> {
  const log = opts.log ?? (() => undefined);
  const user = as(opts.baseUrl, opts.password);
  const [ocha, hc, lead] = await Promise.all([user('ocha'), user('hc'), user('lead.health')]);
  const ops: { id: string; name: string }[] = await ocha('GET', `/api/operations?filter=${q({ q: opts.operationName })}`);
  const op = ops.find((o) => o.name === opts.operationName);
  if (!op) throw new Error(`demo CCPM: operation "${opts.operationName}" not found`);
  const clusters: { id: string; status: string }[] = await ocha('GET', `/api/clusters?filter=${q({ operationId: op.id, sector: 'health' })}`);
  const health = clusters.find((c) => c.status === 'active');
  if (!health) {
    log('demo CCPM: the Health cluster is not active (run the demo cases first); skipped');
    return 0;
  }
  const year = new Date().getUTCFullYear();
  let id: string;
  try {
    id = (await lead('POST', '/api/processes', { type: 'ccpm-round', input: { clusterId: health.id, year, operationId: op.id, sector: 'health' } })).id;
  } catch (err) {
    if ((err as { status?: number }).status === 409) {
      log(`demo CCPM: the Health round ${year} exists; skipped`);
      return 0;
    }
    throw err;
  }
  await hc('POST', `/api/tasks/${encodeURIComponent(await openTask(hc, id, 'ccpm-launch'))}/decision`, { decision: 'approve', data: { timeframe: 'Four weeks from today', participation: ['national', 'sub-national'] } });
  const orgIds: string[] = [];
  for (const name of ['Hope Relief Juba', 'Norwegian Refugee Council']) {
    const found: { id: string; name: string }[] = await ocha('GET', `/api/organisations?filter=${q({ q: name })}`);
    const org = found.find((o) => o.name === name);
    if (org) orgIds.push(org.id);
  }
  await lead('POST', `/api/tasks/${encodeURIComponent(await openTask(lead, id, 'ccpm-planning'))}/decision`, {
    decision: 'confirm', data: { invitedOrganisations: orgIds.map((organisationId) => ({ organisationId })), surveyWindow: '14 days' },
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const p = await lead('GET', `/api/processes/${encodeURIComponent(id)}`);
    if ((p.currentSteps ?? []).includes('ccpm-survey')) break;
    if (Date.now() > deadline) throw new Error('demo CCPM: the survey did not open');
    await new Promise((r) => setTimeout(r, 250));
  }
  const submit = async (who: string, kind: string, data: Record<string, unknown>) => (await user(who))('POST', `/api/processes/${encodeURIComponent(id)}/submissions`, { kind, data });
  await submit('partner.local', 'partner-answer', answers('national', 3));
  await submit('partner.intl', 'partner-answer', answers('national', 2));
  await submit('lead.health', 'coordinator-answer', answers('national', 3));
  log(`demo CCPM: ${id} in its survey window with 3 anonymous answers`);
  return 1;
}
