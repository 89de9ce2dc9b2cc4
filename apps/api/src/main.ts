import 'reflect-metadata';
import { ConsoleLogger } from '@nestjs/common';
import { Connection } from '@temporalio/client';
import { AdminInputError, bootstrapAdmin } from '../../cli/src/admin';
import { ListenHostError, listenHost } from '../../cli/src/listen-host';
import { createApp } from './app.factory';
import { exitWithLauncher } from './common/exit-with-launcher';
import { ConfigValidationError, loadConfig } from './config/app-config';
import { schemaProblem, schemaStatus } from './persistence/data-source';
import { checkNamespaceAtBoot } from './temporal/namespace-check';
import { temporalConnectionOptions } from './temporal/temporal-connection';
import { startTracing } from './temporal/tracing';

/** A reason not to start that the operator can act on: one line, exit 1. */
class RefuseToStart extends Error {}

async function main(): Promise<void> {
  // Off unless OTEL_* asks for it; before anything opens a Temporal connection.
  startTracing('hpc-flow-api');
  let config: ReturnType<typeof loadConfig>;
  let host: string;
  try {
    config = loadConfig();
    host = listenHost(process.env);
  } catch (err) {
    if (err instanceof ConfigValidationError || err instanceof ListenHostError) throw new RefuseToStart(err.message);
    throw err;
  }
  // Before Nest's pino logger exists; plain text under systemd/journald, colours only on a terminal.
  const logger = new ConsoleLogger('Boot', { colors: process.stdout.isTTY === true });

  // Migrations are the launcher's or `npm run migrate`'s job (under a lock); an API never runs on a stale schema.
  const problem = schemaProblem(await schemaStatus(config.databaseUrl));
  if (problem) throw new RefuseToStart(problem);

  // Every start sets the custom search attributes: a namespace without them would turn each start into an error.
  const check = await checkNamespaceAtBoot(config.temporal, temporalConnectionOptions(config), (o) => Connection.connect(o));
  if (check.kind === 'misconfigured') throw new RefuseToStart(check.message);
  if (check.kind === 'unreachable') logger.warn(`${check.message}; starting anyway, /api/health reports it`);
  else if (check.registered.length) logger.log(`registered search attributes ${check.registered.join(', ')} in namespace ${config.temporal.namespace}`);

  try {
    await bootstrapAdmin(config.databaseUrl, process.env, (line) => logger.log(line));
  } catch (err) {
    if (err instanceof AdminInputError) throw new RefuseToStart(err.message);
    throw err;
  }

  const app = await createApp();
  await app.listen(config.port, host);
  exitWithLauncher();
}

main().catch((err: unknown) => {
  console.error(`HPC Flow API failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
