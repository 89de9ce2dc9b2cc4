// Stops what global setup started and drops the run's databases; each step runs even if another fails.
import * as fs from 'node:fs';
import { dropDatabase } from '../../apps/cli/src/database';
import { getTestInfra, setTestInfra } from './test-infra-state';

export default async function globalTeardown(): Promise<void> {
  const infra = getTestInfra();
  if (!infra) return;
  setTestInfra(undefined);
  const errors: unknown[] = [];
  const attempt = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      errors.push(err);
    }
  };
  if (infra.stopTemporal) await attempt(infra.stopTemporal);
  for (const { serverUrl, name } of infra.databases ?? []) await attempt(() => dropDatabase(serverUrl, name));
  if (infra.stopPostgres) await attempt(infra.stopPostgres);
  for (const dir of infra.tmpDirs) fs.rmSync(dir, { recursive: true, force: true });
  if (errors.length) throw new AggregateError(errors, `test teardown: ${errors.map((e) => (e as Error).message).join('; ')}`);
}
