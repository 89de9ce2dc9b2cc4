// The demo pooled-fund allocation, created by createDemoPooledFunds over real HTTP against the API with a real
// worker: a dozen proposals from local, national and international NGOs, the recusal enforced, five recommended
// within the envelope; a second call does nothing.
import request from 'supertest';
import { createDemoPooledFunds } from '../../apps/api/src/modules/seed/demo-pooled-funds';
import { DEMO_OPERATION } from '../../apps/api/src/modules/seed/demo-data';
import { startDemoProduct, type DemoProduct } from '../utils/demo-product';
import { as, DEMO_PASSWORD } from '../utils/http';

jest.setTimeout(180_000);

describe('demo pooled funds', () => {
  let demo: DemoProduct;

  beforeAll(async () => {
    demo = await startDemoProduct('pooled-demo');
  }, 120_000);

  afterAll(async () => {
    await demo?.stop();
  });

  it('creates one CBPF standard allocation with twelve proposals through the real workflows, once', async () => {
    const { app, baseUrl } = demo;
    const lines: string[] = [];
    const created = await createDemoPooledFunds({ baseUrl, password: DEMO_PASSWORD, operationName: DEMO_OPERATION.name, log: (l) => lines.push(l) });
    expect(created).toBe(13);
    expect(lines).toContain('demo pooled funds: colead.protection (NRC) recused from the NRC proposal');
    const hc = (await as(app, 'hc')).headers;
    const list = await request(app.getHttpServer()).get('/api/processes').query({ filter: JSON.stringify({ type: 'pooled-fund-allocation' }) }).set(hc);
    const allocation = (list.body as { id: string; title: string }[]).find((p) => p.title.includes('First standard allocation 2026'))!;
    const summary = await request(app.getHttpServer()).get(`/api/pooled-funds/allocations/${encodeURIComponent(allocation.id)}`).set(hc);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({ envelopeUsd: '2500000.00', approvedUsd: '1130000.50', remainingUsd: '1369999.50', proposals: { total: 12, approved: 5 } });
    expect(new Set(summary.body.proposalList.map((p: { organisationType: string }) => p.organisationType))).toEqual(new Set(['lngo', 'nngo', 'ingo']));
    expect(summary.body.proposalList.filter((p: { currentSteps: string[] }) => p.currentSteps.includes('proposal-hc-endorsement'))).toHaveLength(5);
    // (240000 + 180000 + 200000.50 + 160000) to national and local NGOs of 1130000.50 approved.
    expect(summary.body.localisation).toMatchObject({ localUsd: '780000.50', sharePct: '69.02', targetPct: 35, belowTarget: false });
    expect(await createDemoPooledFunds({ baseUrl, password: DEMO_PASSWORD, operationName: DEMO_OPERATION.name })).toBe(0);
  });
});
