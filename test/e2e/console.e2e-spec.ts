// The console in headless Chromium, against the product with demo data: each demo user does their
// part of a cluster activation through the browser only (issue 4, item 7).
import * as fs from 'node:fs';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { launchBrowser, newUserContext, screenshot, signIn, watchErrors } from './support/browser';
import { DEMO_PASSWORD, startProduct, type RunningProduct } from './support/product';

jest.setTimeout(180_000);

const suffix = `${Date.now().toString(36)}`;
const OPERATION = `E2E Flood Response ${suffix}`;

let product: RunningProduct;
let browser: Browser;
const contexts: BrowserContext[] = [];
let processUrl = '';

async function userPage(username: string): Promise<{ page: Page; errors: string[] }> {
  const context = await newUserContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, product.baseUrl, username, DEMO_PASSWORD);
  return { page, errors };
}

/** Opens a MUI select and picks an option by its visible name. */
async function choose(page: Page, combobox: Locator, option: string | RegExp): Promise<void> {
  await combobox.click();
  await page.getByRole('option', { name: option, exact: typeof option === 'string' }).click();
  await page.getByRole('listbox').waitFor({ state: 'detached' });
}

/** The inbox narrowed to the e2e operation (other suites share the database and leave open tasks). */
function inboxUrl(): string {
  const operationId = /cluster-activation%3A([0-9a-f-]{36})%3A/.exec(processUrl)?.[1] ?? /cluster-activation:([0-9a-f-]{36}):/.exec(processUrl)?.[1];
  if (!operationId) throw new Error(`no operation id in ${processUrl}`);
  return `${product.baseUrl}/#/tasks?filter=${encodeURIComponent(JSON.stringify({ operationId }))}`;
}

/** The inbox row of our case for a step, opened; returns once the task page shows. */
async function openInboxTask(page: Page, stepTitle: string): Promise<void> {
  await page.goto(inboxUrl());
  const row = page.locator('tbody tr').filter({ hasText: stepTitle }).filter({ hasText: OPERATION });
  await row.first().waitFor({ timeout: 30_000 });
  return row.first().click();
}

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await product?.stop();
});

describe('console in Chromium', () => {
  it('refuses a wrong password in plain words', async () => {
    const context = await newUserContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${product.baseUrl}/#/login`);
    await page.locator('input[name="username"]').fill('hc');
    await page.locator('input[name="password"]').fill('not-the-password');
    await page.locator('button[type="submit"]').click();
    await page.getByText('Wrong username or password').waitFor();
    expect(page.url()).toContain('#/login');
  });

  it('lets the admin create an operation and give the protection lead its cluster scope', async () => {
    const { page, errors } = await userPage('admin');
    const appBar = (await page.locator('header').first().textContent()) ?? '';
    expect(appBar).toContain('Ingrid Solberg');
    expect(appBar).toContain('Administrator');

    await page.goto(`${product.baseUrl}/#/operations/create`);
    await page.locator('input[name="name"]').fill(OPERATION);
    await page.locator('input[name="countryIso3"]').fill('moz');
    await choose(page, page.getByRole('combobox'), 'Sudden onset');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tbody tr').filter({ hasText: OPERATION }).waitFor();
    await expect(page.locator('tbody tr').filter({ hasText: OPERATION }).textContent()).resolves.toContain('MOZ');

    await page.goto(`${product.baseUrl}/#/users`);
    await page.locator('tbody tr').filter({ hasText: 'lead.protection' }).click();
    await page.locator('input[name="displayName"]').waitFor();
    const lines = page.locator('.RaSimpleFormIterator-line');
    const before = await lines.count();
    await page.locator('.button-add-clusterScopes').click();
    await expect(lines.count()).resolves.toBe(before + 1);
    const line = lines.nth(before);
    await choose(page, line.getByRole('combobox').nth(0), OPERATION);
    await choose(page, line.getByRole('combobox').nth(1), 'Protection');
    await screenshot(page, 'user-edit');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tbody tr').filter({ hasText: 'lead.protection' }).waitFor();
    await expect(page.locator('tbody tr').filter({ hasText: 'lead.protection' }).textContent()).resolves.toContain(OPERATION);
    expect(errors).toEqual([]);
  });

  it('walks a cluster activation: OCHA starts it, the HC endorses, the ERC approves, the protection lead confirms', async () => {
    // OCHA starts the activation from a form generated from the definition's input fields.
    const ocha = await userPage('ocha');
    await ocha.page.goto(`${product.baseUrl}/#/processes/create`);
    await ocha.page.locator('[data-testid="start-form"]').waitFor();
    await choose(ocha.page, ocha.page.getByRole('combobox', { name: /Operation/ }), new RegExp(OPERATION));
    await choose(ocha.page, ocha.page.getByRole('combobox', { name: /Sector/ }), 'Protection');
    await ocha.page.locator('input[name="leadAgency"]').fill('UNHCR');
    await ocha.page.locator('textarea[name="rationale"]').fill('Protection gaps after the floods; national capacity overwhelmed.');
    // Only one IASC criterion: refused with the rule in plain words, before any request.
    await ocha.page.locator('input[name="criteria.responseGaps"]').check();
    await ocha.page.locator('[data-testid="start-submit"]').click();
    await expect(ocha.page.locator('[data-testid="start-error"]').textContent()).resolves.toContain('both IASC criteria');
    await ocha.page.locator('input[name="criteria.nationalCapacityInsufficient"]').check();
    await screenshot(ocha.page, 'start-form');
    await ocha.page.locator('[data-testid="start-submit"]').click();
    await ocha.page.locator('[data-testid="process-title"]').waitFor({ timeout: 30_000 });
    processUrl = ocha.page.url();
    expect(processUrl).toMatch(/#\/processes\/.+\/show/);
    await ocha.page.locator('[data-testid="step-hc-endorsement"][data-state="current"]').waitFor();

    // The HC endorses from the inbox.
    const hc = await userPage('hc');
    expect(hc.page.url()).toContain('#/tasks');
    await hc.page.goto(inboxUrl());
    await hc.page.locator('tbody tr').filter({ hasText: OPERATION }).first().waitFor({ timeout: 30_000 });
    await screenshot(hc.page, 'inbox-hc');
    await openInboxTask(hc.page, 'HC endorsement of the activation proposal');
    await hc.page.locator('[data-testid="decision-form"]').waitFor();
    await expect(hc.page.locator('[data-testid="task-title"]').textContent()).resolves.toBe('HC endorsement of the activation proposal');
    await expect(hc.page.getByText('Protection gaps after the floods').count()).resolves.toBeGreaterThan(0);
    await screenshot(hc.page, 'decision-form-hc');
    await hc.page.locator('[data-testid="field-comment"]').fill('Both criteria are met.');
    await hc.page.locator('[data-testid="decision-endorse"]').click();
    await hc.page.getByText('Decision recorded: Endorse').waitFor({ timeout: 30_000 });
    expect(hc.page.url()).toMatch(/#\/tasks(\?.*)?$/);

    // The ERC approves; a second tab left open on the same task then gets a plain-words 409.
    const erc = await userPage('erc');
    await openInboxTask(erc.page, 'ERC approval');
    await erc.page.locator('[data-testid="decision-form"]').waitFor();
    const staleTab = await erc.page.context().newPage();
    const staleErrors = watchErrors(staleTab);
    await staleTab.goto(erc.page.url());
    await staleTab.locator('[data-testid="decision-form"]').waitFor();
    await erc.page.locator('[data-testid="decision-approve"]').click();
    await erc.page.getByText('Decision recorded: Approve').waitFor({ timeout: 30_000 });
    await staleTab.locator('[data-testid="decision-approve"]').click();
    const conflict = staleTab.locator('[data-testid="decision-error"]');
    await conflict.waitFor({ timeout: 30_000 });
    await expect(conflict.textContent()).resolves.toMatch(/^Already decided: .*no longer open \(decided by Helena Marsh/);
    await screenshot(staleTab, 'decision-conflict');
    expect(staleErrors).toEqual([]);
    await staleTab.close();

    // The protection lead confirms; without the names the form says what is missing.
    const lead = await userPage('lead.protection');
    await openInboxTask(lead.page, 'Cluster lead agency confirmation');
    await lead.page.locator('[data-testid="decision-confirm"]').click();
    await lead.page.locator('[data-testid="decision-error"]').waitFor();
    const coordinator = lead.page.locator('input[name="coordinatorName"]');
    await expect(coordinator.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(lead.page.locator('[data-testid="decision-form"]').getByText('Required').count()).resolves.toBe(2);
    await screenshot(lead.page, 'decision-form-field-errors');
    await coordinator.fill('Achieng Deng');
    await lead.page.locator('input[name="informationManagerName"]').fill('Peter Malual');
    await lead.page.locator('[data-testid="decision-confirm"]').click();
    await lead.page.getByText('Decision recorded: Confirm').waitFor({ timeout: 30_000 });

    // The process page shows the diagram with the next step current and who decided what.
    await lead.page.goto(processUrl);
    await lead.page.locator('[data-testid="step-cluster-setup"][data-state="current"]').waitFor({ timeout: 30_000 });
    for (const done of ['hc-endorsement', 'erc-approval', 'cla-confirmation']) {
      await lead.page.locator(`[data-testid="step-${done}"][data-state="done"]`).waitFor();
    }
    await expect(lead.page.locator('[data-testid="step-lead-reassignment"]').getAttribute('data-state')).resolves.toBe('idle');
    await lead.page.locator('[data-testid="step-hc-endorsement"]').click();
    const details = lead.page.locator('[data-testid="step-details"]');
    await expect(details.textContent()).resolves.toContain('Daniel Okafor');
    await expect(details.textContent()).resolves.toContain('Both criteria are met.');
    await screenshot(lead.page, 'process-diagram');
    for (const p of [ocha, hc, erc, lead]) expect(p.errors).toEqual([]);
  }, 300_000);

  it('lets the auditor read, verify and export the history, with no decision or start buttons', async () => {
    expect(processUrl).not.toBe('');
    const { page, errors } = await userPage('auditor');
    await page.goto(`${product.baseUrl}/#/processes`);
    await page.locator('tbody tr').first().waitFor();
    await expect(page.locator('[data-testid="start-process"]').count()).resolves.toBe(0);
    await screenshot(page, 'processes-list');

    await page.goto(processUrl);
    await page.locator('[data-testid="process-diagram"]').waitFor();
    await page.locator('[data-testid="step-cluster-setup"]').click();
    await page.locator('[data-testid="open-task"]').click();
    await page.locator('[data-testid="read-only"]').waitFor();
    await expect(page.locator('[data-testid="decision-form"]').count()).resolves.toBe(0);
    await expect(page.locator('[data-testid^="decision-"]').count()).resolves.toBe(0);

    await page.goto(processUrl);
    await page.locator('[data-testid="tab-history"]').click();
    await page.locator('[data-testid="timeline"]').waitFor();
    await expect(page.locator('[data-testid="timeline-event"][data-type="decision"]').count()).resolves.toBe(3);
    await page.locator('[data-testid="verify-chain"]').click();
    const verdict = page.locator('[data-testid="verify-result"]');
    await verdict.waitFor();
    await expect(verdict.getAttribute('data-valid')).resolves.toBe('true');
    await expect(verdict.textContent()).resolves.toMatch(/The chain is intact: \d+ events checked/);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('[data-testid="export-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^cluster-activation_.+-history\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toBe('seq,at,type,actor,actorUsername,actorRoles,stepId,taskId,decision,comment,data,prevHash,hash');
    expect(csv.some((line) => line.includes(',decision,') && line.includes(',hc,hc,hc-endorsement,') && line.includes(',endorse,'))).toBe(true);
    await screenshot(page, 'process-history');

    await page.locator('[data-testid="tab-temporal"]').click();
    await page.locator('[data-testid="temporal-history"] tbody tr').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="temporal-history"] tbody tr').count()).toBeGreaterThan(5);

    await page.goto(`${product.baseUrl}/#/dashboard`);
    await page.locator('[data-testid="dashboard"]').waitFor();
    await screenshot(page, 'dashboard');
    await page.goto(`${product.baseUrl}/#/clusters`);
    await page.locator('tbody tr').filter({ hasText: OPERATION }).waitFor();
    await expect(page.locator('tbody tr').filter({ hasText: OPERATION }).textContent()).resolves.toMatch(/Active.*due in 90 days/);
    await screenshot(page, 'clusters');
    await page.locator('tbody tr').filter({ hasText: OPERATION }).click();
    await page.locator('.RaShow-main').getByText('Cluster activation: protection').waitFor();
    await screenshot(page, 'cluster-show');
    expect(errors).toEqual([]);
  });

  it('switches the console to French', async () => {
    const { page } = await userPage('hc');
    await page.getByRole('button', { name: /english/i }).click();
    await page.getByRole('menuitem', { name: 'Français' }).click();
    await page.getByRole('menuitem', { name: 'Mes tâches' }).waitFor();
    await expect(page.getByRole('menuitem', { name: 'Tableau de bord' }).count()).resolves.toBe(1);
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('fr');
    await page.goto(processUrl);
    await page.getByRole('tab', { name: 'Historique' }).waitFor();
    await expect(page.locator('[data-testid="step-hc-endorsement"]').textContent()).resolves.toContain("Approbation de la proposition d'activation par le CH");
    await expect(page.locator('[data-testid="step-hc-endorsement"]').textContent()).resolves.toContain('Terminée');
    await screenshot(page, 'process-diagram-fr');

    // Arabic is wired (lazy locale, English fallback) and turns the page right to left.
    await page.getByRole('button', { name: /français/i }).click();
    await page.getByRole('menuitem', { name: 'العربية' }).click();
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await expect(page.locator('html').getAttribute('lang')).resolves.toBe('ar');
  });

  it('shows a partner no administration, no start buttons and only cases of their organisation', async () => {
    const { page, errors } = await userPage('partner.local');
    await page.getByRole('menuitem', { name: 'My tasks' }).waitFor();
    await expect(page.getByRole('menuitem', { name: 'Users' }).count()).resolves.toBe(0);
    const listed = page.waitForResponse((r) => r.url().includes('/api/processes?') && r.request().method() === 'GET');
    await page.goto(`${product.baseUrl}/#/processes`);
    const response = await listed;
    expect(response.status()).toBe(200);
    // The e2e activation involves no partner organisation, so the API does not list it for this partner.
    const processId = decodeURIComponent(/#\/processes\/([^/]+)\/show/.exec(processUrl)![1]);
    expect(((await response.json()) as { id: string }[]).map((p) => p.id)).not.toContain(processId);
    await page.locator('.RaList-main, .RaEmpty-message').first().waitFor();
    await expect(page.locator('[data-testid="start-process"]').count()).resolves.toBe(0);
    await expect(page.locator('tbody tr').filter({ hasText: OPERATION }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
  });

  it('sends an expired session back to the sign-in page with a message', async () => {
    const context = await newUserContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${product.baseUrl}/#/login`);
    // A token the API no longer accepts (as after expiry or a secret rotation): the API answers 401.
    await page.evaluate(() => {
      localStorage.setItem('hpcflow.token', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
      localStorage.setItem('hpcflow.user', JSON.stringify({ id: 'x', username: 'hc', displayName: 'HC', roles: ['hc'], clusterScopes: [], organisationId: null }));
    });
    await page.goto(`${product.baseUrl}/#/tasks`);
    await page.locator('[data-testid="session-expired"]').waitFor({ timeout: 20_000 });
    await expect(page.locator('[data-testid="session-expired"]').textContent()).resolves.toBe('Your session has expired, please sign in again');
    expect(page.url()).toContain('#/login');
  });
});
