import { problems } from '../../../../test/utils/config-problems';
import { loadConfig } from './app-config';
import { claimValues, grantFromClaims, parseRoleMapping } from './oidc-config';

const BASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x' };
const PROD = { ...BASE, NODE_ENV: 'production', TEMPORAL_ADDRESS: 'temporal:7233', JWT_SECRET: 'a-production-secret-that-is-long-enough-1234' };
const OIDC = { OIDC_ISSUER: 'https://login.example.org/realms/hpc', OIDC_CLIENT_ID: 'hpc-flow', OIDC_CLIENT_SECRET: 's3cret' };
const OP = '3f1c2a4e-8b9d-4c1e-9a7b-2d5e6f708192';

describe('OIDC configuration', () => {
  it('is off without OIDC_ISSUER, local passwords on', () => {
    expect(loadConfig(BASE)).toMatchObject({ oidc: null, localLogin: true });
  });

  it('derives the provider name, redirect URI and scopes', () => {
    const c = loadConfig({ ...BASE, ...OIDC, PUBLIC_URL: 'https://hpc.example.org/' });
    expect(c.oidc).toMatchObject({
      issuer: OIDC.OIDC_ISSUER,
      clientId: 'hpc-flow',
      providerName: 'login.example.org',
      redirectUri: 'https://hpc.example.org/api/auth/oidc/callback',
      scopes: 'openid email profile',
      rolesClaim: null,
      roleMapping: {},
      allowInsecure: false,
      clockToleranceS: 30,
    });
  });

  it('names what is missing or malformed', () => {
    expect(problems({ ...BASE, OIDC_ISSUER: 'not a url' })).toEqual([
      'OIDC_ISSUER must be a URL like https://login.example.org/realms/hpc (got "not a url")',
      'OIDC_CLIENT_ID is required when OIDC_ISSUER is set',
      'OIDC_CLIENT_SECRET is required when OIDC_ISSUER is set',
    ]);
    expect(problems({ ...BASE, OIDC_CLIENT_ID: 'x' })).toEqual(['OIDC_ISSUER is required when OIDC_CLIENT_ID is set']);
    expect(problems({ ...BASE, ...OIDC, OIDC_SCOPES: 'openid profile' })).toEqual(['OIDC_SCOPES must include openid and email (got "openid profile")']);
    expect(problems({ ...BASE, ...OIDC, OIDC_ROLES_CLAIM: 'groups' })).toEqual(['OIDC_ROLES_CLAIM and OIDC_ROLE_MAPPING must be set together']);
    expect(problems({ ...BASE, ...OIDC, OIDC_REDIRECT_URI: 'https://hpc.example.org/callback' })).toEqual([
      'OIDC_REDIRECT_URI must end with /api/auth/oidc/callback (got "https://hpc.example.org/callback")',
    ]);
    expect(problems({ ...BASE, ...OIDC, OIDC_CLOCK_TOLERANCE_S: '-1' })).toEqual(['OIDC_CLOCK_TOLERANCE_S must be an integer between 0 and 300 (got "-1")']);
  });

  it('allows an http:// issuer only outside production', () => {
    expect(loadConfig({ ...BASE, ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:9000' }).oidc?.allowInsecure).toBe(true);
    expect(problems({ ...PROD, ...OIDC, OIDC_ISSUER: 'http://127.0.0.1:9000' })).toEqual(['OIDC_ISSUER must be an https:// URL when NODE_ENV=production']);
  });

  it('switches local passwords off only in production with OIDC configured', () => {
    expect(loadConfig({ ...PROD, ...OIDC, OIDC_LOCAL_LOGIN: 'false' }).localLogin).toBe(false);
    expect(loadConfig({ ...PROD, ...OIDC }).localLogin).toBe(true);
    expect(problems({ ...PROD, OIDC_LOCAL_LOGIN: 'false' })).toEqual(['OIDC_LOCAL_LOGIN=false needs OpenID Connect configured (OIDC_ISSUER), or nobody could sign in']);
    expect(problems({ ...BASE, ...OIDC, OIDC_LOCAL_LOGIN: 'false' })).toEqual([
      'OIDC_LOCAL_LOGIN=false is allowed only when NODE_ENV=production (development and tests sign in the demo users by password)',
    ]);
    expect(problems({ ...PROD, ...OIDC, OIDC_LOCAL_LOGIN: 'no' })).toEqual(['OIDC_LOCAL_LOGIN must be true or false (got "no")']);
  });
});

describe('OIDC_ROLE_MAPPING', () => {
  const parse = (raw: string) => {
    const p: string[] = [];
    const mapping = parseRoleMapping(raw, p);
    return { mapping, problems: p };
  };

  it('reads roles and scopes per claim value', () => {
    const { mapping, problems: p } = parse(
      JSON.stringify({ 'hc-ssd': { roles: ['hc'], operations: [OP] }, 'wash-leads': { roles: ['cluster_lead'], clusters: [{ operationId: OP, sector: 'wash' }] } }),
    );
    expect(p).toEqual([]);
    expect(mapping['hc-ssd']).toEqual({ roles: ['hc'], operations: [OP], clusters: [], organisationId: null });
    expect(mapping['wash-leads'].clusters).toEqual([{ operationId: OP, sector: 'wash' }]);
  });

  it('names each bad entry and rule', () => {
    expect(parse('{').problems).toEqual(['OIDC_ROLE_MAPPING must be a JSON object (claim value → {"roles": [...], ...}); it does not parse']);
    expect(parse('[]').problems).toEqual(['OIDC_ROLE_MAPPING must be a JSON object (claim value → {"roles": [...], ...})']);
    expect(parse(JSON.stringify({ g: { roles: ['king'], operations: ['x'], colour: 1 } })).problems).toEqual([
      'OIDC_ROLE_MAPPING["g"] has unknown keys colour (allowed: roles, operations, clusters, organisationId)',
      'OIDC_ROLE_MAPPING["g"].roles has unknown roles king',
      'OIDC_ROLE_MAPPING["g"].operations must be an array of operation ids (uuid)',
    ]);
    expect(parse(JSON.stringify({ g: { roles: ['cluster_lead', 'partner'], clusters: [{ operationId: OP, sector: 'moon' }] } })).problems).toEqual([
      'OIDC_ROLE_MAPPING["g"].clusters must be an array of {"operationId": "<uuid>", "sector": "<sector id>"}',
      'OIDC_ROLE_MAPPING["g"]: cluster_lead needs clusters',
      'OIDC_ROLE_MAPPING["g"]: partner needs organisationId',
    ]);
    expect(parse(JSON.stringify({ g: { roles: [] } })).problems).toEqual(['OIDC_ROLE_MAPPING["g"].roles must be a non-empty array of roles']);
  });

  it('grants the union over every matching claim value, from a dotted claim path', () => {
    const { mapping } = parse(JSON.stringify({ a: { roles: ['hc'], operations: [OP] }, b: { roles: ['hc', 'auditor'], operations: [OP] }, c: { roles: ['erc'] } }));
    const claims = { realm_access: { roles: ['a', 'b', 'unmapped', 'constructor'] } };
    expect(claimValues(claims, 'realm_access.roles')).toEqual(['a', 'b', 'unmapped', 'constructor']);
    expect(grantFromClaims(claims, { rolesClaim: 'realm_access.roles', roleMapping: mapping })).toEqual({ roles: ['hc', 'auditor'], operations: [OP], clusters: [], organisationId: null });
    expect(grantFromClaims({ groups: 'c' }, { rolesClaim: 'groups', roleMapping: mapping }).roles).toEqual(['erc']);
    expect(grantFromClaims({ groups: 'c' }, { rolesClaim: null, roleMapping: mapping }).roles).toEqual([]);
    expect(claimValues({ groups: 7 }, 'groups')).toEqual([]);
  });
});
