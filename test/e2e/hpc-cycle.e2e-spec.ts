// The HPC cycle walked in headless Chromium by the people who run it: OCHA triggers the needs analysis from the
// cycle's page (phase bar, clusters × tasks matrix), the Health and WASH leads each submit their needs table on
// their task's form, OCHA reads the JIAF consolidation (the intersectoral figure per area and group is the largest
// sectoral one, with the cluster that drives it) and completes it, triggers the HNO, and the HC endorses it.
// The cycle itself starts over the API (setup): a fresh HNO + HRP operation with two active clusters, its kickoff
// agreed with unit-based costing. Screenshots go to test/e2e/artifacts/hpc-*.png.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { createCluster, openDataSource, uniqueSuffix } from '../factories';
import { launchBrowser, screenshot } from './support/browser';
import { DEMO_PASSWORD, startProduct, type RunningProduct } from './support/product';
import { apiSession, eventually, openUserPage, type ApiCall, type UserPage } from './support/session';

jest.setTimeout(180_000);

const suffix = uniqueSuffix();
const OPERATION = `E2E HPC ${suffix}`;
const PASSWORD = 'hpc-walk-pass-1';
const enc = encodeURIComponent;

let product: RunningProduct;
let browser: Browser;
let ds: DataSource;
const contexts: BrowserContext[] = [];
const users: Record<string, string> = {};
let operationId = '';
let cycleId = '';

/** The API over HTTP as one user (the steps the walk does not click through, and reads); one sign-in per user. */
const apiAs = (username: string, password = PASSWORD): Promise<ApiCall> => apiSession(product.baseUrl, username, password);

const userPage = (role: string): Promise<UserPage> => openUserPage(browser, product.baseUrl, { username: users[role], password: PASSWORD }, contexts);

/** The open task of a step in the cycle, as the user's inbox lists it (optionally of one sector). */
async function openTaskOf(role: string, stepId: string, sector?: string): Promise<string> {
  const call = await apiAs(users[role]);
  const tasks = await eventually(
    () => call<{ id: string; sector: string | null }[]>('GET', `/tasks?filter=${enc(JSON.stringify({ processId: cycleId, stepId, status: 'open' }))}`),
    (t) => t.some((x) => !sector || x.sector === sector),
    `${role}'s ${stepId} task`,
  );
  return tasks.find((x) => !sector || x.sector === sector)!.id;
}

const cycleUrl = () => `${product.baseUrl}/#/hpc/${enc(cycleId)}`;

/** A lead fills the needs table on the task's form and submits it. */
async function submitNeeds(role: string, sector: string, rows: { adminArea: string; populationGroup: string; peopleInNeed: number; severity: number }[]) {
  const { page, errors } = await userPage(role);
  const taskId = await openTaskOf(role, 'cluster-needs', sector);
  await page.goto(`${product.baseUrl}/#/tasks/${enc(taskId)}/show`);
  const form = page.getByTestId('decision-form');
  await form.waitFor();
  for (const [i, row] of rows.entries()) {
    await form.getByTestId('add-rows').click();
    await form.getByTestId(`field-rows.${i}.adminArea`).fill(row.adminArea);
    await form.getByTestId(`field-rows.${i}.populationGroup`).fill(row.populationGroup);
    await form.getByTestId(`field-rows.${i}.peopleInNeed`).fill(String(row.peopleInNeed));
    await form.getByTestId(`field-rows.${i}.severity`).fill(String(row.severity));
  }
  await expect(form.getByTestId('row-rows').count()).resolves.toBe(rows.length);
  await screenshot(page, `hpc-needs-form-${sector}`);
  await page.getByTestId('decision-submit').click();
  await page.waitForURL(/#\/tasks(\?.*)?$/);
  expect(errors).toEqual([]);
}

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
  ds = await openDataSource();
  const admin = await apiAs('admin', DEMO_PASSWORD);
  const op = await admin<{ id: string }>('POST', '/operations', { name: OPERATION, countryIso3: 'SSD', type: 'protracted' });
  operationId = op.id;
  await admin('PATCH', `/operations/${operationId}/settings`, { planningFormat: 'hno-hrp' });
  // Active clusters are the end of an activation (walked by the console suite); here they are reference rows.
  await createCluster(ds, operationId, 'health', 'active');
  await createCluster(ds, operationId, 'wash', 'active');
  const make = async (role: string, body: Record<string, unknown>) => {
    const username = `${role}.${suffix}`;
    await admin('POST', '/users', { username, displayName: `${role} ${suffix}`, password: PASSWORD, ...body });
    users[role] = username;
  };
  await make('ocha', { roles: ['ocha'], operationScopes: [operationId] });
  await make('hc', { roles: ['hc'], operationScopes: [operationId] });
  await make('lead-health', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'health' }] });
  await make('lead-wash', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }] });
  // The cycle up to its agreed kickoff, over the API: the walk starts at the needs analysis.
  const ocha = await apiAs(users.ocha);
  const hc = await apiAs(users.hc);
  const started = await ocha<{ id: string }>('POST', '/processes', { type: 'hpc-cycle', input: { operationId, year: new Date().getUTCFullYear(), variant: 'annual' } });
  cycleId = started.id;
  await eventually(() => ocha<{ triggerTaskId: string | null }>('GET', `/hpc/cycles/${enc(cycleId)}`), (s) => !!s.triggerTaskId, 'kickoff trigger');
  await ocha('POST', `/hpc/cycles/${enc(cycleId)}/trigger`, { phase: 'kickoff' });
  const scope = await openTaskOf('hc', 'scope-agreement');
  await hc('POST', `/tasks/${enc(scope)}/decision`, { decision: 'approve', data: { costingMethod: 'unit-based' } });
  await eventually(() => ocha<{ expected: string | null; triggerTaskId: string | null }>('GET', `/hpc/cycles/${enc(cycleId)}`), (s) => s.expected === 'needs-analysis' && !!s.triggerTaskId, 'needs-analysis trigger');
}, 400_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await ds?.destroy().catch(() => undefined);
  await product?.stop();
});

describe('HPC cycle in Chromium', () => {
  let ocha: { page: Page; errors: string[] };

  it('lets OCHA trigger the needs analysis from the cycle page: the phase bar moves on and each cluster gets its cell', async () => {
    ocha = await userPage('ocha');
    const { page } = ocha;
    // From the menu to the operation's cycle.
    await page.getByTestId('menu-hpc').click();
    await page.getByRole('link', { name: new RegExp(OPERATION) }).click();
    await page.waitForURL(/#\/hpc\/hpc-cycle/);
    await expect(page.getByTestId('phase-kickoff').getAttribute('data-status')).resolves.toBe('done');
    await expect(page.getByTestId('phase-needs-analysis').getAttribute('data-status')).resolves.toBe('next');
    // HNO + HRP operation: the HNO phase is on the bar; unit-based costing: no project vetting.
    await expect(page.getByTestId('phase-hno').count()).resolves.toBe(1);
    await expect(page.getByTestId('phase-project-vetting').count()).resolves.toBe(0);
    const deadline = new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('trigger-deadline').fill(deadline);
    await screenshot(page, 'hpc-trigger');
    await page.getByTestId('trigger-phase').click();

    await page.locator('[data-testid="phase-needs-analysis"][data-status="current"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('current-phase').textContent()).resolves.toContain(deadline);
    for (const sector of ['health', 'wash']) {
      await page.locator(`[data-testid="cell-${sector}-cluster-needs"][data-status="open"]`).waitFor();
    }
    await expect(page.locator('[data-testid="matrix"] tbody tr').count()).resolves.toBe(2);
    await expect(page.getByTestId('trigger-phase').count()).resolves.toBe(0);
    await screenshot(page, 'hpc-needs-matrix');

    // The dashboard counts the open HPC tasks of the operation by phase (both clusters' needs).
    await page.goto(`${product.baseUrl}/#/dashboard`);
    const row = page.getByTestId('dashboard-hpc-row').filter({ hasText: OPERATION });
    await row.waitFor();
    await expect(row.textContent()).resolves.toMatch(/Needs analysis\s*20$/);
  });

  it('lets the Health and WASH leads each submit their needs table (at the same time, each on their own machine)', async () => {
    await Promise.all([
      submitNeeds('lead-health', 'health', [
        { adminArea: 'Upper Nile', populationGroup: 'IDPs', peopleInNeed: 182_000, severity: 4 },
        { adminArea: 'Jonglei', populationGroup: 'Host community', peopleInNeed: 95_000, severity: 3 },
      ]),
      submitNeeds('lead-wash', 'wash', [
        { adminArea: 'Upper Nile', populationGroup: 'IDPs', peopleInNeed: 240_000, severity: 5 },
        { adminArea: 'Unity', populationGroup: 'Returnees', peopleInNeed: 41_000, severity: 3 },
      ]),
    ]);
  });

  it('shows OCHA the submitted cells and the JIAF figures, then OCHA completes the consolidation and triggers the HNO', async () => {
    const { page, errors } = ocha;
    await page.goto(cycleUrl());
    for (const sector of ['health', 'wash']) {
      await page.locator(`[data-testid="cell-${sector}-cluster-needs"][data-status="decided"]`).waitFor({ timeout: 15_000 });
    }
    await expect(page.getByTestId('cell-health-cluster-needs').textContent()).resolves.toContain(`lead-health ${suffix}`);
    // Per (area, group) the largest sectoral figure and the cluster that drives it; the total is their sum.
    const jiaf = page.getByTestId('jiaf');
    await jiaf.waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('jiaf-total').textContent()).resolves.toBe('376,000');
    const rows = await page.getByTestId('jiaf-row').allInnerTexts();
    expect(rows.map((r) => r.split('\t').map((c) => c.trim()))).toEqual([
      ['Jonglei', 'Host community', '95,000', '3', 'Health'],
      ['Unity', 'Returnees', '41,000', '3', 'Water, sanitation and hygiene'],
      ['Upper Nile', 'IDPs', '240,000', '5', 'Water, sanitation and hygiene'],
    ]);
    await expect(page.getByTestId('needs-row').count()).resolves.toBe(4);
    await screenshot(page, 'hpc-jiaf');

    // The consolidation task, opened from the matrix, completed on its form.
    await page.locator('[data-testid="task-jiaf-consolidation"][data-status="open"]').click();
    await page.getByTestId('decision-form').waitFor();
    await page.getByTestId('decision-complete').click();
    await page.waitForURL(/#\/tasks(\?.*)?$/);
    await page.goto(cycleUrl());
    await page.locator('[data-testid="phase-needs-analysis"][data-status="done"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="phase-hno"][data-status="next"]').waitFor();
    await page.getByTestId('trigger-phase').click();
    await page.locator('[data-testid="phase-hno"][data-status="current"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="task-hno-endorsement"][data-status="open"]').waitFor();
    expect(errors).toEqual([]);
  });

  it('lets the HC endorse the HNO: the phase bar shows it done and response planning next', async () => {
    const { page, errors } = await userPage('hc');
    const taskId = await openTaskOf('hc', 'hno-endorsement');
    await page.goto(`${product.baseUrl}/#/tasks/${enc(taskId)}/show`);
    await page.getByTestId('decision-form').waitFor();
    await page.getByTestId('decision-endorse').click();
    await page.waitForURL(/#\/tasks(\?.*)?$/);
    await page.goto(cycleUrl());
    await page.locator('[data-testid="phase-hno"][data-status="done"]').waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('phase-response-planning').getAttribute('data-status')).resolves.toBe('next');
    // The HC does not trigger phases: no trigger form on their page.
    await expect(page.getByTestId('trigger-phase').count()).resolves.toBe(0);
    await screenshot(page, 'hpc-hno-endorsed');
    const history = await (await apiAs(users.ocha))<{ history: { phase: string }[] }>('GET', `/hpc/cycles/${enc(cycleId)}`);
    expect(history.history.map((h) => h.phase)).toEqual(['kickoff', 'needs-analysis', 'hno']);
    expect(errors).toEqual([]);
  });
});
