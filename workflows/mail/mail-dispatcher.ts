// Sends the mail outbox from an activity, pass after pass (contracts/mail.ts). A pass that cannot reach the mail
// server fails and Temporal retries it with a growing delay; cases never wait for it (the projection only queues
// rows). Each pass claims rows before speaking SMTP, so a retried pass never sends a mail twice.
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { MailDispatchActivities, MailDispatcherInput } from '../contracts/mail';

/** Passes per run before the history starts afresh. */
const PASSES_PER_RUN = 200;

export async function mailDispatcher(input: MailDispatcherInput): Promise<void> {
  const { dispatchMail } = proxyActivities<MailDispatchActivities>({
    startToCloseTimeout: '5 minutes',
    retry: { initialInterval: input.retryInitialMs ?? 15_000, backoffCoefficient: 2, maximumInterval: '15 minutes' },
  });
  for (let pass = 0; pass < PASSES_PER_RUN; pass++) {
    await dispatchMail();
    await sleep(input.intervalMs);
  }
  await continueAsNew<typeof mailDispatcher>(input);
}
