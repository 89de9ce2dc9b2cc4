// The mail dispatcher: one long-running workflow per task queue that sends the mail outbox through an activity,
// so an SMTP outage is retried by Temporal (with backoff) and never touches a case's workflow or its decisions.

export const MAIL_DISPATCHER_WORKFLOW = 'mailDispatcher';

/** One dispatcher per task queue (a test's worker has its own). */
export function mailDispatcherWorkflowId(taskQueue: string): string {
  return `hpc-mail-dispatcher:${taskQueue}`;
}

export interface MailDispatcherInput {
  /** Pause between two passes over the outbox. */
  intervalMs: number;
  /** First retry delay of a pass that met an unreachable mail server (doubles up to 15 minutes); default 15 s. */
  retryInitialMs?: number;
}

export interface MailDispatchResult {
  sent: number;
  logged: number;
  failed: number;
  digests: number;
}

export interface MailDispatchActivities {
  /**
   * One pass over the due outbox rows. Throws a retryable failure when the mail server cannot be reached (the
   * rows it claimed are released untouched); a mail the server refuses waits with its own backoff instead.
   */
  dispatchMail(): Promise<MailDispatchResult>;
}
