// OpenID Connect sign-in (authorisation code flow with PKCE) through openid-client: start → the provider →
// callback (state used once, ID token checked: signature, issuer, audience, expiry, nonce) → the user matched by
// subject or verified e-mail → a one-time ticket the console exchanges for the usual access token.
import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Configuration } from 'openid-client';
import { AppException, ErrorCode } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { grantFromClaims, type OidcConfig, type OidcGrant } from '../../config/oidc-config';
import type { UserDto } from '../../modules/users/dtos/user.dto';
import { AuthService } from '../auth.service';
import { UserStateService } from '../user-state.service';
import { loadOpenidClient } from './esm-import';

/** Why a callback was refused; the console shows each in the user's language (hpc.auth.oidc_errors.*). */
export const OIDC_ERRORS = ['state', 'provider', 'id_token', 'email_unverified', 'no_account', 'inactive', 'subject_mismatch'] as const;
export type OidcErrorCode = (typeof OIDC_ERRORS)[number];

export class OidcRefusal extends Error {
  constructor(
    readonly code: OidcErrorCode,
    detail: string,
  ) {
    super(detail);
  }
}

/** A sign-in started must come back within this time; the ticket is redeemed by the console at once. */
const LOGIN_TTL_MS = 10 * 60_000;
const TICKET_TTL_MS = 60_000;
const CREATE_USERS_KEY = 'oidc.createUsers';
/** Stored instead of a password hash for accounts created by a first sign-in: argon2 never accepts it. */
const NO_PASSWORD = '!oidc';

export interface OidcPublicInfo {
  enabled: boolean;
  providerName: string | null;
  localLogin: boolean;
}

interface UserRow {
  id: string;
  active: boolean;
  oidc_issuer: string | null;
  oidc_subject: string | null;
  roles_from_idp: boolean;
  roles: string[];
  operation_scopes: string[];
  cluster_scopes: { operationId: string; sector: string }[];
  organisation_id: string | null;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

@Injectable()
export class OidcService {
  private readonly logger = new Logger(OidcService.name);
  private configuration: Promise<Configuration> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auth: AuthService,
    private readonly userState: UserStateService,
  ) {}

  info(): OidcPublicInfo {
    return { enabled: !!this.config.oidc, providerName: this.config.oidc?.providerName ?? null, localLogin: this.config.localLogin };
  }

  private oidc(): OidcConfig {
    if (!this.config.oidc) throw new AppException(ErrorCode.NotFound, 'OpenID Connect sign-in is not configured (OIDC_ISSUER)');
    return this.config.oidc;
  }

  /** The provider's metadata and keys (discovery), fetched once; a failure is retried on the next sign-in. */
  private async client(): Promise<{ lib: Awaited<ReturnType<typeof loadOpenidClient>>; configuration: Configuration }> {
    const oidc = this.oidc();
    const lib = await loadOpenidClient();
    this.configuration ??= lib
      .discovery(new URL(oidc.issuer), oidc.clientId, { [lib.clockTolerance]: oidc.clockToleranceS }, lib.ClientSecretBasic(oidc.clientSecret), {
        execute: oidc.allowInsecure ? [lib.allowInsecureRequests] : [],
        timeout: 10,
      })
      .catch((err: unknown) => {
        this.configuration = null;
        this.logger.warn(`OpenID provider ${oidc.issuer} unreachable: ${(err as Error).message}`);
        throw new AppException(ErrorCode.DependencyUnavailable, `the identity provider ${oidc.providerName} cannot be reached; try again in a moment`);
      });
    return { lib, configuration: await this.configuration };
  }

  /**
   * Starts a sign-in: remembers state, nonce and PKCE verifier once, and returns the provider's authorisation URL
   * and the state (the controller binds it to this browser in a cookie).
   */
  async start(): Promise<{ url: string; state: string }> {
    const oidc = this.oidc();
    const { lib, configuration } = await this.client();
    const state = lib.randomState();
    const nonce = lib.randomNonce();
    const codeVerifier = lib.randomPKCECodeVerifier();
    await this.dataSource.query(`DELETE FROM oidc_logins WHERE expires_at < now() - interval '1 day'`);
    await this.dataSource.query(`INSERT INTO oidc_logins (state, nonce, code_verifier, expires_at) VALUES ($1, $2, $3, $4)`, [
      state,
      nonce,
      codeVerifier,
      new Date(Date.now() + LOGIN_TTL_MS),
    ]);
    const url = lib.buildAuthorizationUrl(configuration, {
      redirect_uri: oidc.redirectUri,
      scope: oidc.scopes,
      state,
      nonce,
      code_challenge: await lib.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url: url.toString(), state };
  }

  /**
   * The provider's redirect back: the state is used at most once, then the code is exchanged and the ID token
   * checked by openid-client. `browserState` is the state this browser's cookie holds: a callback opened in
   * another browser than the one that started the sign-in (login CSRF) is refused. Returns a one-time ticket for
   * the console; throws OidcRefusal naming why not.
   */
  async callback(query: Record<string, string | undefined>, browserState: string | null): Promise<string> {
    const oidc = this.oidc();
    const state = query.state ?? '';
    if (!browserState || browserState !== state) throw new OidcRefusal('state', 'the callback was opened in another browser than the one that started the sign-in');
    const rows = await this.changed<{ nonce: string; code_verifier: string }>(
      `UPDATE oidc_logins SET called_back_at = now() WHERE state = $1 AND called_back_at IS NULL AND expires_at > now() RETURNING nonce, code_verifier`,
      [state],
    );
    if (rows.length === 0) throw new OidcRefusal('state', 'unknown, expired or already used state');
    const { lib, configuration } = await this.client();
    const currentUrl = new URL(oidc.redirectUri);
    for (const [k, v] of Object.entries(query)) if (typeof v === 'string') currentUrl.searchParams.set(k, v);
    let claims: Record<string, unknown>;
    try {
      const tokens = await lib.authorizationCodeGrant(configuration, currentUrl, {
        pkceCodeVerifier: rows[0].code_verifier,
        expectedState: state,
        expectedNonce: rows[0].nonce,
        idTokenExpected: true,
      });
      claims = (tokens.claims() ?? {}) as Record<string, unknown>;
      // Providers that keep scope claims out of the ID token serve them at userinfo (for this subject only).
      const rolesRoot = oidc.rolesClaim?.split('.')[0];
      if (claims.email === undefined || (rolesRoot && claims[rolesRoot] === undefined)) {
        const info = await lib.fetchUserInfo(configuration, tokens.access_token, String(claims.sub));
        claims = { ...info, ...claims };
      }
    } catch (err) {
      const e = err as { code?: string; message: string; error?: string };
      // openid-client's own checks of the ID token (audience, issuer, expiry, nonce, signature) carry OAUTH_JWT_* / OAUTH_JWS_* codes.
      const idToken = typeof e.code === 'string' && /^OAUTH_(JWT|JWS|INVALID_RESPONSE)|^ERR_JW/.test(e.code);
      throw new OidcRefusal(idToken ? 'id_token' : 'provider', `${e.code ?? e.error ?? 'error'}: ${e.message}`);
    }
    const userId = await this.matchUser(oidc, claims);
    const ticket = randomBytes(32).toString('base64url');
    await this.dataSource.query(`UPDATE oidc_logins SET user_id = $2, ticket_hash = $3, ticket_expires_at = $4 WHERE state = $1`, [
      state,
      userId,
      sha256(ticket),
      new Date(Date.now() + TICKET_TTL_MS),
    ]);
    return ticket;
  }

  /** The console's one-time ticket, from the browser that signed in → the access token (401 when unknown, used, expired or another browser's). */
  async redeem(ticket: string, browserState: string | null): Promise<{ accessToken: string; user: UserDto }> {
    const rows = await this.changed<{ user_id: string }>(
      `DELETE FROM oidc_logins WHERE ticket_hash = $1 AND state = $2 AND ticket_expires_at > now() RETURNING user_id`,
      [sha256(ticket), browserState ?? ''],
    );
    if (rows.length === 0) throw new AppException(ErrorCode.Unauthenticated, 'sign-in ticket unknown, expired or already used');
    return this.auth.issue(rows[0].user_id);
  }

  /** The RETURNING rows of an UPDATE or DELETE (TypeORM answers those with [rows, count]). */
  private async changed<T>(sql: string, params: unknown[]): Promise<T[]> {
    const [rows] = (await this.dataSource.query(sql, params)) as [T[], number];
    return rows;
  }

  /** Whether a first sign-in by someone without an account creates it (an admin's setting; default no). */
  async createUsers(): Promise<boolean> {
    const rows: { value: unknown }[] = await this.dataSource.query(`SELECT value FROM app_settings WHERE key = $1`, [CREATE_USERS_KEY]);
    return rows[0]?.value === true;
  }

  async setCreateUsers(value: boolean, adminId: string): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO app_settings (key, value, updated_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [CREATE_USERS_KEY, JSON.stringify(value), adminId],
    );
  }

  /** The user for these claims: linked subject first, else a verified e-mail; created only when the admin allows it. */
  private async matchUser(oidc: OidcConfig, claims: Record<string, unknown>): Promise<string> {
    const sub = String(claims.sub ?? '');
    const email = typeof claims.email === 'string' ? claims.email.trim() : '';
    const verified = claims.email_verified === true;
    const columns = `id, active, oidc_issuer, oidc_subject, roles_from_idp, roles, operation_scopes, cluster_scopes, organisation_id`;
    let user: UserRow | undefined = (
      await this.dataSource.query(`SELECT ${columns} FROM users WHERE oidc_issuer = $1 AND oidc_subject = $2`, [oidc.issuer, sub])
    )[0];
    if (!user) {
      if (!email || !verified) throw new OidcRefusal('email_unverified', `no verified e-mail for subject ${sub}`);
      user = (await this.dataSource.query(`SELECT ${columns} FROM users WHERE lower(email) = lower($1)`, [email]))[0];
      if (user && user.oidc_subject && (user.oidc_subject !== sub || user.oidc_issuer !== oidc.issuer)) {
        throw new OidcRefusal('subject_mismatch', `${email} is linked to another account at the provider`);
      }
    }
    const grant = grantFromClaims(claims, oidc);
    if (!user) {
      if (!(await this.createUsers())) throw new OidcRefusal('no_account', `no account has the e-mail ${email} and creating accounts at first sign-in is off`);
      return this.createUser(oidc, claims, email, sub, grant);
    }
    if (!user.active) throw new OidcRefusal('inactive', `account ${user.id} is deactivated`);
    await this.dataSource.query(`UPDATE users SET oidc_issuer = $2, oidc_subject = $3 WHERE id = $1 AND oidc_subject IS NULL`, [user.id, oidc.issuer, sub]);
    if (user.roles_from_idp && oidc.rolesClaim) await this.applyGrant(user, grant);
    return user.id;
  }

  /** Roles and scopes from the provider's mapping replace the user's; a change ends their older tokens. */
  private async applyGrant(user: UserRow, grant: OidcGrant): Promise<void> {
    const same = (a: unknown[], b: unknown[]) => JSON.stringify([...a].map((x) => JSON.stringify(x)).sort()) === JSON.stringify([...b].map((x) => JSON.stringify(x)).sort());
    if (
      same(user.roles, grant.roles) &&
      same(user.operation_scopes, grant.operations) &&
      same(user.cluster_scopes, grant.clusters) &&
      (user.organisation_id ?? null) === grant.organisationId
    ) {
      return;
    }
    await this.dataSource.query(
      `UPDATE users SET roles = $2, operation_scopes = $3, cluster_scopes = $4::jsonb, organisation_id = $5,
         authorised_signatory = authorised_signatory AND 'partner' = ANY ($2::text[]), updated_at = now() WHERE id = $1`,
      [user.id, grant.roles, grant.operations, JSON.stringify(grant.clusters), grant.organisationId],
    );
    await this.userState.revokeTokens(user.id);
    this.logger.log(`roles of user ${user.id} set from the provider's claims: ${grant.roles.join(', ') || '(none)'}`);
  }

  private async createUser(oidc: OidcConfig, claims: Record<string, unknown>, email: string, sub: string, grant: OidcGrant): Promise<string> {
    const base =
      email
        .split('@')[0]
        .toLowerCase()
        .replace(/[^a-z0-9._-]+/g, '-')
        .replace(/^[^a-z0-9]+/, '')
        .slice(0, 40) || 'user';
    const displayName = (typeof claims.name === 'string' && claims.name.trim()) || email;
    for (let n = 1; n <= 50; n++) {
      const username = n === 1 ? base : `${base}-${n}`;
      const rows: { id: string }[] = await this.dataSource.query(
        `INSERT INTO users (username, display_name, password_hash, roles, cluster_scopes, operation_scopes, organisation_id,
                            authorised_signatory, active, email, oidc_issuer, oidc_subject, roles_from_idp)
         SELECT $1, $2, $3, $4, $5::jsonb, $6, $7, false, true, $8, $9, $10, $11
         WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1))
         RETURNING id`,
        [username, displayName.slice(0, 200), NO_PASSWORD, grant.roles, JSON.stringify(grant.clusters), grant.operations, grant.organisationId, email, oidc.issuer, sub, !!oidc.rolesClaim],
      );
      if (rows[0]) {
        this.logger.log(`account ${username} created at first sign-in through ${oidc.providerName} (roles: ${grant.roles.join(', ') || 'none yet'})`);
        return rows[0].id;
      }
    }
    throw new AppException(ErrorCode.Conflict, `no free username for ${email}`);
  }
}
