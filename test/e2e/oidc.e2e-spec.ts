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
import { launchBrowser, newUserContext, screenshot, watchErrors } from './support/browser';
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
  ensureConsoleBuilt();
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
  await browser?.close().catch(() => undefined);
  await api?.close().catch(() => undefined);
  await idp?.stop();
});

/** As the admin, over the API: a user with this e-mail (what a real deployment's admin does in the console). */
async function userWithEmail(username: string, displayName: string, email: string): Promise<void> {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }) });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const headers = { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' };
  const created = await fetch(`${baseUrl}/api/users`, { method: 'POST', headers, body: JSON.stringify({ username, displayName, password: 'e2e-oidc-pass-1', roles: ['auditor'] }) });
  const { id } = (await created.json()) as { id: string };
  const prefs = await fetch(`${baseUrl}/api/mail/preferences/${id}`, { method: 'PUT', headers, body: JSON.stringify({ email }) });
  if (!prefs.ok) throw new Error(`setting the e-mail failed: ${prefs.status}`);
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

  it('says why when the provider signs in someone without an account', async () => {
    const email = `nobody.${suffix}@elsewhere.test`;
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
    await context.close();
  });
});
