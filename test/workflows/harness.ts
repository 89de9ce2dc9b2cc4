// Shared by the workflow suites: one bundle per suite, a worker per test on its own task queue.
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { createWorker } from '../../apps/worker/src/worker.factory';
import { decideUpdate, type DecideRequest, type DecideResult } from '../../workflows/contracts/messages';
import { stateQuery } from '../../workflows/contracts/messages';
import type { ProcessSnapshot } from '../../workflows/domain/views';
import { bundleWorkflows } from '../../apps/worker/src/worker.factory';
import { openDataSource, uniqueSuffix } from '../factories';
import { createTimeSkippingEnv } from '../utils/temporal';

export async function withWorker<T>(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundleWithSourceMap,
  ds: DataSource,
  fn: (taskQueue: string) => Promise<T>,
): Promise<T> {
  const taskQueue = `test-${uniqueSuffix()}`;
  const worker = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, dataSource: ds, workflowBundle: bundle });
  return worker.runUntil(fn(taskQueue));
}

/** Poll (in real time) until the predicate holds; fails with the last value seen. */
export async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

export async function snapshot(handle: WorkflowHandle): Promise<ProcessSnapshot> {
  return handle.query(stateQuery);
}

/** Wait until the case has an open task of the step; returns its id. */
export async function openTaskId(handle: WorkflowHandle, stepId: string): Promise<string> {
  const snap = await eventually(() => snapshot(handle), (s) => s.openTasks.some((t) => t.stepId === stepId));
  return snap.openTasks.filter((t) => t.stepId === stepId).at(-1)!.id;
}

export async function decide(handle: WorkflowHandle, req: DecideRequest, updateId?: string): Promise<DecideResult> {
  return handle.executeUpdate(decideUpdate, { args: [req], updateId: updateId ?? `${req.taskId}:${req.actor.id}` });
}

/** The refusal's ApplicationFailure type and details, or a thrown error when the update was accepted. */
export async function refusal(p: Promise<unknown>): Promise<{ type: string | null | undefined; message: string; details: unknown[] }> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause as { type?: string; message: string; details?: unknown[] };
      return { type: cause.type, message: cause.message, details: cause.details ?? [] };
    }
    throw err;
  }
  throw new Error('expected the update to be refused, but it was accepted');
}

export function workflowExists(client: Client, workflowId: string): Promise<boolean> {
  return client.workflow.getHandle(workflowId).describe().then(() => true, () => false);
}

/** The time-skipping server starts without our custom search attributes: register them like the launcher does. */
export async function registerSearchAttributes(env: TestWorkflowEnvironment): Promise<void> {
  const { temporal } = await import('@temporalio/proto');
  const { SEARCH_ATTRIBUTES } = await import('../../workflows/contracts/search-attributes');
  const T = temporal.api.enums.v1.IndexedValueType;
  const types: Record<string, number> = { Keyword: T.INDEXED_VALUE_TYPE_KEYWORD, KeywordList: T.INDEXED_VALUE_TYPE_KEYWORD_LIST };
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(Object.entries(SEARCH_ATTRIBUTES).map(([k, v]) => [k, types[v]])),
  });
}

export interface TimeSkippingSuite {
  env: TestWorkflowEnvironment;
  bundle: WorkflowBundleWithSourceMap;
  ds: DataSource;
}

/**
 * Jest hooks of a time-skipping suite: one bundle and one DataSource per suite, and a fresh time-skipping
 * server per test (refused Updates have left a shared server's time locked for later tests).
 */
export function useTimeSkippingSuite(): TimeSkippingSuite {
  const suite = {} as TimeSkippingSuite;
  beforeAll(async () => {
    [suite.bundle, suite.ds] = await Promise.all([bundleWorkflows(), openDataSource()]);
  });
  beforeEach(async () => {
    suite.env = await createTimeSkippingEnv();
    await registerSearchAttributes(suite.env);
  });
  afterEach(async () => {
    await suite.env?.teardown();
  });
  afterAll(async () => {
    await suite.ds?.destroy();
  });
  return suite;
}
