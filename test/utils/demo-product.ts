// The API listening on a port of its own with a real worker on the suite's task queue: what the demo creators
// (createDemoCases, createDemoHpc, createDemoCcpm, createDemoPooledFunds) drive over HTTP, the way `npm start` does.
import type { INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { DEMO_OPERATION } from '../../apps/api/src/modules/seed/demo-data';
import type { DemoCasesOptions } from '../../apps/api/src/modules/seed/demo-cases';
import { uniqueSuffix } from '../factories';
import { createTestApp, DEMO_PASSWORD } from './http';
import { startTestWorker } from './worker';

export interface DemoProduct {
  app: INestApplication;
  ds: DataSource;
  taskQueue: string;
  baseUrl: string;
  /** What every demo creator takes: the demo operation, the demo password, lines printed as they come. */
  opts: DemoCasesOptions;
  stop(): Promise<void>;
}

export async function startDemoProduct(name: string): Promise<DemoProduct> {
  const taskQueue = `it-${name}-${uniqueSuffix()}`;
  const app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
  const ds = app.get(DataSource);
  const worker = await startTestWorker(taskQueue, ds).catch(async (err: unknown) => {
    await app.close();
    throw err;
  });
  await app.listen(0, '127.0.0.1').catch(async (err: unknown) => {
    await worker.stop();
    await app.close();
    throw err;
  });
  const baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  return {
    app,
    ds,
    taskQueue,
    baseUrl,
    opts: { baseUrl, password: DEMO_PASSWORD, operationName: DEMO_OPERATION.name, log: (line: string) => process.stdout.write(`${line}\n`) },
    async stop() {
      await worker.stop();
      await app.close();
    },
  };
}
