// Demo cases, created through the real workflows over the real API as the demo users would (never rows
// written by hand): active clusters with their running transition reviews (live 90-day clocks), an
// activation waiting for the HC, one in set-up, and an overdue one. Idempotent: skipped once the demo
// operation has a cluster activation (other demo cases, e.g. an allocation, do not count).
import { CLUSTER_ACTIVATION } from '@hpc/workflows/processes';

export interface DemoCasesOptions {
  /** The API's base URL, e.g. http://127.0.0.1:3000 */
  baseUrl: string;
  password: string;
  operationName: string;
  log?: (line: string) => void;
}

interface Http {
  as(username: string): Promise<(method: string, path: string, body?: unknown) => Promise<any>>;
}

function client(baseUrl: string, password: string): Http {
  const tokens = new Map<string, string>();
  return {
    async as(username) {
      if (!tokens.has(username)) {
        const res = await fetch(`${baseUrl}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ username, password }),
        });
        if (!res.ok) throw new Error(`demo cases: ${username} cannot sign in (${res.status})`);
        tokens.set(username, ((await res.json()) as { accessToken: string }).accessToken);
      }
      const token = tokens.get(username)!;
      return async (method, path, body) => {
        const res = await fetch(`${baseUrl}${path}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        if (!res.ok) throw new Error(`demo cases: ${username} ${method} ${path} → ${res.status} ${text.slice(0, 300)}`);
        return text ? JSON.parse(text) : null;
      };
    },
  };
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));

/** Poll the user's inbox until the case has an open task of the step. */
async function openTask(call: (m: string, p: string) => Promise<any>, processId: string, stepId: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const tasks: { id: string }[] = await call('GET', `/api/tasks?filter=${q({ processId, stepId })}`);
    if (tasks.length > 0) return tasks[0].id;
    if (Date.now() > deadline) throw new Error(`demo cases: no open ${stepId} task in ${processId}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

interface Activation {
  sector: string;
  lead: string;
  leadAgency: string;
  coLeadAgency?: string;
  /** How far the demo walks it: endorsed only, active (set-up open), or fully set up. */
  until: 'hc-endorsement' | 'returned-overdue' | 'cluster-setup' | 'activated';
  rationale: string;
}

const COORDINATORS: Record<string, { coordinatorName: string; informationManagerName: string }> = {
  health: { coordinatorName: 'Mary Achol', informationManagerName: 'John Garang' },
  'food-security': { coordinatorName: 'Nyakim Gatwech', informationManagerName: 'Samuel Ladu' },
  wash: { coordinatorName: 'Peter Malual', informationManagerName: 'Akuol Deng' },
};

const ACTIVATIONS: Activation[] = [
  { sector: 'health', lead: 'lead.health', leadAgency: 'WHO', coLeadAgency: 'International Rescue Committee', until: 'activated', rationale: 'Cholera outbreak in Upper Nile and Jonglei; health partners need a common response plan and the Ministry of Health asked for support.' },
  { sector: 'food-security', lead: 'lead.food-security', leadAgency: 'WFP', coLeadAgency: 'FAO', until: 'activated', rationale: 'IPC phase 4 in six counties; food assistance and livelihoods partners need one response plan with the Ministry of Agriculture.' },
  { sector: 'wash', lead: 'lead.wash', leadAgency: 'UNICEF', until: 'cluster-setup', rationale: 'Flooding cut safe water to 400,000 people; WASH partners duplicate work in Bentiu and Malakal.' },
  { sector: 'protection', lead: 'lead.protection', leadAgency: 'UNHCR', coLeadAgency: 'Norwegian Refugee Council', until: 'hc-endorsement', rationale: 'Returnees from Sudan report family separation, GBV and explosive ordnance on return routes; no national protection coordination exists in the border states.' },
  { sector: 'shelter', lead: 'lead.protection', leadAgency: 'IOM', until: 'returned-overdue', rationale: 'Displacement sites in Renk exceed capacity; shelter and NFI partners need coordination.' },
];

export async function createDemoCases(opts: DemoCasesOptions): Promise<number> {
  const log = opts.log ?? (() => undefined);
  const http = client(opts.baseUrl, opts.password);
  const ocha = await http.as('ocha');
  const ops: { id: string; name: string }[] = await ocha('GET', `/api/operations?filter=${q({ q: opts.operationName })}`);
  const op = ops.find((o) => o.name === opts.operationName);
  if (!op) throw new Error(`demo cases: operation "${opts.operationName}" not found`);
  const existing: unknown[] = await ocha('GET', `/api/processes?filter=${q({ operationId: op.id, type: CLUSTER_ACTIVATION })}&range=[0,0]`);
  if (existing.length > 0) return 0;
  const orgs: { id: string; name: string }[] = await ocha('GET', `/api/organisations?range=[0,499]`);
  const orgId = (name: string) => {
    const found = orgs.find((o) => o.name === name);
    if (!found) throw new Error(`demo cases: organisation "${name}" not found`);
    return found.id;
  };
  const hc = await http.as('hc');
  const erc = await http.as('erc');
  let created = 0;
  for (const a of ACTIVATIONS) {
    const input: Record<string, unknown> = {
      operationId: op.id,
      sector: a.sector,
      leadAgencyId: orgId(a.leadAgency),
      rationale: a.rationale,
      criteria: { responseGaps: true, nationalCapacityInsufficient: true },
      // The returned proposal is overdue a minute after the start, so the demo shows an overdue task.
      ...(a.until === 'returned-overdue' ? { durations: { 'proposal-revision': { due: '1 minute' } } } : {}),
    };
    if (a.coLeadAgency) input.coLeadAgencyId = orgId(a.coLeadAgency);
    const started: { id: string } = await ocha('POST', '/api/processes', { type: CLUSTER_ACTIVATION, input });
    created++;
    const id = started.id;
    if (a.until === 'hc-endorsement') continue;
    if (a.until === 'returned-overdue') {
      await hc('POST', `/api/tasks/${encodeURIComponent(await openTask(hc, id, 'hc-endorsement'))}/decision`, { decision: 'return', comment: 'Please add the site population figures from the latest DTM round.' });
      continue;
    }
    await hc('POST', `/api/tasks/${encodeURIComponent(await openTask(hc, id, 'hc-endorsement'))}/decision`, { decision: 'endorse', comment: 'Endorsed by the HCT.' });
    await erc('POST', `/api/tasks/${encodeURIComponent(await openTask(erc, id, 'erc-approval'))}/decision`, { decision: 'approve' });
    const lead = await http.as(a.lead);
    await lead('POST', `/api/tasks/${encodeURIComponent(await openTask(lead, id, 'cla-confirmation'))}/decision`, {
      decision: 'confirm',
      data: COORDINATORS[a.sector] ?? { coordinatorName: 'Cluster coordinator', informationManagerName: 'Information manager' },
    });
    if (a.until === 'cluster-setup') continue;
    await lead('POST', `/api/tasks/${encodeURIComponent(await openTask(lead, id, 'cluster-setup'))}/decision`, {
      decision: 'complete',
      data: {
        termsOfReferenceAdopted: true, strategicAdvisoryGroupFormed: true, nationalActorsInSag: true, partnerMappingDone: true,
        workPlanAdopted: true, informationSharingProtocolAgreed: true,
      },
    });
  }
  log(`demo cases: ${created} cluster activations started through the workflows (health, food security and WASH active with their 90-day transition reviews)`);
  return created;
}
