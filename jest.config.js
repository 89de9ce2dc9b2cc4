// One jest run for the whole suite: unit specs beside the code, then workflow, integration,
// replay and browser suites under test/. Temporal and PostgreSQL are started once by globalSetup.
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
};

module.exports = {
  maxWorkers: 1,
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
