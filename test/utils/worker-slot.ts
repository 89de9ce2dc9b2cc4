// Jest setup file (every project, every test file): points this jest worker's suites at the database and the
// Temporal namespace global setup made for it, so suites running side by side in two workers never share rows,
// cases or duty schedules. In band (one worker, or one test file) it is the first slot.
import { slotOfWorker } from '../../apps/cli/src/test-infra';
import { TEST_SLOTS_ENV, type TestSlotEnv } from './test-infra-state';

const listed = process.env[TEST_SLOTS_ENV];
if (listed) {
  const slot = slotOfWorker(JSON.parse(listed) as TestSlotEnv[], process.env.JEST_WORKER_ID);
  process.env.DATABASE_URL = slot.databaseUrl;
  process.env.TEMPORAL_NAMESPACE = slot.namespace;
}
