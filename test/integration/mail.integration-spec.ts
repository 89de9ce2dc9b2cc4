// E-mail notifications through a real SMTP server (in-process smtp-server) from the real projection and the
// real dispatcher: one mail per event in the user's language with a deep link, exactly one after a refused
// attempt and a retried dispatch, a daily digest that groups a user's reminders, and preferences over HTTP.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MailActivitiesService, mailSettingsFromEnv } from '../../activities/mail/mail.activities';
import { recordNotificationMails } from '../../activities/mail/mail.outbox';
import { uniqueSuffix } from '../factories';
import { bearer, createTestApp, loginAs, as } from '../utils/http';
import { startSmtpServer, type TestSmtpServer } from '../utils/smtp-server';
import { startTestWorker, type TestWorker } from '../utils/worker';

const enc = encodeURIComponent;

async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last: ${JSON.stringify(last).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 150));
    last = await read();
  }
  return last;
}

describe('e-mail notifications (real SMTP server)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  let smtp: TestSmtpServer;
  let mailer: MailActivitiesService;
  const H: Record<string, { Authorization: string }> = {};
  const ids: Record<string, string> = {};
  const email: Record<string, string> = {};
  let operationId: string;
  let leadAgencyId: string;
  const suffix = uniqueSuffix();
  const taskQueue = `it-mail-${suffix}`;
  const http = () => request(app.getHttpServer());
  const mailsTo = (who: string) => smtp.received.filter((m) => m.to.includes(email[who]));
  const outbox = (userId: string): Promise<{ kind: string; status: string; digest: boolean; attempts: number }[]> =>
    ds.query('SELECT kind, status, digest, attempts FROM mail_outbox WHERE user_id = $1 ORDER BY id', [userId]);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    mailer = new MailActivitiesService(ds, { ...mailSettingsFromEnv({}), smtpUrl: smtp.url, from: 'HPC Flow <flow@hpc.test>', publicUrl: 'https://flow.hpc.test', messageIdDomain: 'flow.hpc.test' });
    worker = await startTestWorker(taskQueue, ds);
    H.admin = (await as(app, 'admin')).headers;
    const op = await http().post('/api/operations').set(H.admin).send({ name: `Mail walk ${suffix}`, countryIso3: 'SSD', type: 'protracted' });
    expect(op.status).toBe(201);
    operationId = op.body.id;
    const agency = await http().post('/api/organisations').set(H.admin).send({ name: `Mail agency ${suffix}`, type: 'un-agency' });
    leadAgencyId = agency.body.id;
    for (const [name, body] of [
      ['hc', { roles: ['hc'], operationScopes: [operationId] }],
      ['ocha', { roles: ['ocha'], operationScopes: [operationId] }],
    ] as const) {
      const res = await http().post('/api/users').set(H.admin).send({ username: `mail.${name}.${suffix}`, displayName: name === 'hc' ? 'Daniel Okafor' : 'Maria Lopez', password: 'mail-pass-1', ...body });
      expect(res.status).toBe(201);
      ids[name] = res.body.id;
      email[name] = `${name}.${suffix}@hpc.test`;
      H[name] = bearer(await loginAs(app, res.body.username, 'mail-pass-1'));
    }
  }, 120_000);

  afterAll(async () => {
    mailer?.close();
    await worker?.stop();
    await app?.close();
    await smtp?.close();
  });

  it('preferences: own and admin, defaults (digest for reminders), 400 naming the field', async () => {
    const mine = await http().get('/api/mail/preferences').set(H.hc).expect(200);
    expect(mine.body).toEqual({ userId: ids.hc, email: null, locale: 'en', mailEnabled: true, digestKinds: ['reminder'], away: false });
    const bad = await http().put('/api/mail/preferences').set(H.hc).send({ email: 'not-an-address', locale: 'de', digestKinds: ['spam'] }).expect(400);
    expect(bad.body.message).toEqual(expect.arrayContaining(['email must be an e-mail address', expect.stringContaining('locale must be one of the following values'), expect.stringContaining('each value in digestKinds must be one of the following values')]));
    const extra = await http().put('/api/mail/preferences').set(H.hc).send({ password: 'x' }).expect(400);
    expect(extra.body.message).toContain('property password should not exist');
    // The HC reads French mails; the admin sets OCHA's address (a user may not set another's: 403).
    const hc = await http().put('/api/mail/preferences').set(H.hc).send({ email: email.hc, locale: 'fr' }).expect(200);
    expect(hc.body).toEqual({ userId: ids.hc, email: email.hc, locale: 'fr', mailEnabled: true, digestKinds: ['reminder'], away: false });
    await http().put(`/api/mail/preferences/${ids.ocha}`).set(H.hc).send({ email: 'x@hpc.test' }).expect(403);
    const ocha = await http().put(`/api/mail/preferences/${ids.ocha}`).set(H.admin).send({ email: email.ocha }).expect(200);
    expect(ocha.body).toMatchObject({ email: email.ocha, locale: 'en' });
    const taken = await http().put('/api/mail/preferences').set(H.ocha).send({ email: email.hc.toUpperCase() }).expect(409);
    expect(taken.body.message).toBe('email is already used by another user');
  });

  it('a new task mails the HC once in French with the deep link, even after a refused attempt and a retried dispatch', async () => {
    const start = await http().post('/api/processes').set(H.ocha).send({
      type: 'cluster-activation',
      input: { operationId, sector: 'health', leadAgencyId, rationale: 'Cholera outbreak', criteria: { responseGaps: true, nationalCapacityInsufficient: true } },
    });
    expect(start.status).toBe(201);
    const processId = start.body.id as string;
    const taskId = `${processId}~hc-endorsement~1`;
    await eventually(() => outbox(ids.hc), (rows) => rows.some((r) => r.kind === 'task-opened'));

    smtp.refuseNext(1);
    const first = await mailer.dispatchMail();
    expect(first).toMatchObject({ sent: 0, failed: 1 });
    expect(smtp.refused()).toBe(1);
    expect(mailsTo('hc')).toHaveLength(0);
    expect(await outbox(ids.hc)).toEqual([{ kind: 'task-opened', status: 'pending', digest: false, attempts: 1 }]);
    // Not due yet (backoff); then due: sent once, and two more dispatches (a retried activity, a second instance) send nothing.
    expect((await mailer.dispatchMail()).sent).toBe(0);
    const later = new Date(Date.now() + 5 * 60_000).toISOString();
    const [a, b] = await Promise.all([mailer.dispatchMail({ now: later }), mailer.dispatchMail({ now: later })]);
    expect(a.sent + b.sent).toBe(1);
    expect((await mailer.dispatchMail({ now: later })).sent).toBe(0);
    const mails = mailsTo('hc');
    expect(mails).toHaveLength(1);
    const [task] = await ds.query('SELECT title FROM tasks WHERE id = $1', [taskId]);
    expect(mails[0].subject).toBe(`Nouvelle tâche : ${task.title}`);
    expect(mails[0].text).toContain('Bonjour Daniel Okafor,');
    expect(mails[0].text).toContain(`https://flow.hpc.test/#/tasks/${enc(taskId)}/show`);
    expect(mails[0].messageId).toMatch(/@flow\.hpc\.test>$/);
    expect(await outbox(ids.hc)).toEqual([{ kind: 'task-opened', status: 'sent', digest: false, attempts: 1 }]);

    // The HC rejects: the starter (OCHA) hears of the decision and of the end of the case, in English.
    const decided = await http().post(`/api/tasks/${enc(taskId)}/decision`).set(H.hc).send({ decision: 'reject', comment: 'National authorities cover it' });
    expect(decided.status).toBe(200);
    await eventually(() => outbox(ids.ocha), (rows) => rows.length >= 2);
    await mailer.dispatchMail();
    const ocha = mailsTo('ocha').map((m) => m.subject).sort();
    expect(ocha).toEqual([`Case ended: ${start.body.title}`, `Decision on your case: ${start.body.title}`].sort());
    const decisionMail = mailsTo('ocha').find((m) => m.subject.startsWith('Decision'))!;
    expect(decisionMail.text).toContain('By: Daniel Okafor (reject)');
    // The HC decided themselves: no decision mail to them.
    expect(mailsTo('hc')).toHaveLength(1);
  });

  it('reminders wait for the daily digest: one mail per user grouping them', async () => {
    const tasks: { id: string; process_id: string; title: string }[] = await ds.query(`SELECT id, process_id, title FROM tasks WHERE operation_id = $1 LIMIT 1`, [operationId]);
    expect(tasks).toHaveLength(1);
    for (const [i, t] of ['first', 'second'].entries()) {
      await ds.transaction((em) =>
        recordNotificationMails(em, { kind: 'reminder', roles: ['hc'], scope: { operationId, sector: 'health', organisationId: null }, processId: tasks[0].process_id, taskId: tasks[0].id, message: `Reminder ${t}`, dedupeKey: `${tasks[0].id}:reminder:${i}` }, [ids.hc]),
      );
    }
    // a retried projection records nothing twice
    await ds.transaction((em) =>
      recordNotificationMails(em, { kind: 'reminder', roles: ['hc'], scope: { operationId, sector: 'health', organisationId: null }, processId: tasks[0].process_id, taskId: tasks[0].id, message: 'Reminder first', dedupeKey: `${tasks[0].id}:reminder:0` }, [ids.hc]),
    );
    expect((await outbox(ids.hc)).filter((r) => r.kind === 'reminder')).toEqual([
      { kind: 'reminder', status: 'pending', digest: true, attempts: 0 },
      { kind: 'reminder', status: 'pending', digest: true, attempts: 0 },
    ]);
    const before = mailsTo('hc').length;
    expect((await mailer.dispatchMail()).digests).toBe(0); // not the digest hour yet
    const tomorrow = new Date(Date.now() + 25 * 3600_000).toISOString();
    // Four passes at once (two workers, a retried activity): one user's rows make one digest, sent once.
    const passes = await Promise.all([1, 2, 3, 4].map(() => mailer.dispatchMail({ now: tomorrow })));
    expect(passes.reduce((n, p) => n + p.sent, 0)).toBe(1);
    expect(passes.reduce((n, p) => n + p.digests, 0)).toBe(1);
    const digest = mailsTo('hc').slice(before);
    expect(digest).toHaveLength(1);
    expect(digest[0].subject).toBe('HPC Flow : 2 mises à jour');
    expect(digest[0].text.split(`* Rappel : ${tasks[0].title}`)).toHaveLength(3);
  });

  it('without SMTP_URL the mails are logged and marked so', async () => {
    const [p] = await ds.query('SELECT id FROM processes WHERE operation_id = $1 LIMIT 1', [operationId]);
    await ds.transaction((em) =>
      recordNotificationMails(em, { kind: 'notice', roles: ['ocha'], scope: { operationId, sector: null, organisationId: null }, processId: p.id, taskId: null, message: 'Notice', dedupeKey: `notice:${suffix}` }, [ids.ocha]),
    );
    const logger = new MailActivitiesService(ds, { ...mailSettingsFromEnv({}), smtpUrl: null });
    const before = smtp.received.length;
    expect(await logger.dispatchMail()).toMatchObject({ logged: 1, sent: 0 });
    expect(smtp.received.length).toBe(before);
    expect((await outbox(ids.ocha)).map((r) => r.status)).toContain('logged');
  });
});
