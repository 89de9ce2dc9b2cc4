// Builds the HPC Flow worker: the bundled workflows plus the activities over one DataSource.
import { bundleWorkflowCode, Worker, type NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { hpcDataConverter } from '../../api/src/temporal/payload-codec';
import { activeTracing } from '../../api/src/temporal/tracing';
import { createActivities } from '../../../activities';
import { readBundleFile, WORKFLOW_BUNDLE_ENV, writeBundleFile } from './workflow-bundle-file';
import type { HpcActivities } from '@hpc/workflows/contracts/activities';

/**
 * Workflows kept in the worker's sticky cache. The SDK's default grows with the heap limit (about 2,300 on a
 * 4 GiB heap) and each cached case costs ~0.4 MiB, so a worker with thousands of open cases (they live for
 * months) passed 500 MiB in `npm run bench`; an evicted case is replayed from its short history when it wakes.
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 200;

/** workflows/index (.ts under jest and ts hooks, .js from dist/): same relative path from here. */
export const WORKFLOWS_PATH = require.resolve('../../../workflows');

export interface CreateWorkerOptions {
  connection: NativeConnection;
  taskQueue: string;
  dataSource: DataSource;
  namespace?: string;
  /** Reuse one bundle per test suite (bundling takes seconds). */
  workflowBundle?: WorkflowBundleWithSourceMap;
  /** Activities built elsewhere (e.g. by Nest); default: built from `dataSource`. */
  activities?: HpcActivities;
  identity?: string;
  /** Sticky cache size; default DEFAULT_MAX_CACHED_WORKFLOWS. */
  maxCachedWorkflows?: number;
  /** Payload encryption; default from PAYLOAD_KEYS (apps/api/src/temporal/payload-codec.ts). */
  dataConverter?: DataConverter;
}

/**
 * The bundle; with tracing on (OTEL_*), the OpenTelemetry workflow interceptors are bundled in (always built then:
 * the file of HPC_WORKFLOW_BUNDLE holds none).
 */
export async function bundleWorkflows(env: NodeJS.ProcessEnv = process.env): Promise<WorkflowBundleWithSourceMap> {
  if (activeTracing()) return buildWorkflowBundle([OTEL_WORKFLOW_INTERCEPTORS]);
  const file = env[WORKFLOW_BUNDLE_ENV]?.trim();
  if (!file) return buildWorkflowBundle();
  const cached = readBundleFile(file);
  if (cached) return cached;
  const bundle = await buildWorkflowBundle();
  writeBundleFile(file, bundle);
  return bundle;
}

function buildWorkflowBundle(workflowInterceptorModules?: string[]): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger, workflowInterceptorModules });
}

const OTEL_WORKFLOW_INTERCEPTORS = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  const tracing = activeTracing();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    activities: options.activities ?? createActivities(options.dataSource),
    maxCachedWorkflows: options.maxCachedWorkflows ?? DEFAULT_MAX_CACHED_WORKFLOWS,
    dataConverter: options.dataConverter ?? hpcDataConverter(),
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    ...(options.identity ? { identity: options.identity } : {}),
    // tracing (OTEL_*): activity and workflow interceptors, and the sink that exports the workflows' spans
    plugins: tracing ? [tracing.workerPlugin()] : [],
  });
}

const noop = (): void => undefined;
/** The bundler's logger: its errors only (it reports every module otherwise). */
export const quietBundlerLogger = { trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: (m: string, meta?: unknown) => console.error(m, meta ?? '') };
