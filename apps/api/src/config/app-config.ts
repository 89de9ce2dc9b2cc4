// Configuration is read from the environment once, validated, and frozen: a bad variable stops the
// boot with its name, instead of surfacing as a confusing failure later.
import { DEFAULT_TASK_QUEUE } from '@hpc/workflows/contracts/task-queues';
import { envInt, type Env } from './env-int';
import { passwordHashCost, type PasswordHashCost } from '../auth/password';
import { loadOidcConfig, type OidcConfig } from './oidc-config';

export const APP_CONFIG = Symbol('APP_CONFIG');

/** Documented development-only secret; refused in production (see README, configuration). */
export const DEV_JWT_SECRET = 'hpc-flow-development-secret-not-for-production';
export const DEFAULT_DEMO_PASSWORD = 'demo12345';

export const NODE_ENVS = ['development', 'production', 'test'] as const;
export type NodeEnv = (typeof NODE_ENVS)[number];
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AppConfig {
  nodeEnv: NodeEnv;
  isProduction: boolean;
  port: number;
  databaseUrl: string;
  temporal: {
    address: string;
    namespace: string;
    taskQueue: string;
    tlsCertPath: string | null;
    tlsKeyPath: string | null;
    apiKey: string | null;
  };
  jwt: { secret: string; expiresIn: string };
  demoPassword: string;
  corsOrigins: string[];
  logLevel: LogLevel;
  /** Login attempts allowed per (client IP, username) within `loginRateTtlMs`. */
  loginRateLimit: number;
  loginRateTtlMs: number;
  /** Login attempts allowed per client IP (any username) within `loginRateIpTtlMs`: stops password spraying. */
  loginRateLimitPerIp: number;
  loginRateIpTtlMs: number;
  /** Express `trust proxy`: false, true, a hop count, or a comma list of proxy addresses/subnets. */
  trustProxy: boolean | number | string[];
  /** Largest JSON body accepted, in bytes, and its deepest nesting; both checked before parsing. */
  bodyLimitBytes: number;
  jsonMaxDepth: number;
  /** How long a decision waits for the workflow before answering 503. */
  decisionTimeoutMs: number;
  /** How long the auth guard may reuse a user's state (active, roles, scopes, token version); 0 = every request. */
  userStateCacheMs: number;
  /** Directory of the built console; null = look for admin-ui/dist next to the code. */
  consoleDistPath: string | null;
  /** OpenID Connect sign-in (OIDC_*); null = local passwords only. */
  oidc: OidcConfig | null;
  /** Username + password sign-in; false only in production with OIDC configured (OIDC_LOCAL_LOGIN=false). */
  localLogin: boolean;
  /**
   * Prometheus: `token` (METRICS_TOKEN) lets a scraper read the API's /api/metrics from anywhere with
   * `Authorization: Bearer <token>`; without it only a direct loopback connection may. `workerAddress`
   * (WORKER_METRICS_ADDRESS, host:port) is where the worker serves its own metrics; null = not served.
   */
  metrics: { token: string | null; workerAddress: string | null };
  /** argon2id cost of new password hashes (PASSWORD_HASH_*), checked here so a bad value stops the start. */
  passwordHash: PasswordHashCost;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

const DURATION = /^\d+(ms|s|m|h|d)?$/;

/** Parse and validate the environment; throws ConfigValidationError naming every bad variable. */
export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const str = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (name: string, fallback: number, min: number, max: number): number => envInt(env, problems, name, fallback, min, max);
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    if (!(values as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${values.join(', ')} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };

  const nodeEnv = oneOf('NODE_ENV', NODE_ENVS, 'development');
  const isProduction = nodeEnv === 'production';

  const databaseUrl = str('DATABASE_URL');
  if (!databaseUrl) problems.push('DATABASE_URL is required (postgresql://user:password@host:5432/db)');
  else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must start with postgresql://');

  let temporalAddress = str('TEMPORAL_ADDRESS');
  if (!temporalAddress) {
    if (isProduction) problems.push('TEMPORAL_ADDRESS is required when NODE_ENV=production (host:port)');
    temporalAddress = 'localhost:7233';
  } else if (!/^[^\s:/]+:\d{1,5}$/.test(temporalAddress)) {
    problems.push(`TEMPORAL_ADDRESS must be host:port (got "${temporalAddress}")`);
  }
  const tlsCertPath = str('TEMPORAL_TLS_CERT_PATH') ?? null;
  const tlsKeyPath = str('TEMPORAL_TLS_KEY_PATH') ?? null;
  if (!!tlsCertPath !== !!tlsKeyPath) {
    problems.push('TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together');
  }

  let jwtSecret = str('JWT_SECRET');
  if (!jwtSecret) {
    if (isProduction) problems.push('JWT_SECRET is required when NODE_ENV=production');
    jwtSecret = DEV_JWT_SECRET;
  } else if (isProduction && (jwtSecret === DEV_JWT_SECRET || jwtSecret.length < 32)) {
    problems.push('JWT_SECRET must be at least 32 characters and not the development secret when NODE_ENV=production');
  }
  const expiresIn = str('JWT_EXPIRES_IN') ?? '8h';
  if (!DURATION.test(expiresIn)) problems.push(`JWT_EXPIRES_IN must be a duration like 8h, 30m or 3600 (got "${expiresIn}")`);

  const demoPasswordRaw = str('DEMO_PASSWORD');
  if (isProduction && demoPasswordRaw !== undefined) {
    problems.push('DEMO_PASSWORD must not be set when NODE_ENV=production (no demo users exist there)');
  }
  const demoPassword = demoPasswordRaw ?? DEFAULT_DEMO_PASSWORD;
  if (demoPassword.length < 8) problems.push('DEMO_PASSWORD must be at least 8 characters');

  const corsOrigins = (str('CORS_ORIGINS') ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of corsOrigins) {
    if (!/^https?:\/\/[^\s/]+$/.test(origin)) {
      problems.push(`CORS_ORIGINS entries must be origins like https://console.example.org (got "${origin}")`);
    }
  }

  const trustProxy = parseTrustProxy(str('TRUST_PROXY'), problems);
  const metricsToken = str('METRICS_TOKEN') ?? null;
  if (metricsToken !== null && metricsToken.length < 16) problems.push('METRICS_TOKEN must be at least 16 characters');
  const workerMetricsAddress = str('WORKER_METRICS_ADDRESS') ?? null;
  if (workerMetricsAddress !== null && !/^(\[[0-9a-f:]+\]|[\w.-]+):\d{1,5}$/i.test(workerMetricsAddress)) {
    problems.push(`WORKER_METRICS_ADDRESS must be host:port, e.g. 127.0.0.1:9464 (got "${workerMetricsAddress}")`);
  }
  const { oidc, localLogin } = loadOidcConfig(str, isProduction, problems);
  const passwordHash = passwordHashCost(env, problems, isProduction);

  const config: AppConfig = {
    nodeEnv,
    isProduction,
    port: int('PORT', 3000, 0, 65535),
    databaseUrl: databaseUrl ?? '',
    temporal: {
      address: temporalAddress,
      namespace: str('TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: str('TEMPORAL_TASK_QUEUE') ?? DEFAULT_TASK_QUEUE,
      tlsCertPath,
      tlsKeyPath,
      apiKey: str('TEMPORAL_API_KEY') ?? null,
    },
    jwt: { secret: jwtSecret, expiresIn },
    demoPassword,
    corsOrigins,
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    loginRateLimit: int('LOGIN_RATE_LIMIT', 10, 1, 100_000),
    loginRateTtlMs: int('LOGIN_RATE_TTL_MS', 60_000, 1_000, 86_400_000),
    loginRateLimitPerIp: int('LOGIN_RATE_LIMIT_PER_IP', 50, 1, 1_000_000),
    loginRateIpTtlMs: int('LOGIN_RATE_IP_TTL_MS', 900_000, 1_000, 86_400_000),
    trustProxy,
    bodyLimitBytes: int('BODY_LIMIT_BYTES', 1_048_576, 1_024, 104_857_600),
    jsonMaxDepth: int('JSON_MAX_DEPTH', 32, 2, 256),
    decisionTimeoutMs: int('DECISION_TIMEOUT_MS', 10_000, 100, 300_000),
    userStateCacheMs: int('USER_STATE_CACHE_MS', 5_000, 0, 60_000),
    consoleDistPath: str('CONSOLE_DIST_PATH') ?? null,
    oidc,
    localLogin,
    metrics: { token: metricsToken, workerAddress: workerMetricsAddress },
    passwordHash,
  };
  if (problems.length > 0) throw new ConfigValidationError(problems);
  return Object.freeze(config);
}

const PROXY_ENTRY = /^(loopback|linklocal|uniquelocal|[0-9a-f.:]+(\/\d{1,3})?)$/i;

/** TRUST_PROXY as express understands it; anything else is named, never guessed. */
function parseTrustProxy(raw: string | undefined, problems: string[]): boolean | number | string[] {
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((e) => !PROXY_ENTRY.test(e));
  if (bad.length > 0 || entries.length === 0) {
    problems.push(`TRUST_PROXY must be true, false, a hop count, or a comma list of proxy addresses/subnets (got "${raw}")`);
    return false;
  }
  return entries;
}
