// Demo HPC cycle, created through the real workflows over the real API as the demo users would (never rows
// written by hand): the demo operation's cycle of this year in the middle of its needs analysis — kickoff agreed
// (project-based costing), the needs of Health and Food Security submitted, WASH late: once the short phase
// deadline passes its task expires (red in the matrix) and the JIAF consolidation waits for OCHA.
// Call after createDemoCases (the clusters must be active): createDemoHpc({ baseUrl, password, operationName, log }).
// Idempotent: skipped once the operation has an hpc-cycle case.
import { HPC_CYCLE } from '@hpc/workflows/processes';

export interface DemoHpcOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  password: string;
  operationName: string;
  log?: (line: string) => void;
  /** How long the clusters have for their needs (default 2 minutes: the demo soon shows a late cluster and the JIAF). */
  needsDeadlineMs?: number;
}

type Call = (method: string, path: string, body?: unknown) => Promise<any>;

async function signIn(baseUrl: string, username: string, password: string): Promise<Call> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`demo hpc: ${username} cannot sign in (${res.status})`);
  const token = ((await res.json()) as { accessToken: string }).accessToken;
  return async (method, path, body) => {
    const r = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`demo hpc: ${username} ${method} ${path} → ${r.status} ${text.slice(0, 300)}`);
    return text ? JSON.parse(text) : null;
  };
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

async function openTasks(call: Call, processId: string, stepId: string, count = 1): Promise<{ id: string; sector: string | null }[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const tasks: { id: string; sector: string | null }[] = await call('GET', `/api/tasks?filter=${q({ processId, stepId })}`);
    if (tasks.length >= count) return tasks;
    if (Date.now() > deadline) throw new Error(`demo hpc: no open ${stepId} task in ${processId}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const NEEDS: Record<string, { adminArea: string; populationGroup: string; peopleInNeed: number; severity: number }[]> = {
  health: [
    { adminArea: 'Upper Nile', populationGroup: 'IDPs', peopleInNeed: 182_000, severity: 4 },
    { adminArea: 'Upper Nile', populationGroup: 'Returnees', peopleInNeed: 64_000, severity: 3 },
    { adminArea: 'Jonglei', populationGroup: 'Host community', peopleInNeed: 95_000, severity: 3 },
  ],
  'food-security': [
    { adminArea: 'Upper Nile', populationGroup: 'IDPs', peopleInNeed: 240_000, severity: 5 },
    { adminArea: 'Jonglei', populationGroup: 'Host community', peopleInNeed: 71_000, severity: 3 },
    { adminArea: 'Unity', populationGroup: 'IDPs', peopleInNeed: 128_000, severity: 4 },
  ],
};

export async function createDemoHpc(opts: DemoHpcOptions): Promise<number> {
  const log = opts.log ?? (() => undefined);
  const ocha = await signIn(opts.baseUrl, 'ocha', opts.password);
  const ops: { id: string; name: string }[] = await ocha('GET', `/api/operations?filter=${q({ q: opts.operationName })}`);
  const op = ops.find((o) => o.name === opts.operationName);
  if (!op) throw new Error(`demo hpc: operation "${opts.operationName}" not found`);
  const existing: unknown[] = await ocha('GET', `/api/processes?filter=${q({ operationId: op.id, type: HPC_CYCLE })}&range=[0,0]`);
  if (existing.length > 0) return 0;
  const hc = await signIn(opts.baseUrl, 'hc', opts.password);
  const year = new Date().getUTCFullYear();
  const started: { id: string } = await ocha('POST', '/api/processes', { type: HPC_CYCLE, input: { operationId: op.id, year, variant: 'annual' } });
  const id = encodeURIComponent(started.id);
  await openTasks(ocha, started.id, 'phase-trigger');
  await ocha('POST', `/api/hpc/cycles/${id}/trigger`, { phase: 'kickoff', deadline: new Date(Date.now() + 14 * 86_400_000).toISOString(), comment: 'Planning cycle starts with the HCT retreat.' });
  const [scope] = await openTasks(hc, started.id, 'scope-agreement');
  await hc('POST', `/api/tasks/${encodeURIComponent(scope.id)}/decision`, { decision: 'approve', data: { costingMethod: 'project-based', projectHcApproval: false }, comment: 'Agreed by the HCT.' });
  await openTasks(ocha, started.id, 'phase-trigger');
  await ocha('POST', `/api/hpc/cycles/${id}/trigger`, { phase: 'needs-analysis', deadline: new Date(Date.now() + (opts.needsDeadlineMs ?? 120_000)).toISOString() });
  for (const sector of Object.keys(NEEDS)) {
    const lead = await signIn(opts.baseUrl, `lead.${sector}`, opts.password);
    const tasks = await openTasks(lead, started.id, 'cluster-needs');
    const mine = tasks.find((t) => t.sector === sector);
    if (!mine) continue;
    await lead('POST', `/api/tasks/${encodeURIComponent(mine.id)}/decision`, { decision: 'submit', data: { rows: NEEDS[sector] } });
  }
  log(`demo hpc: the ${year} HPC cycle of ${op.name} in its needs analysis (Health and Food Security in, WASH late once the deadline passes)`);
  return 1;
}
