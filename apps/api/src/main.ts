import 'reflect-metadata';
import { createApp } from './app.factory';
import { exitWithLauncher } from './common/exit-with-launcher';
import { ConfigValidationError, loadConfig } from './config/app-config';

async function main(): Promise<void> {
  let port: number;
  try {
    port = loadConfig().port;
  } catch (err) {
    if (err instanceof ConfigValidationError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const app = await createApp();
  await app.listen(port);
  exitWithLauncher();
}

main().catch((err: unknown) => {
  console.error(`HPC Flow API failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
