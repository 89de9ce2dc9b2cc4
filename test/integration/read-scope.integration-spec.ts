// Read scope (issue 16 item 6) over HTTP against the real app, PostgreSQL and Temporal: a cluster lead of another
// operation reads none of a case (single read, lists, history, tasks, audit verify), a partner only the cases of
// its organisation and the open calls; and the list's SQL agrees with `mayReadProcess` on generated rows.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { partnerWindows, readableOf } from '../../apps/api/src/modules/processes/read-scope';
import { mayReadProcess, type Actor, type Role } from '../../workflows/domain';
import { createOperation, createOrganisation, uniqueSuffix } from '../factories';
import { bearer, createTestApp, loginAs } from '../utils/http';
import { startTestWorker, type TestWorker } from '../utils/worker';

const enc = encodeURIComponent;

/** A small seeded generator (mulberry32): the generated rows are the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

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

describe('read scope: mayReadProcess in every read', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  const taskQueue = `it-read-scope-${uniqueSuffix()}`;
  const H: Record<string, { Authorization: string }> = {};
  const actors: Record<string, Actor> = {};
  let opA: string;
  let opB: string;
  let orgX: string;
  let orgY: string;
  let orgZ: string;
  const http = () => request(app.getHttpServer());

  async function user(name: string, body: { roles: Role[]; operationScopes?: string[]; clusterScopes?: { operationId: string; sector: string }[]; organisationId?: string }) {
    const username = `rs.${name}.${uniqueSuffix()}`;
    const res = await http().post('/api/users').set(H.admin).send({ username, displayName: `Read scope ${name}`, password: 'scope-pass-1', ...body });
    expect(res.status).toBe(201);
    H[name] = bearer(await loginAs(app, username, 'scope-pass-1'));
    actors[name] = {
      id: res.body.id, username, displayName: name, roles: body.roles, clusterScopes: body.clusterScopes ?? [], operationScopes: body.operationScopes ?? [],
      organisationId: body.organisationId ?? null, authorisedSignatory: false,
    };
  }

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    H.admin = bearer(await loginAs(app, 'admin'));
    opA = await createOperation(ds);
    opB = await createOperation(ds);
    orgX = await createOrganisation(ds, 'un-agency');
    orgY = await createOrganisation(ds, 'lngo');
    orgZ = await createOrganisation(ds, 'lngo');
    await user('hcA', { roles: ['hc'], operationScopes: [opA] });
    await user('advisoryB', { roles: ['advisory_board'], operationScopes: [opB] });
    await user('leadA', { roles: ['cluster_lead'], clusterScopes: [{ operationId: opA, sector: 'protection' }], organisationId: orgX });
    await user('leadB', { roles: ['cluster_lead'], clusterScopes: [{ operationId: opB, sector: 'protection' }], organisationId: orgX });
    await user('partnerX', { roles: ['partner'], organisationId: orgX });
    await user('partnerY', { roles: ['partner'], organisationId: orgY });
    await user('erc', { roles: ['erc'] });
    await user('signatory', { roles: ['fund_signatory'] });
    await user('uninvolved', { roles: ['partner'], organisationId: orgZ });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  it('a cluster lead of another operation gets 403 on a case and its tasks, history and audit, and sees it in no list', async () => {
    const start = await http()
      .post('/api/processes')
      .set(H.hcA)
      .send({
        type: 'cluster-activation',
        input: { operationId: opA, sector: 'protection', leadAgencyId: orgX, rationale: 'Read scope walk', criteria: { responseGaps: true, nationalCapacityInsufficient: true } },
      });
    expect(start.status).toBe(201);
    const id = start.body.id as string;
    const tasks = await eventually(
      () => http().get('/api/tasks').query({ filter: JSON.stringify({ processId: id, assigned: false }) }).set(H.hcA).then((r) => r.body as any[]),
      (t) => Array.isArray(t) && t.length > 0,
    );
    const taskId = tasks[0].id as string;

    for (const who of ['leadB', 'advisoryB', 'partnerX', 'partnerY']) {
      expect([who, (await http().get(`/api/processes/${enc(id)}`).set(H[who])).status]).toEqual([who, 403]);
      expect((await http().get(`/api/processes/${enc(id)}/history`).set(H[who])).status).toBe(403);
      expect((await http().get(`/api/processes/${enc(id)}/children`).set(H[who])).status).toBe(403);
      expect((await http().get(`/api/processes/${enc(id)}/submissions`).set(H[who])).status).toBe(403);
      expect((await http().get(`/api/tasks/${enc(taskId)}`).set(H[who])).status).toBe(403);
      expect((await http().get('/api/tasks').query({ filter: JSON.stringify({ processId: id, assigned: false }) }).set(H[who])).status).toBe(403);
      expect((await http().get('/api/audit/verify').query({ processId: id }).set(H[who])).status).toBe(403);
      const list = await http().get('/api/processes').query({ filter: JSON.stringify({ id: [id] }) }).set(H[who]);
      expect(list.status).toBe(200);
      expect(list.body).toEqual([]);
      const byOp = await http().get('/api/processes').query({ filter: JSON.stringify({ operationId: opA }) }).set(H[who]);
      expect(byOp.body).toEqual([]);
    }
    for (const who of ['hcA', 'leadA', 'erc', 'signatory', 'admin']) {
      expect([who, (await http().get(`/api/processes/${enc(id)}`).set(H[who])).status]).toEqual([who, 200]);
      expect((await http().get(`/api/tasks/${enc(taskId)}`).set(H[who])).status).toBe(200);
      const list = await http().get('/api/processes').query({ filter: JSON.stringify({ id: [id] }) }).set(H[who]);
      expect(list.body.map((p: { id: string }) => p.id)).toEqual([id]);
    }
    // Notifications obey the same rule: once hcA no longer acts in opA, its notifications of the case are hidden.
    const mine = () => http().get('/api/notifications').query({ filter: JSON.stringify({ processId: id }) }).set(H.hcA).then((r) => r.body as any[]);
    await eventually(mine, (n) => Array.isArray(n) && n.length > 0);
    const moved = await http().put(`/api/users/${actors.hcA.id}`).set(H.admin).send({ operationScopes: [opB] });
    expect(moved.status).toBe(200);
    actors.hcA.operationScopes = [opB];
    const token = await http().post('/api/auth/login').send({ username: actors.hcA.username, password: 'scope-pass-1' });
    H.hcA = bearer(token.body.accessToken);
    await eventually(mine, (n) => Array.isArray(n) && n.length === 0, 10_000);
    expect((await http().get(`/api/processes/${enc(id)}`).set(H.hcA)).status).toBe(403);
    // erc and fund_signatory read every case, so they may list every task too.
    expect((await http().get('/api/tasks').query({ filter: JSON.stringify({ assigned: false, processId: id }) }).set(H.erc)).status).toBe(200);
    expect((await http().get('/api/tasks').query({ filter: JSON.stringify({ assigned: false }) }).set(H.signatory)).status).toBe(200);
    expect((await http().get('/api/tasks').query({ filter: JSON.stringify({ assigned: false }) }).set(H.leadA)).status).toBe(403);
  }, 60_000);

  it('lists (SQL) and single reads agree with mayReadProcess on generated rows: partners see only their organisation\'s cases and open calls', async () => {
    const random = rng(16_006);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const windows = partnerWindows();
    expect(windows.some((w) => w.invited === null)).toBe(true); // an open call exists (pooled-fund allocation)
    expect(windows.some((w) => w.invited !== null)).toBe(true); // and an invite-only round (HPC projects)
    const prefix = `rs-gen-${uniqueSuffix()}`;
    const rows: { id: string; type: string; status: string; operationId: string | null; sector: string | null; subject: Record<string, unknown>; data: Record<string, unknown>; input: Record<string, unknown>; steps: { stepId: string; status: string }[] }[] = [];
    const involved = new Map<string, string[]>();
    for (let i = 0; i < 60; i++) {
      const w = pick([...windows, null, null]);
      const type = w?.type ?? pick(['cluster-activation', 'transition-review', 'grant-proposal']);
      const subjectOrg = pick([orgX, orgY, null, null]);
      const data: Record<string, unknown> = {};
      if (w?.invited && w.invited.column === 'data') {
        const invitedOrgs = pick([[orgX], [orgY], [], [orgX, orgY]]);
        // lists keyed by a value (per sector), as the HPC project window reads them
        let v: unknown = { protection: invitedOrgs };
        for (const key of [...w.invited.path].reverse()) v = { [key]: v };
        Object.assign(data, v as Record<string, unknown>);
      }
      const row = {
        id: `${prefix}:${i}`,
        type,
        status: pick(['running', 'running', 'completed']),
        operationId: pick([opA, opB, null]),
        sector: pick(['protection', 'health', null]),
        subject: subjectOrg ? { organisationId: subjectOrg } : {},
        data,
        input: {},
        steps: w ? [{ id: `${w.stepId}#1`, stepId: w.stepId, kind: 'window', status: pick(['open', 'done']) }] : [],
      };
      rows.push(row);
      await ds.query(
        `INSERT INTO processes (id, type, title, status, operation_id, sector, subject, input, data, steps, started_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, '{}', $8, $9, now(), now())`,
        [row.id, row.type, `Generated ${i}`, row.status, row.operationId, row.sector, JSON.stringify(row.subject), JSON.stringify(row.data), JSON.stringify(row.steps)],
      );
      const orgs: string[] = [];
      const taskOrg = pick([orgX, orgY, null, null, null]);
      if (taskOrg || random() < 0.3) {
        await ds.query(
          `INSERT INTO tasks (id, process_id, process_type, step_id, title, roles, decisions, status, organisation_id, created_at, updated_at)
           VALUES ($1, $2, $3, 'generated', 'Generated task', '{partner}', '{done}', 'open', $4, now(), now())`,
          [`${row.id}/generated/1`, row.id, row.type, taskOrg],
        );
        if (taskOrg) orgs.push(taskOrg);
      }
      const submissionOrg = pick([orgX, orgY, null, null, null]);
      if (submissionOrg) {
        await ds.query(
          `INSERT INTO submissions (id, process_id, step_id, kind, organisation_id, data, status, at) VALUES ($1, $2, 'generated', 'generated', $3, '{}', 'received', now())`,
          [randomUUID(), row.id, submissionOrg],
        );
        orgs.push(submissionOrg);
      }
      involved.set(row.id, orgs);
    }

    const counts: Record<string, number> = {};
    for (const name of ['hcA', 'advisoryB', 'leadA', 'leadB', 'partnerX', 'partnerY', 'uninvolved', 'erc']) {
      const actor = actors[name];
      const expected = rows.filter((r) => mayReadProcess(actor, readableOf(r, involved.get(r.id) ?? [], windows))).map((r) => r.id).sort();
      const res = await http().get('/api/processes').query({ filter: JSON.stringify({ q: prefix }), range: '[0,199]' }).set(H[name]);
      expect(res.status).toBe(200);
      expect([name, (res.body as { id: string }[]).map((p) => p.id).sort()]).toEqual([name, expected]);
      for (const r of rows) {
        const status = (await http().get(`/api/processes/${enc(r.id)}`).set(H[name])).status;
        expect([name, r.id, status]).toEqual([name, r.id, expected.includes(r.id) ? 200 : 403]);
      }
      counts[name] = expected.length;
    }
    // The rows exercise every branch: partners read some and not all, and not the same ones.
    expect(counts.partnerX).toBeGreaterThan(0);
    expect(counts.partnerX).toBeLessThan(rows.length);
    expect(counts.partnerY).toBeGreaterThan(0);
    expect(counts.uninvolved).toBeLessThan(Math.min(counts.partnerX, counts.partnerY)); // open calls only
    expect(counts.erc).toBe(rows.length);
    console.log(`read scope: ${rows.length} generated cases; readable per user: ${JSON.stringify(counts)}`);
  }, 120_000);
});
