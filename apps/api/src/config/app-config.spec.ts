import { problems } from '../../../../test/utils/config-problems';
import { DEV_JWT_SECRET, loadConfig } from './app-config';

const BASE = { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x' };
const STRONG = 'a-production-secret-that-is-long-enough-1234';

describe('loadConfig', () => {
  it('gives development defaults', () => {
    const c = loadConfig({ ...BASE });
    expect(c).toMatchObject({
      nodeEnv: 'development',
      port: 3000,
      temporal: { address: 'localhost:7233', namespace: 'default', taskQueue: 'hpc-flow', apiKey: null },
      jwt: { secret: DEV_JWT_SECRET, expiresIn: '8h' },
      demoPassword: 'demo12345',
      corsOrigins: [],
      logLevel: 'info',
      loginRateLimit: 10,
      loginRateTtlMs: 60_000,
      loginRateLimitPerIp: 50,
      loginRateIpTtlMs: 900_000,
      trustProxy: false,
      bodyLimitBytes: 1_048_576,
      jsonMaxDepth: 32,
      decisionTimeoutMs: 10_000,
      userStateCacheMs: 5_000,
      passwordHash: { memoryKib: 65_536, iterations: 3, parallelism: 4 },
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('is silent by default under test', () => {
    expect(loadConfig({ ...BASE, NODE_ENV: 'test' }).logLevel).toBe('silent');
  });

  it('reads every variable', () => {
    const c = loadConfig({
      ...BASE,
      PORT: '3101',
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'hpc',
      TEMPORAL_TASK_QUEUE: 'q',
      TEMPORAL_API_KEY: 'k',
      JWT_SECRET: 's',
      JWT_EXPIRES_IN: '30m',
      CORS_ORIGINS: 'https://a.example.org, http://localhost:5173',
      LOG_LEVEL: 'warn',
      LOGIN_RATE_LIMIT: '3',
      LOGIN_RATE_LIMIT_PER_IP: '7',
      TRUST_PROXY: '10.0.0.0/8, loopback',
      JSON_MAX_DEPTH: '16',
      DECISION_TIMEOUT_MS: '2500',
      USER_STATE_CACHE_MS: '0',
    });
    expect(c).toMatchObject({
      port: 3101,
      temporal: { address: 'temporal.internal:7233', namespace: 'hpc', taskQueue: 'q', apiKey: 'k' },
      jwt: { secret: 's', expiresIn: '30m' },
      corsOrigins: ['https://a.example.org', 'http://localhost:5173'],
      logLevel: 'warn',
      loginRateLimit: 3,
      loginRateLimitPerIp: 7,
      trustProxy: ['10.0.0.0/8', 'loopback'],
      jsonMaxDepth: 16,
      decisionTimeoutMs: 2500,
      userStateCacheMs: 0,
    });
    expect(loadConfig({ ...BASE, TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(loadConfig({ ...BASE, TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  it('reads the metrics settings and names bad ones', () => {
    expect(loadConfig({ ...BASE }).metrics).toEqual({ token: null, workerAddress: null });
    expect(loadConfig({ ...BASE, METRICS_TOKEN: 'scrape-secret-0123', WORKER_METRICS_ADDRESS: '0.0.0.0:9464' }).metrics).toEqual({ token: 'scrape-secret-0123', workerAddress: '0.0.0.0:9464' });
    expect(loadConfig({ ...BASE, WORKER_METRICS_ADDRESS: '[::1]:9464' }).metrics.workerAddress).toBe('[::1]:9464');
    expect(problems({ ...BASE, METRICS_TOKEN: 'short', WORKER_METRICS_ADDRESS: '9464' })).toEqual([
      'METRICS_TOKEN must be at least 16 characters',
      'WORKER_METRICS_ADDRESS must be host:port, e.g. 127.0.0.1:9464 (got "9464")',
    ]);
  });

  it('names a bad TRUST_PROXY and out-of-range limits', () => {
    expect(problems({ ...BASE, TRUST_PROXY: 'everyone', DECISION_TIMEOUT_MS: '0', USER_STATE_CACHE_MS: '600000' })).toEqual([
      'TRUST_PROXY must be true, false, a hop count, or a comma list of proxy addresses/subnets (got "everyone")',
      'DECISION_TIMEOUT_MS must be an integer between 100 and 300000 (got "0")',
      'USER_STATE_CACHE_MS must be an integer between 0 and 60000 (got "600000")',
    ]);
  });

  it('names every bad variable at once', () => {
    expect(problems({ PORT: 'eighty', TEMPORAL_ADDRESS: 'nohost', LOG_LEVEL: 'loud', JWT_EXPIRES_IN: 'soon', CORS_ORIGINS: '*' })).toEqual([
      'DATABASE_URL is required (postgresql://user:password@host:5432/db)',
      'TEMPORAL_ADDRESS must be host:port (got "nohost")',
      'JWT_EXPIRES_IN must be a duration like 8h, 30m or 3600 (got "soon")',
      'CORS_ORIGINS entries must be origins like https://console.example.org (got "*")',
      'PORT must be an integer between 0 and 65535 (got "eighty")',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got "loud")',
    ]);
  });

  it('refuses a production boot without secrets or with demo settings', () => {
    expect(problems({ ...BASE, NODE_ENV: 'production' })).toEqual([
      'TEMPORAL_ADDRESS is required when NODE_ENV=production (host:port)',
      'JWT_SECRET is required when NODE_ENV=production',
    ]);
    expect(problems({ ...BASE, NODE_ENV: 'production', TEMPORAL_ADDRESS: 't:7233', JWT_SECRET: DEV_JWT_SECRET })).toEqual([
      'JWT_SECRET must be at least 32 characters and not the development secret when NODE_ENV=production',
    ]);
    expect(problems({ ...BASE, NODE_ENV: 'production', TEMPORAL_ADDRESS: 't:7233', JWT_SECRET: STRONG, DEMO_PASSWORD: 'demo12345' })).toEqual([
      'DEMO_PASSWORD must not be set when NODE_ENV=production (no demo users exist there)',
    ]);
    expect(loadConfig({ ...BASE, NODE_ENV: 'production', TEMPORAL_ADDRESS: 't:7233', JWT_SECRET: STRONG }).isProduction).toBe(true);
  });

  it('reads the password hash cost, names a bad one, and refuses one below OWASP\'s argon2id floor in production', () => {
    expect(loadConfig({ ...BASE, PASSWORD_HASH_MEMORY_KIB: '19456', PASSWORD_HASH_ITERATIONS: '2', PASSWORD_HASH_PARALLELISM: '1' }).passwordHash).toEqual({ memoryKib: 19_456, iterations: 2, parallelism: 1 });
    expect(problems({ ...BASE, PASSWORD_HASH_MEMORY_KIB: 'lots', PASSWORD_HASH_ITERATIONS: '0', PASSWORD_HASH_PARALLELISM: '17' })).toEqual([
      'PASSWORD_HASH_PARALLELISM must be an integer between 1 and 16 (got "17")',
      'PASSWORD_HASH_MEMORY_KIB must be an integer between 32 and 4194304 (got "lots")',
      'PASSWORD_HASH_ITERATIONS must be an integer between 1 and 100 (got "0")',
    ]);
    // argon2 needs 8 KiB per lane.
    expect(problems({ ...BASE, PASSWORD_HASH_MEMORY_KIB: '31', PASSWORD_HASH_PARALLELISM: '4' })).toEqual(['PASSWORD_HASH_MEMORY_KIB must be an integer between 32 and 4194304 (got "31")']);
    expect(loadConfig({ ...BASE, PASSWORD_HASH_MEMORY_KIB: '1024', PASSWORD_HASH_ITERATIONS: '1', PASSWORD_HASH_PARALLELISM: '1' }).passwordHash.memoryKib).toBe(1024);
    const production = { ...BASE, NODE_ENV: 'production', TEMPORAL_ADDRESS: 't:7233', JWT_SECRET: STRONG };
    expect(problems({ ...production, PASSWORD_HASH_MEMORY_KIB: '19455', PASSWORD_HASH_ITERATIONS: '2' })).toEqual([
      'PASSWORD_HASH_MEMORY_KIB and PASSWORD_HASH_ITERATIONS must be at least 19456 and 2 when NODE_ENV=production (got 19455 and 2)',
    ]);
    expect(problems({ ...production, PASSWORD_HASH_MEMORY_KIB: '19456', PASSWORD_HASH_ITERATIONS: '1' })).toHaveLength(1);
    expect(loadConfig({ ...production, PASSWORD_HASH_MEMORY_KIB: '19456', PASSWORD_HASH_ITERATIONS: '2', PASSWORD_HASH_PARALLELISM: '1' }).passwordHash).toEqual({ memoryKib: 19_456, iterations: 2, parallelism: 1 });
  });

  it('requires TLS certificate and key together', () => {
    expect(problems({ ...BASE, TEMPORAL_TLS_CERT_PATH: '/c.pem' })).toEqual(['TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH must be set together']);
  });
});
