// What a browser suite does as its users: a signed-in page per user (a context of its own, as if each person used
// their own machine), the API over HTTP as a user for the steps the walk does not click through, and waiting until
// the read model shows what the workflow did.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { newUserContext, signIn, watchErrors } from './browser';

export interface UserPage {
  page: Page;
  /** Console errors and failed requests seen on the page (watchErrors). */
  errors: string[];
}

/** A new context signed in as the user; the context goes into `contexts` for the suite's afterAll to close. */
export async function openUserPage(
  browser: Browser,
  baseUrl: string,
  credentials: { username: string; password: string },
  contexts: BrowserContext[],
  options?: Parameters<typeof newUserContext>[1],
): Promise<UserPage> {
  const context = await newUserContext(browser, options);
  contexts.push(context);
  const page = await context.newPage();
  const errors = watchErrors(page);
  await signIn(page, baseUrl, credentials.username, credentials.password);
  return { page, errors };
}

/** One call to the API as a signed-in user: the parsed body of a 2xx, else an error with the status and body. */
export type ApiCall = <T = any>(method: string, path: string, body?: unknown) => Promise<T>;

const sessions = new Map<string, Promise<ApiCall>>();

/** The API of the product at `baseUrl` as one user; one sign-in per user and password for the whole suite. */
export function apiSession(baseUrl: string, username: string, password: string): Promise<ApiCall> {
  const key = JSON.stringify([baseUrl, username, password]);
  let session = sessions.get(key);
  if (!session) {
    session = signInOverHttp(baseUrl, username, password);
    sessions.set(key, session);
    session.catch(() => sessions.delete(key));
  }
  return session;
}

async function signInOverHttp(baseUrl: string, username: string, password: string): Promise<ApiCall> {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`${username} cannot sign in: ${login.status}`);
  const { accessToken } = (await login.json()) as { accessToken: string };
  return async <T = any>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${username} ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

/** Reads until `ok` holds (the read model trails the workflow); fails naming `what` and the last value read. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, what: string, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > until) throw new Error(`${what}: not within ${timeoutMs} ms; last ${JSON.stringify(v).slice(0, 400)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
