// Starts HPC Flow for browser tests the way `npm start` runs it: the worker's Nest application context
// and the API (serving the built console at `/`), against the run's DATABASE_URL and TEMPORAL_ADDRESS,
// with the demo data seeded. In-process, on a free port and a task queue of its own.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { createApp } from '../../../apps/api/src/app.factory';
import { loadConfig } from '../../../apps/api/src/config/app-config';
import { seedDemoData } from '../../../apps/api/src/modules/seed/demo-data';
import { consoleIsStale } from '../../../apps/cli/src/build-ui-if-stale';
import { findRepoRoot } from '../../../apps/cli/src/repo-root';
import { withFileLock } from '../../../apps/cli/src/temporal-binaries';
import { WorkerModule } from '../../../apps/worker/src/worker.module';

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo12345';

export interface RunningProduct {
  baseUrl: string;
  stop(): Promise<void>;
}

/**
 * Builds admin-ui/dist when a console source is newer than the build (as `npm start` does), under a lock: two
 * browser suites in parallel jest workers would otherwise write the same dist folder at once.
 */
export async function ensureConsoleBuilt(): Promise<void> {
  const root = findRepoRoot();
  if (!consoleIsStale(root)) return;
  await withFileLock(path.join(os.tmpdir(), `hpcflow-ui-build-${createHash('sha256').update(root).digest('hex').slice(0, 12)}.lock`), () => {
    if (!consoleIsStale(root)) return; // built by the suite that held the lock before us
    // NODE_ENV=test (jest's) would make Vite bundle React's development build.
    const res = spawnSync('npm', ['run', '--silent', 'build:ui'], { cwd: root, stdio: 'pipe', encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
    if (res.status !== 0) throw new Error(`npm run build:ui failed:\n${res.stdout}\n${res.stderr}`);
  });
}

export async function startProduct(): Promise<RunningProduct> {
  if (!process.env.DATABASE_URL || !process.env.TEMPORAL_ADDRESS) {
    throw new Error('DATABASE_URL and TEMPORAL_ADDRESS must be set (jest globalSetup provides them)');
  }
  await ensureConsoleBuilt();
  const env = {
    TEMPORAL_TASK_QUEUE: `hpc-flow-e2e-${process.pid}-${Date.now()}`,
    LOG_LEVEL: 'silent',
    // Each browser context signs in once per user; keep the limiter out of the way of the walk-through.
    LOGIN_RATE_LIMIT: '1000',
    LOGIN_RATE_LIMIT_PER_IP: '100000',
  };
  const config = loadConfig({ ...process.env, ...env });
  let worker: INestApplicationContext | undefined;
  let api: INestApplication | undefined;
  try {
    worker = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { logger: false });
    await worker.init();
    api = await createApp({ env });
    await api.listen(0, '127.0.0.1');
    await seedDemoData(api.get(DataSource), { password: DEMO_PASSWORD });
  } catch (err) {
    await api?.close().catch(() => undefined);
    await worker?.close().catch(() => undefined);
    throw err;
  }
  const { port } = api.getHttpServer().address() as AddressInfo;
  const started = { api, worker };
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    async stop() {
      // API first (no new decisions), then the worker (finishes in-flight activities).
      await started.api.close().catch(() => undefined);
      await started.worker.close().catch(() => undefined);
    },
  };
}
