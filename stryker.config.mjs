// Mutation testing (`npm run test:mutation`, not part of `npm test`): mutates the pure, decisive code and runs
// only the unit jest project against each mutant (no PostgreSQL, no Temporal). Reports land in reports/mutation/.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const jestConfig = require('./jest.config.js');
const unit = jestConfig.projects.find((p) => p.displayName === 'unit');

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: 'npm',
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // package.json has no "jest" key: the run gets exactly the unit project below, without globalSetup or projects.
    configFile: 'package.json',
    config: {
      ...unit,
      // The specs of the mutated code only: console and API-module specs load React or Nest for every mutant.
      testMatch: [
        '<rootDir>/workflows/**/*.spec.ts',
        '<rootDir>/activities/**/*.spec.ts',
        '<rootDir>/apps/api/src/auth/**/*.spec.ts',
        '<rootDir>/apps/api/src/common/**/*.spec.ts',
      ],
      // Spawns whole jest runs to test the global setup wiring; it covers none of the mutated files.
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/apps/cli/src/test-infra.spec.ts'],
    },
    // Each mutant runs only the specs that import its file (jest's dependency graph), then only the tests covering it.
    enableFindRelatedTests: true,
  },
  checkers: ['typescript'],
  // Only the mutated files and what they import: half-finished work elsewhere in the tree must not stop the run.
  tsconfigFile: 'tsconfig.stryker.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'workflows/domain/**/*.ts',
    '!workflows/domain/**/*.spec.ts',
    'activities/audit-hash.ts',
    'apps/api/src/auth/authorization.service.ts',
    'apps/api/src/common/list-query.ts',
  ],
  ignorePatterns: ['/.data', '/.data-*', '/.tools', '/dist', '/admin-ui/dist', '/coverage', '/bench-results', '/test/e2e/artifacts'],
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: 'reports/stryker-tmp',
  cleanTempDir: true,
  concurrency: 2,
  // Mutants that loop forever (working-day loops) time out; the unit tests themselves take well under a second.
  timeoutMS: 5_000,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, maxTestsToLog: 0 },
  thresholds: { high: 90, low: 80, break: null },
};
