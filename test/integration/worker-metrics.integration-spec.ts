// The worker process itself (apps/worker/src/main.ts, started from its sources as the launcher would) with
// WORKER_METRICS_ADDRESS: the Temporal SDK serves its Prometheus metrics there, the worker's own polls and task
// slots among them; without the variable it serves nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { childExit } from '../../apps/cli/src/supervisor';
import { findFreePort, waitUntil } from '../../apps/cli/src/net';
import { workerRuntimeOptions } from '../../apps/worker/src/worker-runtime';
import { uniqueSuffix } from '../factories';

const ROOT = path.resolve(__dirname, '..', '..');

describe('worker metrics', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const done = childExit(child);
      child.kill('SIGTERM');
      await done;
    }
  });

  it('installs no metrics exporter without WORKER_METRICS_ADDRESS', () => {
    expect(workerRuntimeOptions({ metrics: { token: null, workerAddress: null } })).toEqual({});
  });

  it('serves the SDK worker metrics at WORKER_METRICS_ADDRESS/metrics', async () => {
    const port = await findFreePort();
    const taskQueue = `it-worker-metrics-${uniqueSuffix()}`;
    let log = '';
    child = spawn(process.execPath, ['-r', './test/factories/register-ts.js', 'apps/worker/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', TEMPORAL_TASK_QUEUE: taskQueue, WORKER_METRICS_ADDRESS: `127.0.0.1:${port}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
    let text = '';
    await waitUntil(
      'worker metrics',
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
        text = await res.text();
        // polls start once the workflow bundle is built and the worker runs; the activity pollers can report before the
        // workflow worker's slots do, so wait for both
        if (res.status !== 200 || !/temporal_num_pollers\{[^}]*task_queue="it-worker-metrics/.test(text)) throw new Error('no poller metrics yet');
        if (!/temporal_worker_task_slots_available\{[^}]*worker_type="WorkflowWorker"/.test(text)) throw new Error('no workflow worker slots yet');
      },
      { timeoutMs: 90_000, intervalMs: 500, abort: () => (child?.exitCode !== null ? `the worker exited: ${log.slice(-2000)}` : undefined) },
    );
    expect(text).toContain('service="hpc-flow-worker"');
    expect(text).toMatch(/temporal_worker_task_slots_available\{[^}]*worker_type="WorkflowWorker"/);
  }, 120_000);
});
