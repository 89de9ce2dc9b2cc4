// The engine-v2 parts of the console, walked as real users in headless Chromium: an admin sets a new
// operation's calendar (time zone, weekend, holidays, planning cycle) on its page; another operation's OCHA
// sees those settings read-only; a cluster lead adds a member organisation to the protection cluster and
// removes it again.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { DEMO_PASSWORD, startProduct, type RunningProduct } from './support/product';
import { openUserPage, type UserPage } from './support/session';
import { once } from '../utils/once';

jest.setTimeout(180_000);

const OPERATION = `E2E Settings ${Date.now().toString(36)}`;

let product: RunningProduct;
let browser: Browser;
const contexts: BrowserContext[] = [];

const userPage = (username: string): Promise<UserPage> => openUserPage(browser, product.baseUrl, { username, password: DEMO_PASSWORD }, contexts);

/** The API as the signed-in user sees it (the console's own token). */
async function api<T>(page: Page, path: string): Promise<T> {
  return page.evaluate(async (p) => {
    const res = await fetch(`/api${p}`, { headers: { Authorization: `Bearer ${localStorage.getItem('hpcflow.token')}` } });
    if (!res.ok) throw new Error(`${p}: ${res.status} ${await res.text()}`);
    return res.json();
  }, path) as Promise<T>;
}

beforeAll(async () => {
  product = await startProduct();
  browser = await launchBrowser();
}, 400_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await product?.stop();
});

describe('engine console', () => {
  /** A new operation whose calendar and planning cycle the admin set on its page; its id. */
  const settingsSaved = once(async () => {
    const { page, errors } = await userPage('admin');
    await page.goto(`${product.baseUrl}/#/operations/create`);
    await page.locator('input[name="name"]').fill(OPERATION);
    await page.locator('input[name="countryIso3"]').fill('moz');
    await page.getByRole('combobox', { name: /Type/ }).click();
    await page.getByRole('option', { name: 'Sudden onset', exact: true }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    // Saved, the list opens; the shared database holds every suite's operations by now: find this one by search.
    await page.waitForURL(/#\/operations(\?.*)?$/);
    await page.goto(`${product.baseUrl}/#/operations?filter=${encodeURIComponent(JSON.stringify({ q: OPERATION }))}`);
    const row = page.locator('tbody tr').filter({ hasText: OPERATION });
    await row.waitFor();
    await row.click();
    await page.waitForURL(/#\/operations\/[0-9a-f-]{36}\/show/);
    const operationId = /operations\/([0-9a-f-]{36})\/show/.exec(page.url())![1];

    const card = page.getByTestId('operation-settings');
    await card.waitFor();
    await page.getByTestId('edit-settings').click();
    const zone = page.getByTestId('settings-timezone-input');
    await zone.fill('Africa/Maputo');
    await page.getByRole('option', { name: 'Africa/Maputo', exact: true }).click();
    // Friday and Saturday off instead of the default weekend.
    const before = await api<{ settings: { weekendDays: number[] } }>(page, `/operations/${operationId}`);
    for (const d of [0, 5, 6]) {
      const box = page.getByTestId(`weekend-${d}`).locator('input');
      if ((await box.isChecked()) !== (d !== 0)) await box.click();
    }
    // A bad date is refused by the API and said in words; the card stays in edit mode.
    await page.getByTestId('settings-holidays').fill('2026-13-40');
    await page.getByTestId('save-settings').click();
    await page.getByTestId('settings-error').waitFor();
    await expect(page.getByTestId('settings-error').textContent()).resolves.toMatch(/holiday/i);
    await page.getByTestId('settings-holidays').fill('2026-06-25\n2026-09-07');
    await page.getByRole('combobox', { name: /Planning cycle starts in/ }).click();
    await page.getByRole('option', { name: 'October', exact: true }).click();
    await page.getByRole('combobox', { name: /Planning format/ }).click();
    await page.getByRole('option', { name: 'HNO and HRP', exact: true }).click();
    await screenshot(page, 'engine-operation-settings-edit');
    await page.getByTestId('save-settings').click();
    await page.getByText('Settings saved').waitFor();

    // The card shows the saved record once it is read back (a read right after the notice may still see the old one).
    await page.getByTestId('settings-timeZone').filter({ hasText: /^Africa\/Maputo$/ }).waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('settings-timeZone').textContent()).resolves.toBe('Africa/Maputo');
    await expect(card.textContent()).resolves.toContain('Friday, Saturday');
    await expect(card.textContent()).resolves.toContain('2026-06-25, 2026-09-07');
    await expect(card.textContent()).resolves.toContain('October');
    const after = await api<{ settings: { timeZone: string; weekendDays: number[]; holidays: string[]; planningCycleStartMonth: number; planningFormat: string } }>(page, `/operations/${operationId}`);
    expect(before.settings.weekendDays).not.toEqual([5, 6]);
    expect(after.settings).toMatchObject({ timeZone: 'Africa/Maputo', weekendDays: [5, 6], holidays: ['2026-06-25', '2026-09-07'], planningCycleStartMonth: 10, planningFormat: 'hno-hrp' });
    await screenshot(page, 'engine-operation-settings');
    expect(errors.filter((e) => !/400|Bad Request/.test(e))).toEqual([]);
    return operationId;
  });

  it("lets the admin set a new operation's calendar and planning cycle on its page", () => settingsSaved().then(() => undefined));

  it("shows another operation's OCHA the settings read-only", async () => {
    const operationId = await settingsSaved();
    const { page } = await userPage('ocha.uga');
    await page.goto(`${product.baseUrl}/#/operations/${operationId}/show`);
    await page.getByTestId('settings-timeZone').waitFor();
    await expect(page.getByTestId('settings-timeZone').textContent()).resolves.toBe('Africa/Maputo');
    await expect(page.getByTestId('edit-settings').count()).resolves.toBe(0);
  }, 360_000);

  it('lets the protection lead add a member organisation to the cluster and remove it', async () => {
    const { page, errors } = await userPage('lead.protection');
    const clusters = await api<{ id: string; sector: string; status: string; operationId: string }[]>(page, '/clusters?filter=%7B%22sector%22%3A%22protection%22%7D&range=%5B0%2C99%5D');
    const ops = await api<{ id: string; name: string }[]>(page, '/operations?range=%5B0%2C99%5D');
    const ssd = ops.find((o) => o.name === 'South Sudan 2026')!;
    const cluster = clusters.find((c) => c.sector === 'protection' && c.operationId === ssd.id && ['active', 'proposed', 'in-transition'].includes(c.status));
    if (!cluster) throw new Error('no open protection cluster in South Sudan 2026 in the demo data');
    const org = 'Yei Community Health Volunteers';
    const memberRow = () => page.getByTestId('cluster-member').filter({ hasText: org });

    await page.goto(`${product.baseUrl}/#/clusters/${cluster.id}/show`);
    const panel = page.getByTestId('cluster-members');
    await panel.waitFor();
    if (await memberRow().filter({ hasText: 'Member' }).count()) {
      await memberRow().getByRole('button', { name: 'Remove' }).click();
      await page.getByText('Member removed').waitFor();
    }
    await page.getByRole('combobox', { name: 'Organisation' }).click();
    await page.getByRole('option', { name: org, exact: true }).click();
    await page.getByTestId('add-member').click();
    await page.getByText('Member added').waitFor();
    await memberRow().filter({ hasText: 'Member' }).waitFor();
    const listed = await api<{ organisationName: string; status: string }[]>(page, `/clusters/${cluster.id}/members`);
    expect(listed.find((m) => m.organisationName === org)?.status).toBe('member');
    await screenshot(page, 'engine-cluster-members');

    await memberRow().getByRole('button', { name: 'Remove' }).click();
    await page.getByText('Member removed').waitFor();
    await memberRow().filter({ hasText: 'Left' }).waitFor();
    const after = await api<{ organisationName: string; status: string }[]>(page, `/clusters/${cluster.id}/members`);
    expect(after.find((m) => m.organisationName === org)?.status).toBe('left');
    expect(errors).toEqual([]);
  });
});
