// A CBPF standard allocation walked in headless Chromium by the roles PROCESSES.md §4 names: the HFU sets the
// strategy, the Advisory Board endorses and the HC approves on their task pages, a partner submits a proposal on
// the allocation's case page, the coordinators score and the HFU recommends, the HC endorses both proposals in
// one action on the allocation's page, then the signature chain (the HC, the partner's authorised signatory, the
// fund signatory) on their task pages. The allocation's page is checked along the way: the envelope per sector,
// the localisation gauges, each proposal with its status and the step it waits on. A fresh operation with its own
// users and eligible organisations (setup over the API); screenshots in test/e2e/artifacts/pooled-*.png.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createCluster, openDataSource, uniqueSuffix } from '../factories';
import { launchBrowser, screenshot } from './support/browser';
import { DEMO_PASSWORD, startProduct, type RunningProduct } from './support/product';
import { apiSession, eventually, openUserPage, type ApiCall, type UserPage } from './support/session';

jest.setTimeout(180_000);

const suffix = uniqueSuffix();
const OPERATION = `E2E Pooled ${suffix}`;
const PASSWORD = 'pooled-walk-pass-1';
const enc = encodeURIComponent;
const SCORECARD = [
  { criterion: 'Relevance', weight: 60 },
  { criterion: 'Localisation', weight: 40 },
];

let product: RunningProduct;
let browser: Browser;
let ds: DataSource;
const contexts: BrowserContext[] = [];
const users: Record<string, string> = {};
const orgs: Record<string, string> = {};
let operationId = '';
/** Set by the walk: the allocation and the national NGO's proposal (read again by the screens' checks). */
const walked = { allocationId: '', proposalId: '' };

/** The API over HTTP as one user (the steps the walk does not click through, and reads); one sign-in per user. */
const apiAs = (username: string, password = PASSWORD): Promise<ApiCall> => apiSession(product.baseUrl, username, password);

const userPage = (role: string): Promise<UserPage> => openUserPage(browser, product.baseUrl, { username: users[role], password: PASSWORD }, contexts);

/** The open task of a step in a case, as the user's task list shows it. */
async function openTaskOf(role: string, processId: string, stepId: string): Promise<string> {
  const call = await apiAs(users[role]);
  const tasks = await eventually(() => call<{ id: string }[]>('GET', `/tasks?filter=${enc(JSON.stringify({ processId, stepId, status: 'open' }))}`), (t) => t.length > 0, `${role}'s ${stepId} task`);
  return tasks[0].id;
}

async function decideByApi(role: string, processId: string, stepId: string, decision: string, data?: Record<string, unknown>) {
  const call = await apiAs(users[role]);
  await call('POST', `/tasks/${enc(await openTaskOf(role, processId, stepId))}/decision`, { decision, ...(data ? { data } : {}) });
}

/** The user opens their task's page and takes a decision that needs no data. */
async function decideOnPage(u: { page: Page }, role: string, processId: string, stepId: string, decision: string, label: string) {
  const taskId = await openTaskOf(role, processId, stepId);
  await u.page.goto(`${product.baseUrl}/#/tasks/${enc(taskId)}/show`);
  // Generous: a browser suite shares the machine with the worker, the API and Temporal.
  await u.page.getByTestId('decision-form').waitFor({ timeout: 60_000 }).catch(async (err: Error) => {
    await screenshot(u.page, `pooled-no-form-${stepId}`);
    throw new Error(`${role} sees no decision form on ${taskId}: ${(await u.page.locator('main').innerText().catch(() => '')).slice(0, 600)}\n${err.message}`);
  });
  await u.page.getByTestId(`decision-${decision}`).click();
  await u.page.getByText(`Decision recorded: ${label}`).waitFor({ timeout: 60_000 }).catch(async (err: Error) => {
    await screenshot(u.page, `pooled-no-confirmation-${stepId}`);
    throw new Error(`${role}'s ${decision} on ${taskId} was not confirmed: ${(await u.page.locator('main').innerText().catch(() => '')).slice(0, 600)}\n${err.message}`);
  });
}

interface ProposalRow { id: string; title: string; status: string; currentSteps: string[]; approvedUsd: string | null }

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  ds = await openDataSource();
  const admin = await apiAs('admin', DEMO_PASSWORD);
  const op = await admin<{ id: string }>('POST', '/operations', { name: OPERATION, countryIso3: 'SSD', type: 'protracted' });
  operationId = op.id;
  await createCluster(ds, operationId, 'wash', 'active');
  await createCluster(ds, operationId, 'protection', 'active');
  orgs.local = (await admin<{ id: string }>('POST', '/organisations', { name: `Yambio Women Relief ${suffix}`, type: 'lngo', riskLevel: 'low' })).id;
  orgs.intl = (await admin<{ id: string }>('POST', '/organisations', { name: `Global Shelter Aid ${suffix}`, type: 'ingo', riskLevel: 'medium' })).id;
  const make = async (role: string, body: Record<string, unknown>) => {
    const username = `${role}.${suffix}`;
    await admin('POST', '/users', { username, displayName: `${role} ${suffix}`, password: PASSWORD, ...body });
    users[role] = username;
  };
  await make('hfu', { roles: ['ocha'], operationScopes: [operationId] });
  await make('hc', { roles: ['hc'], operationScopes: [operationId] });
  await make('board', { roles: ['advisory_board'], operationScopes: [operationId] });
  await make('lead-wash', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }] });
  await make('lead-protection', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'protection' }] });
  await make('partner-local', { roles: ['partner'], organisationId: orgs.local });
  await make('signatory-local', { roles: ['partner'], organisationId: orgs.local, authorisedSignatory: true });
  await make('partner-intl', { roles: ['partner'], organisationId: orgs.intl });
  await make('fund-signatory', { roles: ['fund_signatory'] });
}, 400_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await ds?.destroy().catch(() => undefined);
  await product?.stop();
});

describe('CBPF allocation in Chromium', () => {
  it('walks HFU → Advisory Board → HC → partner submits → coordinators score → HC bulk-endorses → signatures, the allocation page following each step', async () => {
    const started = Date.now();
    // The HFU starts the allocation and submits the strategy (envelope split per sector, the weighted scorecard).
    const hfuApi = await apiAs(users.hfu);
    const allocation = await hfuApi<{ id: string }>('POST', '/processes', {
      type: 'pooled-fund-allocation',
      input: { fund: 'cbpf', window: 'standard', operationId, title: `Standard allocation ${suffix}`, envelopeUsd: '1000000.00', sectors: ['wash', 'protection'], localisationTargetPct: 40 },
    });
    const id = allocation.id;
    walked.allocationId = id;
    await decideByApi('hfu', id, 'allocation-strategy', 'submit', {
      priorities: 'Cholera response and protection of returnees',
      envelopeSplit: [{ sector: 'wash', amountUsd: '600000.10' }, { sector: 'protection', amountUsd: '399999.90' }],
      scorecard: SCORECARD,
      preStrategicReview: false,
    });

    // The Advisory Board member endorses on the task page (one member: the majority), then the HC approves.
    const board = await userPage('board');
    await decideOnPage(board, 'board', id, 'ab-endorsement', 'endorse', 'Endorse');
    const hc = await userPage('hc');
    await decideOnPage(hc, 'hc', id, 'strategy-approval', 'approve', 'Approve');

    // A partner of an eligible organisation submits a proposal on the allocation's page (the call is open).
    const partner = await userPage('partner-local');
    await partner.page.goto(`${product.baseUrl}/#/processes/${enc(id)}/show`);
    const form = partner.page.getByTestId('submit-proposal');
    await form.waitFor({ timeout: 30_000 });
    await form.getByRole('combobox', { name: /Sector/ }).click();
    await partner.page.getByRole('option', { name: 'Water, sanitation and hygiene', exact: true }).click();
    await form.getByTestId('field-title').fill('Chlorination in Yambio');
    await form.getByTestId('field-requestedUsd').fill('250000.10');
    await screenshot(partner.page, 'pooled-partner-submits');
    await form.getByTestId('submission-send').click();
    const hfuRead = () => hfuApi<{ proposalList: ProposalRow[] }>('GET', `/pooled-funds/allocations/${enc(id)}`);
    const local = (await eventually(hfuRead, (a) => a.proposalList.length === 1, 'the partner\'s proposal')).proposalList[0];
    expect(local).toMatchObject({ title: `Grant proposal — Chlorination in Yambio, ${OPERATION}`, status: 'running' });
    walked.proposalId = local.id;
    // A second one, from an international NGO, over the API.
    const intlApi = await apiAs(users['partner-intl']);
    const intl = (await intlApi<{ childProcessId: string }>('POST', `/processes/${enc(id)}/submissions`, { kind: 'proposal', data: { sector: 'protection', title: 'Legal aid for returnees', requestedUsd: '200000.00' } })).childProcessId;

    // The coordinators score each proposal on the scorecard; the HFU recommends both within the split.
    await decideByApi('lead-wash', local.id, 'strategic-review', 'score', { scores: [{ criterion: 'Relevance', score: 8 }, { criterion: 'Localisation', score: 9.5 }] });
    await decideByApi('lead-protection', intl, 'strategic-review', 'score', { scores: [{ criterion: 'Relevance', score: 7 }, { criterion: 'Localisation', score: 2 }] });
    await decideByApi('hfu', local.id, 'hfu-sr-decision', 'recommend', { recommendedUsd: '250000.10' });
    await decideByApi('hfu', intl, 'hfu-sr-decision', 'recommend', { recommendedUsd: '200000.00' });

    // The HC opens the allocation: envelope per sector, the localisation gauges, both proposals waiting for them.
    await hc.page.goto(`${product.baseUrl}/#/pooled-funds/${enc(id)}`);
    const rows = hc.page.getByTestId('proposal-row');
    await hc.page.locator('[data-testid="proposal-row"][data-steps="proposal-hc-endorsement"]').nth(1).waitFor({ timeout: 20_000 });
    await expect(hc.page.getByTestId('sector-wash').getAttribute('data-split')).resolves.toBe('600000.10');
    await expect(hc.page.getByTestId('sector-wash').getAttribute('data-approved')).resolves.toBe('250000.10');
    await expect(hc.page.getByTestId('sector-protection').getAttribute('data-approved')).resolves.toBe('200000.00');
    // 250000.10 of 450000.10 granted directly to a national NGO: 55.55 % against the 40 % target; Protection 0 % of the GPC's 25 %.
    await expect(hc.page.getByTestId('localisation-gauge').getAttribute('data-share')).resolves.toBe('55.55');
    await expect(hc.page.getByTestId('localisation-gauge').getAttribute('data-below')).resolves.toBe('false');
    await expect(hc.page.getByTestId('localisation-gauge-protection').getAttribute('data-below')).resolves.toBe('true');
    await screenshot(hc.page, 'pooled-allocation-before-endorsement');

    // Bulk endorsement: both proposals in one action, each its own decision in its own case.
    await hc.page.getByRole('checkbox', { name: /Chlorination in Yambio/ }).check();
    await hc.page.getByRole('checkbox', { name: /Legal aid for returnees/ }).check();
    await hc.page.getByTestId('bulk-endorse').click();
    await hc.page.getByText('2 / 2').waitFor({ timeout: 30_000 });
    await hc.page.locator('[data-testid="proposal-row"][data-steps="technical-review"]').nth(1).waitFor();
    await expect(rows.count()).resolves.toBe(2);
    await screenshot(hc.page, 'pooled-allocation-after-bulk-endorsement');
    for (const pid of [local.id, intl]) {
      const trail = await hfuApi<{ type: string; stepId: string | null; decision: string | null; actor: { username?: string } }[]>('GET', `/processes/${enc(pid)}/history`);
      expect(trail.filter((e) => e.type === 'decision' && e.stepId === 'proposal-hc-endorsement').map((e) => [e.decision, e.actor.username])).toEqual([['endorse', users.hc]]);
    }

    // Technical review, budget clearance and timelines (over the API), then the signature chain on the task pages.
    // Tranches by risk level: one for the low-risk national NGO, two for the medium-risk INGO.
    const plans = [
      { pid: local.id, lead: 'lead-wash', tranches: [{ amountUsd: '250000.10', date: '2027-02-01' }] },
      { pid: intl, lead: 'lead-protection', tranches: [{ amountUsd: '100000.00', date: '2027-02-01' }, { amountUsd: '100000.00', date: '2027-05-01' }] },
    ];
    for (const { pid, lead, tranches } of plans) {
      await decideByApi(lead, pid, 'technical-review', 'clear');
      await decideByApi('hfu', pid, 'budget-clearance', 'clear');
      await decideByApi('hfu', pid, 'project-timelines', 'set', { startDate: '2027-02-01', endDate: '2027-07-31', tranches });
    }
    await decideOnPage(hc, 'hc', local.id, 'grant-signature', 'approve-and-sign', 'Approve and sign');
    const signatory = await userPage('signatory-local');
    await decideOnPage(signatory, 'signatory-local', local.id, 'partner-countersignature', 'countersign', 'Countersign');
    const fund = await userPage('fund-signatory');
    await decideOnPage(fund, 'fund-signatory', local.id, 'eo-signature', 'sign', 'Sign');
    await screenshot(fund.page, 'pooled-eo-signed');

    // The allocation's page: the signed grant waits on its disbursement, the other on its HC signature.
    const hfu = await userPage('hfu');
    await hfu.page.goto(`${product.baseUrl}/#/pooled-funds/${enc(id)}`);
    await hfu.page.locator('[data-testid="proposal-row"][data-steps="disbursement"]').waitFor({ timeout: 20_000 });
    const steps = await hfu.page.getByTestId('proposal-row').evaluateAll((els) => els.map((e) => [e.getAttribute('data-status'), e.getAttribute('data-steps'), e.querySelector('td:last-child')?.textContent]));
    expect(steps).toEqual([
      ['running', 'disbursement', 'Disbursement'],
      ['running', 'grant-signature', 'Grant agreement signature (HC)'],
    ]);
    await expect(hfu.page.getByTestId('allocation-envelope').textContent()).resolves.toContain('1,000,000.00');
    await screenshot(hfu.page, 'pooled-allocation-signed');
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write(`e2e: pooled-fund walk in ${seconds.toFixed(1)} s\n`);
    for (const u of [board, hc, partner, signatory, fund, hfu]) expect(u.errors.filter((e) => !/40[0-9]|Bad Request/.test(e))).toEqual([]);
  });

  it('shows the cases in plain words: key facts by their field spec, linked cases by title, the process list overdue first (English, French)', async () => {
    expect(walked.proposalId).not.toBe('');
    const started = Date.now();
    const hfu = await userPage('hfu');
    const { page } = hfu;
    const noRawIds = async () => {
      const text = await page.locator('main').innerText();
      expect(text).not.toMatch(/(pooled-fund-allocation|grant-proposal):/);
      expect(text).not.toMatch(/\{"|":"|\[\{/);
    };
    // The proposal: money exact and formatted, the allocation as a link named by its title, the scorecard as a table.
    await page.goto(`${product.baseUrl}/#/processes/${enc(walked.proposalId)}/show`);
    const facts = page.getByTestId('facts').first();
    await facts.getByTestId('case-link').filter({ hasText: `Standard allocation ${suffix}` }).waitFor({ timeout: 20_000 });
    await expect(facts.innerText()).resolves.toContain('US$250,000.10');
    await expect(facts.getByTestId('fact-list-scorecard').locator('tbody tr').allInnerTexts()).resolves.toEqual([expect.stringMatching(/Relevance\s+60/), expect.stringMatching(/Localisation\s+40/)]);
    await noRawIds();
    await screenshot(page, 'pooled-proposal-facts');
    // Its parent by title; following it opens the allocation with its diagram (the previous case's layout is not reused).
    await page.getByTestId('linked-cases').getByTestId('case-link').click();
    await page.locator('[data-testid="process-diagram"][data-layout="elk"]').waitFor({ timeout: 30_000 });
    // Wider than the page at a readable zoom: the canvas scrolls sideways and no step lies beyond its edges.
    const canvas = await page.getByTestId('process-diagram').evaluate((el) => {
      const box = el.getBoundingClientRect();
      const nodes = Array.from(el.querySelectorAll('.react-flow__node')).map((n) => n.getBoundingClientRect());
      return { nodes: nodes.length, cut: nodes.filter((r) => r.left < box.left - 1 || r.right > box.left + el.scrollWidth + 1).length };
    });
    expect(canvas.nodes).toBeGreaterThan(10);
    expect(canvas.cut).toBe(0);
    for (const title of ['Chlorination in Yambio', 'Legal aid for returnees']) await page.getByTestId('linked-case').filter({ hasText: title }).waitFor({ timeout: 20_000 });
    await page.getByTestId('submission').first().waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('submission').first().innerText()).resolves.toMatch(/^Proposal ·/);
    await noRawIds();
    // In French: option labels, sector names joined the French way, money in French, the submission kind translated.
    await page.getByRole('button', { name: /English/i }).first().click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'fr');
    const frFacts = await page.getByTestId('facts').first().innerText();
    expect(frFacts).toContain('Fonds commun de pays (CBPF)');
    expect(frFacts).toContain('Eau, assainissement et hygiène et Protection');
    expect(frFacts).toMatch(/1\s000\s000\s\$US/);
    await expect(page.getByTestId('submission').first().innerText()).resolves.toMatch(/^Proposition ·/);
    await noRawIds();
    await screenshot(page, 'pooled-allocation-facts-fr');
    // The process list: next due per case and "overdue first" (the API sorts by overdue count, then the next due time).
    await page.goto(`${product.baseUrl}/#/processes?filter=${enc(JSON.stringify({ operationId }))}`);
    await page.getByTestId('process-due').first().waitFor({ timeout: 20_000 });
    await page.getByTestId('overdue-first').click();
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('overdueCount'));
    await page.locator('[data-testid="overdue-first"][aria-pressed="true"]').waitFor({ timeout: 20_000 });
    await expect(page.getByTestId('overdue-first').getAttribute('aria-pressed')).resolves.toBe('true');
    await screenshot(page, 'processes-overdue-first-fr');
    process.stdout.write(`e2e: plain-words checks in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    expect(hfu.errors).toEqual([]);
  });
});
