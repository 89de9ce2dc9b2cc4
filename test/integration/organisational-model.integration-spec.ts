// PROCESSES.md revision 2, "Who uses it" and "Core objects", over HTTP: users' operation scopes and authorised
// signatories, operation settings and who may edit them, organisation risk levels, lead agencies and AoRs on
// clusters, and cluster members (who manages them, partners asking to join).
import type { INestApplication } from '@nestjs/common';
import { Client } from 'pg';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { OrganisationalModel1796000000000 } from '../../migrations/1796000000000-OrganisationalModel';
import { migrate } from '../../apps/api/src/persistence/data-source';
import { NOT_YOUR_OPERATION } from '../../apps/api/src/modules/operations/operations.service';
import { MANAGE_MEMBERS_DENIED, PARTNER_OWN_ORGANISATION_ONLY } from '../../apps/api/src/modules/clusters/clusters.service';
import { createCluster, createOperation, createOrganisation, organisationNamed } from '../factories';
import { bearer, createTestApp, loginAs } from '../utils/http';

const MISSING = '00000000-0000-4000-8000-000000000000';
type Headers = { Authorization: string };

describe('organisational model (HTTP)', () => {
  let app: INestApplication;
  let http: ReturnType<INestApplication['getHttpServer']>;
  let ds: DataSource;
  const as: Record<string, Headers> = {};
  const suffix = `${Date.now()}`;
  let ssdId: string;
  let ugaId: string;

  /** An account made through the admin API (so it can log in), and its bearer headers. */
  async function user(body: Record<string, unknown>): Promise<{ id: string; headers: Headers }> {
    const username = `${String(body.username ?? 'u')}.${suffix}`;
    const created = await request(http).post('/api/users').set(as.admin).send({ displayName: username, password: 'long-enough-pass', ...body, username }).expect(201);
    return { id: created.body.id, headers: bearer(await loginAs(app, username, 'long-enough-pass')) };
  }

  beforeAll(async () => {
    app = await createTestApp();
    http = app.getHttpServer();
    ds = app.get(DataSource);
    for (const u of ['admin', 'ocha', 'ocha.uga', 'hc', 'auditor', 'partner.local', 'lead.health']) as[u] = bearer(await loginAs(app, u));
    const ops = await request(http).get('/api/operations').set(as.auditor).expect(200);
    ssdId = ops.body.find((o: { name: string }) => o.name === 'South Sudan 2026').id;
    ugaId = ops.body.find((o: { name: string }) => o.name === 'Uganda Refugee Response 2026').id;
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('users: operation scopes and authorised signatories', () => {
    it('the demo HC and OCHA are scoped to their operation; /api/me shows it', async () => {
      const me = await request(http).get('/api/me').set(as.hc).expect(200);
      // Seeded in South Sudan only (the shared database may hold operations other suites scoped the demo HC to since).
      expect(me.body).toMatchObject({ username: 'hc', roles: ['hc'], authorisedSignatory: false });
      expect(me.body.operationScopes[0]).toBe(ssdId);
      expect(me.body.operationScopes).not.toContain(ugaId);
      const scoped = await request(http).get('/api/users').query({ filter: JSON.stringify({ operationId: ugaId }) }).set(as.admin).expect(200);
      expect(scoped.body.map((u: { username: string }) => u.username)).toContain('ocha.uga');
      for (const u of scoped.body as Array<{ username: string; operationScopes: string[] }>) expect([u.username, u.operationScopes]).toEqual([u.username, expect.arrayContaining([ugaId])]);
      expect(scoped.body.map((u: { username: string }) => u.username)).not.toContain('hc');
      const signatories = await request(http).get('/api/users').query({ filter: JSON.stringify({ authorisedSignatory: true }) }).set(as.admin).expect(200);
      expect(signatories.body.map((u: { username: string }) => u.username)).toContain('partner.director');
      for (const u of signatories.body as Array<{ username: string; authorisedSignatory: boolean }>) expect([u.username, u.authorisedSignatory]).toEqual([u.username, true]);
    });

    it('admin creates and edits operation scopes and the signatory flag', async () => {
      const created = await request(http)
        .post('/api/users')
        .set(as.admin)
        .send({ username: `ab.${suffix}`, displayName: 'AB member', password: 'long-enough-pass', roles: ['advisory_board'], operationScopes: [ssdId, ssdId] })
        .expect(201);
      expect(created.body).toMatchObject({ roles: ['advisory_board'], operationScopes: [ssdId], authorisedSignatory: false });
      const updated = await request(http).put(`/api/users/${created.body.id}`).set(as.admin).send({ operationScopes: [ssdId, ugaId] }).expect(200);
      expect(updated.body.operationScopes).toEqual([ssdId, ugaId]);

      const org = await organisationNamed(ds, 'Hope Relief Juba', 'lngo');
      const partner = await request(http)
        .post('/api/users')
        .set(as.admin)
        .send({ username: `sign.${suffix}`, displayName: 'Signatory', password: 'long-enough-pass', roles: ['partner'], organisationId: org, authorisedSignatory: true })
        .expect(201);
      expect(partner.body).toMatchObject({ authorisedSignatory: true, organisationName: 'Hope Relief Juba', operationScopes: [] });
      const revoked = await request(http).put(`/api/users/${partner.body.id}`).set(as.admin).send({ authorisedSignatory: false }).expect(200);
      expect(revoked.body.authorisedSignatory).toBe(false);
    });

    it('400 naming the field: unknown operations, non-uuids, a signatory who is not a partner', async () => {
      const base = { displayName: 'X', password: 'long-enough-pass', roles: ['hc'] };
      const unknown = await request(http).post('/api/users').set(as.admin).send({ ...base, username: `x1.${suffix}`, operationScopes: [ssdId, MISSING] }).expect(400);
      expect(unknown.body.message).toEqual(['operationScopes.1 does not reference an existing operation']);
      const notUuid = await request(http).post('/api/users').set(as.admin).send({ ...base, username: `x2.${suffix}`, operationScopes: ['ssd'] }).expect(400);
      expect(notUuid.body.message).toEqual(['each value in operationScopes must be a UUID']);
      const notArray = await request(http).post('/api/users').set(as.admin).send({ ...base, username: `x3.${suffix}`, operationScopes: ssdId }).expect(400);
      expect(notArray.body.message).toEqual(expect.arrayContaining(['operationScopes must be an array']));
      const signatory = await request(http).post('/api/users').set(as.admin).send({ ...base, username: `x4.${suffix}`, authorisedSignatory: true }).expect(400);
      expect(signatory.body.message).toEqual(['authorisedSignatory may be true only when roles include partner']);
      const flag = await request(http).post('/api/users').set(as.admin).send({ ...base, username: `x5.${suffix}`, authorisedSignatory: 'yes' }).expect(400);
      expect(flag.body.message).toEqual(['authorisedSignatory must be a boolean value']);
      const hc = await request(http).get('/api/users').query({ filter: JSON.stringify({ q: 'hc' }) }).set(as.admin).expect(200);
      const hcId = hc.body.find((u: { username: string }) => u.username === 'hc').id;
      const update = await request(http).put(`/api/users/${hcId}`).set(as.admin).send({ operationScopes: [MISSING] }).expect(400);
      expect(update.body.message).toEqual(['operationScopes.0 does not reference an existing operation']);
    });

    it('null is a value to validate, never a 500', async () => {
      const hc = await request(http).get('/api/users').query({ filter: JSON.stringify({ q: 'hc' }) }).set(as.admin).expect(200);
      const hcId = hc.body.find((u: { username: string }) => u.username === 'hc').id;
      const before = (await request(http).get('/api/me').set(as.hc).expect(200)).body.operationScopes as string[];
      expect(before).toContain(ssdId);
      const res = await request(http).put(`/api/users/${hcId}`).set(as.admin).send({ operationScopes: null, authorisedSignatory: null }).expect(400);
      expect(res.body.message).toEqual(['operationScopes must be an array', 'authorisedSignatory must be a boolean value']);
      const me = await request(http).get('/api/me').set(as.hc).expect(200);
      expect(me.body.operationScopes).toEqual(before);
    });

    it('only admin edits users (403), unknown user 404', async () => {
      await request(http).post('/api/users').set(as.ocha).send({ username: `y.${suffix}`, displayName: 'Y', password: 'long-enough-pass', roles: ['hc'], operationScopes: [ssdId] }).expect(403);
      await request(http).put(`/api/users/${MISSING}`).set(as.admin).send({ operationScopes: [ssdId] }).expect(404);
    });
  });

  describe('operations: types and settings', () => {
    it('every role reads the settings, defaults filled in', async () => {
      const ssd = await request(http).get(`/api/operations/${ssdId}`).set(as['partner.local']).expect(200);
      expect(ssd.body.settings).toMatchObject({ timeZone: 'Africa/Juba', weekendDays: [6, 0], planningCycleStartMonth: 6, planningFormat: 'hnrp', durationOverrides: {} });
      expect(ssd.body.settings.holidays).toContain('2026-07-09');
      const uga = await request(http).get(`/api/operations/${ugaId}`).set(as.hc).expect(200);
      expect(uga.body).toMatchObject({ type: 'refugee', countryIso3: 'UGA' });
      const fresh = await createOperation(ds, 'mixed');
      const mixed = await request(http).get(`/api/operations/${fresh}`).set(as.hc).expect(200);
      expect(mixed.body).toMatchObject({
        type: 'mixed',
        settings: { timeZone: 'UTC', weekendDays: [6, 0], holidays: [], planningCycleStartMonth: 6, planningFormat: 'hnrp', durationOverrides: {}, pauseDutiesInTransition: false },
      });
      const refugees = await request(http).get('/api/operations').query({ filter: JSON.stringify({ type: 'refugee' }) }).set(as.hc).expect(200);
      expect(refugees.body.map((o: { name: string }) => o.name)).toContain('Uganda Refugee Response 2026');
    });

    it("the operation's own OCHA and admin edit settings; OCHA of another operation, HC and auditor get 403", async () => {
      const op = await createOperation(ds, 'sudden-onset');
      const ocha = await user({ username: 'ocha.own', roles: ['ocha'], operationScopes: [op] });
      const patched = await request(http)
        .patch(`/api/operations/${op}/settings`)
        .set(ocha.headers)
        .send({ timeZone: 'Asia/Kabul', weekendDays: [6, 5], holidays: ['2026-03-21', '2026-03-21', '2026-02-15'], planningCycleStartMonth: 3 })
        .expect(200);
      expect(patched.body.settings).toEqual({
        timeZone: 'Asia/Kabul', weekendDays: [5, 6], holidays: ['2026-02-15', '2026-03-21'], planningCycleStartMonth: 3, planningFormat: 'hnrp', durationOverrides: {}, pauseDutiesInTransition: false,
      });
      // Each given field replaces its value; the others stay.
      const overrides = { 'cluster-activation': { 'erc-approval': { due: '2 working days', reminders: ['24 hours'] } } };
      const admin = await request(http).patch(`/api/operations/${op}/settings`).set(as.admin).send({ planningFormat: 'hno-hrp', durationOverrides: overrides, pauseDutiesInTransition: true }).expect(200);
      expect(admin.body.settings).toMatchObject({ timeZone: 'Asia/Kabul', planningFormat: 'hno-hrp', durationOverrides: overrides, pauseDutiesInTransition: true });
      const stored = await ds.query(`SELECT settings FROM operations WHERE id = $1`, [op]);
      expect(stored[0].settings).toMatchObject({ timeZone: 'Asia/Kabul', planningFormat: 'hno-hrp' });

      const other = await request(http).patch(`/api/operations/${op}/settings`).set(as['ocha.uga']).send({ timeZone: 'UTC' }).expect(403);
      expect(other.body.message).toBe(NOT_YOUR_OPERATION);
      const hc = await request(http).patch(`/api/operations/${op}/settings`).set(as.hc).send({ timeZone: 'UTC' }).expect(403);
      expect(hc.body.message).toBe('this action needs one of the roles: admin, ocha');
      await request(http).patch(`/api/operations/${op}/settings`).set(as.auditor).send({ timeZone: 'UTC' }).expect(403);
      // The same rule for the operation itself.
      await request(http).put(`/api/operations/${op}`).set(as['ocha.uga']).send({ type: 'mixed' }).expect(403);
      const retyped = await request(http).put(`/api/operations/${op}`).set(ocha.headers).send({ type: 'mixed' }).expect(200);
      expect(retyped.body.type).toBe('mixed');
    });

    it('400 naming each field and its rule', async () => {
      const res = await request(http)
        .patch(`/api/operations/${ssdId}/settings`)
        .set(as.admin)
        .send({ timeZone: 'Mars/Olympus_Mons', weekendDays: [0, 7, 0], holidays: ['2026-02-30', '9 July'], planningCycleStartMonth: 13, planningFormat: 'hrp' })
        .expect(400);
      expect(res.body.message).toEqual(expect.arrayContaining([
        'timeZone must be an IANA time zone name such as Africa/Juba or UTC',
        'each value in weekendDays must not be greater than 6',
        "All weekendDays's elements must be unique",
        'each value in holidays must be a calendar date written YYYY-MM-DD',
        'planningCycleStartMonth must not be greater than 12',
        'planningFormat must be one of the following values: hnrp, hno-hrp',
      ]));
      expect(res.body.message).toHaveLength(6);
      const offset = await request(http).patch(`/api/operations/${ssdId}/settings`).set(as.admin).send({ timeZone: '+03:00' }).expect(400);
      expect(offset.body.message).toEqual(['timeZone must be an IANA time zone name such as Africa/Juba or UTC']);
      const pause = await request(http).patch(`/api/operations/${ssdId}/settings`).set(as.admin).send({ pauseDutiesInTransition: 'yes' }).expect(400);
      expect(pause.body.message).toEqual(['pauseDutiesInTransition must be a boolean value']);
      const month = await request(http).patch(`/api/operations/${ssdId}/settings`).set(as.admin).send({ planningCycleStartMonth: 0.5 }).expect(400);
      expect(month.body.message).toEqual(expect.arrayContaining(['planningCycleStartMonth must be an integer number']));
      const overrides = await request(http)
        .patch(`/api/operations/${ssdId}/settings`)
        .set(as.admin)
        .send({ durationOverrides: { 'cluster-activation': { 'erc-approval': { due: 'soon', colour: 'red' } } } })
        .expect(400);
      expect(overrides.body.message).toEqual([
        'property durationOverrides.cluster-activation.erc-approval.colour should not exist; durationOverrides.cluster-activation.erc-approval.due must be a duration of at most 10 years (e.g. "3 days", "10 working days", "3 months")',
      ]);
      const nulls = await request(http)
        .patch(`/api/operations/${ssdId}/settings`)
        .set(as.admin)
        .send({ timeZone: null, weekendDays: null, holidays: null, planningCycleStartMonth: null, planningFormat: null, durationOverrides: null })
        .expect(400);
      expect(nulls.body.message).toEqual(expect.arrayContaining([
        'timeZone must be a string', 'weekendDays must be an array', 'holidays must be an array',
        'planningCycleStartMonth must be an integer number', 'durationOverrides must be an object',
      ]));
      const extra = await request(http).patch(`/api/operations/${ssdId}/settings`).set(as.admin).send({ currency: 'SSP' }).expect(400);
      expect(extra.body.message).toEqual(['property currency should not exist']);
      const unchanged = await request(http).get(`/api/operations/${ssdId}`).set(as.admin).expect(200);
      expect(unchanged.body.settings.timeZone).toBe('Africa/Juba');
    });

    it('404 for an unknown operation, 400 for a bad id', async () => {
      const missing = await request(http).patch(`/api/operations/${MISSING}/settings`).set(as.admin).send({ timeZone: 'UTC' }).expect(404);
      expect(missing.body.message).toBe(`operation ${MISSING} not found`);
      const bad = await request(http).patch('/api/operations/ssd/settings').set(as.admin).send({ timeZone: 'UTC' }).expect(400);
      expect(bad.body.message).toEqual(['id must be a UUID']);
    });

    it('refugee and mixed types are accepted; an OCHA that opens an operation is scoped to it', async () => {
      const ocha = await user({ username: 'ocha.opener', roles: ['ocha'], operationScopes: [] });
      const created = await request(http).post('/api/operations').set(ocha.headers).send({ name: `Chad Refugees ${suffix}`, countryIso3: 'TCD', type: 'refugee' }).expect(201);
      expect(created.body).toMatchObject({ type: 'refugee', settings: { timeZone: 'UTC' } });
      const me = await request(http).get('/api/me').set(ocha.headers).expect(200);
      expect(me.body.operationScopes).toEqual([created.body.id]);
      await request(http).patch(`/api/operations/${created.body.id}/settings`).set(ocha.headers).send({ timeZone: 'Africa/Ndjamena', weekendDays: [6, 0] }).expect(200);
      const bad = await request(http).post('/api/operations').set(as.admin).send({ name: `Bad ${suffix}`, countryIso3: 'TCD', type: 'slow' }).expect(400);
      expect(bad.body.message).toEqual(['type must be one of the following values: sudden-onset, protracted, refugee, mixed']);
    });
  });

  describe('organisations: risk level', () => {
    it('admin sets and clears the risk level; filters and 400s', async () => {
      const created = await request(http).post('/api/organisations').set(as.admin).send({ name: `Bor Women ${suffix}`, type: 'lngo', riskLevel: 'high' }).expect(201);
      expect(created.body).toMatchObject({ type: 'lngo', riskLevel: 'high' });
      const noRisk = await request(http).post('/api/organisations').set(as.admin).send({ name: `Akobo Youth ${suffix}`, type: 'lngo' }).expect(201);
      expect(noRisk.body.riskLevel).toBeNull();
      const lowered = await request(http).put(`/api/organisations/${created.body.id}`).set(as.admin).send({ riskLevel: 'medium' }).expect(200);
      expect(lowered.body).toMatchObject({ name: `Bor Women ${suffix}`, riskLevel: 'medium' });
      const cleared = await request(http).put(`/api/organisations/${created.body.id}`).set(as.admin).send({ riskLevel: null }).expect(200);
      expect(cleared.body.riskLevel).toBeNull();
      const bad = await request(http).put(`/api/organisations/${created.body.id}`).set(as.admin).send({ riskLevel: 'extreme', name: null }).expect(400);
      expect(bad.body.message).toEqual(expect.arrayContaining(['riskLevel must be one of the following values: low, medium, high', 'name must be a string']));
      await request(http).put(`/api/organisations/${created.body.id}`).set(as.ocha).send({ riskLevel: 'low' }).expect(403);
      await request(http).put(`/api/organisations/${MISSING}`).set(as.admin).send({ riskLevel: 'low' }).expect(404);
      const high = await request(http).get('/api/organisations').query({ filter: JSON.stringify({ riskLevel: 'high' }), range: '[0,199]' }).set(as.auditor).expect(200);
      expect(high.body.length).toBeGreaterThan(0);
      expect(high.body.every((o: { riskLevel: string }) => o.riskLevel === 'high')).toBe(true);
      const unhcr = await request(http).get('/api/organisations').query({ filter: JSON.stringify({ q: 'UNHCR' }) }).set(as.auditor).expect(200);
      expect(unhcr.body[0]).toMatchObject({ name: 'UNHCR', riskLevel: 'low' });
    });
  });

  describe('clusters: lead agencies, names, AoRs', () => {
    it('shows the lead and co-lead agencies by id and name', async () => {
      const who = await organisationNamed(ds, 'WHO');
      const irc = await organisationNamed(ds, 'International Rescue Committee', 'ingo');
      const health = await request(http).get('/api/clusters').query({ operationId: ssdId, sector: 'health' }).set(as.auditor).expect(200);
      expect(health.body[0]).toMatchObject({
        sector: 'health', leadAgencyId: who, leadAgency: 'WHO', coLeadAgencyId: irc, coLeadAgency: 'International Rescue Committee',
        parentClusterId: null, parentSector: null, areasOfResponsibility: [],
      });
      const byLead = await request(http).get('/api/clusters').query({ filter: JSON.stringify({ leadAgencyId: irc }) }).set(as.auditor).expect(200);
      expect(byLead.body.map((c: { sector: string }) => c.sector)).toContain('health');
      const q = await request(http).get('/api/clusters').query({ filter: JSON.stringify({ operationId: ssdId, q: 'unicef' }) }).set(as.auditor).expect(200);
      expect(q.body.map((c: { sector: string }) => c.sector)).toEqual(['wash']);
    });

    it('Protection lists its AoRs; an AoR names its parent; coordinator and IM names are shown', async () => {
      const op = await createOperation(ds, 'sudden-onset');
      const unfpa = await organisationNamed(ds, 'UNFPA');
      const protection = await createCluster(ds, op, 'protection', 'active', new Date().toISOString());
      await ds.query(`UPDATE clusters SET coordinator_name = 'Achol Deng', information_manager_name = 'Tom Lokol' WHERE id = $1`, [protection]);
      const gbv = await createCluster(ds, op, 'gbv', 'proposed', null, { leadAgencyId: unfpa, parentClusterId: protection });
      const parent = await request(http).get(`/api/clusters/${protection}`).set(as['partner.local']).expect(200);
      expect(parent.body).toMatchObject({
        sector: 'protection', coordinatorName: 'Achol Deng', informationManagerName: 'Tom Lokol',
        areasOfResponsibility: [{ id: gbv, sector: 'gbv', status: 'proposed' }],
      });
      const child = await request(http).get(`/api/clusters/${gbv}`).set(as['partner.local']).expect(200);
      expect(child.body).toMatchObject({ parentClusterId: protection, parentSector: 'protection', leadAgency: 'UNFPA', coordinatorName: null });
      const listed = await request(http).get('/api/clusters').query({ filter: JSON.stringify({ parentClusterId: protection }) }).set(as.hc).expect(200);
      expect(listed.body.map((c: { id: string }) => c.id)).toEqual([gbv]);
    });
  });

  describe('cluster members', () => {
    let op: string;
    let cluster: string;
    let ngo: string;
    let hope: string;
    let ocha: Headers;
    let lead: Headers;

    beforeAll(async () => {
      op = await createOperation(ds, 'sudden-onset');
      cluster = await createCluster(ds, op, 'wash', 'active', new Date().toISOString());
      ngo = await createOrganisation(ds, 'nngo', 'medium');
      hope = await organisationNamed(ds, 'Hope Relief Juba', 'lngo');
      ocha = (await user({ username: 'ocha.members', roles: ['ocha'], operationScopes: [op] })).headers;
      lead = (await user({ username: 'lead.members', roles: ['cluster_lead'], clusterScopes: [{ operationId: op, sector: 'wash' }] })).headers;
    });

    it('every role reads the demo members, with names and dates', async () => {
      const health = await request(http).get('/api/clusters').query({ operationId: ssdId, sector: 'protection' }).set(as.auditor).expect(200);
      const members = await request(http).get(`/api/clusters/${health.body[0].id}/members`).set(as['partner.local']).expect(200);
      const byName = Object.fromEntries(members.body.map((m: { organisationName: string; status: string }) => [m.organisationName, m]));
      expect(byName.UNHCR).toMatchObject({ status: 'member', organisationType: 'un-agency', leftAt: null });
      expect(byName.UNHCR.joinedAt).toEqual(expect.any(String));
      expect(byName['Malakal Youth Initiative']).toMatchObject({ status: 'requested', joinedAt: null });
    });

    it('admin, the operation’s OCHA and the cluster’s lead add members; others get 403', async () => {
      const added = await request(http).post(`/api/clusters/${cluster}/members`).set(ocha).send({ organisationId: ngo }).expect(201);
      expect(added.body).toMatchObject({ clusterId: cluster, organisationId: ngo, status: 'member', leftAt: null, requestedBy: null });
      expect(Date.parse(added.body.joinedAt)).toBeGreaterThan(Date.now() - 60_000);
      const dup = await request(http).post(`/api/clusters/${cluster}/members`).set(lead).send({ organisationId: ngo }).expect(409);
      expect(dup.body.message).toMatch(/is already a member of this cluster$/);

      const unicef = await organisationNamed(ds, 'UNICEF');
      await request(http).post(`/api/clusters/${cluster}/members`).set(lead).send({ organisationId: unicef }).expect(201);
      const irc = await organisationNamed(ds, 'International Rescue Committee', 'ingo');
      await request(http).post(`/api/clusters/${cluster}/members`).set(as.admin).send({ organisationId: irc }).expect(201);

      for (const who of [as.ocha, as.hc, as['lead.health'], as.auditor]) {
        const denied = await request(http).post(`/api/clusters/${cluster}/members`).set(who).send({ organisationId: hope }).expect(403);
        expect(denied.body.message).toBe(MANAGE_MEMBERS_DENIED);
      }
      const list = await request(http).get(`/api/clusters/${cluster}/members`).set(as.hc).expect(200);
      expect(list.body.map((m: { organisationId: string }) => m.organisationId).sort()).toEqual([ngo, unicef, irc].sort());
      const filtered = await request(http).get('/api/clusters').query({ filter: JSON.stringify({ memberOrganisationId: ngo }) }).set(as.hc).expect(200);
      expect(filtered.body.map((c: { id: string }) => c.id)).toEqual([cluster]);
    });

    it('a partner asks to join for its own organisation; a manager approves; the partner may leave', async () => {
      const other = await request(http).post(`/api/clusters/${cluster}/members`).set(as['partner.local']).send({ organisationId: ngo }).expect(403);
      expect(other.body.message).toBe(PARTNER_OWN_ORGANISATION_ONLY);
      const asked = await request(http).post(`/api/clusters/${cluster}/members`).set(as['partner.local']).send({ organisationId: hope }).expect(201);
      expect(asked.body).toMatchObject({ organisationId: hope, organisationName: 'Hope Relief Juba', status: 'requested', joinedAt: null });
      expect(asked.body.requestedBy).toEqual(expect.any(String));
      const again = await request(http).post(`/api/clusters/${cluster}/members`).set(as['partner.local']).send({ organisationId: hope }).expect(409);
      expect(again.body.message).toBe('Hope Relief Juba has already asked to join this cluster');

      const selfApprove = await request(http).patch(`/api/clusters/${cluster}/members/${hope}`).set(as['partner.local']).send({ status: 'member' }).expect(403);
      expect(selfApprove.body.message).toBe(MANAGE_MEMBERS_DENIED);
      await request(http).patch(`/api/clusters/${cluster}/members/${hope}`).set(as['ocha.uga']).send({ status: 'member' }).expect(403);
      const approved = await request(http).patch(`/api/clusters/${cluster}/members/${hope}`).set(lead).send({ status: 'member' }).expect(200);
      expect(approved.body).toMatchObject({ status: 'member', requestedBy: asked.body.requestedBy });
      expect(approved.body.joinedAt).toEqual(expect.any(String));

      await request(http).delete(`/api/clusters/${cluster}/members/${hope}`).set(as['partner.local']).expect(204);
      const left = await request(http).get(`/api/clusters/${cluster}/members`).set(as.hc).expect(200);
      const row = left.body.find((m: { organisationId: string }) => m.organisationId === hope);
      expect(row).toMatchObject({ status: 'left' });
      expect(Date.parse(row.leftAt)).toBeGreaterThanOrEqual(Date.parse(row.joinedAt));
      // A partner cannot remove another organisation.
      const denied = await request(http).delete(`/api/clusters/${cluster}/members/${ngo}`).set(as['partner.local']).expect(403);
      expect(denied.body.message).toBe(MANAGE_MEMBERS_DENIED);
    });

    it('a manager ends a membership (kept with its dates) and declines a request (removed)', async () => {
      const leftViaPatch = await request(http).patch(`/api/clusters/${cluster}/members/${ngo}`).set(ocha).send({ status: 'left' }).expect(200);
      expect(leftViaPatch.body.status).toBe('left');
      const twice = await request(http).patch(`/api/clusters/${cluster}/members/${ngo}`).set(ocha).send({ status: 'left' }).expect(409);
      expect(twice.body.message).toBe("only a member can leave; this organisation's status is left (a pending request is declined with DELETE)");
      const back = await request(http).post(`/api/clusters/${cluster}/members`).set(ocha).send({ organisationId: ngo }).expect(201);
      expect(back.body).toMatchObject({ status: 'member', leftAt: null });

      const small = await createOrganisation(ds, 'lngo');
      const partner = await user({ username: 'partner.members', roles: ['partner'], organisationId: small });
      await request(http).post(`/api/clusters/${cluster}/members`).set(partner.headers).send({ organisationId: small }).expect(201);
      await request(http).delete(`/api/clusters/${cluster}/members/${small}`).set(as.admin).expect(204);
      const rows = await ds.query(`SELECT 1 FROM cluster_members WHERE cluster_id = $1 AND organisation_id = $2`, [cluster, small]);
      expect(rows).toHaveLength(0);
    });

    it('400 for bad input, 404 for unknown clusters and memberships, 409 for a closed cluster', async () => {
      const notUuid = await request(http).post(`/api/clusters/${cluster}/members`).set(as.admin).send({ organisationId: 'hope' }).expect(400);
      expect(notUuid.body.message).toEqual(['organisationId must be a UUID']);
      const unknown = await request(http).post(`/api/clusters/${cluster}/members`).set(as.admin).send({ organisationId: MISSING }).expect(400);
      expect(unknown.body.message).toEqual(['organisationId does not reference an existing organisation']);
      const status = await request(http).patch(`/api/clusters/${cluster}/members/${ngo}`).set(as.admin).send({ status: 'requested' }).expect(400);
      expect(status.body.message).toEqual(['status must be one of the following values: member, left']);
      const badPath = await request(http).delete(`/api/clusters/${cluster}/members/ngo`).set(as.admin).expect(400);
      expect(badPath.body.message).toEqual(['organisationId must be a UUID']);

      const noCluster = await request(http).post(`/api/clusters/${MISSING}/members`).set(as.admin).send({ organisationId: ngo }).expect(404);
      expect(noCluster.body.message).toBe(`cluster ${MISSING} not found`);
      await request(http).get(`/api/clusters/${MISSING}/members`).set(as.admin).expect(404);
      const noMember = await request(http).patch(`/api/clusters/${cluster}/members/${MISSING}`).set(as.admin).send({ status: 'member' }).expect(404);
      expect(noMember.body.message).toBe(`organisation ${MISSING} is neither a member of cluster ${cluster} nor asking to join it`);
      await request(http).delete(`/api/clusters/${cluster}/members/${MISSING}`).set(as.admin).expect(404);

      const closed = await createCluster(ds, op, 'health', 'deactivated', null);
      const refused = await request(http).post(`/api/clusters/${closed}/members`).set(ocha).send({ organisationId: ngo }).expect(409);
      expect(refused.body.message).toBe('this cluster is deactivated: organisations join only a proposed, active or in-transition cluster');
    });
  });
});

describe('migration OrganisationalModel (existing rows)', () => {
  const name = `om_migration_${Date.now()}`;
  let admin: Client;
  let url: string;

  beforeAll(async () => {
    const base = new URL(process.env.DATABASE_URL!);
    admin = new Client({ connectionString: base.toString() });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    base.pathname = `/${name}`;
    url = base.toString();
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('turns free-text lead agencies into organisations by name, creating the missing ones, and keeps users and operations valid', async () => {
    const before = MIGRATIONS.findIndex((m) => m === OrganisationalModel1796000000000);
    await migrate(url, { migrations: MIGRATIONS.slice(0, before) });
    const c = new Client({ connectionString: url });
    await c.connect();
    try {
      await c.query(`INSERT INTO organisations (name, type) VALUES ('UNICEF', 'un-agency'), ('Norwegian Refugee Council', 'ingo')`);
      const { rows: [op] } = await c.query(`INSERT INTO operations (name, country_iso3, type) VALUES ('Old', 'SSD', 'protracted') RETURNING id`);
      await c.query(
        `INSERT INTO clusters (operation_id, sector, lead_agency, co_lead_agency) VALUES
           ($1, 'wash', 'unicef ', NULL), ($1, 'protection', 'UNHCR', 'Norwegian Refugee Council'), ($1, 'health', 'WHO', 'unhcr'),
           ($1, 'shelter', 'tbd', NULL)`,
        [op.id],
      );
      await c.query(`INSERT INTO users (username, display_name, password_hash, roles) VALUES ('old.hc', 'Old HC', 'x', '{hc}')`);

      await migrate(url);

      const clusters = await c.query(
        `SELECT c.sector, l.name AS lead, co.name AS colead FROM clusters c
         LEFT JOIN organisations l ON l.id = c.lead_agency_id LEFT JOIN organisations co ON co.id = c.co_lead_agency_id ORDER BY c.sector`,
      );
      expect(clusters.rows).toEqual([
        { sector: 'health', lead: 'WHO', colead: 'UNHCR' },
        { sector: 'protection', lead: 'UNHCR', colead: 'Norwegian Refugee Council' },
        // revision 1's placeholder for "no lead agency yet" is not an organisation
        { sector: 'shelter', lead: null, colead: null },
        { sector: 'wash', lead: 'UNICEF', colead: null },
      ]);
      const orgs = await c.query(`SELECT name, type, risk_level FROM organisations ORDER BY name`);
      expect(orgs.rows).toEqual([
        { name: 'Norwegian Refugee Council', type: 'ingo', risk_level: null },
        { name: 'UNHCR', type: 'un-agency', risk_level: null },
        { name: 'UNICEF', type: 'un-agency', risk_level: null },
        { name: 'WHO', type: 'un-agency', risk_level: null },
      ]);
      const users = await c.query(`SELECT operation_scopes, authorised_signatory FROM users`);
      expect(users.rows).toEqual([{ operation_scopes: [], authorised_signatory: false }]);
      const ops = await c.query(`SELECT settings FROM operations`);
      expect(ops.rows).toEqual([{ settings: {} }]);
      // The new checks hold.
      await expect(c.query(`UPDATE operations SET type = 'refugee'`)).resolves.toBeDefined();
      await expect(c.query(`UPDATE operations SET type = 'slow'`)).rejects.toThrow(/operations_type_check/);
      await expect(c.query(`UPDATE organisations SET risk_level = 'extreme'`)).rejects.toThrow(/organisations_risk_level_check/);
      const { rows: [cl] } = await c.query(`SELECT id FROM clusters WHERE sector = 'wash'`);
      const { rows: [org] } = await c.query(`SELECT id FROM organisations WHERE name = 'UNICEF'`);
      await expect(c.query(`INSERT INTO cluster_members (cluster_id, organisation_id, status) VALUES ($1, $2, 'member')`, [cl.id, org.id]))
        .rejects.toThrow(/cluster_members_joined/);
      await expect(c.query(`INSERT INTO clusters (operation_id, sector, status) VALUES ($1, 'cccm', 'proposed')`, [op.id])).resolves.toBeDefined();
    } finally {
      await c.end();
    }
  });
});
