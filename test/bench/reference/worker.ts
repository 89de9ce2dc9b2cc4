// The reference worker process (started by the engine-cost scenario): the same SDK, connection, data converter
// (encrypted payloads) and sticky cache as the product's worker, on a task queue of its own.
import { NativeConnection, Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { hpcDataConverter } from '../../../apps/api/src/temporal/payload-codec';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../../../apps/worker/src/worker.factory';
import { REFERENCE_SCHEMA, referenceActivities } from './reference.activities';

export const REFERENCE_TASK_QUEUE = 'hpc-bench-reference';

async function main(): Promise<void> {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  await pool.query(REFERENCE_SCHEMA);
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233' });
  const worker = await Worker.create({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    taskQueue: REFERENCE_TASK_QUEUE,
    workflowsPath: require.resolve('./reference.workflow'),
    activities: referenceActivities(pool),
    dataConverter: hpcDataConverter(),
    maxCachedWorkflows: DEFAULT_MAX_CACHED_WORKFLOWS,
  });
  const stop = () => worker.shutdown();
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  await worker.run();
  await connection.close();
  await pool.end();
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
