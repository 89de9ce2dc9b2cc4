// The inbox's SQL (whereActorMayDecide) must select exactly the tasks the domain's authorizeDecision allows.
import { randomUUID } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { TasksRepository } from '../../apps/api/src/persistence/repositories';
import { TaskEntity } from '../../apps/api/src/persistence/entities';
import { authorizeDecision, type Actor, type Role } from '../../workflows/domain';
import { openDataSource, uniqueSuffix } from '../factories';

describe('inbox SQL agrees with authorizeDecision', () => {
  let ds: DataSource;
  const processId = `inbox-check:${uniqueSuffix()}`;
  const opA = randomUUID();
  const opB = randomUUID();
  const orgA = randomUUID();
  const orgB = randomUUID();

  const shapes: { roles: Role[]; operationId: string | null; sector: string | null; organisationId: string | null }[] = [
    { roles: ['hc'], operationId: opA, sector: 'protection', organisationId: null },
    { roles: ['erc'], operationId: null, sector: null, organisationId: null },
    { roles: ['ocha'], operationId: opA, sector: null, organisationId: null },
    { roles: ['cluster_lead'], operationId: opA, sector: 'protection', organisationId: null },
    { roles: ['cluster_lead'], operationId: opA, sector: 'health', organisationId: null },
    { roles: ['cluster_lead'], operationId: opB, sector: 'protection', organisationId: null },
    { roles: ['cluster_lead', 'hc'], operationId: opB, sector: 'wash', organisationId: null },
    { roles: ['partner'], operationId: opA, sector: 'protection', organisationId: orgA },
    { roles: ['partner'], operationId: opA, sector: 'protection', organisationId: orgB },
    { roles: ['partner', 'ocha'], operationId: null, sector: null, organisationId: orgB },
  ];

  const actor = (roles: Role[], extra: Partial<Actor> = {}): Actor => ({
    id: randomUUID(), username: 'u', displayName: 'U', roles, clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false, ...extra,
  });
  const actors: Actor[] = [
    actor(['hc']),
    actor(['ocha']),
    // Operation-scoped (PROCESSES.md revision 2): the inbox SQL must agree with the one authorisation function.
    actor(['hc'], { operationScopes: [opA] }),
    actor(['ocha'], { operationScopes: [opA, opB] }),
    actor(['hc', 'cluster_lead'], { operationScopes: [opA], clusterScopes: [{ operationId: opB, sector: 'wash' }] }),
    actor(['auditor']),
    actor(['cluster_lead'], { clusterScopes: [{ operationId: opA, sector: 'protection' }] }),
    actor(['cluster_lead'], { clusterScopes: [{ operationId: opA, sector: 'health' }, { operationId: opB, sector: 'protection' }] }),
    actor(['cluster_lead'], { clusterScopes: [] }),
    actor(['partner'], { organisationId: orgA }),
    actor(['partner', 'erc'], { organisationId: orgB }),
  ];

  beforeAll(async () => {
    ds = await openDataSource();
    const now = new Date();
    await ds.query(`INSERT INTO processes (id, type, title, status, started_at, updated_at) VALUES ($1, 'cluster-activation', 't', 'running', $2, $2)`, [processId, now]);
    for (const [i, s] of shapes.entries()) {
      await ds.query(
        `INSERT INTO tasks (id, process_id, process_type, step_id, title, roles, operation_id, sector, organisation_id, decisions, status, created_at, updated_at)
         VALUES ($1, $2, 'cluster-activation', 'step', 't', $3, $4, $5, $6, '{ok}', 'open', $7, $7)`,
        [`${processId}/step/${i + 1}`, processId, s.roles, s.operationId, s.sector, s.organisationId, now],
      );
    }
  });

  afterAll(async () => {
    await ds.query(`DELETE FROM tasks WHERE process_id = $1`, [processId]);
    await ds.query(`DELETE FROM processes WHERE id = $1`, [processId]);
    await ds.destroy();
  });

  it.each(actors.map((a, i) => [i, a] as const))('actor %i sees exactly the tasks it may decide', async (_i, a) => {
    const repo = new TasksRepository(ds.getRepository(TaskEntity));
    const page = await repo.list(
      { sort: { field: 'id', order: 'ASC' }, skip: 0, take: 100, filter: { processId } },
      { assignedTo: a },
    );
    const expected = shapes
      .map((s, i) => ({ id: `${processId}/step/${i + 1}`, ok: authorizeDecision(a, { roles: s.roles, scope: s }).allowed }))
      .filter((x) => x.ok)
      .map((x) => x.id)
      .sort();
    expect(page.items.map((t) => t.id).sort()).toEqual(expected);
  });
});
