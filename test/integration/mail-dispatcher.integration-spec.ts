// The mail outbox is sent by the mail dispatcher workflow's activity on a real worker and Temporal server, to a
// real SMTP server (smtp-server in-process): while the server is down each pass fails and Temporal retries it
// with backoff, the queued mail stays pending with no attempt counted; when the server is back the mail arrives
// exactly once, and later passes (and a second start of the dispatcher) send nothing again.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { DataSource } from 'typeorm';
import { createActivities } from '../../activities';
import { recordNotificationMails } from '../../activities/mail/mail.outbox';
import { ensureMailDispatcher } from '../../apps/worker/src/mail-dispatcher';
import { bundleWorkflows, createWorker } from '../../apps/worker/src/worker.factory';
import { hpcDataConverter } from '../../apps/api/src/temporal/payload-codec';
import { createActor, openDataSource, uniqueSuffix } from '../factories';
import { startSmtpServer, type TestSmtpServer } from '../utils/smtp-server';
import { testNamespace } from '../utils/temporal';

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

describe('mail dispatcher workflow (real worker, Temporal and SMTP server)', () => {
  const suffix = uniqueSuffix();
  const taskQueue = `it-mail-dispatcher-${suffix}`;
  let ds: DataSource;
  let nativeConnection: NativeConnection;
  let connection: Connection;
  let client: Client;
  let worker: Worker;
  let workerRun: Promise<void>;
  let smtp: TestSmtpServer | undefined;
  let port: number;

  beforeAll(async () => {
    ds = await openDataSource();
    // A port where no mail server answers yet: taken, then given back.
    const probe = await startSmtpServer();
    port = Number(new URL(probe.url).port);
    await probe.close();
    // The worker's real activities, configured from the environment as in production.
    const saved = process.env.SMTP_URL;
    process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
    const activities = createActivities(ds);
    if (saved === undefined) delete process.env.SMTP_URL;
    else process.env.SMTP_URL = saved;
    nativeConnection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    worker = await createWorker({ connection: nativeConnection, namespace: testNamespace(), taskQueue, dataSource: ds, workflowBundle: await bundleWorkflows(), activities });
    workerRun = worker.run();
    connection = await Connection.connect({ address: process.env.TEMPORAL_ADDRESS! });
    client = new Client({ connection, namespace: testNamespace(), dataConverter: hpcDataConverter() });
  }, 120_000);

  afterAll(async () => {
    await client?.workflow.getHandle(`hpc-mail-dispatcher:${taskQueue}`).terminate('test done').catch(() => undefined);
    worker?.shutdown();
    await workerRun?.catch(() => undefined);
    await nativeConnection?.close();
    await connection?.close();
    await smtp?.close();
    await ds?.destroy();
  });

  it('retries through an SMTP outage, then sends the queued mail exactly once', async () => {
    const user = await createActor(ds, ['hc'], { name: 'dispatch' });
    const email = `dispatch.${suffix}@hpc.test`;
    await ds.query(`UPDATE users SET email = $2, mail_digest_kinds = '{}' WHERE id = $1`, [user.id, email]);
    await ds.transaction((em) =>
      recordNotificationMails(
        em,
        { kind: 'task-opened', roles: ['hc'], scope: {}, processId: `mail-dispatch-${suffix}`, taskId: null, message: 'A task waits', dedupeKey: `dispatch-${suffix}` } as never,
        [user.id],
      ),
    );
    const outbox = (): Promise<{ status: string; attempts: number; claim_id: string | null }[]> =>
      ds.query('SELECT status, attempts, claim_id FROM mail_outbox WHERE user_id = $1', [user.id]);

    const id = await ensureMailDispatcher(client, taskQueue, { intervalMs: 200, retryInitialMs: 200 });
    const handle = client.workflow.getHandle(id);
    // The server is down: the pass fails and Temporal retries it (attempt 2, 3, …), the mail waits untouched.
    await eventually(
      async () => (await handle.describe()).raw.pendingActivities?.[0]?.attempt ?? 0,
      (attempt) => attempt >= 3,
    );
    expect(await outbox()).toEqual([{ status: 'pending', attempts: 0, claim_id: null }]);

    // Starting the dispatcher again (another worker's boot) keeps the run that is there.
    const { runId } = await handle.describe();
    expect(await ensureMailDispatcher(client, taskQueue, { intervalMs: 200, retryInitialMs: 200 })).toBe(id);
    expect((await handle.describe()).runId).toBe(runId);

    smtp = await startSmtpServer(port);
    await eventually(() => outbox(), (rows) => rows[0]?.status === 'sent');
    // A few more passes: nothing is sent twice.
    const received = smtp.received.filter((m) => m.to.includes(email));
    await new Promise((r) => setTimeout(r, 1_500));
    expect(smtp.received.filter((m) => m.to.includes(email))).toHaveLength(1);
    expect(received).toHaveLength(1);
    expect(received[0].subject.length).toBeGreaterThan(0);
    expect(await outbox()).toMatchObject([{ status: 'sent', attempts: 0 }]);
  });
});
