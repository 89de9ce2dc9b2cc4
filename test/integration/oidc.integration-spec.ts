// OpenID Connect sign-in against a real provider (oidc-provider) started in-process: the authorisation code
// flow with PKCE over HTTP end to end (API → provider's sign-in page → callback → one-time ticket → token),
// users matched by verified e-mail, created at first sign-in only when the admin allows it, roles from the
// provider's groups when the account takes them from there; and what must be refused: a replayed state, an
// ID token for another audience, an expired ID token, an unverified e-mail, a used ticket.
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { createTestApp, loginAs } from '../utils/http';
import { startOidcProvider, type TestOidcProvider } from '../utils/oidc-provider';

/** The public address the provider redirects to; the API is reached on its own port (as behind a proxy). */
const REDIRECT_URI = 'http://hpc-flow.test/api/auth/oidc/callback';
const suffix = `${process.pid}${Date.now() % 100000}`;

/** A browser's cookie jar, enough for the provider's interaction and session cookies. */
class Jar {
  private readonly cookies = new Map<string, string>();
  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i).trim(), pair.slice(i + 1));
    }
  }
}

describe('OpenID Connect sign-in (real provider in-process)', () => {
  let app: INestApplication;
  let api: string;
  let idp: TestOidcProvider;
  let adminToken: string;

  beforeAll(async () => {
    idp = await startOidcProvider({ redirectUris: [REDIRECT_URI] });
    app = await createTestApp({
      env: {
        OIDC_ISSUER: idp.issuer,
        OIDC_CLIENT_ID: idp.clientId,
        OIDC_CLIENT_SECRET: idp.clientSecret,
        OIDC_REDIRECT_URI: REDIRECT_URI,
        OIDC_PROVIDER_NAME: 'Test IdP',
        OIDC_SCOPES: 'openid email profile groups',
        OIDC_ROLES_CLAIM: 'groups',
        OIDC_ROLE_MAPPING: JSON.stringify({ 'hpc-auditors': { roles: ['auditor'] }, 'hpc-erc': { roles: ['erc'] } }),
        // The ID token checks below are exact: no clock tolerance.
        OIDC_CLOCK_TOLERANCE_S: '0',
      },
    });
    await app.listen(0, '127.0.0.1');
    api = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    adminToken = await loginAs(app, 'admin');
  });

  afterAll(async () => {
    await app?.close();
    await idp?.stop();
  });

  const adminFetch = (path: string, init: RequestInit = {}) =>
    fetch(`${api}${path}`, { ...init, headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });

  /** A sign-in on its way back: the API's callback URL and the cookie the API gave the browser that started it. */
  interface Flow {
    url: string;
    cookie: string;
  }

  /**
   * Start at the API, follow the provider's redirects, type the e-mail on its sign-in page, and stop at the
   * redirect to the API's callback: returns that callback URL on the API's real address, with the browser's cookie.
   */
  async function throughProvider(email: string): Promise<Flow> {
    const jar = new Jar();
    const start = await fetch(`${api}/api/auth/oidc/start`, { redirect: 'manual' });
    expect(start.status).toBe(302);
    const browser = new Jar();
    browser.store(start);
    const cookie = browser.header();
    expect(cookie).toMatch(/^hpc_oidc_state=[\w-]{43}$/);
    let url = new URL(start.headers.get('location')!);
    expect(url.origin).toBe(idp.issuer);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    for (let hop = 0; hop < 10; hop++) {
      const res = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
      jar.store(res);
      if (res.status === 200) {
        // The provider's sign-in page: post the e-mail like its form does.
        const html = await res.text();
        const action = /action="([^"]+)"/.exec(html)![1];
        const post = await fetch(new URL(action, url), {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: jar.header(), 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ email }).toString(),
        });
        jar.store(post);
        url = new URL(post.headers.get('location')!, url);
        continue;
      }
      expect([302, 303]).toContain(res.status);
      url = new URL(res.headers.get('location')!, url);
      if (url.href.startsWith(REDIRECT_URI)) return { url: `${api}${url.pathname}${url.search}`, cookie };
    }
    throw new Error('the provider never redirected back to the API');
  }

  /** The API's answer to the callback: the console URL it redirects to, as { ticket } or { error }. */
  async function callback(flow: Flow): Promise<{ ticket?: string; error?: string; cookie: string }> {
    const res = await fetch(flow.url, { redirect: 'manual', headers: { cookie: flow.cookie } });
    expect(res.status).toBe(302);
    const location = res.headers.get('location')!;
    expect(location.startsWith('/#/login?')).toBe(true);
    const params = new URLSearchParams(location.split('?')[1]);
    const ticket = params.get('oidc_ticket');
    const error = params.get('oidc_error');
    return { ...(ticket ? { ticket } : {}), ...(error ? { error } : {}), cookie: flow.cookie };
  }

  /** The console's call with the ticket, from the browser that signed in (its cookie). */
  async function redeem({ ticket, cookie }: { ticket?: string; cookie: string }): Promise<Response> {
    return fetch(`${api}/api/auth/oidc/ticket`, { method: 'POST', headers: { 'Content-Type': 'application/json', cookie }, body: JSON.stringify({ ticket }) });
  }

  async function createUser(username: string, email: string, roles: string[]): Promise<string> {
    const res = await adminFetch('/api/users', { method: 'POST', body: JSON.stringify({ username, displayName: `OIDC ${username}`, password: 'oidc-pass-12345', roles }) });
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    // No mail for these accounts: the mail suites count what arrives in the run's shared database.
    const prefs = await adminFetch(`/api/mail/preferences/${id}`, { method: 'PUT', body: JSON.stringify({ email, mailEnabled: false }) });
    expect(prefs.status).toBe(200);
    return id;
  }

  it('tells the console how to sign in', async () => {
    const res = await fetch(`${api}/api/auth/oidc`);
    expect(await res.json()).toEqual({ enabled: true, providerName: 'Test IdP', localLogin: true });
  });

  it('signs an existing user in by verified e-mail in the browser that started it; their roles stay the admin\'s; the state and the ticket work once', async () => {
    const email = `maria.lopez.${suffix}@ocha.test`;
    const id = await createUser(`oidc.maria.${suffix}`, email, ['ocha']);
    idp.accounts.set(`maria-${suffix}`, { email, email_verified: true, name: 'Maria Lopez', groups: ['hpc-erc'] });

    const flow = await throughProvider(email);
    // Opened in another browser (no cookie, or another sign-in's): refused, and the sign-in stays usable.
    expect(await callback({ ...flow, cookie: '' })).toMatchObject({ error: 'state' });
    const other = await throughProvider(email);
    expect(await callback({ ...flow, cookie: other.cookie })).toMatchObject({ error: 'state' });
    const back = await callback(flow);
    expect(back.error).toBeUndefined();
    // The ticket from another browser: refused (and not used up).
    expect((await redeem({ ...back, cookie: other.cookie })).status).toBe(401);
    const res = await redeem(back);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { accessToken: string; user: { id: string; roles: string[] } };
    expect(body.user).toMatchObject({ id, roles: ['ocha'] });
    const me = await fetch(`${api}/api/me`, { headers: { Authorization: `Bearer ${body.accessToken}` } });
    expect(((await me.json()) as { id: string }).id).toBe(id);

    // The same ticket again, and the same callback (state and code) replayed: both refused.
    expect((await redeem(back)).status).toBe(401);
    expect(await callback(flow)).toMatchObject({ error: 'state' });

    // The admin hands Maria's roles to the provider's mapping: her next sign-in brings its roles (her group hpc-erc).
    const put = await adminFetch(`/api/users/${id}`, { method: 'PUT', body: JSON.stringify({ rolesFromIdp: true }) });
    expect(await put.json()).toMatchObject({ id, roles: ['ocha'], rolesFromIdp: true });
    const again = await redeem(await callback(await throughProvider(email)));
    expect(((await again.json()) as { user: unknown }).user).toMatchObject({ id, roles: ['erc'], rolesFromIdp: true });
  });

  it('creates an unknown user only once the admin allows it, with roles from the provider\'s groups, updated at each sign-in', async () => {
    const email = `daniel.okafor.${suffix}@un.test`;
    idp.accounts.set(`daniel-${suffix}`, { email, email_verified: true, name: 'Daniel Okafor', groups: ['hpc-auditors', 'unmapped-group'] });

    // The setting is the database's (other suites may have changed it): off first.
    await adminFetch('/api/auth/oidc/settings', { method: 'PUT', body: JSON.stringify({ createUsers: false }) });
    expect((await (await adminFetch('/api/auth/oidc/settings')).json())).toEqual({ createUsers: false });
    expect(await callback(await throughProvider(email))).toMatchObject({ error: 'no_account' });

    const put = await adminFetch('/api/auth/oidc/settings', { method: 'PUT', body: JSON.stringify({ createUsers: true }) });
    expect(await put.json()).toEqual({ createUsers: true });
    try {
      const first = await redeem(await callback(await throughProvider(email)));
      const { user, accessToken: firstToken } = (await first.json()) as { accessToken: string; user: { id: string; username: string; displayName: string; roles: string[] } };
      expect(user).toMatchObject({ username: `daniel.okafor.${suffix}`, displayName: 'Daniel Okafor', roles: ['auditor'] });
      // He is about to become an ERC (notified of every operation's tasks): no mail from this suite's account.
      expect((await adminFetch(`/api/mail/preferences/${user.id}`, { method: 'PUT', body: JSON.stringify({ mailEnabled: false }) })).status).toBe(200);

      // The provider moves Daniel to another group: the next sign-in brings the mapped roles, older tokens end.
      idp.accounts.get(`daniel-${suffix}`)!.groups = ['hpc-erc'];
      const second = await redeem(await callback(await throughProvider(email)));
      const again = (await second.json()) as { accessToken: string; user: { id: string; roles: string[] } };
      expect(again.user).toMatchObject({ id: user.id, roles: ['erc'] });
      expect((await fetch(`${api}/api/me`, { headers: { Authorization: `Bearer ${firstToken}` } })).status).toBe(401);
      expect((await fetch(`${api}/api/me`, { headers: { Authorization: `Bearer ${again.accessToken}` } })).status).toBe(200);
    } finally {
      await adminFetch('/api/auth/oidc/settings', { method: 'PUT', body: JSON.stringify({ createUsers: false }) });
    }
  });

  it('refuses an ID token issued for another audience', async () => {
    const email = `aud.${suffix}@ocha.test`;
    await createUser(`oidc.aud.${suffix}`, email, ['ocha']);
    idp.accounts.set(`aud-${suffix}`, { email, email_verified: true, name: 'Aud Test', groups: [] });
    // Control: a token re-signed by the provider with a harmless extra claim is accepted (the re-signing is sound).
    idp.tamperIdToken({ acr: 'urn:test:resigned' });
    expect((await callback(await throughProvider(email))).ticket).toMatch(/^[\w-]{43}$/);
    const flow = await throughProvider(email);
    idp.tamperIdToken({ aud: 'another-application' });
    expect(await callback(flow)).toEqual({ error: 'id_token', cookie: flow.cookie });
  });

  it('refuses an expired ID token', async () => {
    const email = `exp.${suffix}@ocha.test`;
    await createUser(`oidc.exp.${suffix}`, email, ['ocha']);
    idp.accounts.set(`exp-${suffix}`, { email, email_verified: true, name: 'Exp Test', groups: [] });
    const flow = await throughProvider(email);
    const now = Math.floor(Date.now() / 1000);
    idp.tamperIdToken({ iat: now - 7200, exp: now - 3600 });
    expect(await callback(flow)).toEqual({ error: 'id_token', cookie: flow.cookie });
  });

  it('refuses an e-mail the provider has not verified, even when an account has it', async () => {
    const email = `unverified.${suffix}@ocha.test`;
    await createUser(`oidc.unverified.${suffix}`, email, ['ocha']);
    idp.accounts.set(`unverified-${suffix}`, { email, email_verified: false, name: 'Unverified', groups: [] });
    expect(await callback(await throughProvider(email))).toMatchObject({ error: 'email_unverified' });
  });

  it('refuses a state the API never issued, and a malformed ticket with the field named', async () => {
    expect(await callback({ url: `${api}/api/auth/oidc/callback?code=abc&state=forged`, cookie: 'hpc_oidc_state=forged' })).toMatchObject({ error: 'state' });
    const res = await redeem({ ticket: 'short', cookie: '' });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toContain('ticket must be');
  });

  it('only an admin reads or changes the sign-up setting', async () => {
    const hc = await loginAs(app, 'hc');
    const res = await fetch(`${api}/api/auth/oidc/settings`, { headers: { Authorization: `Bearer ${hc}` } });
    expect(res.status).toBe(403);
    const bad = await adminFetch('/api/auth/oidc/settings', { method: 'PUT', body: JSON.stringify({ createUsers: 'yes' }) });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('createUsers');
  });
});
