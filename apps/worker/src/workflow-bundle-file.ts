// The file a run's workers share their workflow bundle through (fs only: the launcher imports it).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';

/**
 * HPC_WORKFLOW_BUNDLE: a file holding the bundled workflows. When it exists it is used as it is; when it does not,
 * the bundle is built and written there, so the next worker (a restart, another suite) starts without webpack.
 * The launcher points its workers at a fresh file per run and the test setup builds one per jest run; whoever
 * sets it owns its freshness (a file from older sources would run older workflow code).
 */
export const WORKFLOW_BUNDLE_ENV = 'HPC_WORKFLOW_BUNDLE';

export function readBundleFile(file: string): WorkflowBundleWithSourceMap | undefined {
  try {
    return { code: fs.readFileSync(file, 'utf8'), sourceMap: '' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Written beside and renamed into place: a worker starting meanwhile reads the whole file or none. */
export function writeBundleFile(file: string, bundle: WorkflowBundleWithSourceMap): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, bundle.code);
  fs.renameSync(tmp, file);
}
