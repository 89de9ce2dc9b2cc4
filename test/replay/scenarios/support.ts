// What every capture scenario shares: how a case is started (as the API starts it), the people who decide,
// and waiting on the case (a scheduled step opening, a new run after continue-as-new).
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { WorkflowHandle } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import type { ProcessStartArgs } from '../../../workflows/contracts/start-args';
import { auditActorOf, type Actor, type AuditActor } from '../../../workflows/domain/actor';
import { operationSettingsOf } from '../../../workflows/domain/reference';
import { getProcess, type OperationContext } from '../../../workflows/processes';
import { eventually, snapshot } from '../../workflows/harness';

export interface CaptureContext {
  env: TestWorkflowEnvironment;
  ds: DataSource;
  taskQueue: string;
}

/** One golden case of a process: run it on the time-skipping server with real activities. */
export interface Scenario {
  /** The file name (`<name>.json`, or `<name>-run-<n>.json` when the case continued as new). */
  name: string;
  /** What the history exercises, in one line. */
  covers: string;
  /** The outcome the case ends with (the capture refuses a run that ended otherwise). */
  outcome: string;
  /** Runs the case to its end; resolves the workflow id whose runs are captured. */
  run(ctx: CaptureContext): Promise<string>;
}

export const DAY = 86_400_000;

/** The operation as the API hands it to a case (calendar, planning cycle, name for the title). */
export async function operationContext(ds: DataSource, operationId: string): Promise<OperationContext> {
  const rows: { id: string; name: string; type: OperationContext['type']; settings: Record<string, unknown> | null }[] = await ds.query(
    'SELECT id, name, type, settings FROM operations WHERE id = $1',
    [operationId],
  );
  const op = rows[0];
  if (!op) throw new Error(`operation ${operationId} not found`);
  return { id: op.id, name: op.name, type: op.type, settings: operationSettingsOf(op.settings) };
}

/** Start a case the way the API does: the workflow type is the process type, the id its business id. */
export async function startCase(
  ctx: CaptureContext,
  type: string,
  input: Record<string, unknown>,
  opts: { startedBy: Actor | AuditActor; operationId?: string } ,
): Promise<WorkflowHandle> {
  const module = getProcess(type);
  if (!module) throw new Error(`unknown process type ${type}`);
  const startedBy: AuditActor = 'kind' in opts.startedBy ? opts.startedBy : auditActorOf(opts.startedBy);
  const operation = opts.operationId ? await operationContext(ctx.ds, opts.operationId) : null;
  const args: ProcessStartArgs = { input, startedBy, operation };
  return ctx.env.client.workflow.start(type, { taskQueue: ctx.taskQueue, workflowId: module.workflowId(input as never), args: [args] });
}

/** Advance the server's clock to `at` (epoch ms); no-op when already past. */
export async function sleepUntil(env: TestWorkflowEnvironment, at: number): Promise<void> {
  const now = await env.currentTimeMs();
  if (at > now) await env.sleep(at - now);
}

/** When the scheduled instance of a step opens (epoch ms); fails when the step is not scheduled. */
export async function scheduledOpening(handle: WorkflowHandle, stepId: string): Promise<number> {
  const snap = await eventually(
    () => snapshot(handle),
    (s) => (s.process.steps ?? []).some((i) => i.stepId === stepId && i.status === 'scheduled' && !!i.openAt),
  );
  const inst = snap.process.steps!.find((i) => i.stepId === stepId && i.status === 'scheduled')!;
  return Date.parse(inst.openAt!);
}

/** Wait until the case runs in a new run (continue-as-new after `runId`). */
export async function nextRun(handle: WorkflowHandle, runId: string): Promise<string> {
  const d = await eventually(() => handle.describe(), (x) => x.runId !== runId && x.status.name === 'RUNNING');
  return d.runId;
}
