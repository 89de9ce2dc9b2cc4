// The worker process: a Nest application context that runs the Temporal worker until SIGTERM/SIGINT.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { exitWithLauncher } from '../../api/src/common/exit-with-launcher';
import { ConfigValidationError, loadConfig } from '../../api/src/config/app-config';
import { TemporalWorkerService } from './temporal-worker.service';
import { installWorkerRuntime } from './worker-runtime';
import { startTracing } from '../../api/src/temporal/tracing';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const config = loadConfig();
  installWorkerRuntime(config);
  const tracing = startTracing('hpc-flow-worker');
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: config.logLevel === 'silent' ? false : ['log', 'warn', 'error'],
  });
  const worker = app.get(TemporalWorkerService);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    new Logger('Worker').log(`${signal}: finishing in-flight tasks, then stopping`);
    void app.close().then(
      async () => {
        await tracing?.shutdown().catch(() => undefined); // the last spans leave before the process does
        process.exit(0);
      },
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await app.init();
  exitWithLauncher();
  await worker.whenStopped();
  if (!stopping) {
    await app.close();
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigValidationError ? err.message : err);
  process.exit(1);
});
