// The process list's due columns and "overdue first" sort: the projection writes each case's next due time and
// overdue count with the case, the list API sorts by them (most overdue first, then the earliest due).
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { ProjectionActivitiesService } from '../../activities/projection/projection.activities';
import type { ProcessView } from '../../workflows/domain/views';
import { dueSummary } from '../../workflows/engine/views';
import { uniqueSuffix } from '../factories';
import { as, createTestApp } from '../utils/http';

describe('process list: next due time, overdue count, overdue first', () => {
  let app: INestApplication;
  let ds: DataSource;
  let admin: { Authorization: string };
  const suffix = uniqueSuffix();
  const operationId = randomUUID();

  beforeAll(async () => {
    app = await createTestApp();
    ds = app.get(DataSource);
    admin = (await as(app, 'admin')).headers;
  });
  afterAll(async () => {
    await app.close();
  });

  const at = (days: number) => new Date(Date.UTC(2026, 10, 1) + days * 86_400_000).toISOString();
  function caseView(name: string, open: { dueAt: string | null; overdue: boolean }[], lastSeq = 1): ProcessView {
    return {
      id: `due-test:${suffix}:${name}`, type: 'cluster-activation', definitionVersion: 2, title: `Due test ${suffix} ${name}`, status: 'running', outcome: null,
      operationId, clusterId: null, sector: 'health', subject: { operationId, sector: 'health' }, input: {}, currentSteps: [], awaitingRoles: [],
      startedBy: null, startedAt: at(0), updatedAt: at(0), endedAt: null, lastSeq, parentProcessId: null, data: {}, steps: [], incident: null,
      ...dueSummary(open),
    };
  }
  const project = (process: ProcessView) => new ProjectionActivitiesService(ds).project({ process, tasks: [], events: [], notifications: [], submissions: [] });
  const list = async (sort: [string, string]) => {
    const res = await request(app.getHttpServer()).get('/api/processes').query({ filter: JSON.stringify({ operationId }), sort: JSON.stringify(sort) }).set(admin);
    expect(res.status).toBe(200);
    return res.body as ProcessView[];
  };

  it('projects the due summary and sorts overdue first, then by the earliest due; 400 for an unknown sort field', async () => {
    await project(caseView('calm', [{ dueAt: at(9), overdue: false }]));
    await project(caseView('one-late', [{ dueAt: at(5), overdue: true }, { dueAt: at(20), overdue: false }]));
    await project(caseView('two-late', [{ dueAt: at(7), overdue: true }, { dueAt: at(8), overdue: true }]));
    await project(caseView('nothing-due', []));
    await project(caseView('soon', [{ dueAt: at(3), overdue: false }, { dueAt: null, overdue: false }]));

    const overdueFirst = await list(['overdueCount', 'DESC']);
    expect(overdueFirst.map((p) => p.id.split(':')[2])).toEqual(['two-late', 'one-late', 'soon', 'calm', 'nothing-due']);
    expect(overdueFirst[0]).toMatchObject({ overdueCount: 2, nextDueAt: at(7) });
    expect(overdueFirst[4]).toMatchObject({ overdueCount: 0, nextDueAt: null });

    const byDue = await list(['nextDueAt', 'ASC']);
    expect(byDue.map((p) => p.id.split(':')[2])).toEqual(['soon', 'one-late', 'two-late', 'calm', 'nothing-due']);

    // A task decided: the next batch of the case carries its new summary.
    await project(caseView('two-late', [{ dueAt: at(8), overdue: true }], 2));
    expect((await list(['overdueCount', 'DESC']))[0]).toMatchObject({ id: `due-test:${suffix}:one-late`, overdueCount: 1 });
    const [row] = await ds.query('SELECT next_due_at, overdue_count FROM processes WHERE id = $1', [`due-test:${suffix}:two-late`]);
    expect(row).toEqual({ next_due_at: new Date(at(8)), overdue_count: 1 });

    const bad = await request(app.getHttpServer()).get('/api/processes').query({ sort: JSON.stringify(['dueSoon', 'ASC']) }).set(admin);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual([expect.stringContaining('nextDueAt, overdueCount')]);
  });
});
