// A CBPF allocation over HTTP by the roles PROCESSES.md §4 names, against a real PostgreSQL and a real Temporal dev
// server with a real worker: bad starts and strategies (400 naming the field), scope (403 for another operation's
// HC, another organisation's partner), eligibility, recusal (403 that says why, the task stays open), the envelope
// and sector split in exact cents (0.1 + 0.1 + 0.1 = 0.30; one cent more is a 409 naming what remains), the live
// localisation share, the HC's bulk endorsement (each proposal its own decision in its own trail), the CSV export.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { uniqueSuffix } from '../factories';
import { as, bearer, createTestApp, loginAs } from '../utils/http';
import { startTestWorker, type TestWorker } from '../utils/worker';

const enc = encodeURIComponent;

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

describe('pooled funds over HTTP (CBPF standard allocation walk)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  const H: Record<string, { Authorization: string }> = {};
  const org: Record<string, string> = {};
  let operationId: string;
  let otherOperationId: string;
  const taskQueue = `it-pooled-${uniqueSuffix()}`;
  const http = () => request(app.getHttpServer());

  async function openTask(user: string, processId: string, stepId: string) {
    const tasks = await eventually(async () => {
      const res = await http().get('/api/tasks').query({ filter: JSON.stringify({ processId, stepId, status: 'open', assigned: false }) }).set(H[user]);
      return (res.body ?? []) as { id: string }[];
    }, (t) => Array.isArray(t) && t.length > 0);
    return tasks[0].id;
  }

  const decide = (user: string, taskId: string, decision: string, data?: Record<string, unknown>, comment?: string) =>
    http().post(`/api/tasks/${enc(taskId)}/decision`).set(H[user]).send({ decision, ...(data ? { data } : {}), ...(comment ? { comment } : {}) });

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    H.admin = (await as(app, 'admin')).headers;
    const op = await http().post('/api/operations').set(H.admin).send({ name: `Allocation walk ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
    expect(op.status).toBe(201);
    operationId = op.body.id;
    otherOperationId = (await http().post('/api/operations').set(H.admin).send({ name: `Other ${uniqueSuffix()}`, countryIso3: 'SOM', type: 'protracted' })).body.id;
    const organisation = async (key: string, type: string, riskLevel: string | null) => {
      const res = await http().post('/api/organisations').set(H.admin).send({ name: `${key} ${uniqueSuffix()}`, type, riskLevel });
      expect(res.status).toBe(201);
      org[key] = res.body.id;
    };
    await organisation('lngo', 'lngo', 'low');
    await organisation('ingo', 'ingo', 'medium');
    await organisation('nngo', 'nngo', 'high');
    await organisation('unvetted', 'lngo', null);
    await organisation('agency', 'un-agency', null);
    const user = async (name: string, body: Record<string, unknown>) => {
      const res = await http().post('/api/users').set(H.admin).send({ username: `${name}.${uniqueSuffix()}`, displayName: name, password: 'walk-pass-1', ...body });
      expect(res.status).toBe(201);
      H[name] = bearer(await loginAs(app, res.body.username, 'walk-pass-1'));
    };
    await user('ocha', { roles: ['ocha'], operationScopes: [operationId] });
    await user('hc', { roles: ['hc'], operationScopes: [operationId] });
    await user('hc.other', { roles: ['hc'], operationScopes: [otherOperationId] });
    await user('ab1', { roles: ['advisory_board'], operationScopes: [operationId] });
    await user('ab2', { roles: ['advisory_board'], operationScopes: [operationId] });
    await user('partner.lngo', { roles: ['partner'], organisationId: org.lngo });
    await user('partner.lngo.director', { roles: ['partner'], organisationId: org.lngo, authorisedSignatory: true });
    await user('eo', { roles: ['fund_signatory'] });
    await user('partner.ingo', { roles: ['partner'], organisationId: org.ingo });
    await user('partner.nngo', { roles: ['partner'], organisationId: org.nngo });
    await user('partner.unvetted', { roles: ['partner'], organisationId: org.unvetted });
    await user('lead.wash', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }, { operationId, sector: 'protection' }], organisationId: org.agency });
    // The INGO's own staff coordinates WASH too: recused from its organisation's proposal.
    await user('lead.wash.ingo', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }], organisationId: org.ingo });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  const input = () => ({ fund: 'cbpf', window: 'standard', operationId, title: `Walk ${uniqueSuffix()}`, envelopeUsd: '0.30', sectors: ['wash', 'protection'], localisationTargetPct: 40 });
  let allocationId: string;
  const proposals: Record<string, string> = {};

  it('starts an allocation: 400 naming the field for a bad window, 403 for a partner; the strategy is refused with 400 naming the rule', async () => {
    const bad = await http().post('/api/processes').set(H.ocha).send({ type: 'pooled-fund-allocation', input: { ...input(), window: 'rapid-response' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('input.window must be one of the following values for cbpf: standard, reserve');
    expect((await http().post('/api/processes').set(H['partner.lngo']).send({ type: 'pooled-fund-allocation', input: input() })).status).toBe(403);
    const started = await http().post('/api/processes').set(H.ocha).send({ type: 'pooled-fund-allocation', input: input() });
    expect(started.status).toBe(201);
    allocationId = started.body.id;

    const strategy = await openTask('ocha', allocationId, 'allocation-strategy');
    const body = (over: Record<string, unknown> = {}) => ({
      priorities: 'WASH and protection in Malakal',
      envelopeSplit: [{ sector: 'wash', amountUsd: '0.20' }, { sector: 'protection', amountUsd: '0.1' }],
      scorecard: [{ criterion: 'Relevance', weight: 70 }, { criterion: 'Cost', weight: 30 }],
      preStrategicReview: false,
      ...over,
    });
    const weights = await decide('ocha', strategy, 'submit', body({ scorecard: [{ criterion: 'Relevance', weight: 70 }, { criterion: 'Cost', weight: 31 }] }));
    expect(weights.status).toBe(400);
    expect(weights.body.message).toEqual(['scorecard weights must total 100 (they total 101)']);
    const money = await decide('ocha', strategy, 'submit', body({ envelopeSplit: [{ sector: 'wash', amountUsd: 0.2 }, { sector: 'protection', amountUsd: '0.1' }] }));
    expect(money.status).toBe(400);
    expect(money.body.message).toEqual(['envelopeSplit[0].amountUsd must be an amount as a decimal string with at most 2 decimals (e.g. "1250000.50")']);
    expect((await decide('ocha', strategy, 'submit', body())).status).toBe(200);
  });

  it('the Advisory Board endorses, the HC of another operation is refused, the HC approves; only eligible partners submit', async () => {
    for (const m of ['ab1', 'ab2']) {
      const ballot = await openTask(m, allocationId, 'ab-endorsement');
      const mine = await eventually(async () => (await http().get('/api/tasks').query({ filter: JSON.stringify({ processId: allocationId, stepId: 'ab-endorsement' }) }).set(H[m])).body as { id: string }[], (t) => t.length > 0);
      expect(ballot).toBeDefined();
      expect((await decide(m, mine[0].id, 'endorse')).status).toBe(200);
    }
    const approval = await openTask('hc', allocationId, 'strategy-approval');
    const other = await decide('hc.other', approval, 'approve');
    expect(other.status).toBe(403);
    expect((await decide('hc', approval, 'approve')).status).toBe(200);

    const submit = (user: string, data: Record<string, unknown>) => http().post(`/api/processes/${enc(allocationId)}/submissions`).set(H[user]).send({ kind: 'proposal', data });
    await eventually(async () => (await http().get(`/api/processes/${enc(allocationId)}`).set(H.ocha)).body.currentSteps as string[], (s) => s.includes('call-for-proposals'));
    const unvetted = await submit('partner.unvetted', { sector: 'wash', title: 'X', requestedUsd: '0.10' });
    expect(unvetted.status).toBe(403);
    expect(unvetted.body.message).toBe('your organisation is not eligible: it has no risk level from the fund\'s due diligence');
    for (const [who, data] of [
      ['partner.lngo', { sector: 'wash', title: 'Latrines', requestedUsd: '0.10' }],
      ['partner.ingo', { sector: 'wash', title: 'Boreholes', requestedUsd: '0.20' }],
      ['partner.nngo', { sector: 'protection', title: 'Case management', requestedUsd: '0.15' }],
    ] as const) {
      const res = await submit(who, data);
      expect(res.status).toBe(201);
      proposals[who] = res.body.childProcessId;
    }
  });

  it('recusal: the applicant\'s own coordinator gets 403 saying why and the task stays open for another; partners read only their own proposals', async () => {
    const sr = await openTask('lead.wash', proposals['partner.ingo'], 'strategic-review');
    const recused = await decide('lead.wash.ingo', sr, 'score', { scores: [{ criterion: 'Relevance', score: 10 }, { criterion: 'Cost', score: 10 }] });
    expect(recused.status).toBe(403);
    expect(recused.body.message).toBe('recusal: this case concerns your own organisation; another reviewer in scope must decide it');
    expect((await http().get(`/api/tasks/${enc(sr)}`).set(H.ocha)).body.status).toBe('open');
    for (const who of ['partner.lngo', 'partner.ingo', 'partner.nngo']) {
      const t = await openTask('lead.wash', proposals[who], 'strategic-review');
      const res = await decide('lead.wash', t, 'score', { scores: [{ criterion: 'Relevance', score: 7 }, { criterion: 'Cost', score: 5.5 }] });
      expect(res.status).toBe(200);
    }
    expect((await http().get(`/api/processes/${enc(proposals['partner.ingo'])}`).set(H['partner.lngo'])).status).toBe(403);
    expect((await http().get(`/api/processes/${enc(proposals['partner.lngo'])}`).set(H['partner.lngo'])).status).toBe(200);
    const mine = await http().get(`/api/pooled-funds/allocations/${enc(allocationId)}`).set(H['partner.lngo']);
    expect(mine.status).toBe(200);
    expect(mine.body.proposalList.map((p: { id: string }) => p.id)).toEqual([proposals['partner.lngo']]);
    expect(mine.body.proposalList[0]).toMatchObject({ score: '65.50', requestedUsd: '0.10', approvedUsd: null, currentSteps: ['hfu-sr-decision'] });
    expect((await http().get(`/api/pooled-funds/allocations/${enc(allocationId)}/decisions.csv`).set(H['partner.lngo'])).status).toBe(403);
  });

  it('money is exact: 0.10 + 0.10 + 0.10 fills the 0.30 envelope; one cent over the sector split or the envelope is a 409 naming what remains', async () => {
    const hfu = async (who: string) => openTask('ocha', proposals[who], 'hfu-sr-decision');
    expect((await decide('ocha', await hfu('partner.lngo'), 'recommend', { recommendedUsd: '0.1' })).status).toBe(200);
    const split = await decide('ocha', await hfu('partner.ingo'), 'recommend', { recommendedUsd: '0.11' });
    expect(split.status).toBe(409);
    expect(split.body.message).toBe('the recommended 0.11 USD exceeds the remaining wash split of 0.10 USD (split 0.20 USD, sum of approved wash proposals 0.10 USD)');
    expect((await decide('ocha', await hfu('partner.ingo'), 'recommend', { recommendedUsd: '0.10' })).status).toBe(200);
    const envelope = await decide('ocha', await hfu('partner.nngo'), 'recommend', { recommendedUsd: '0.11' });
    expect(envelope.status).toBe(409);
    expect(envelope.body.message).toBe('the recommended 0.11 USD for protection exceeds the remaining envelope of 0.10 USD (envelope 0.30 USD, sum of approved proposals 0.20 USD)');
    // The refused recommendation left nothing behind: the task is still open.
    expect((await http().get(`/api/tasks/${enc(await hfu('partner.nngo'))}`).set(H.ocha)).body.status).toBe('open');
    expect((await decide('ocha', await hfu('partner.nngo'), 'recommend', { recommendedUsd: '0.10' })).status).toBe(200);

    const live = await http().get(`/api/pooled-funds/allocations/${enc(allocationId)}`).set(H.hc);
    expect(live.status).toBe(200);
    expect(live.body).toMatchObject({
      envelopeUsd: '0.30', approvedUsd: '0.30', remainingUsd: '0.00',
      bySector: { wash: { splitUsd: '0.20', approvedUsd: '0.20' }, protection: { splitUsd: '0.10', approvedUsd: '0.10' } },
      localisation: { approvedUsd: '0.30', localUsd: '0.20', sharePct: '66.66', targetPct: 40, belowTarget: false, protection: { sharePct: '100.00', targetPct: 25, belowTarget: false } },
    });
    expect((await http().get(`/api/pooled-funds/allocations/${enc(allocationId)}`).set(H['hc.other'])).status).toBe(403);
  });

  it('the HC endorses the three proposals in one action: each its own decision in its own trail; bad task ids are a 400 naming them', async () => {
    const tasks = await Promise.all(['partner.lngo', 'partner.ingo', 'partner.nngo'].map((w) => openTask('hc', proposals[w], 'proposal-hc-endorsement')));
    // Every HC task of the allocation's proposals shows the allocation's live localisation share.
    const one = await http().get(`/api/tasks/${enc(tasks[1])}`).set(H.hc);
    expect(one.body.context.localisation).toMatchObject({ allocationId, approvedUsd: '0.30', localUsd: '0.20', sharePct: '66.66', targetPct: 40, belowTarget: false });
    const inbox = await http().get('/api/tasks').query({ filter: JSON.stringify({ stepId: 'proposal-hc-endorsement' }) }).set(H.hc);
    expect(inbox.body.filter((t: { processId: string }) => Object.values(proposals).includes(t.processId)).map((t: { context: { localisation: { sharePct: string } } }) => t.context.localisation.sharePct)).toEqual(['66.66', '66.66', '66.66']);
    const bad = await http().post(`/api/pooled-funds/allocations/${enc(allocationId)}/bulk-endorse`).set(H.hc).send({ taskIds: [tasks[0], `${allocationId}~strategy-approval~1`] });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['taskIds[1] must be a proposal-hc-endorsement task of a grant proposal']);
    expect((await http().post(`/api/pooled-funds/allocations/${enc(allocationId)}/bulk-endorse`).set(H.hc).send({ taskIds: [] })).status).toBe(400);
    expect((await http().post(`/api/pooled-funds/allocations/${enc(allocationId)}/bulk-endorse`).set(H['hc.other']).send({ taskIds: tasks })).status).toBe(403);

    const res = await http().post(`/api/pooled-funds/allocations/${enc(allocationId)}/bulk-endorse`).set(H.hc).set('Idempotency-Key', `bulk-${uniqueSuffix()}`).send({ taskIds: tasks, comment: 'Endorsed at the HCT meeting' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ endorsed: 3, results: tasks.map((taskId) => ({ taskId, status: 200, message: null })), localisation: { sharePct: '66.66' } });
    for (const [i, w] of ['partner.lngo', 'partner.ingo', 'partner.nngo'].entries()) {
      const history = await http().get(`/api/processes/${enc(proposals[w])}/history`).set(H.admin);
      const decision = (history.body as { type: string; stepId: string; decision: string; taskId: string; comment: string }[]).find((e) => e.type === 'decision' && e.stepId === 'proposal-hc-endorsement');
      expect(decision).toMatchObject({ decision: 'endorse', taskId: tasks[i], comment: 'Endorsed at the HCT meeting' });
      await openTask('lead.wash', proposals[w], 'technical-review');
    }
    // Endorsing again: each task is no longer open (409 per task), nothing else happens.
    const again = await http().post(`/api/pooled-funds/allocations/${enc(allocationId)}/bulk-endorse`).set(H.hc).send({ taskIds: [tasks[0]] });
    expect(again.status).toBe(200);
    expect(again.body.endorsed).toBe(0);

    const csv = await http().get(`/api/pooled-funds/allocations/${enc(allocationId)}/decisions.csv`).set(H.ocha);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('processId,processType,title,seq,at,stepId,decision,actor,comment,data');
    expect(lines.filter((l) => l.includes(',proposal-hc-endorsement,endorse,'))).toHaveLength(3);
    expect(lines.filter((l) => l.includes(',ab-endorsement,endorse,'))).toHaveLength(2);
  });

  it('the signature chain: the HC signs, only an authorised signatory of the applicant countersigns (409 otherwise, 403 for another organisation), the fund signatory signs', async () => {
    const g = proposals['partner.lngo'];
    expect((await decide('lead.wash', await openTask('lead.wash', g, 'technical-review'), 'clear')).status).toBe(200);
    expect((await decide('ocha', await openTask('ocha', g, 'budget-clearance'), 'clear')).status).toBe(200);
    const timelines = await openTask('ocha', g, 'project-timelines');
    const tooMany = await decide('ocha', timelines, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: [{ amountUsd: '0.05', date: '2027-02-01' }, { amountUsd: '0.03', date: '2027-03-01' }, { amountUsd: '0.02', date: '2027-04-01' }] });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toEqual(['tranches must number 1–2 for a low risk partner (3 given)']);
    expect((await decide('ocha', timelines, 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches: [{ amountUsd: '0.1', date: '2027-02-01' }] })).status).toBe(200);
    expect((await decide('hc', await openTask('hc', g, 'grant-signature'), 'approve-and-sign')).status).toBe(200);
    const countersign = await openTask('partner.lngo', g, 'partner-countersignature');
    const staff = await decide('partner.lngo', countersign, 'countersign');
    expect(staff.status).toBe(409);
    expect(staff.body.message).toBe('only an authorised signatory of the applicant organisation may countersign the grant agreement');
    expect((await decide('partner.ingo', countersign, 'countersign')).status).toBe(403);
    expect((await decide('partner.lngo.director', countersign, 'countersign')).status).toBe(200);
    expect((await decide('eo', await openTask('eo', g, 'eo-signature'), 'sign')).status).toBe(200);
    const detail = await http().get(`/api/processes/${enc(g)}`).set(H['partner.lngo']);
    expect(detail.body.currentSteps).toEqual(['disbursement']);
    expect(detail.body.data.grant).toMatchObject({ inForce: true, reportDueDate: '2027-09-30', tranchesLeft: 1 });
  });
});
