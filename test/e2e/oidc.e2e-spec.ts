// Sign-in through a real OpenID provider (oidc-provider, in-process) in headless Chromium: the console offers
// "Sign in with Test IdP", the provider's own page takes the e-mail, the browser comes back to the console
// signed in as the HPC Flow user with that verified e-mail; a refused sign-in says why in the console.
import { createServer, type AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createApp } from '../../apps/api/src/app.factory';
import { seedDemoData } from '../../apps/api/src/modules/seed/demo-data';
import { startOidcProvider, type TestOidcProvider } from '../utils/oidc-provider';
import { launchBrowser, newUserContext, screenshot, signIn, watchErrors } from './support/browser';
import { DEMO_PASSWORD, ensureConsoleBuilt } from './support/product';

jest.setTimeout(120_000);

const suffix = Date.now().toString(36);
let api: INestApplication;
let baseUrl: string;
let idp: TestOidcProvider;
let browser: Browser;

/** A port free right now: the provider must know the API's callback address before the API starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  await ensureConsoleBuilt();
  const port = await freePort();
  baseUrl = `http://127.0.0.1:${port}`;
  idp = await startOidcProvider({ redirectUris: [`${baseUrl}/api/auth/oidc/callback`] });
  // The API alone (no worker): signing in needs no workflow.
  api = await createApp({
    env: {
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_REDIRECT_URI: `${baseUrl}/api/auth/oidc/callback`,
      OIDC_PROVIDER_NAME: 'Test IdP',
    },
  });
  await api.listen(port, '127.0.0.1');
  await seedDemoData(api.get(DataSource), { password: DEMO_PASSWORD });
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  // The setting lives in the run's shared database: back to its default for the other suites.
  await adminApi('/api/auth/oidc/settings', 'PUT', { createUsers: false }).catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await api?.close().catch(() => undefined);
  await idp?.stop();
});

let adminToken: string | null = null;

/** The API as the admin (for what the test sets up around the browser). */
async function adminApi(path: string, method: string, body: unknown): Promise<{ id?: string }> {
  if (!adminToken) {
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
    adminToken = ((await login.json()) as { accessToken: string }).accessToken;
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id?: string };
}

/** As the admin, over the API: a user with this e-mail (what a real deployment's admin does in the console). */
async function userWithEmail(username: string, displayName: string, email: string): Promise<void> {
  const { id } = await adminApi('/api/users', 'POST', { username, displayName, password: 'e2e-oidc-pass-1', roles: ['auditor'] });
  // No mail for this account: the mail suites count what arrives in the run's shared database.
  await adminApi(`/api/mail/preferences/${id}`, 'PUT', { email, mailEnabled: false });
}

describe('sign-in through the OpenID provider (Chromium)', () => {
  it('signs Maria in with her organisation account and lands on the console as her', async () => {
    const email = `maria.lopez.${suffix}@ocha.test`;
    await userWithEmail(`e2e.maria.${suffix}`, 'Maria Lopez', email);
    idp.accounts.set(`maria-${suffix}`, { email, email_verified: true, name: 'Maria Lopez', groups: [] });

    const context = await newUserContext(browser);
    const page = await context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${baseUrl}/#/login`);
    await page.getByTestId('oidc-sign-in').filter({ hasText: 'Sign in with Test IdP' }).click();
    // The provider's own sign-in page.
    await page.waitForURL(`${idp.issuer}/interaction/**`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`[data-testid="identity"][data-username="e2e.maria.${suffix}"]`).waitFor({ state: 'attached', timeout: 20_000 });
    // The one-time ticket is gone from the address bar and the history.
    expect(page.url()).not.toContain('oidc_ticket');
    await screenshot(page, 'oidc-signed-in');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('says why when the provider signs in someone without an account, until the admin lets first sign-ins create it', async () => {
    const email = `nobody.${suffix}@elsewhere.test`;
    await adminApi('/api/auth/oidc/settings', 'PUT', { createUsers: false });
    idp.accounts.set(`nobody-${suffix}`, { email, email_verified: true, name: 'No Body', groups: [] });
    const context = await newUserContext(browser);
    const page = await context.newPage();
    await page.goto(`${baseUrl}/#/login`);
    await page.getByTestId('oidc-sign-in').click();
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('oidc-error').filter({ hasText: 'No HPC Flow account has your e-mail address' }).waitFor({ timeout: 20_000 });
    // The password form is still offered (local passwords are on).
    await page.locator('input[name="username"]').waitFor();

    // The admin switches account creation on above the user list; the same person signs in again.
    const adminContext = await newUserContext(browser);
    const admin = await adminContext.newPage();
    await signIn(admin, baseUrl, 'admin', DEMO_PASSWORD);
    await admin.goto(`${baseUrl}/#/users`);
    // A controlled switch: it turns on once the API has saved the setting.
    const toggle = admin.getByLabel('Create accounts at first sign-in with Test IdP');
    await toggle.click();
    await admin.getByText('Setting saved').waitFor();
    expect(await toggle.isChecked()).toBe(true);
    await adminContext.close();
    await page.getByTestId('oidc-sign-in').click();
    // Already signed in at the provider: it sends the browser straight back, and the account now exists.
    await page.locator(`[data-testid="identity"][data-username="nobody.${suffix}"]`).waitFor({ state: 'attached', timeout: 20_000 });
    await context.close();
  });
});
