// Demo pooled funds, created through the real workflows over the real API as the demo users would: one CBPF
// standard allocation of South Sudan through its strategy (weighted scorecard, envelope split), the Advisory
// Board's endorsement, the HC's approval and a call for proposals with a dozen proposals from local, national
// and international NGOs; the proposals through strategic review (one recusal: NRC's own protection co-lead is
// refused on NRC's proposal and the UNHCR lead scores it), several recommended by the HFU and waiting for the
// HC's (bulk) endorsement. Idempotent: skipped once the operation has an allocation.
import type { DemoCasesOptions } from './demo-cases';

type Call = (method: string, path: string, body?: unknown) => Promise<any>;

function client(baseUrl: string, password: string) {
  const tokens = new Map<string, string>();
  const login = async (username: string, pass = password) => {
    const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: pass }) });
    if (!res.ok) throw new Error(`demo pooled funds: ${username} cannot sign in (${res.status})`);
    return ((await res.json()) as { accessToken: string }).accessToken;
  };
  const call = (token: string): Call => async (method, path, body) => {
    const res = await fetch(`${baseUrl}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw Object.assign(new Error(`demo pooled funds: ${method} ${path} → ${res.status} ${text.slice(0, 300)}`), { status: res.status });
    return text ? JSON.parse(text) : null;
  };
  return {
    async as(username: string): Promise<Call> {
      if (!tokens.has(username)) tokens.set(username, await login(username));
      return call(tokens.get(username)!);
    },
  };
}

const q = (o: unknown) => encodeURIComponent(JSON.stringify(o));
const enc = encodeURIComponent;

async function openTask(call: Call, processId: string, stepId: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const tasks: { id: string }[] = await call('GET', `/api/tasks?filter=${q({ processId, stepId })}`);
    if (tasks.length > 0) return tasks[0].id;
    if (Date.now() > deadline) throw new Error(`demo pooled funds: no open ${stepId} task in ${processId}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Partner users of the national NGOs and the INGO the demo users do not cover (created once through the API). */
const EXTRA_PARTNERS = [
  { username: 'partner.sudd', displayName: 'James Deng (Programme Officer, Sudd Community Development Organisation)', organisation: 'Sudd Community Development Organisation' },
  { username: 'partner.nile', displayName: 'Martha Nyibol (Director, Nile Women Empowerment Network)', organisation: 'Nile Women Empowerment Network' },
  { username: 'partner.malakal', displayName: 'Simon Ochan (Coordinator, Malakal Youth Initiative)', organisation: 'Malakal Youth Initiative' },
  { username: 'partner.irc', displayName: 'Claire Dubois (Grants Manager, IRC)', organisation: 'International Rescue Committee' },
];

const PROPOSALS: { by: string; sector: 'health' | 'wash' | 'protection'; title: string; requestedUsd: string; scores?: [number, number, number]; recommendUsd?: string }[] = [
  { by: 'partner.local', sector: 'wash', title: 'Safe water for returnees in Juba', requestedUsd: '250000.00', scores: [8, 7, 9], recommendUsd: '240000.00' },
  { by: 'partner.local', sector: 'protection', title: 'Community-based GBV response in Juba', requestedUsd: '180000.00', scores: [9, 8, 9], recommendUsd: '180000.00' },
  { by: 'partner.intl', sector: 'protection', title: 'Legal aid and HLP counselling for returnees', requestedUsd: '420000.00', scores: [8, 6, 4], recommendUsd: '350000.00' },
  { by: 'partner.intl', sector: 'wash', title: 'Emergency latrines in Renk transit centre', requestedUsd: '300000.00', scores: [7, 7, 3] },
  { by: 'partner.sudd', sector: 'health', title: 'Mobile clinics in Jonglei', requestedUsd: '220000.00', scores: [7, 8, 9], recommendUsd: '200000.50' },
  { by: 'partner.sudd', sector: 'wash', title: 'Borehole rehabilitation in Bor', requestedUsd: '150000.00', scores: [6, 7, 9] },
  { by: 'partner.nile', sector: 'protection', title: 'Women and girls safe spaces in Malakal', requestedUsd: '160000.00', scores: [9, 7, 10], recommendUsd: '160000.00' },
  { by: 'partner.nile', sector: 'health', title: 'Clinical management of rape in Upper Nile', requestedUsd: '90000.00', scores: [8, 6, 10] },
  { by: 'partner.malakal', sector: 'protection', title: 'Child protection case management in Malakal PoC', requestedUsd: '120000.00' },
  { by: 'partner.malakal', sector: 'wash', title: 'Hygiene promotion by youth volunteers', requestedUsd: '60000.00' },
  { by: 'partner.irc', sector: 'health', title: 'Cholera treatment units in Malakal', requestedUsd: '380000.00' },
  { by: 'partner.irc', sector: 'protection', title: 'Protection monitoring on return routes', requestedUsd: '200000.00' },
];

const LEADS: Record<string, string> = { health: 'lead.health', wash: 'lead.wash', protection: 'lead.protection' };
const SCORECARD = [
  { criterion: 'Strategic relevance', weight: 40 },
  { criterion: 'Cost-effectiveness', weight: 30 },
  { criterion: 'Localisation', weight: 30 },
];

/**
 * Creates the demo allocation (see the header). Returns the number of cases started (allocation + proposals),
 * 0 when the operation already has an allocation. Call it after the demo users and createDemoCases.
 */
export async function createDemoPooledFunds(opts: DemoCasesOptions): Promise<number> {
  const log = opts.log ?? (() => undefined);
  const http = client(opts.baseUrl, opts.password);
  const ocha = await http.as('ocha');
  const ops: { id: string; name: string }[] = await ocha('GET', `/api/operations?filter=${q({ q: opts.operationName })}`);
  const op = ops.find((o) => o.name === opts.operationName);
  if (!op) throw new Error(`demo pooled funds: operation "${opts.operationName}" not found`);
  const existing: unknown[] = await ocha('GET', `/api/processes?filter=${q({ operationId: op.id, type: 'pooled-fund-allocation' })}&range=[0,0]`);
  if (existing.length > 0) return 0;

  const admin = await http.as('admin');
  const orgs: { id: string; name: string }[] = await admin('GET', `/api/organisations?range=[0,499]`);
  const users: { username: string }[] = await admin('GET', `/api/users?range=[0,999]`);
  for (const p of EXTRA_PARTNERS) {
    if (users.some((u) => u.username === p.username)) continue;
    const organisationId = orgs.find((o) => o.name === p.organisation)?.id;
    if (!organisationId) throw new Error(`demo pooled funds: organisation "${p.organisation}" not found`);
    await admin('POST', '/api/users', { username: p.username, displayName: p.displayName, password: opts.password, roles: ['partner'], organisationId });
  }

  const allocation: { id: string } = await ocha('POST', '/api/processes', {
    type: 'pooled-fund-allocation',
    input: { fund: 'cbpf', window: 'standard', operationId: op.id, title: 'First standard allocation 2026', envelopeUsd: '2500000.00', sectors: ['health', 'wash', 'protection'], localisationTargetPct: 35 },
  });
  const id = allocation.id;
  await ocha('POST', `/api/tasks/${enc(await openTask(ocha, id, 'allocation-strategy'))}/decision`, {
    decision: 'submit',
    data: {
      priorities: 'Cholera response in Upper Nile and Jonglei; safe return of people arriving from Sudan; GBV services where none exist.',
      envelopeSplit: [{ sector: 'health', amountUsd: '800000.00' }, { sector: 'wash', amountUsd: '900000.00' }, { sector: 'protection', amountUsd: '800000.00' }],
      scorecard: SCORECARD,
      preStrategicReview: false,
      windowWorkingDays: 10,
    },
  });
  const advisory = await http.as('advisory');
  await advisory('POST', `/api/tasks/${enc(await openTask(advisory, id, 'ab-endorsement'))}/decision`, { decision: 'endorse', comment: 'Endorsed at the Advisory Board meeting.' });
  const hc = await http.as('hc');
  // Where the Board has more members than voted, the HFU chair closes the vote with the meeting's attendance.
  const approvalOpen = async () => ((await hc('GET', `/api/tasks?filter=${q({ processId: id, stepId: 'strategy-approval' })}`)) as unknown[]).length > 0;
  let open = false;
  for (let i = 0; i < 12 && !(open = await approvalOpen()); i++) await new Promise((r) => setTimeout(r, 250));
  if (!open) {
    await ocha('POST', `/api/tasks/${enc(await openTask(ocha, id, 'ab-endorsement'))}/decision`, { decision: 'close-vote', data: { attendance: 1 }, comment: 'Closed at the Advisory Board meeting.' });
  }
  await hc('POST', `/api/tasks/${enc(await openTask(hc, id, 'strategy-approval'))}/decision`, { decision: 'approve' });
  let created = 1;
  log('demo pooled funds: allocation open for proposals');

  for (const p of PROPOSALS) {
    const partner = await http.as(p.by);
    const res: { childProcessId: string } = await partner('POST', `/api/processes/${enc(id)}/submissions`, { kind: 'proposal', data: { sector: p.sector, title: p.title, requestedUsd: p.requestedUsd } });
    created++;
    const proposalId = res.childProcessId;
    if (!p.scores) continue;
    const sr = await openTask(ocha, proposalId, 'strategic-review');
    if (p.by === 'partner.intl' && p.sector === 'protection') {
      // The recusal case: NRC's own protection co-lead may not score NRC's proposal.
      const colead = await http.as('colead.protection');
      const refused = await colead('POST', `/api/tasks/${enc(sr)}/decision`, { decision: 'score', data: { scores: [] } }).then(() => null, (e: { status?: number }) => e.status);
      if (refused !== 403) throw new Error(`demo pooled funds: the recusal of colead.protection was not enforced (${refused})`);
      log('demo pooled funds: colead.protection (NRC) recused from the NRC proposal');
    }
    const lead = await http.as(LEADS[p.sector]);
    await lead('POST', `/api/tasks/${enc(sr)}/decision`, { decision: 'score', data: { scores: SCORECARD.map((c, i) => ({ criterion: c.criterion, score: p.scores![i] })) } });
    if (!p.recommendUsd) continue;
    await ocha('POST', `/api/tasks/${enc(await openTask(ocha, proposalId, 'hfu-sr-decision'))}/decision`, { decision: 'recommend', data: { recommendedUsd: p.recommendUsd } });
  }
  log(`demo pooled funds: ${created - 1} proposals, 5 recommended and waiting for the HC's endorsement`);
  return created;
}
