// OpenID Connect sign-in settings (OIDC_*), validated with the rest of the configuration, and the one
// function that turns a provider's role/group claim into HPC Flow roles and scopes.
import { ALL_SECTORS, isRole, type ClusterScope, type Role } from '@hpc/workflows/domain';

/** What one value of the role/group claim grants. */
export interface OidcGrant {
  roles: Role[];
  /** operationScopes: where hc, ocha and advisory_board act. */
  operations: string[];
  /** clusterScopes: where a cluster lead acts. */
  clusters: ClusterScope[];
  /** A partner's organisation. */
  organisationId: string | null;
}

export interface OidcConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Shown on the console's button: "Sign in with <providerName>". */
  providerName: string;
  redirectUri: string;
  scopes: string;
  /** Dotted path of the claim carrying roles or groups (`groups`, `realm_access.roles`); null = roles come from the admin. */
  rolesClaim: string | null;
  /** Claim value → what it grants (OIDC_ROLE_MAPPING). */
  roleMapping: Record<string, OidcGrant>;
  /** http:// issuers (a provider on this machine, tests); refused in production. */
  allowInsecure: boolean;
  /** Seconds of clock difference tolerated on the ID token's iat/exp. */
  clockToleranceS: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SECTORS: readonly string[] = ALL_SECTORS;

type Str = (name: string) => string | undefined;

/**
 * OIDC_* variables → the OIDC settings (null when OIDC_ISSUER is unset) and whether local passwords stay on.
 * Pushes one message per bad variable onto `problems`.
 */
export function loadOidcConfig(str: Str, isProduction: boolean, problems: string[]): { oidc: OidcConfig | null; localLogin: boolean } {
  const issuer = str('OIDC_ISSUER');
  const localLoginRaw = str('OIDC_LOCAL_LOGIN');
  let localLogin = true;
  if (localLoginRaw !== undefined) {
    if (localLoginRaw !== 'true' && localLoginRaw !== 'false') problems.push(`OIDC_LOCAL_LOGIN must be true or false (got "${localLoginRaw}")`);
    else localLogin = localLoginRaw === 'true';
  }
  if (!issuer) {
    const stray = ['OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_ROLES_CLAIM', 'OIDC_ROLE_MAPPING', 'OIDC_PROVIDER_NAME', 'OIDC_REDIRECT_URI'].filter((n) => str(n) !== undefined);
    if (stray.length > 0) problems.push(`OIDC_ISSUER is required when ${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} set`);
    if (!localLogin) problems.push('OIDC_LOCAL_LOGIN=false needs OpenID Connect configured (OIDC_ISSUER), or nobody could sign in');
    return { oidc: null, localLogin: true };
  }
  if (!localLogin && !isProduction) problems.push('OIDC_LOCAL_LOGIN=false is allowed only when NODE_ENV=production (development and tests sign in the demo users by password)');

  let issuerUrl: URL | null = null;
  try {
    issuerUrl = new URL(issuer);
  } catch {
    problems.push(`OIDC_ISSUER must be a URL like https://login.example.org/realms/hpc (got "${issuer}")`);
  }
  if (issuerUrl && issuerUrl.protocol !== 'https:' && issuerUrl.protocol !== 'http:') problems.push(`OIDC_ISSUER must be an https:// URL (got "${issuer}")`);
  if (issuerUrl && issuerUrl.protocol === 'http:' && isProduction) problems.push('OIDC_ISSUER must be an https:// URL when NODE_ENV=production');

  const clientId = str('OIDC_CLIENT_ID');
  if (!clientId) problems.push('OIDC_CLIENT_ID is required when OIDC_ISSUER is set');
  const clientSecret = str('OIDC_CLIENT_SECRET');
  if (!clientSecret) problems.push('OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set');

  const publicUrl = (str('PUBLIC_URL') ?? 'http://localhost:3000').replace(/\/+$/, '');
  const redirectUri = str('OIDC_REDIRECT_URI') ?? `${publicUrl}/api/auth/oidc/callback`;
  try {
    const u = new URL(redirectUri);
    if (!u.pathname.endsWith('/api/auth/oidc/callback')) problems.push(`OIDC_REDIRECT_URI must end with /api/auth/oidc/callback (got "${redirectUri}")`);
  } catch {
    problems.push(`OIDC_REDIRECT_URI (or PUBLIC_URL) must be a URL (got "${redirectUri}")`);
  }

  const scopes = str('OIDC_SCOPES') ?? 'openid email profile';
  if (!scopes.split(/\s+/).includes('openid') || !scopes.split(/\s+/).includes('email')) {
    problems.push(`OIDC_SCOPES must include openid and email (got "${scopes}")`);
  }

  const rolesClaim = str('OIDC_ROLES_CLAIM') ?? null;
  const mappingRaw = str('OIDC_ROLE_MAPPING');
  if (!!rolesClaim !== !!mappingRaw) problems.push('OIDC_ROLES_CLAIM and OIDC_ROLE_MAPPING must be set together');
  if (rolesClaim && !/^[A-Za-z0-9_:/.-]+$/.test(rolesClaim)) problems.push(`OIDC_ROLES_CLAIM must be a claim name or dotted path like groups or realm_access.roles (got "${rolesClaim}")`);
  const roleMapping = mappingRaw ? parseRoleMapping(mappingRaw, problems) : {};

  const toleranceRaw = str('OIDC_CLOCK_TOLERANCE_S');
  let clockToleranceS = 30;
  if (toleranceRaw !== undefined) {
    const n = Number(toleranceRaw);
    if (!Number.isInteger(n) || n < 0 || n > 300) problems.push(`OIDC_CLOCK_TOLERANCE_S must be an integer between 0 and 300 (got "${toleranceRaw}")`);
    else clockToleranceS = n;
  }

  return {
    oidc: {
      issuer,
      clientId: clientId ?? '',
      clientSecret: clientSecret ?? '',
      providerName: str('OIDC_PROVIDER_NAME') ?? issuerUrl?.hostname ?? issuer,
      redirectUri,
      scopes,
      rolesClaim: mappingRaw ? rolesClaim : null,
      roleMapping,
      allowInsecure: issuerUrl?.protocol === 'http:' && !isProduction,
      clockToleranceS,
    },
    localLogin,
  };
}

/**
 * OIDC_ROLE_MAPPING: JSON object, claim value → { roles, operations?, clusters?, organisationId? }, e.g.
 * `{"hpc-hc-ssd": {"roles": ["hc"], "operations": ["<uuid>"]}, "wash-leads": {"roles": ["cluster_lead"],
 * "clusters": [{"operationId": "<uuid>", "sector": "wash"}]}}`.
 */
export function parseRoleMapping(raw: string, problems: string[]): Record<string, OidcGrant> {
  const where = 'OIDC_ROLE_MAPPING';
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    problems.push(`${where} must be a JSON object (claim value → {"roles": [...], ...}); it does not parse`);
    return {};
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) {
    problems.push(`${where} must be a JSON object (claim value → {"roles": [...], ...})`);
    return {};
  }
  const out: Record<string, OidcGrant> = {};
  for (const [value, entry] of Object.entries(json as Record<string, unknown>)) {
    const at = `${where}["${value}"]`;
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${at} must be an object with roles`);
      continue;
    }
    const e = entry as Record<string, unknown>;
    const unknownKeys = Object.keys(e).filter((k) => !['roles', 'operations', 'clusters', 'organisationId'].includes(k));
    if (unknownKeys.length > 0) problems.push(`${at} has unknown keys ${unknownKeys.join(', ')} (allowed: roles, operations, clusters, organisationId)`);
    const roles = Array.isArray(e.roles) ? e.roles : [];
    if (roles.length === 0) problems.push(`${at}.roles must be a non-empty array of roles`);
    const badRoles = roles.filter((r) => !isRole(r));
    if (badRoles.length > 0) problems.push(`${at}.roles has unknown roles ${badRoles.join(', ')}`);
    const operations = e.operations === undefined ? [] : Array.isArray(e.operations) ? e.operations : null;
    if (!operations || operations.some((o) => typeof o !== 'string' || !UUID.test(o))) problems.push(`${at}.operations must be an array of operation ids (uuid)`);
    const clusters = e.clusters === undefined ? [] : Array.isArray(e.clusters) ? e.clusters : null;
    const validClusters: ClusterScope[] = [];
    for (const c of clusters ?? []) {
      const cs = c as Record<string, unknown> | null;
      if (cs && typeof cs.operationId === 'string' && UUID.test(cs.operationId) && typeof cs.sector === 'string' && SECTORS.includes(cs.sector)) {
        validClusters.push({ operationId: cs.operationId, sector: cs.sector });
      }
    }
    if (!clusters || validClusters.length !== clusters.length) problems.push(`${at}.clusters must be an array of {"operationId": "<uuid>", "sector": "<sector id>"}`);
    const organisationId = e.organisationId === undefined || e.organisationId === null ? null : e.organisationId;
    if (organisationId !== null && (typeof organisationId !== 'string' || !UUID.test(organisationId))) problems.push(`${at}.organisationId must be an organisation id (uuid)`);
    const validRoles = roles.filter(isRole);
    if (validRoles.includes('cluster_lead') && validClusters.length === 0) problems.push(`${at}: cluster_lead needs clusters`);
    if (validRoles.includes('partner') && !organisationId) problems.push(`${at}: partner needs organisationId`);
    out[value] = { roles: validRoles, operations: (operations ?? []).filter((o): o is string => typeof o === 'string'), clusters: validClusters, organisationId: organisationId as string | null };
  }
  return out;
}

/** The claim at a dotted path, as a list of strings (a single string counts as one value). */
export function claimValues(claims: Record<string, unknown>, path: string): string[] {
  let v: unknown = claims;
  for (const part of path.split('.')) {
    if (!v || typeof v !== 'object') return [];
    v = (v as Record<string, unknown>)[part];
  }
  if (typeof v === 'string') return [v];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Roles and scopes granted by the ID token's claims through the mapping: the union over every matching claim
 * value. The organisation comes from the first matching entry that names one (a user belongs to one organisation).
 */
export function grantFromClaims(claims: Record<string, unknown>, oidc: Pick<OidcConfig, 'rolesClaim' | 'roleMapping'>): OidcGrant {
  const grant: OidcGrant = { roles: [], operations: [], clusters: [], organisationId: null };
  if (!oidc.rolesClaim) return grant;
  for (const value of claimValues(claims, oidc.rolesClaim)) {
    const entry = Object.prototype.hasOwnProperty.call(oidc.roleMapping, value) ? oidc.roleMapping[value] : undefined;
    if (!entry) continue;
    for (const r of entry.roles) if (!grant.roles.includes(r)) grant.roles.push(r);
    for (const o of entry.operations) if (!grant.operations.includes(o)) grant.operations.push(o);
    for (const c of entry.clusters) {
      if (!grant.clusters.some((x) => x.operationId === c.operationId && x.sector === c.sector)) grant.clusters.push(c);
    }
    grant.organisationId ??= entry.organisationId;
  }
  return grant;
}
