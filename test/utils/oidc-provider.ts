// A real OpenID provider (oidc-provider, a certified implementation) started in-process for the sign-in tests,
// with a plain HTML sign-in page of its own: the tester (or Chromium) types an account's e-mail and the provider
// issues the code, tokens and userinfo as any provider would. `tamperIdToken` makes it hand out one ID token with
// changed claims, re-signed with its own key (a provider that misbehaves), to prove the client refuses it.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { importEsm } from '../../apps/api/src/auth/oidc/esm-import';

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name: string;
  groups: string[];
}

export interface TestOidcProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** The next ID token the token endpoint returns gets these claims (then the provider behaves again). */
  tamperIdToken(claims: Record<string, unknown>): void;
  stop(): Promise<void>;
}

// oidc-provider ships no types: its instance is used as `any` here.
type ProviderCtor = new (issuer: string, config: Record<string, unknown>) => any;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function resign(idToken: string, claims: Record<string, unknown>, key: KeyObject): string {
  const [header, payload] = idToken.split('.');
  const body = { ...JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')), ...claims };
  const signingInput = `${header}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
  const signature = createSign('RSA-SHA256').update(signingInput).sign(key).toString('base64url');
  return `${signingInput}.${signature}`;
}

/**
 * Two warnings that do not apply to a test provider are kept out of the test output: its in-memory store, and
 * Node 20 (it runs there; its authors support 22 and later). Every other warning still shows.
 */
async function withoutTestNotices<T>(fn: () => Promise<T>): Promise<T> {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    if (!/oidc-provider WARNING: (Unsupported runtime|a quick start development-only in-memory adapter)/.test(String(args[0]))) warn(...args);
  };
  try {
    return await fn();
  } finally {
    console.warn = warn;
  }
}

async function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  let raw = '';
  for await (const chunk of req) raw += chunk;
  return new URLSearchParams(raw);
}

export async function startOidcProvider(options: { redirectUris: string[]; clientId?: string; clientSecret?: string }): Promise<TestOidcProvider> {
  const { default: Provider } = await withoutTestNotices(() => importEsm<{ default: ProviderCtor }>('oidc-provider'));
  const clientId = options.clientId ?? 'hpc-flow';
  const clientSecret = options.clientSecret ?? 'test-client-secret-0123456789abcdef';
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test-signing-key', alg: 'RS256', use: 'sig' };
  const accounts = new Map<string, TestAccount>();
  let tamper: Record<string, unknown> | null = null;

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const provider = await withoutTestNotices(async () => new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [jwk] },
    cookies: { keys: ['oidc-test-cookie-key'] },
    scopes: ['openid', 'email', 'profile', 'groups'],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'], groups: ['groups'] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Grant: 600, Session: 600, AccessToken: 600, IdToken: 600, AuthorizationCode: 60 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    findAccount: (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      return account ? { accountId: id, claims: () => ({ sub: id, ...account }) } : undefined;
    },
  }));
  provider.on('server_error', (_ctx: unknown, err: Error) => process.stderr.write(`oidc-provider: ${err.stack}\n`));
  provider.use(async (ctx: any, next: () => Promise<void>) => {
    await next();
    if (ctx.path === '/token' && tamper && ctx.body?.id_token) {
      ctx.body = { ...ctx.body, id_token: resign(ctx.body.id_token, tamper, privateKey) };
      tamper = null;
    }
  });
  const callback = provider.callback();

  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec((req.url ?? '').split('?')[0]);
    if (!match) return void callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (!match[2]) {
          res.setHeader('Content-Type', 'text/html; charset=utf-8');
          res.end(
            `<!doctype html><html lang="en"><head><title>Test identity provider</title></head><body><h1>Test identity provider</h1>` +
              `<p>Client: ${escapeHtml(String(details.params.client_id))}</p>` +
              `<form method="post" action="/interaction/${details.uid}/login"><label>E-mail <input name="email" type="email" autocomplete="off"></label>` +
              `<button type="submit">Sign in</button></form></body></html>`,
          );
          return;
        }
        const email = (await readForm(req)).get('email') ?? '';
        const accountId = [...accounts].find(([, a]) => a.email === email)?.[0];
        if (!accountId) {
          await provider.interactionFinished(req, res, { error: 'access_denied', error_description: 'unknown account' }, { mergeWithLastSubmission: false });
          return;
        }
        const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
        grant.addOIDCScope(String(details.params.scope));
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { login: { accountId }, consent: { grantId } }, { mergeWithLastSubmission: false });
      } catch (err) {
        res.statusCode = 400;
        res.end(String((err as Error).message));
      }
    })();
  });

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamperIdToken(claims) {
      tamper = claims;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
