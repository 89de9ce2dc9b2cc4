// The calendar maths runs inside Temporal's workflow sandbox (bundled, no Node built-ins, Intl available).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, DefaultLogger, Runtime, Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { addDuration } from '../../workflows/domain/durations';
import type { OperationCalendar } from '../../workflows/domain/calendar';
import { uniqueSuffix } from '../factories';
import { createTimeSkippingEnv } from '../utils/temporal';
import type { calendarSandbox } from './fixtures/calendar-sandbox.workflow';

const KABUL: OperationCalendar = { timeZone: 'Asia/Kabul', weekendDays: [5, 6], holidays: ['2026-06-09'] };
const noop = (): void => undefined;

describe('calendar maths in the workflow sandbox', () => {
  let env: TestWorkflowEnvironment;
  let bundle: WorkflowBundleWithSourceMap;

  beforeAll(async () => {
    // Worker state changes at INFO would drown the test output.
    Runtime.install({ logger: new DefaultLogger('WARN') });
    bundle = await bundleWorkflowCode({
      workflowsPath: require.resolve('./fixtures/calendar-sandbox.workflow'),
      logger: { trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: (m: string) => console.error(m) },
    });
    env = await createTimeSkippingEnv();
  }, 120_000);

  afterAll(async () => {
    await env?.teardown();
  });

  it('computes a working-day deadline in Asia/Kabul and sleeps until it', async () => {
    const taskQueue = `calendar-sandbox-${uniqueSuffix()}`;
    const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue, workflowBundle: bundle });
    const result = await worker.runUntil(
      env.client.workflow.execute<typeof calendarSandbox>('calendarSandbox', {
        taskQueue,
        workflowId: `calendar-sandbox-${uniqueSuffix()}`,
        // Thursday 4 June 2026 09:00 in Kabul (UTC+04:30), Friday–Saturday weekend, a holiday on Tuesday 9 June.
        args: [{ calendar: KABUL, fixedStartMs: Date.parse('2026-06-04T04:30:00Z'), duration: '10 working days' }],
      }),
    );

    // Sun 7, Mon 8, (Tue 9 holiday), Wed 10, Thu 11, Sun 14 … Thu 18, Sun 21 June: the tenth, at 09:00 local.
    expect(new Date(result.fixedDeadlineMs).toISOString()).toBe('2026-06-21T04:30:00.000Z');
    expect(result.fixedDeadlineLocal).toBe('2026-06-21 09:00 GMT+4:30');
    // From the workflow's own now: the same function outside the sandbox agrees, and the timer fired at it.
    expect(result.deadlineMs).toBe(addDuration(result.startedAtMs, '10 working days', 1, KABUL));
    expect(result.deadlineMs - result.startedAtMs).toBeGreaterThanOrEqual(12 * 86_400_000);
    expect(result.wokeAtMs).toBeGreaterThanOrEqual(result.deadlineMs);
    expect(result.deadlineIsWorkingDay).toBe(true);
  });
});
