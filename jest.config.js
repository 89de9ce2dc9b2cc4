// One jest run for the whole suite: unit specs beside the code, then workflow, integration,
// replay and browser suites under test/. Temporal and PostgreSQL are started once by globalSetup, which gives
// each parallel jest worker a database and a Temporal namespace of its own (test/utils/worker-slot.ts).
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true, tsx: true },
      // The path alias of tsconfig.json (@hpc/workflows/*), rewritten to relative imports at transform time.
      baseUrl: __dirname,
      paths: { '@hpc/workflows/*': ['workflows/*'], '@hpc/activities/*': ['activities/*'] },
      transform: { legacyDecorator: true, decoratorMetadata: true, react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  transform: { '^.+\\.(t|j)sx?$': swc },
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.data/', '<rootDir>/.tools/'],
  // ESM-only packages (OpenID Connect: the client and, in tests, the provider) compiled to CommonJS for
  // jest's module system, which has no ESM loader without --experimental-vm-modules.
  transformIgnorePatterns: ['/node_modules/(?!(openid-client|oauth4webapi|jose|oidc-provider)/)'],
  setupFiles: ['<rootDir>/test/utils/worker-slot.ts'],
};

// Two workers by default: most suites wait on Temporal, PostgreSQL or a browser half the time, so two side by side
// keep both cores busy. HPC_TEST_WORKERS sets another count (1 = the old one-after-another run).
const workers = Number(process.env.HPC_TEST_WORKERS ?? 2);
if (!Number.isInteger(workers) || workers < 1) throw new Error(`HPC_TEST_WORKERS must be a positive integer (got ${process.env.HPC_TEST_WORKERS})`);

module.exports = {
  maxWorkers: workers,
  // A worker that has grown past this between test files is replaced by a fresh one (each suite loads Nest,
  // TypeORM and the Temporal SDK anew; one long-lived process grew to 3 GB and slowed down in GC).
  workerIdleMemoryLimit: '1GB',
  testTimeout: 60_000,
  globalSetup: '<rootDir>/test/utils/global-setup.ts',
  globalTeardown: '<rootDir>/test/utils/global-teardown.ts',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,workflows,activities,admin-ui/src}/**/*.spec.ts?(x)'],
    },
    {
      ...common,
      displayName: 'workflows',
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts', '<rootDir>/test/replay/**/*.test.ts'],
    },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.integration-spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
    },
  ],
};
