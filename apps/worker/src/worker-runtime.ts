// The worker's Temporal runtime, installed once per process before any connection: with WORKER_METRICS_ADDRESS
// (host:port), the SDK serves its own Prometheus metrics there at /metrics — workflow and activity task latency,
// schedule-to-start, slots in use, sticky cache size and hits, polls, failures, by task queue, workflow type and
// activity type (the projection's activities included), in seconds and with `_total` counters.
import { Runtime } from '@temporalio/worker';
import type { AppConfig } from '../../api/src/config/app-config';

export function workerRuntimeOptions(config: Pick<AppConfig, 'metrics'>): Parameters<typeof Runtime.install>[0] {
  const bindAddress = config.metrics.workerAddress;
  if (!bindAddress) return {};
  return {
    telemetryOptions: {
      metrics: {
        prometheus: { bindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
        globalTags: { service: 'hpc-flow-worker' },
      },
    },
  };
}

export function installWorkerRuntime(config: Pick<AppConfig, 'metrics'>): void {
  const options = workerRuntimeOptions(config);
  if (options.telemetryOptions) Runtime.install(options);
}
