// The whole cluster activation over HTTP, by the demo users, against a real PostgreSQL and a real
// Temporal dev server with a real worker: status codes, double submits, the hash chain, the trigger.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { uniqueSuffix } from '../factories';
import { as, bearer, createTestApp, loginAs } from '../utils/http';
import { once } from '../utils/once';
import { startTestWorker, type TestWorker } from '../utils/worker';

const enc = encodeURIComponent;

const SETUP = {
  termsOfReferenceAdopted: true, strategicAdvisoryGroupFormed: true, nationalActorsInSag: true, partnerMappingDone: true,
  workPlanAdopted: true, informationSharingProtocolAgreed: true, referralPathwaysMapped: true,
};

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

describe('processes and tasks over HTTP (cluster activation walk)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  let H: Record<string, { Authorization: string }>;
  let operationId: string;
  let refugeeOperationId: string;
  let leadAgencyId: string;
  let otherAgencyId: string;
  let clusterId: string;
  const taskQueue = `it-processes-${uniqueSuffix()}`;

  const http = () => request(app.getHttpServer());

  async function inbox(user: string, filter: Record<string, unknown> = {}) {
    const res = await http().get('/api/tasks').query({ filter: JSON.stringify(filter) }).set(H[user]);
    expect(res.status).toBe(200);
    return res.body as any[];
  }

  async function openTask(user: string, processId: string, stepId: string) {
    const tasks = await eventually(() => inbox(user, { processId, stepId }), (t) => t.length > 0);
    return tasks[0];
  }

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    H = {};
    for (const u of ['admin', 'ocha', 'hc', 'erc', 'auditor', 'lead.health', 'partner.local']) H[u] = (await as(app, u)).headers;
    // The demo hc and ocha act in the demo operation only: here they are the HC and OCHA of ANOTHER operation.
    H['hc.other'] = H.hc;
    H['ocha.other'] = H.ocha;
    // a fresh operation per run, so the activation's business id is new
    const op = await http().post('/api/operations').set(H.admin).send({ name: `Activation walk ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
    expect(op.status).toBe(201);
    operationId = op.body.id;
    const refugee = await http().post('/api/operations').set(H.admin).send({ name: `Refugee response ${uniqueSuffix()}`, countryIso3: 'UGA', type: 'refugee' });
    expect(refugee.status).toBe(201);
    refugeeOperationId = refugee.body.id;
    const agency = await http().post('/api/organisations').set(H.admin).send({ name: `Lead agency ${uniqueSuffix()}`, type: 'un-agency' });
    expect(agency.status).toBe(201);
    leadAgencyId = agency.body.id;
    const other = await http().post('/api/organisations').set(H.admin).send({ name: `Other agency ${uniqueSuffix()}`, type: 'ingo' });
    otherAgencyId = other.body.id;
    // This operation's users: its HC and OCHA, the protection lead of the lead agency, and a lead of another agency.
    const user = async (name: string, body: Record<string, unknown>) => {
      const res = await http().post('/api/users').set(H.admin).send({ username: `${name}.${uniqueSuffix()}`, displayName: name, password: 'walk-pass-1', ...body });
      expect(res.status).toBe(201);
      H[name] = bearer(await loginAs(app, res.body.username, 'walk-pass-1'));
    };
    await user('hc', { roles: ['hc'], operationScopes: [operationId, refugeeOperationId] });
    await user('ocha', { roles: ['ocha'], operationScopes: [operationId, refugeeOperationId] });
    await user('lead.protection', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'protection' }], organisationId: leadAgencyId });
    await user('lead.other-agency', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'protection' }], organisationId: otherAgencyId });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  const startBody = () => ({
    type: 'cluster-activation',
    input: {
      operationId,
      sector: 'protection',
      leadAgencyId,
      rationale: 'Mass displacement; protection needs exceed national capacity',
      criteria: { responseGaps: true, nationalCapacityInsufficient: true },
    },
  });

  let processId: string;

  /** The protection activation of this run's operation, started by its HC (201). */
  const started = once(async () => {
    const res = await http().post('/api/processes').set(H.hc).send(startBody());
    expect(res.status).toBe(201);
    processId = res.body.id;
    return res;
  });

  /** A shelter activation decided the moment its start returns, before its row is projected: rejected. */
  const shelterRejected = once(async () => {
    const shelter = await http().post('/api/processes').set(H.hc).send({ ...startBody(), input: { ...startBody().input, sector: 'shelter' } });
    expect(shelter.status).toBe(201);
    const rejected = await http().post(`/api/tasks/${enc(`${shelter.body.id}~hc-endorsement~1`)}/decision`).set(H.hc).send({ decision: 'reject', comment: 'Sector covered by the national authorities' });
    return { shelter, rejected };
  });

  it('refuses bad starts with 400 naming the field, and the auditor with 403', async () => {
    const unmet = await http()
      .post('/api/processes')
      .set(H.hc)
      .send({ ...startBody(), input: { ...startBody().input, criteria: { responseGaps: true, nationalCapacityInsufficient: false } } });
    expect(unmet.status).toBe(400);
    expect(JSON.stringify(unmet.body.message)).toContain('both IASC criteria');

    const unknownType = await http().post('/api/processes').set(H.hc).send({ type: 'nope', input: {} });
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.message).toEqual(expect.arrayContaining([expect.stringContaining('type must be one of the following values')]));

    const extra = await http().post('/api/processes').set(H.hc).send({ ...startBody(), foo: 1 });
    expect(extra.status).toBe(400);
    expect(extra.body.message).toContain('property foo should not exist');

    const missing = await http().post('/api/processes').set(H.hc).send({ type: 'cluster-activation', input: { ...startBody().input, rationale: undefined } });
    expect(missing.status).toBe(400);
    expect(JSON.stringify(missing.body.message)).toContain('input.rationale');

    const badOp = await http()
      .post('/api/processes')
      .set(H.hc)
      .send({ ...startBody(), input: { ...startBody().input, operationId: '00000000-0000-4000-8000-000000000000' } });
    expect(badOp.status).toBe(400);
    expect(badOp.body.message).toEqual(['input.operationId does not reference an existing operation']);

    const auditor = await http().post('/api/processes').set(H.auditor).send(startBody());
    expect(auditor.status).toBe(403);
    const lead = await http().post('/api/processes').set(H['lead.protection']).send(startBody());
    expect(lead.status).toBe(403);
    // The HC of another operation may not start a case here.
    const otherHc = await http().post('/api/processes').set(H['hc.other']).send(startBody());
    expect(otherHc.status).toBe(403);

    const badAgency = await http().post('/api/processes').set(H.hc).send({ ...startBody(), input: { ...startBody().input, leadAgencyId: '00000000-0000-4000-8000-000000000000' } });
    expect(badAgency.status).toBe(400);
    expect(badAgency.body.message).toEqual(['input.leadAgencyId does not reference an existing organisation']);

    const refugee = await http().post('/api/processes').set(H.hc).send({ ...startBody(), input: { ...startBody().input, operationId: refugeeOperationId } });
    expect(refugee.status).toBe(400);
    expect(JSON.stringify(refugee.body.message)).toContain('Refugee Coordination Model');

    const aor = await http().post('/api/processes').set(H.hc).send({ ...startBody(), input: { ...startBody().input, sector: 'gbv' } });
    expect(aor.status).toBe(400);
    expect(aor.body.message).toEqual(['input.sector: the gbv Area of Responsibility needs an active Protection cluster in this operation (it is not activated)']);

    // The transition review is started by the system only (when a cluster becomes active).
    const review = await http().post('/api/processes').set(H.hc).send({
      type: 'transition-review',
      input: { clusterId: '00000000-0000-4000-8000-000000000000', activatedAt: '2020-01-01T00:00:00Z', operationType: 'protracted', operationId, sector: 'protection' },
    });
    expect(review.status).toBe(403);
    expect(review.body.message).toContain('started only by the system');
  });

  it('starts an activation (201) and refuses a second open one for the same operation and sector (409)', async () => {
    const res = await started();
    expect(processId).toBe(`cluster-activation:${operationId}:protection`);
    expect(res.body).toMatchObject({ type: 'cluster-activation', status: 'running', currentSteps: ['hc-endorsement'] });

    const again = await http().post('/api/processes').set(H.ocha).send(startBody());
    expect(again.status).toBe(409);

    // a client may decide the first task the moment the start returns, before its row is projected
    const { shelter, rejected } = await shelterRejected();
    expect(rejected.status).toBe(200);
    expect(rejected.body.task).toMatchObject({ status: 'decided', decision: 'reject' });
    expect(rejected.body.process).toMatchObject({ status: 'completed', outcome: 'not-activated', currentSteps: [] });
    const ended = await http().get(`/api/processes/${enc(shelter.body.id)}`).set(H.hc);
    expect(ended.body).toMatchObject({ status: 'completed', outcome: 'not-activated' });

    const got = await eventually(() => http().get(`/api/processes/${enc(processId)}`).set(H.auditor), (r) => r.status === 200 && r.body.tasks?.length > 0);
    expect(got.body.currentSteps).toEqual(['hc-endorsement']);
    expect(got.body.definition.type).toBe('cluster-activation');
  });

  /** The activation walked to its end (activated): the cluster is active, its transition review and CCPM round run. */
  const walked = once(async () => {
    await started();
    const endorsement = await openTask('hc', processId, 'hc-endorsement');
    expect(endorsement.decisions).toEqual(['endorse', 'return', 'reject']);
    expect(await inbox('lead.protection', { processId })).toEqual([]);

    // wrong role / wrong decision / unknown task: nobody but this operation's HC decides an HC step (admin included)
    for (const who of ['erc', 'admin', 'auditor', 'partner.local', 'ocha', 'lead.protection']) {
      const res = await http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H[who]).send({ decision: 'endorse' });
      expect([who, res.status]).toEqual([who, 403]);
    }
    const wrong = await http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H.hc).send({ decision: 'approve' });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.body.message)).toContain('decision');
    // no row for these ids: the workflow itself answers (unknown task of a live case, or no such case)
    expect((await http().post(`/api/tasks/${enc(processId + '~hc-endorsement~99')}/decision`).set(H.hc).send({ decision: 'endorse' })).status).toBe(404);
    expect((await http().post(`/api/tasks/${enc('cluster-activation:nope:x~hc-endorsement~1')}/decision`).set(H.hc).send({ decision: 'endorse' })).status).toBe(404);
    // Task ids are URL-safe: usable unencoded in a path; the old slash form is still read.
    expect(endorsement.id).toBe(`${processId}~hc-endorsement~1`);
    expect((await http().get(`/api/tasks/${endorsement.id}`).set(H.hc)).status).toBe(200);
    expect((await http().get(`/api/tasks/${enc(processId + '/hc-endorsement/1')}`).set(H.hc)).status).toBe(404);
    // The HC of another operation may not decide here.
    const foreign = await http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H['hc.other']).send({ decision: 'endorse' });
    expect(foreign.status).toBe(403);
    expect((await http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H.hc).send({ decision: 'endorse', actor: 'x' })).status).toBe(400);

    // A rejection needs a reason.
    const bare = await http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H.hc).send({ decision: 'reject' });
    expect(bare.status).toBe(400);
    expect(bare.body.message).toEqual(['comment should not be empty (a reason is required to reject)']);

    // a double click: two concurrent submits, one decision
    const [a, b] = await Promise.all([
      http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H.hc).send({ decision: 'endorse', comment: 'Criteria met' }),
      http().post(`/api/tasks/${enc(endorsement.id)}/decision`).set(H.hc).send({ decision: 'endorse', comment: 'Criteria met' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(a.body.task).toMatchObject({ status: 'decided', decision: 'endorse' });
    expect(a.body.task.decidedBy.username).toMatch(/^hc\./);
    expect(a.body.process.currentSteps).toEqual(['erc-approval']);
    // read-your-writes: the row is projected before the 200
    const row = await http().get(`/api/tasks/${enc(endorsement.id)}`).set(H.hc);
    expect(row.body).toMatchObject({ status: 'decided', decision: 'endorse', comment: 'Criteria met' });

    // another user deciding the closed task: 409 naming who decided
    const hc2 = await http()
      .post('/api/users')
      .set(H.admin)
      .send({ username: `hc.deputy.${uniqueSuffix()}`, displayName: 'Deputy HC', password: 'deputy-pass-1', roles: ['hc'], operationScopes: [operationId] });
    expect(hc2.status).toBe(201);
    const late = await http()
      .post(`/api/tasks/${enc(endorsement.id)}/decision`)
      .set(bearer(await loginAs(app, hc2.body.username, 'deputy-pass-1')))
      .send({ decision: 'return' });
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('no longer open');

    const erc = await openTask('erc', processId, 'erc-approval');
    // nobody but the ERC decides an ERC step: the admin holds no other role, the HC of the operation is not the ERC
    for (const who of ['admin', 'auditor', 'hc', 'ocha', 'partner.local', 'lead.protection']) {
      const res = await http().post(`/api/tasks/${enc(erc.id)}/decision`).set(H[who]).send({ decision: 'approve' });
      expect([who, res.status]).toEqual([who, 403]);
    }
    const approved = await http().post(`/api/tasks/${enc(erc.id)}/decision`).set(H.erc).set('Idempotency-Key', `k-${uniqueSuffix()}`).send({ decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.body.process.currentSteps).toEqual(['cla-confirmation']);

    const cla = await openTask('lead.protection', processId, 'cla-confirmation');
    expect(await inbox('lead.health', { processId })).toEqual([]);
    expect((await http().post(`/api/tasks/${enc(cla.id)}/decision`).set(H['lead.health']).send({ decision: 'confirm' })).status).toBe(403);
    // A lead of this sector from ANOTHER agency may not confirm for the lead agency.
    const otherAgency = await http().post(`/api/tasks/${enc(cla.id)}/decision`).set(H['lead.other-agency'])
      .send({ decision: 'confirm', data: { coordinatorName: 'X', informationManagerName: 'Y' } });
    expect(otherAgency.status).toBe(403);
    expect(otherAgency.body.reason ?? otherAgency.body.details?.reason).toBe('lead-agency');
    const noNames = await http().post(`/api/tasks/${enc(cla.id)}/decision`).set(H['lead.protection']).send({ decision: 'confirm', data: {} });
    expect(noNames.status).toBe(400);
    expect(JSON.stringify(noNames.body.message)).toContain('coordinatorName');
    const confirmed = await http()
      .post(`/api/tasks/${enc(cla.id)}/decision`)
      .set(H['lead.protection'])
      .send({ decision: 'confirm', data: { coordinatorName: 'Amina Deng', informationManagerName: 'Peter Lual' } });
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.process.currentSteps).toEqual(['cluster-setup']);

    const cluster = await eventually(
      () => http().get('/api/clusters').query({ filter: JSON.stringify({ operationId, sector: 'protection' }) }).set(H.auditor),
      (r) => r.body[0]?.status === 'active',
    );
    clusterId = cluster.body[0].id;
    const activatedAt = new Date(cluster.body[0].activatedAt).getTime();

    // the transition review starts with the 90-day outline due on the right day
    const reviewId = `transition-review:${clusterId}`;
    const outline = await openTask('lead.protection', reviewId, 'transition-outline');
    expect(new Date(outline.dueAt).getTime() - activatedAt).toBeGreaterThanOrEqual(90 * 86_400_000 - 60_000);
    expect(new Date(outline.dueAt).getTime() - activatedAt).toBeLessThanOrEqual(90 * 86_400_000 + 60_000);

    const setup = await openTask('lead.protection', processId, 'cluster-setup');
    const incomplete = await http()
      .post(`/api/tasks/${enc(setup.id)}/decision`)
      .set(H['lead.protection'])
      .send({ decision: 'complete', data: { ...SETUP, strategicAdvisoryGroupFormed: false } });
    expect(incomplete.status).toBe(400);
    expect(JSON.stringify(incomplete.body.message)).toContain('strategicAdvisoryGroupFormed');
    const done = await http()
      .post(`/api/tasks/${enc(setup.id)}/decision`)
      .set(H['lead.protection'])
      .send({ decision: 'complete', data: SETUP });
    expect(done.status).toBe(200);
    expect(done.body.process).toMatchObject({ status: 'completed', outcome: 'activated' });
  });

  it('walks the activation: authorisation, validation, double submit, 409 for a closed task', () => walked());

  it('serves a gap-free, verifiable history; the trigger refuses UPDATE; tampering is detected', async () => {
    await walked();
    const hist = await http().get(`/api/processes/${enc(processId)}/history`).set(H.auditor);
    expect(hist.status).toBe(200);
    const seqs = hist.body.map((e: any) => e.seq);
    expect(seqs).toEqual(seqs.map((_: number, i: number) => i + 1));
    expect(hist.headers['content-range']).toMatch(/^audit-events 0-\d+\/\d+$/);
    const decisions = hist.body.filter((e: any) => e.type === 'decision');
    expect(decisions.map((e: any) => e.decision)).toEqual(['endorse', 'approve', 'confirm', 'complete']);
    expect(decisions[0].actor).toMatchObject({ kind: 'user', username: expect.stringMatching(/^hc\./) });

    const page = await http().get(`/api/processes/${enc(processId)}/history`).query({ range: '[2,3]' }).set(H.auditor);
    expect(page.body.map((e: any) => e.seq)).toEqual([3, 4]);

    const ok = await http().get('/api/audit/verify').query({ processId }).set(H.auditor);
    expect(ok.body).toMatchObject({ processId, valid: true, checked: seqs.length, firstBrokenSeq: null });

    await expect(ds.query(`UPDATE audit_events SET comment = 'forged' WHERE process_id = $1 AND seq = 2`, [processId])).rejects.toThrow(/append-only/);
    await expect(ds.query(`DELETE FROM audit_events WHERE process_id = $1`, [processId])).rejects.toThrow(/append-only/);

    const missing = await http().get('/api/audit/verify').query({ processId: 'cluster-activation:nope' }).set(H.auditor);
    expect(missing.status).toBe(404);
  });

  it('detects an event rewritten behind the trigger (by a database superuser) at its seq', async () => {
    await walked();
    const original: { comment: string | null }[] = await ds.query(`SELECT comment FROM audit_events WHERE process_id = $1 AND seq = 3`, [processId]);
    await ds.query('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update_delete');
    try {
      await ds.query(`UPDATE audit_events SET comment = 'forged' WHERE process_id = $1 AND seq = 3`, [processId]);
      const res = await http().get('/api/audit/verify').query({ processId }).set(H.auditor);
      expect(res.body).toMatchObject({ valid: false, firstBrokenSeq: 3, reason: 'hash', checked: 2 });
    } finally {
      await ds.query(`UPDATE audit_events SET comment = $2 WHERE process_id = $1 AND seq = 3`, [processId, original[0].comment]);
      await ds.query('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update_delete');
    }
    const again = await http().get('/api/audit/verify').query({ processId }).set(H.auditor);
    expect(again.body.valid).toBe(true);
  });

  it('gives auditors the Temporal history, and only them (and admins)', async () => {
    await started();
    const res = await http().get(`/api/processes/${enc(processId)}/temporal-history`).set(H.auditor);
    expect(res.status).toBe(200);
    expect(res.body.events[0].eventType).toMatch(/WORKFLOW_EXECUTION_STARTED|WorkflowExecutionStarted/);
    expect((await http().get(`/api/processes/${enc(processId)}/temporal-history`).set(H.hc)).status).toBe(403);
  });

  it('lists processes with filters and Content-Range; 404 for unknown ids', async () => {
    await walked();
    await shelterRejected();
    const res = await http().get('/api/processes').query({ filter: JSON.stringify({ operationId }) }).set(H.ocha);
    expect(res.status).toBe(200);
    expect(res.body.map((p: any) => `${p.type}:${p.sector}`).sort()).toEqual(['ccpm-round:protection', 'cluster-activation:protection', 'cluster-activation:shelter', 'transition-review:protection']);
    expect(res.headers['content-range']).toBe('processes 0-3/4');
    expect(res.body.find((p: any) => p.sector === 'shelter').title).toMatch(/^Cluster activation — Shelter, Activation walk /);
    expect((await http().get('/api/processes').query({ filter: JSON.stringify({ type: 'bogus' }) }).set(H.ocha)).status).toBe(400);
    expect((await http().get(`/api/processes/${enc('cluster-activation:none')}`).set(H.ocha)).status).toBe(404);
    expect((await http().get(`/api/tasks/${enc('nope')}`).set(H.ocha)).status).toBe(404);
    // all tasks: auditors yes, others only for one case
    expect((await http().get('/api/tasks').query({ filter: JSON.stringify({ assigned: false }) }).set(H.auditor)).status).toBe(200);
    expect((await http().get('/api/tasks').query({ filter: JSON.stringify({ assigned: false }) }).set(H.hc)).status).toBe(403);
    const oneCase = await http().get('/api/tasks').query({ filter: JSON.stringify({ assigned: false, processId }) }).set(H.hc);
    expect(oneCase.body).toHaveLength(4);
    // a partner sees no coordination case that does not involve their organisation
    expect((await http().get(`/api/processes/${enc(processId)}`).set(H['partner.local'])).status).toBe(403);
  });

  it('notifies the holders of a new task', async () => {
    await walked();
    const res = await http().get('/api/notifications').set(H.hc);
    expect(res.status).toBe(200);
    expect(res.body.some((n: any) => n.processId === processId)).toBe(true);
    const none = await http().get('/api/notifications').set(H['lead.health']);
    expect(none.body.some((n: any) => n.processId === processId)).toBe(false);
  });

  it('lists the child cases, runs case actions by scope, and guards incident retries', async () => {
    await walked();
    const children = await http().get(`/api/processes/${enc(processId)}/children`).set(H.auditor);
    expect(children.status).toBe(200);
    // The activation started the cluster's transition review and its first CCPM round (both outlive it).
    expect(children.body.map((p: any) => p.type).sort()).toEqual(['ccpm-round', 'transition-review']);
    expect(children.body.find((p: any) => p.type === 'transition-review')).toMatchObject({ id: `transition-review:${clusterId}`, parentProcessId: processId });

    const reviewId = `transition-review:${clusterId}`;
    const foreign = await http().post(`/api/processes/${enc(reviewId)}/actions`).set(H['ocha.other']).send({ action: 'call-review', comment: 'Plan revised' });
    expect(foreign.status).toBe(403);
    const unknown = await http().post(`/api/processes/${enc(reviewId)}/actions`).set(H.ocha).send({ action: 'dance' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual(['action must be one of the following values: call-review']);
    const noReason = await http().post(`/api/processes/${enc(reviewId)}/actions`).set(H.ocha).send({ action: 'call-review' });
    expect(noReason.status).toBe(400);
    const called = await http().post(`/api/processes/${enc(reviewId)}/actions`).set(H.ocha).send({ action: 'call-review', comment: 'The response plan was revised' });
    expect(called.status).toBe(200);
    const review = await openTask('hc', reviewId, 'annual-review');
    expect(review.decisions).toEqual(['continue', 'transition', 'deactivate']);
    const hist = await http().get(`/api/processes/${enc(reviewId)}/history`).set(H.auditor);
    expect(hist.body.some((e: any) => e.type === 'case-action' && e.decision === 'call-review' && e.comment === 'The response plan was revised')).toBe(true);

    expect((await http().post(`/api/processes/${enc(reviewId)}/incident/retry`).set(H.hc).send({})).status).toBe(403);
    const none = await http().post(`/api/processes/${enc(reviewId)}/incident/retry`).set(H.admin).send({});
    expect(none.status).toBe(409);
  });

  it('refuses a second activation of an active cluster (409) and an AoR starts once Protection is active', async () => {
    await walked();
    const again = await http().post('/api/processes').set(H.hc).send(startBody());
    expect(again.status).toBe(409);
    expect(again.body.message).toBe('the protection cluster of this operation is already active');
    const gbv = await http().post('/api/processes').set(H.ocha).send({ ...startBody(), input: { ...startBody().input, sector: 'gbv' } });
    expect(gbv.status).toBe(201);
  });

  it('lets only an admin cancel a running case, with a reason, audited', async () => {
    await walked();
    const reviewId = `transition-review:${clusterId}`;
    expect((await http().post(`/api/processes/${enc(reviewId)}/cancel`).set(H.hc).send({ reason: 'test' })).status).toBe(403);
    const noReason = await http().post(`/api/processes/${enc(reviewId)}/cancel`).set(H.admin).send({});
    expect(noReason.status).toBe(400);
    expect(noReason.body.message).toEqual(expect.arrayContaining(['reason must be a string']));
    const res = await http().post(`/api/processes/${enc(reviewId)}/cancel`).set(H.admin).send({ reason: 'Duplicate review opened in error' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const hist = await http().get(`/api/processes/${enc(reviewId)}/history`).set(H.auditor);
    const last = hist.body.at(-1);
    expect(hist.body.some((e: any) => e.type === 'process-cancelled' && e.comment === 'Duplicate review opened in error')).toBe(true);
    expect(last.seq).toBe(hist.body.length);
    expect((await http().post(`/api/processes/${enc(reviewId)}/cancel`).set(H.admin).send({ reason: 'again' })).status).toBe(409);
  });
});
