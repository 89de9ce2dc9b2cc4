// The HPC cycle over HTTP against a real PostgreSQL and a real Temporal dev server with a real worker: OCHA starts
// the cycle and triggers phases (409 naming the phase that must come first, 403 for another operation's OCHA, exact
// 400s), cluster leads submit their needs (403 for another sector's or operation's lead), the HC agrees the scope,
// the clusters × tasks matrix, the JIAF table and its CSV, peopleTargeted above need refused, project list.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { addClusterMember, createCluster, uniqueSuffix } from '../factories';
import { as, bearer, createTestApp, loginAs } from '../utils/http';
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

describe('HPC cycle over HTTP (OCHA triggers, leads submit, the HC agrees; matrix and JIAF)', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  let H: Record<string, { Authorization: string }>;
  let operationId: string;
  let otherOperationId: string;
  let processId: string;
  let healthClusterId: string;
  let memberOrgId: string;
  const taskQueue = `it-hpc-${uniqueSuffix()}`;
  const year = 2030 + Math.floor(Math.random() * 60);

  const http = () => request(app.getHttpServer());

  async function openTask(user: string, stepId: string, sector?: string) {
    const read = async () => {
      const res = await http().get('/api/tasks').query({ filter: JSON.stringify({ processId, stepId, status: 'open' }) }).set(H[user]);
      expect(res.status).toBe(200);
      return (res.body as { id: string; sector: string | null }[]).filter((t) => !sector || t.sector === sector);
    };
    return (await eventually(read, (t) => t.length > 0))[0];
  }

  const decide = (user: string, taskId: string, body: Record<string, unknown>) => http().post(`/api/tasks/${enc(taskId)}/decision`).set(H[user]).send(body);
  const trigger = (user: string, body: Record<string, unknown>) => http().post(`/api/hpc/cycles/${enc(processId)}/trigger`).set(H[user]).send(body);
  const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
    H = { admin: (await as(app, 'admin')).headers, auditor: (await as(app, 'auditor')).headers };
    const op = await http().post('/api/operations').set(H.admin).send({ name: `HPC walk ${uniqueSuffix()}`, countryIso3: 'SSD', type: 'protracted' });
    expect(op.status).toBe(201);
    operationId = op.body.id;
    const other = await http().post('/api/operations').set(H.admin).send({ name: `Other ${uniqueSuffix()}`, countryIso3: 'SOM', type: 'protracted' });
    otherOperationId = other.body.id;
    // Active clusters are the end of an activation; here they are reference rows so the walk starts at the cycle.
    healthClusterId = await createCluster(ds, operationId, 'health', 'active');
    await createCluster(ds, operationId, 'wash', 'active');
    const partnerOrg = await http().post('/api/organisations').set(H.admin).send({ name: `Partner ${uniqueSuffix()}`, type: 'nngo' });
    const memberOrg = await http().post('/api/organisations').set(H.admin).send({ name: `Member NGO ${uniqueSuffix()}`, type: 'lngo' });
    memberOrgId = memberOrg.body.id;
    await addClusterMember(ds, healthClusterId, memberOrgId);
    const user = async (name: string, body: Record<string, unknown>) => {
      const res = await http().post('/api/users').set(H.admin).send({ username: `${name}.${uniqueSuffix()}`, displayName: name, password: 'walk-pass-1', ...body });
      expect(res.status).toBe(201);
      H[name] = bearer(await loginAs(app, res.body.username, 'walk-pass-1'));
    };
    await user('ocha', { roles: ['ocha'], operationScopes: [operationId] });
    await user('ocha.other', { roles: ['ocha'], operationScopes: [otherOperationId] });
    await user('hc', { roles: ['hc'], operationScopes: [operationId] });
    await user('lead.health', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'health' }] });
    await user('lead.wash', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'wash' }] });
    await user('lead.health.other', { roles: ['cluster_lead'], clusterScopes: [{ operationId: otherOperationId, sector: 'health' }] });
    await user('partner', { roles: ['partner'], organisationId: partnerOrg.body.id });
    await user('partner.member', { roles: ['partner'], organisationId: memberOrgId });
    // A health lead from the member organisation: recused from its own project.
    await user('lead.health.member', { roles: ['cluster_lead'], clusterScopes: [{ operationId, sector: 'health' }], organisationId: memberOrgId });
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  it('starts one cycle per operation and year: 400 naming the field, 403 for a lead or another operation\'s OCHA, 409 for a second start', async () => {
    const body = { type: 'hpc-cycle', input: { operationId, year, variant: 'annual' } };
    const badYear = await http().post('/api/processes').set(H.ocha).send({ ...body, input: { ...body.input, year: 1999 } });
    expect(badYear.status).toBe(400);
    expect(badYear.body.message).toEqual(['input.year must not be less than 2000']);
    const badVariant = await http().post('/api/processes').set(H.ocha).send({ ...body, input: { ...body.input, variant: 'quarterly' } });
    expect(badVariant.body.message).toEqual(['input.variant must be one of the following values: annual, flash']);
    expect((await http().post('/api/processes').set(H['lead.health']).send(body)).status).toBe(403);
    expect((await http().post('/api/processes').set(H['ocha.other']).send(body)).status).toBe(403);
    const started = await http().post('/api/processes').set(H.ocha).send(body);
    expect(started.status).toBe(201);
    processId = started.body.id;
    expect(processId).toBe(`hpc-cycle:${operationId}:${year}`);
    expect((await http().post('/api/processes').set(H.ocha).send(body)).status).toBe(409);
  });

  it('triggers phases in order only: 409 naming the phase that comes first, 403 out of scope, 400 naming the field', async () => {
    const summary = await eventually(() => http().get(`/api/hpc/cycles/${enc(processId)}`).set(H.ocha), (r) => r.status === 200 && !!r.body.triggerTaskId);
    expect(summary.body).toMatchObject({ year, variant: 'annual', planningFormat: 'hnrp', expected: 'kickoff', phase: null });
    expect(summary.body.phases.map((p: { phase: string; status: string }) => `${p.phase}:${p.status}`)).toEqual([
      'kickoff:next', 'needs-analysis:upcoming', 'response-planning:upcoming', 'project-vetting:upcoming', 'plan-endorsement:upcoming', 'monitoring:upcoming', 'after-action-review:upcoming',
    ]);
    const early = await trigger('ocha', { phase: 'needs-analysis' });
    expect(early.status).toBe(409);
    expect(early.body.message).toBe('phase kickoff must come first (phases run in order and cannot be skipped)');
    expect((await trigger('ocha.other', { phase: 'kickoff' })).status).toBe(403);
    expect((await trigger('lead.health', { phase: 'kickoff' })).status).toBe(403);
    const unknown = await trigger('ocha', { phase: 'harvest' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toEqual([expect.stringContaining('phase must be one of the following values: kickoff, needs-analysis')]);
    const past = await trigger('ocha', { phase: 'kickoff', deadline: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.message).toEqual(['deadline must be a date in the future']);
    const kickoff = await trigger('ocha', { phase: 'kickoff', deadline: inDays(30) });
    expect(kickoff.status).toBe(200);
    // The kickoff runs: no trigger until it ends.
    const running = await trigger('ocha', { phase: 'needs-analysis' });
    expect(running.status).toBe(409);
    expect(running.body.message).toBe('phase kickoff is still running: it must end before phase needs-analysis can start');

    const scope = await openTask('hc', 'scope-agreement');
    const badCosting = await decide('hc', scope.id, { decision: 'approve', data: { costingMethod: 'guesswork' } });
    expect(badCosting.status).toBe(400);
    expect(badCosting.body.message).toEqual(['costingMethod must be one of the following values: project-based, unit-based']);
    expect((await decide('hc', scope.id, { decision: 'approve', data: { costingMethod: 'unit-based' } })).status).toBe(200);
  });

  it('needs analysis: one task per active cluster in the matrix; leads decide only their own cluster; the JIAF maximum with its driver, as JSON and CSV', async () => {
    expect((await trigger('ocha', { phase: 'needs-analysis', deadline: inDays(20) })).status).toBe(200);
    const matrix = await eventually(() => http().get(`/api/hpc/cycles/${enc(processId)}/matrix`).set(H.hc), (r) => r.body?.rows?.length === 2);
    expect(matrix.body).toMatchObject({ phase: 'needs-analysis', columns: ['cluster-needs'] });
    expect(matrix.body.rows.map((r: { sector: string; cells: Record<string, { status: string; overdue: boolean }> }) => [r.sector, r.cells['cluster-needs'].status, r.cells['cluster-needs'].overdue])).toEqual([
      ['health', 'open', false], ['wash', 'open', false],
    ]);
    const health = await openTask('lead.health', 'cluster-needs', 'health');
    const wash = await openTask('lead.wash', 'cluster-needs', 'wash');
    const rows = [{ adminArea: 'Juba', populationGroup: 'IDPs', peopleInNeed: 12000, severity: 4 }];
    expect((await decide('lead.health', wash.id, { decision: 'submit', data: { rows } })).status).toBe(403);
    expect((await decide('lead.health.other', health.id, { decision: 'submit', data: { rows } })).status).toBe(403);
    expect((await decide('ocha', health.id, { decision: 'submit', data: { rows } })).status).toBe(403);
    const bad = await decide('lead.health', health.id, { decision: 'submit', data: { rows: [{ ...rows[0], severity: 0 }] } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['rows[0].severity must not be less than 1']);
    expect((await decide('lead.health', health.id, { decision: 'submit', data: { rows } })).status).toBe(200);
    const afterOne = await http().get(`/api/hpc/cycles/${enc(processId)}/matrix`).set(H.ocha);
    expect(afterOne.body.rows.find((r: { sector: string }) => r.sector === 'health').cells['cluster-needs']).toMatchObject({ status: 'decided', decidedBy: 'lead.health' });
    expect((await decide('lead.wash', wash.id, { decision: 'submit', data: { rows: [{ ...rows[0], peopleInNeed: 15000, severity: 3 }, { adminArea: 'Wau', populationGroup: 'Host community', peopleInNeed: 400, severity: 2 }] } })).status).toBe(200);

    // All in: the JIAF is computed at once and OCHA's consolidation opens.
    await openTask('ocha', 'jiaf-consolidation');
    const jiaf = await http().get(`/api/hpc/cycles/${enc(processId)}/jiaf`).set(H.auditor);
    expect(jiaf.status).toBe(200);
    expect(jiaf.body).toMatchObject({
      totalPeopleInNeed: 15400,
      clusters: ['health', 'wash'],
      rows: [
        { adminArea: 'Juba', populationGroup: 'IDPs', peopleInNeed: 15000, drivenBy: 'wash', severity: 4, bySector: { health: 12000, wash: 15000 } },
        { adminArea: 'Wau', populationGroup: 'Host community', peopleInNeed: 400, drivenBy: 'wash', severity: 2 },
      ],
    });
    const sorted = await http().get(`/api/hpc/cycles/${enc(processId)}/jiaf`).query({ sort: 'peopleInNeed', order: 'ASC' }).set(H.ocha);
    expect(sorted.body.rows.map((r: { adminArea: string }) => r.adminArea)).toEqual(['Wau', 'Juba']);
    const badSort = await http().get(`/api/hpc/cycles/${enc(processId)}/jiaf`).query({ sort: 'colour' }).set(H.ocha);
    expect(badSort.status).toBe(400);
    expect(badSort.body.message).toEqual(['sort must be one of the following values: adminArea, populationGroup, peopleInNeed, severity, drivenBy']);
    const csv = await http().get(`/api/hpc/cycles/${enc(processId)}/jiaf.csv`).set(H.ocha);
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text).toBe('adminArea,populationGroup,peopleInNeed,severity,drivenBy,pin:health,pin:wash\r\nJuba,IDPs,15000,4,wash,12000,15000\r\nWau,Host community,400,2,wash,,400\r\n');
    // The dashboard's counts: open HPC tasks by operation and phase, for the operations in the caller's scope.
    const counts = await http().get('/api/hpc/cycles/open-tasks').set(H.ocha);
    expect(counts.status).toBe(200);
    expect(counts.body).toEqual([expect.objectContaining({ processId, operationId, phase: 'needs-analysis', open: 1, overdue: 0 })]);
    expect((await http().get('/api/hpc/cycles/open-tasks').set(H['ocha.other'])).body).toEqual([]);
    expect((await http().get('/api/hpc/cycles/open-tasks').set(H.partner)).body).toEqual([]);
    const needs = await http().get(`/api/hpc/cycles/${enc(processId)}/needs`).set(H.ocha);
    expect(needs.body).toHaveLength(3);
    // The needs rows sorted as asked, and as CSV.
    const bySeverity = await http().get(`/api/hpc/cycles/${enc(processId)}/needs`).query({ sort: 'severity', order: 'DESC' }).set(H.ocha);
    expect(bySeverity.body.map((r: { sector: string; severity: number }) => `${r.sector}:${r.severity}`)).toEqual(['health:4', 'wash:3', 'wash:2']);
    const needsCsv = await http().get(`/api/hpc/cycles/${enc(processId)}/needs.csv`).query({ sort: 'peopleInNeed', order: 'ASC' }).set(H.ocha);
    expect(needsCsv.headers['content-type']).toContain('text/csv');
    expect(needsCsv.text).toBe('sector,adminArea,populationGroup,peopleInNeed,severity\r\nwash,Wau,Host community,400,2\r\nhealth,Juba,IDPs,12000,4\r\nwash,Juba,IDPs,15000,3\r\n');
    expect((await http().get(`/api/hpc/cycles/${enc(processId)}/needs.csv`).query({ sort: 'colour' }).set(H.ocha)).status).toBe(400);
    const badNeedsSort = await http().get(`/api/hpc/cycles/${enc(processId)}/needs`).query({ sort: 'colour' }).set(H.ocha);
    expect(badNeedsSort.status).toBe(400);
    expect(badNeedsSort.body.message).toEqual(['sort must be one of the following values: sector, adminArea, populationGroup, peopleInNeed, severity']);
    // A partner whose organisation has no part in the cycle reads none of it.
    expect((await http().get(`/api/hpc/cycles/${enc(processId)}/jiaf`).set(H.partner)).status).toBe(403);
    expect((await http().get(`/api/hpc/cycles/${enc('hpc-cycle:nope:2030')}/matrix`).set(H.ocha)).status).toBe(404);
  });

  it('response planning: peopleTargeted above the cluster\'s people in need is a 400 naming the field; the matrix follows the phase', async () => {
    expect((await decide('ocha', (await openTask('ocha', 'jiaf-consolidation')).id, { decision: 'complete' })).status).toBe(200);
    const vetting = await trigger('ocha', { phase: 'project-vetting' });
    expect(vetting.status).toBe(409);
    expect(vetting.body.message).toBe('phase project-vetting does not run in this cycle (the costing method is unit-based); response-planning comes next');
    expect((await trigger('ocha', { phase: 'response-planning', deadline: inDays(20) })).status).toBe(200);
    const plan = await openTask('lead.health', 'cluster-response-plan', 'health');
    const tooMany = await decide('lead.health', plan.id, { decision: 'submit', data: { peopleTargeted: 12001, requirementsUsd: '3500000.00' } });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toEqual(['peopleTargeted must not be greater than the people in need of the health cluster (12000)']);
    const floatMoney = await decide('lead.health', plan.id, { decision: 'submit', data: { peopleTargeted: 9000, requirementsUsd: 3500000.1 } });
    expect(floatMoney.status).toBe(400);
    expect(floatMoney.body.message).toEqual(['requirementsUsd must be an amount as a decimal string with at most 2 decimals (e.g. "1250000.50")']);
    expect((await decide('lead.health', plan.id, { decision: 'submit', data: { peopleTargeted: 9000, requirementsUsd: '3500000.10' } })).status).toBe(200);
    const matrix = await http().get(`/api/hpc/cycles/${enc(processId)}/matrix`).set(H.ocha);
    expect(matrix.body).toMatchObject({ phase: 'response-planning', columns: ['cluster-response-plan'] });
    expect(matrix.body.rows.map((r: { sector: string; cells: Record<string, { status: string }> }) => [r.sector, r.cells['cluster-response-plan'].status])).toEqual([['health', 'decided'], ['wash', 'open']]);
    // OCHA closes the phase with what it has (a case action): WASH's task expires, the trigger is back.
    const close = await http().post(`/api/processes/${enc(processId)}/actions`).set(H.ocha).send({ action: 'close-cluster-response-plan', comment: 'Plan due at the HCT' });
    expect(close.status).toBe(200);
    const summary = await eventually(() => http().get(`/api/hpc/cycles/${enc(processId)}`).set(H.ocha), (r) => r.body.expected === 'plan-endorsement');
    expect(summary.body.phases.filter((p: { status: string }) => p.status === 'done').map((p: { phase: string }) => p.phase)).toEqual(['kickoff', 'needs-analysis', 'response-planning']);
    const projects = await http().get(`/api/hpc/cycles/${enc(processId)}/projects`).set(H.ocha);
    expect(projects.body).toEqual({ items: [], byCluster: {} });
  });

  it('project vetting (project-based cycle): member partners submit through the window, each project a child case; recusal 403, revision, requirements per cluster', async () => {
    const body = { type: 'hpc-cycle', input: { operationId, year: year + 1, variant: 'annual' } };
    const started = await http().post('/api/processes').set(H.ocha).send(body);
    expect(started.status).toBe(201);
    processId = started.body.id;
    await eventually(() => http().get(`/api/hpc/cycles/${enc(processId)}`).set(H.ocha), (r) => r.status === 200 && !!r.body.triggerTaskId);
    expect((await trigger('ocha', { phase: 'kickoff', deadline: inDays(30) })).status).toBe(200);
    expect((await decide('hc', (await openTask('hc', 'scope-agreement')).id, { decision: 'approve', data: { costingMethod: 'project-based' } })).status).toBe(200);
    expect((await trigger('ocha', { phase: 'needs-analysis', deadline: inDays(20) })).status).toBe(200);
    const rows = [{ adminArea: 'Juba', populationGroup: 'IDPs', peopleInNeed: 10000, severity: 3 }];
    expect((await decide('lead.health', (await openTask('lead.health', 'cluster-needs', 'health')).id, { decision: 'submit', data: { rows } })).status).toBe(200);
    expect((await decide('lead.wash', (await openTask('lead.wash', 'cluster-needs', 'wash')).id, { decision: 'submit', data: { rows } })).status).toBe(200);
    expect((await decide('ocha', (await openTask('ocha', 'jiaf-consolidation')).id, { decision: 'complete' })).status).toBe(200);
    expect((await trigger('ocha', { phase: 'response-planning', deadline: inDays(20) })).status).toBe(200);
    for (const lead of ['lead.health', 'lead.wash']) {
      const plan = await openTask(lead, 'cluster-response-plan', lead.slice(5));
      expect((await decide(lead, plan.id, { decision: 'submit', data: { peopleTargeted: 8000, requirementsUsd: '1000000.00' } })).status).toBe(200);
    }
    expect((await trigger('ocha', { phase: 'plan-endorsement' })).body.message).toBe('phase project-vetting must come first (phases run in order and cannot be skipped)');
    expect((await trigger('ocha', { phase: 'project-vetting', deadline: inDays(10) })).status).toBe(200);
    const submit = (user: string, data: Record<string, unknown>) => http().post(`/api/processes/${enc(processId)}/submissions`).set(H[user]).send({ kind: 'project', data });
    const project = { sector: 'health', title: 'Mobile clinics', requirementsUsd: '400000.10', peopleTargeted: 3000 };
    // The window is open and the member organisations per sector are in the read model.
    await eventually(() => http().get(`/api/processes/${enc(processId)}`).set(H.ocha), (r) => r.body.currentSteps?.includes('project-vetting') && !!r.body.data?.['project-partners']);
    const outsider = await submit('partner', project);
    expect(outsider.status).toBe(403);
    expect(outsider.body.message).toBe('your organisation is not invited for sector health');
    expect((await submit('partner.member', { ...project, sector: 'wash' })).status).toBe(403);
    const badMoney = await submit('partner.member', { ...project, requirementsUsd: '1e6' });
    expect(badMoney.status).toBe(400);
    expect(badMoney.body.message).toEqual(['data.requirementsUsd must be an amount as a decimal string with at most 2 decimals (e.g. "1250000.50")']);
    const a = await submit('partner.member', project);
    expect(a.status).toBe(201);
    const b = await submit('partner.member', { ...project, title: 'Cholera treatment units', requirementsUsd: '0.20' });
    const childA = a.body.childProcessId as string;
    expect(childA).toBe(`hrp-project:${operationId}:${year + 1}:${a.body.submissionId}`);
    // The cluster review: the lead from the submitting organisation is recused; the other lead returns it; the partner revises.
    const reviewA = await eventually(async () => {
      const res = await http().get('/api/tasks').query({ filter: JSON.stringify({ processId: childA, stepId: 'project-cluster-review', status: 'open' }) }).set(H['lead.health']);
      return res.body as { id: string }[];
    }, (t) => t.length > 0);
    const recused = await http().post(`/api/tasks/${enc(reviewA[0].id)}/decision`).set(H['lead.health.member']).send({ decision: 'approve' });
    expect(recused.status).toBe(403);
    expect((await http().post(`/api/tasks/${enc(reviewA[0].id)}/decision`).set(H['lead.wash']).send({ decision: 'approve' })).status).toBe(403);
    expect((await http().post(`/api/tasks/${enc(reviewA[0].id)}/decision`).set(H['lead.health']).send({ decision: 'return', comment: 'Budget too high' })).status).toBe(200);
    const revision = await eventually(async () => {
      const res = await http().get('/api/tasks').query({ filter: JSON.stringify({ processId: childA, stepId: 'project-revision', status: 'open' }) }).set(H['partner.member']);
      return res.body as { id: string }[];
    }, (t) => t.length > 0);
    expect((await http().post(`/api/tasks/${enc(revision[0].id)}/decision`).set(H['partner.member']).send({ decision: 'resubmit', data: { requirementsUsd: '300000.10' } })).status).toBe(200);
    const projects = await eventually(() => http().get(`/api/hpc/cycles/${enc(processId)}/projects`).set(H.ocha), (r) => r.body.items?.length === 2 && r.body.items.some((p: { requirementsUsd: string }) => p.requirementsUsd === '300000.10'));
    expect(projects.body.byCluster).toEqual({ health: { projects: 2, requirementsUsd: '300000.30' } });
    expect(projects.body.items.map((p: { title: string; status: string; currentSteps: string[] }) => [p.title, p.status, p.currentSteps]).sort()).toEqual([
      ['Cholera treatment units', 'running', ['project-cluster-review']],
      ['Mobile clinics', 'running', ['project-cluster-review']],
    ]);
    expect(b.body.childProcessId).toBeTruthy();
    const children = await http().get(`/api/processes/${enc(processId)}/children`).set(H.ocha);
    expect(children.status).toBe(200);
    expect(children.body).toHaveLength(2);
  });
});
