// A real worker on the run's Temporal dev server for one suite: the bundled workflows and the activities over the
// suite's DataSource, on the suite's own task queue. `stop()` in afterAll.
import { NativeConnection } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { bundleWorkflows, createWorker } from '../../apps/worker/src/worker.factory';
import { testNamespace } from './temporal';

export interface TestWorker {
  stop(): Promise<void>;
}

export async function startTestWorker(taskQueue: string, dataSource: DataSource): Promise<TestWorker> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
  const worker = await createWorker({ connection, namespace: testNamespace(), taskQueue, dataSource, workflowBundle: await bundleWorkflows() });
  const run = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await run.catch(() => undefined);
      await connection.close();
    },
  };
}
