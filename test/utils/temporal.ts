// Temporal environments for suites: the time-skipping server, or the run's shared dev server from global setup.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { hpcDataConverter } from '../../apps/api/src/temporal/payload-codec';
import { resolveTemporalTestServer } from './temporal-binaries';

/** A fresh time-skipping test server (one per suite; call `env.teardown()` in afterAll). */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH ?? (await resolveTemporalTestServer()).path;
  // The clients decode what the workers encode (PAYLOAD_KEYS set: encrypted payloads, like production).
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } }, client: { dataConverter: hpcDataConverter() } });
}

/** This jest worker's Temporal namespace on the dev server (test/utils/worker-slot.ts sets it; 'default' outside jest). */
export function testNamespace(): string {
  return process.env.TEMPORAL_NAMESPACE ?? 'default';
}

/** The dev server global setup started (real server, Updates enabled, HPC search attributes registered). */
export async function connectToDevServer(): Promise<TestWorkflowEnvironment> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error('TEMPORAL_ADDRESS is unset: run this suite through jest (global setup starts the dev server; `--selectProjects unit` does not)');
  }
  return TestWorkflowEnvironment.createFromExistingServer({ address, namespace: testNamespace(), client: { dataConverter: hpcDataConverter() } });
}
