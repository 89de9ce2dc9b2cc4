// The worker starts the mail dispatcher workflow of its task queue (once: an existing run is kept), which sends
// the outbox through the dispatchMail activity (workflows/mail/mail-dispatcher.ts).
import type { Client } from '@temporalio/client';
import { MAIL_DISPATCHER_WORKFLOW, mailDispatcherWorkflowId, type MailDispatcherInput } from '@hpc/workflows/contracts/mail';

/** MAIL_DISPATCH_INTERVAL_MS: pause between passes; default 15 s, 0 (off) under NODE_ENV=test unless set. */
export function mailDispatchIntervalMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MAIL_DISPATCH_INTERVAL_MS;
  if (raw === undefined || raw.trim() === '') return env.NODE_ENV === 'test' ? 0 : 15_000;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`MAIL_DISPATCH_INTERVAL_MS must be an integer ≥ 0 (got "${raw}")`);
  return n;
}

/** Starts the dispatcher unless one already runs on this task queue; returns its workflow id. */
export async function ensureMailDispatcher(client: Client, taskQueue: string, input: MailDispatcherInput): Promise<string> {
  const handle = await client.workflow.start(MAIL_DISPATCHER_WORKFLOW, {
    workflowId: mailDispatcherWorkflowId(taskQueue),
    taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
  });
  return handle.workflowId;
}
