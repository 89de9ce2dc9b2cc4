// A CCPM round walked in headless Chromium: a partner of an invited organisation answers the anonymous survey on
// the case page; the coordinator sees the count (never who), closes the survey, and after the validation
// workshop adopts the report on its task page; the report page then shows a chart per core function and the
// functions' scores. The round is the real workflow on this run's Temporal server, started over the API; only its
// set-up (a fresh operation with an active Health cluster, its users) is done outside the browser.
import type { Browser, BrowserContext } from 'playwright-core';
import { CCPM_FUNCTIONS, CCPM_SUB_CATEGORIES } from '../../workflows/processes/ccpm-round';
import { createCluster, createOperation, createOrganisation, openDataSource, uniqueSuffix } from '../factories';
import { launchBrowser, screenshot } from './support/browser';
import { DEMO_PASSWORD, startProduct, type RunningProduct } from './support/product';
import { eventually, openUserPage, type UserPage } from './support/session';

jest.setTimeout(180_000);

let product: RunningProduct;
let browser: Browser;
const contexts: BrowserContext[] = [];
const enc = encodeURIComponent;
const q = (o: unknown) => enc(JSON.stringify(o));

async function token(username: string): Promise<string> {
  const res = await fetch(`${product.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: DEMO_PASSWORD }) });
  if (!res.ok) throw new Error(`${username} cannot sign in: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

async function call<T = any>(tok: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${product.baseUrl}/api${path}`, { method, headers: { Authorization: `Bearer ${tok}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** The open task of a step, once the workflow opened it and the read model shows it. */
async function openTask(tok: string, processId: string, stepId: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const tasks = await call<{ id: string; status: string }[]>(tok, 'GET', `/tasks?filter=${q({ processId, stepId })}`);
    const open = tasks.find((t) => t.status === 'open');
    if (open) return open.id;
    if (Date.now() > deadline) throw new Error(`no open ${stepId} task in ${processId}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const userPage = (username: string): Promise<UserPage> => openUserPage(browser, product.baseUrl, { username, password: DEMO_PASSWORD }, contexts);

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
}, 400_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await product?.stop();
});

it('a partner answers the anonymous survey, the coordinator adopts the report, and the report page charts each core function', async () => {
  // Set-up: a fresh operation with an active Health cluster, its HC, coordinator and a partner of an invited organisation.
  const ds = await openDataSource();
  const suffix = uniqueSuffix();
  let operationId: string;
  let clusterId: string;
  let partnerOrg: string;
  try {
    operationId = await createOperation(ds, 'protracted');
    const leadOrg = await createOrganisation(ds, 'un-agency');
    partnerOrg = await createOrganisation(ds, 'nngo');
    clusterId = await createCluster(ds, operationId, 'health', 'active', new Date().toISOString(), { leadAgencyId: leadOrg });
    const admin = await token('admin');
    const user = (username: string, roles: string[], extra: Record<string, unknown>) =>
      call(admin, 'POST', '/users', { username, displayName: username, password: DEMO_PASSWORD, roles, ...extra });
    await user(`e2e.ccpm.hc.${suffix}`, ['hc'], { operationScopes: [operationId] });
    await user(`e2e.ccpm.lead.${suffix}`, ['cluster_lead'], { clusterScopes: [{ operationId, sector: 'health' }], organisationId: leadOrg });
    await user(`e2e.ccpm.partner.${suffix}`, ['partner'], { organisationId: partnerOrg });
  } finally {
    await ds.destroy();
  }
  const started = Date.now();
  const [hc, lead] = [await token(`e2e.ccpm.hc.${suffix}`), await token(`e2e.ccpm.lead.${suffix}`)];
  const year = new Date().getUTCFullYear();
  // Started on demand by the coordinator, launched by the HC, planned with the partner's organisation invited.
  const round = await call<{ id: string }>(lead, 'POST', '/processes', { type: 'ccpm-round', input: { clusterId, year, operationId, sector: 'health' } });
  await call(hc, 'POST', `/tasks/${enc(await openTask(hc, round.id, 'ccpm-launch'))}/decision`, { decision: 'approve', data: { timeframe: 'This month', participation: ['national'] } });
  await call(lead, 'POST', `/tasks/${enc(await openTask(lead, round.id, 'ccpm-planning'))}/decision`, { decision: 'confirm', data: { invitedOrganisations: [{ organisationId: partnerOrg }], surveyWindow: '14 days' } });

  // The partner answers on the case page: the form is generated from the survey's kind, and says it is anonymous.
  const partner = await userPage(`e2e.ccpm.partner.${suffix}`);
  await partner.page.goto(`${product.baseUrl}/#/processes/${enc(round.id)}/show`);
  const form = partner.page.getByTestId('submit-partner-answer');
  await form.waitFor();
  await expect(form.getByText('Your answer is stored without your name').count()).resolves.toBe(1);
  await form.getByRole('combobox').first().click();
  await partner.page.getByRole('option', { name: 'National', exact: true }).click();
  for (const [i, s] of CCPM_SUB_CATEGORIES.entries()) await form.getByTestId(`field-${s.field}`).fill(String([4, 3, 2, 1][i % 4]));
  await form.getByTestId('submission-send').click();
  await partner.page.getByText('Submission received').waitFor();
  await screenshot(partner.page, 'ccpm-partner-answered');

  // The coordinator sees one answer and no one's name, closes the survey (a reason), then the workshop is held.
  const coordinator = await userPage(`e2e.ccpm.lead.${suffix}`);
  await coordinator.page.goto(`${product.baseUrl}/#/processes/${enc(round.id)}/show`);
  await coordinator.page.getByTestId('submissions-count').filter({ hasText: '1' }).waitFor();
  // the count comes with the case, the rows with their own request: read the panel once the row is drawn
  await coordinator.page.getByTestId('submission').first().waitFor();
  const panel = await coordinator.page.getByTestId('submissions-panel').textContent();
  expect(panel).toContain('Anonymous');
  expect(panel).not.toContain(`e2e.ccpm.partner.${suffix}`);
  await coordinator.page.getByTestId('case-action-close-survey').click();
  await coordinator.page.locator('textarea[name="reason"]').fill('Every invited organisation has answered');
  await coordinator.page.getByTestId('case-action-close-survey-confirm').click();
  await coordinator.page.getByText('Close the survey now: done').waitFor();
  const workshop = await openTask(lead, round.id, 'validation-workshop');
  await call(lead, 'POST', `/tasks/${enc(workshop)}/decision`, {
    decision: 'validate',
    data: { attendance: 6, agreedScores: [{ function: 'advocacy', percent: 45 }], actionPlan: [{ function: 'advocacy', action: 'Agree key messages with the HCT', owner: 'Coordinator', dueDate: `${year + 1}-03-31` }] },
  });

  // Adoption on the task page; the case moves on to the quarterly action-plan monitoring.
  const adoption = await openTask(lead, round.id, 'report-adoption');
  await coordinator.page.goto(`${product.baseUrl}/#/tasks/${enc(adoption)}/show`);
  await coordinator.page.getByTestId('decision-adopt').click();
  await coordinator.page.getByTestId('decision-form').waitFor({ state: 'detached' });
  await openTask(lead, round.id, 'action-plan-monitoring');
  const adopted = await call<{ status: string; decision: string | null }[]>(lead, 'GET', `/tasks?filter=${q({ processId: round.id, stepId: 'report-adoption', status: 'decided' })}`);
  expect(adopted.map((t) => [t.status, t.decision])).toEqual([['decided', 'adopt']]);

  // The report: a chart per core function with its sub-categories, the agreed score, the answer count.
  await coordinator.page.goto(`${product.baseUrl}/#/ccpm/${enc(round.id)}`);
  await coordinator.page.getByTestId('ccpm-report').waitFor();
  await expect(coordinator.page.getByTestId('ccpm-responses').textContent()).resolves.toBe('Answers: 1 from partners, 0 from the coordinator');
  // Each read waits until it holds: on a loaded machine the report re-rendered shortly after it loaded, and a count
  // taken at that moment read 0 bars once, and no 1.1 bar another time.
  for (const f of CCPM_FUNCTIONS) {
    const bars = coordinator.page.getByTestId(`ccpm-chart-${f.id}`).getByRole('img');
    await eventually(() => bars.count(), (n) => n === f.subCategories.length, `the ${f.id} chart's ${f.subCategories.length} bars`, 20_000);
  }
  // Sub-category 1.1 was answered 4 of 4: 100 %, its function's row shows the score and its band.
  const subCategory11 = coordinator.page.getByRole('img', { name: /^1\.1 This round \(\d{4}\): 100 %$/ });
  await eventually(() => subCategory11.count(), (n) => n === 1, 'one 1.1 bar at 100 %', 20_000);
  const advocacy = coordinator.page.getByTestId('ccpm-function-advocacy');
  await eventually(() => advocacy.textContent(), (text) => /45 %/.test(text ?? ''), 'advocacy at 45 %', 20_000);
  await eventually(() => coordinator.page.getByText('No earlier round of this cluster to compare with').count(), (n) => n === 1, 'the note that no earlier round exists', 20_000);
  await screenshot(coordinator.page, 'ccpm-report');

  // The coordinator's dashboard lists no duty offender (the cluster has no occurrence yet); the compliance grid of the
  // operation names the cluster's duties under translated headings.
  await coordinator.page.goto(`${product.baseUrl}/#/dashboard`);
  await coordinator.page.getByTestId('dashboard-duty-offenders').getByText('No missed or late duties in the last 12 months').waitFor();
  await coordinator.page.goto(`${product.baseUrl}/#/duties/compliance?operationId=${operationId}`);
  const grid = coordinator.page.getByRole('table', { name: 'Duty compliance' });
  await grid.getByRole('columnheader', { name: 'Cluster lead' }).waitFor();
  await expect(grid.getByRole('row').filter({ hasText: '5W update' }).count()).resolves.toBe(1);
  const elapsed = Date.now() - started;
  console.log(`ccpm walk: ${elapsed} ms`);
  expect([...partner.errors, ...coordinator.errors]).toEqual([]);
});
