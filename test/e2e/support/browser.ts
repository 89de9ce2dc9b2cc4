// Headless Debian chromium through playwright-core (never `npx playwright install`). The suite finds
// the browser itself, or provisions Debian's package when it runs as root, so `npm test` is all a
// newcomer needs (the way `npm start` provisions the Temporal CLI).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { withFileLock } from '../../../apps/cli/src/temporal-binaries';

export const ARTIFACTS_DIR = path.resolve(__dirname, '..', 'artifacts');

/** Debian's package names: the browser and a CJK font (Arabic is in DejaVu, which chromium pulls in). */
export const BROWSER_PACKAGES = ['chromium', 'fonts-wqy-zenhei'];
const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;
const hasAptGet = () => spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;

/** The chromium to drive: CHROMIUM_PATH, else a known install path, else null. */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (p: string) => boolean = fs.existsSync): string | null {
  if (env.CHROMIUM_PATH) return exists(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : null;
  return CANDIDATES.find((p) => exists(p)) ?? null;
}

/** The one line a person without root reads when the browser is missing. */
export function missingBrowserMessage(env: NodeJS.ProcessEnv = process.env): string {
  const where = env.CHROMIUM_PATH ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} does not exist` : 'Chromium not found';
  return `${where}: run \`sudo apt-get install -y ${BROWSER_PACKAGES.join(' ')}\` (Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium/Chrome binary, then run the tests again`;
}

/**
 * Finds the browser, or installs Debian's chromium when this process may (root with apt-get); otherwise one clear
 * line. The install holds a lock: browser suites in parallel jest workers would otherwise race for dpkg's.
 */
export async function ensureChromium(): Promise<string> {
  const found = findChromium();
  if (found) return found;
  if (!process.env.CHROMIUM_PATH && isRoot() && hasAptGet()) return withFileLock(path.join(os.tmpdir(), 'hpcflow-chromium-install.lock'), installChromium);
  throw new Error(missingBrowserMessage());
}

function installChromium(): string {
  const found = findChromium();
  if (found) return found; // installed by the suite that held the lock before us
  process.stderr.write(`e2e: installing ${BROWSER_PACKAGES.join(' ')} with apt-get (once per machine)\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  let res = spawnSync('apt-get', ['install', '-y', '-qq', ...BROWSER_PACKAGES], { stdio: 'pipe', encoding: 'utf8', env });
  // A fresh machine has no package lists yet.
  if (res.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'pipe', env });
    res = spawnSync('apt-get', ['install', '-y', '-qq', ...BROWSER_PACKAGES], { stdio: 'pipe', encoding: 'utf8', env });
  }
  const installed = findChromium();
  if (installed) return installed;
  throw new Error(`apt-get could not install ${BROWSER_PACKAGES.join(' ')}: ${(res.stderr ?? '').trim().split('\n').pop() ?? ''}`);
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = await ensureChromium();
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A fresh context (own localStorage) per user, as if each person used their own machine. */
export async function newUserContext(browser: Browser, options: { width?: number; height?: number; timezoneId?: string } = {}): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    acceptDownloads: true,
    locale: 'en-GB',
    timezoneId: options.timezoneId ?? 'UTC',
  });
}

export async function screenshot(page: Page, name: string): Promise<string> {
  const file = path.join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Collects uncaught page errors so a test can assert the console ran cleanly. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/#/login`);
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  // Attached, not visible: on a phone-sized window the badge is hidden to leave room for the title.
  await page.locator(`[data-testid="identity"][data-username="${username}"]`).waitFor({ state: 'attached', timeout: 20_000 });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** Runs axe-core (WCAG 2.x A/AA rules) in the page; returns the serious and critical violations. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  // Evaluated through the DevTools protocol: the console's CSP (script-src 'self') rightly blocks an injected <script>.
  if (!loaded) await page.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target, html: n.html.slice(0, 160) })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Chromium's own network throttling (DevTools protocol), e.g. 1.6 Mbit/s down with 150 ms latency. */
export async function throttle(page: Page, { downKbps, upKbps, latencyMs }: { downKbps: number; upKbps: number; latencyMs: number }): Promise<{ bytes(): number; requests(): { url: string; kb: number; ms: number }[] }> {
  const cdp = await page.context().newCDPSession(page);
  let bytes = 0;
  const urls = new Map<string, string>();
  const log: { url: string; kb: number; ms: number }[] = [];
  const t0 = Date.now();
  cdp.on('Network.requestWillBeSent', (e: { requestId: string; request: { url: string } }) => urls.set(e.requestId, e.request.url));
  // What actually crossed the wire (compressed sizes), per finished request.
  cdp.on('Network.loadingFinished', (e: { requestId: string; encodedDataLength: number }) => {
    bytes += e.encodedDataLength;
    log.push({ url: (urls.get(e.requestId) ?? '').replace(/^https?:\/\/[^/]+/, ''), kb: Math.round(e.encodedDataLength / 102.4) / 10, ms: Date.now() - t0 });
  });
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: latencyMs,
    downloadThroughput: (downKbps * 1024) / 8,
    uploadThroughput: (upKbps * 1024) / 8,
  });
  return { bytes: () => bytes, requests: () => [...log] };
}
