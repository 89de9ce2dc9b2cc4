// One PostgreSQL server and one Temporal dev server for the whole jest run, handed to suites via process.env; each
// parallel jest worker gets a database and a namespace of its own on them (test/utils/worker-slot.ts picks it).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Config } from '@jest/types';
import { migrate } from '../../apps/api/src/persistence/data-source';
import { createDatabaseIfMissing, databaseUrlFor, dropDatabase, listDatabases } from '../../apps/cli/src/database';
import { postgresRunningIn, startEmbeddedPostgres } from '../../apps/cli/src/embedded-postgres';
import { findFreePort } from '../../apps/cli/src/net';
import { startDevServer } from '../../apps/cli/src/temporal-dev-server';
import { isJestCommandLine, needsInfrastructure, staleTestDatabases, testDatabaseName, testWorkerSlots, type JestSelection } from '../../apps/cli/src/test-infra';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';
import { WORKFLOW_BUNDLE_ENV } from '../../apps/worker/src/workflow-bundle-file';
import { resolveTemporalCli, resolveTemporalTestServer } from './temporal-binaries';
import { setTestInfra, TEST_SLOTS_ENV, type TestInfra, type TestSlotEnv } from './test-infra-state';

const TEST_JWT_SECRET = 'hpc-flow-test-jwt-secret-not-for-production-0123456789';

export default async function globalSetup(globalConfig: Config.GlobalConfig): Promise<void> {
  process.env.JWT_SECRET ??= TEST_JWT_SECRET;
  process.env.LOG_LEVEL = 'silent';
  // Password hashes at OWASP's argon2id floor (what production accepts at least), not the default's 64 MiB and 3
  // passes: each sign-in and each seeded password cost about 0.25 s of CPU at the default, 0.04 s here.
  process.env.PASSWORD_HASH_MEMORY_KIB ??= '19456';
  process.env.PASSWORD_HASH_ITERATIONS ??= '2';
  process.env.PASSWORD_HASH_PARALLELISM ??= '1';

  const allProjects = projectNames(globalConfig.rootDir);
  if (!needsInfrastructure(await jestSelection(globalConfig), allProjects, process.env.HPC_TEST_INFRA)) return;

  const infra: TestInfra = { tmpDirs: [], killNow: [] };
  setTestInfra(infra);
  killOnSignal(infra);
  try {
    // The workflows bundled once for the run (every suite's worker and every launched product reads the file),
    // built while PostgreSQL is migrated and the Temporal dev server starts: one webpack run instead of one per suite and per worker start.
    const bundleDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hpcflow-test-bundle-'));
    infra.tmpDirs.push(bundleDir);
    const bundleFile = path.join(bundleDir, 'workflow-bundle.js');
    const bundled = bundleWorkflows({ [WORKFLOW_BUNDLE_ENV]: bundleFile });
    bundled.catch(() => undefined); // awaited below; no unhandled rejection meanwhile

    const [cli, testServer] = [await resolveTemporalCli(), await resolveTemporalTestServer()];
    process.env.TEMPORAL_CLI_PATH = cli.path;
    process.env.TEMPORAL_TEST_SERVER_PATH = testServer.path;

    // PostgreSQL: a fresh database on DATABASE_URL's server, or on a throwaway embedded cluster.
    let serverUrl = process.env.DATABASE_URL;
    if (!serverUrl) {
      removeStaleTmpClusters();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), TMP_CLUSTER_PREFIX));
      fs.chmodSync(dir, 0o755);
      infra.tmpDirs.push(dir);
      const pg = await startEmbeddedPostgres({ dataDir: dir });
      infra.stopPostgres = pg.stop;
      infra.killNow.push(pg.kill);
      serverUrl = pg.serverUrl;
    } else {
      await dropStaleTestDatabases(serverUrl);
    }
    // One database per jest worker, migrated side by side; suites in one worker run one after another as before.
    const slots = testWorkerSlots(testDatabaseName(), Math.max(1, globalConfig.maxWorkers));
    infra.databases = [];
    await Promise.all(slots.map(async (slot) => {
      await createDatabaseIfMissing(serverUrl, slot.database);
      infra.databases!.push({ serverUrl, name: slot.database });
      await migrate(databaseUrlFor(serverUrl, slot.database));
    }));
    const slotEnv: TestSlotEnv[] = slots.map((slot) => ({ databaseUrl: databaseUrlFor(serverUrl, slot.database), namespace: slot.namespace }));
    process.env[TEST_SLOTS_ENV] = JSON.stringify(slotEnv);
    process.env.DATABASE_URL = slotEnv[0].databaseUrl;
    process.env.TEMPORAL_NAMESPACE = slotEnv[0].namespace;

    // Temporal: one headless in-memory dev server with our search attributes and Updates enabled.
    const [first, ...more] = slots.map((slot) => slot.namespace);
    const server = await startDevServer({ cliPath: cli.path, port: await findFreePort(), logLevel: 'error', namespace: first, moreNamespaces: more });
    infra.stopTemporal = server.stop;
    infra.killNow.push(() => server.child.kill('SIGKILL'));
    process.env.TEMPORAL_ADDRESS = server.address;
    await bundled;
    process.env[WORKFLOW_BUNDLE_ENV] = bundleFile;
  } catch (err) {
    // Leave nothing running when setup fails half-way; jest will not call teardown.
    const { default: teardown } = await import('./global-teardown');
    await teardown();
    throw err;
  }
}

/**
 * The projects and paths this run selected. Jest 30 passes --selectProjects/--ignoreProjects only to runCLI
 * (globalConfig lacks them), so re-parse the command line with jest-cli's own parser; null when jest was
 * started through runCLI by another tool (its argv is not jest's).
 */
async function jestSelection(globalConfig: Config.GlobalConfig): Promise<JestSelection | null> {
  if (!isJestCommandLine(process.argv[1])) return null;
  // jest-cli is jest's own dependency: resolve it from jest so the versions always match.
  const jestDir = path.dirname(require.resolve('jest/package.json'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { buildArgv } = require(require.resolve('jest-cli', { paths: [jestDir] })) as { buildArgv: (argv: string[]) => Promise<Config.Argv> };
  const argv = await buildArgv(process.argv.slice(2));
  return { selectProjects: argv.selectProjects, ignoreProjects: argv.ignoreProjects, testPathPatterns: globalConfig.testPathPatterns.patterns };
}

function projectNames(rootDir: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config = require(path.join(rootDir, 'jest.config.js')) as { projects?: Array<{ displayName?: string }> };
  return (config.projects ?? []).map((p) => p.displayName ?? '').filter(Boolean);
}

async function dropStaleTestDatabases(serverUrl: string): Promise<void> {
  try {
    const names = await listDatabases(serverUrl, 'hpcflow\\_test\\_%');
    for (const name of staleTestDatabases(names, Date.now(), 6 * 3600_000)) await dropDatabase(serverUrl, name);
  } catch {
    // Best effort: a user without rights to drop old databases can still run the tests.
  }
}

const TMP_CLUSTER_PREFIX = 'hpcflow-test-pg-';

/** Throwaway clusters of runs that were killed before teardown (no live postmaster, older than 10 minutes). */
function removeStaleTmpClusters(): void {
  for (const entry of fs.readdirSync(os.tmpdir())) {
    if (!entry.startsWith(TMP_CLUSTER_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), entry);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs < 10 * 60_000 || postgresRunningIn(path.join(dir, 'postgres'))) continue;
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run may be removing it at the same moment
    }
  }
}

/** A SIGINT/SIGTERM to jest skips globalTeardown: stop the servers anyway so nothing outlives the run. */
function killOnSignal(infra: TestInfra): void {
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
    process.once(signal, () => {
      for (const kill of infra.killNow) {
        try {
          kill();
        } catch {
          // already gone
        }
      }
      process.exit(code);
    });
  }
}
