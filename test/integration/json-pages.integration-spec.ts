// The list and history pages built as JSON by PostgreSQL (persistence/repositories/json-rows.ts) against the
// hydrated pages they replace (TypeORM entities → process-views.ts mappers → JSON.stringify), on rows with the
// awkward values: NULLs, JSON null in jsonb, microsecond timestamps, empty arrays, quotes, control characters,
// non-ASCII text. Same value, same field order, same total and count, same scope; over HTTP the same headers.
import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { parseListQuery } from '../../apps/api/src/common/list-query';
import { HISTORY_LIST, PROCESSES_LIST, ProcessesService } from '../../apps/api/src/modules/processes/processes.service';
import { TASKS_LIST, TasksService } from '../../apps/api/src/modules/tasks/tasks.service';
import type { Actor } from '../../workflows/domain';
import { createOperation, uniqueSuffix } from '../factories';
import { bearer, createTestApp, loginAs } from '../utils/http';

const ODD = 'quote " back \\ slash / tab \t nl \n ctl \u0001 \u001f del \u007f é ü 中 😀 </script>';

describe('JSON pages built by PostgreSQL equal the hydrated pages', () => {
  let app: INestApplication;
  let ds: DataSource;
  let processes: ProcessesService;
  let tasks: TasksService;
  let op: string;
  const type = 'cluster-activation';
  const ids: string[] = [];
  const admin: Actor = { id: randomUUID(), username: 'json.admin', displayName: 'admin', roles: ['admin'], clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false };
  let hc: Actor;

  const q = (spec: typeof PROCESSES_LIST, raw: Record<string, unknown>) =>
    parseListQuery(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, JSON.stringify(v)])), spec);

  beforeAll(async () => {
    app = await createTestApp();
    ds = app.get(DataSource);
    processes = app.get(ProcessesService);
    tasks = app.get(TasksService);
    op = await createOperation(ds);
    hc = { ...admin, id: randomUUID(), username: 'json.hc', roles: ['hc'], operationScopes: [op] };
    const suffix = uniqueSuffix();
    for (let i = 0; i < 4; i++) {
      const id = `json-page-${suffix}-${i}`;
      ids.push(id);
      const odd = i % 2 === 0;
      await ds.query(
        `INSERT INTO processes (id, type, definition_version, title, status, outcome, operation_id, cluster_id, sector, subject, input,
           current_steps, awaiting_roles, started_by, started_at, updated_at, ended_at, last_seq, parent_process_id, data, steps, incident, next_due_at, overdue_count)
         VALUES ($1, $2, 1, $3, 'running', $4, $5, NULL, $6, $7::jsonb, $8::jsonb, $9::text[], $10::text[], $11::jsonb,
           '2026-03-04 05:06:07.123456+00', '2026-03-04 05:06:07.999999+00', $12::timestamptz, 7, NULL, $13::jsonb, $14::jsonb, $15::jsonb, $16::timestamptz, $17)`,
        [
          id, type, `${ODD} ${i}`, odd ? null : 'activated', op, odd ? 'wash' : null,
          JSON.stringify({ b: 1, a: [1.5, -2, 1e-7, 12345678901234], nested: { s: ODD, n: null, t: true } }), JSON.stringify({ sector: 'wash', '10': 'x', '9': 'y' }),
          odd ? [] : ['hc-endorsement'], odd ? [] : ['hc', 'ocha'], odd ? null : JSON.stringify({ kind: 'user', id: 'u', displayName: ODD }),
          odd ? null : '2026-12-31T23:59:59.000999Z',
          odd ? 'null' : JSON.stringify({ k: 'v' }), odd ? 'null' : JSON.stringify([{ id: 's', status: 'open' }]), odd ? null : JSON.stringify({ message: ODD }),
          odd ? null : '2027-01-01T00:00:00.0005Z', i,
        ],
      );
      await ds.query(
        `INSERT INTO tasks (id, process_id, process_type, step_id, title, roles, operation_id, sector, organisation_id, decisions, due_at, status, overdue,
           escalated_to, decision, decided_by, decided_at, comment, data, context, created_at, updated_at, last_seq, step_kind, member_key, member_label)
         VALUES ($1, $2, $3, 'hc-endorsement', $4, ARRAY['hc'], $5, $6, NULL, $7::text[], $8::timestamptz, 'open', $9, $10::text[], NULL, NULL, NULL, $11, $12::jsonb, $13::jsonb,
           '2026-03-04 05:06:07.5+00', '2026-03-04 05:06:08+00', 1, 'task', $14, $15)`,
        [
          `${id}/hc-endorsement/1`, id, type, ODD, op, odd ? null : 'wash', ['endorse', 'decline'], odd ? null : '2026-04-01T10:00:00.000001Z', !odd,
          odd ? [] : ['ocha'], odd ? null : ODD, odd ? null : JSON.stringify({ x: [null, 'é'] }), JSON.stringify({ summary: ODD }), odd ? 'k' : null, odd ? ODD : null,
        ],
      );
      for (let seq = 1; seq <= 5; seq++) {
        await ds.query(
          `INSERT INTO audit_events (process_id, seq, at, type, actor, step_id, task_id, decision, comment, data, prev_hash, hash, recorded_at)
           VALUES ($1, $2, $3::timestamptz, 'task.decided', $4::jsonb, $5, NULL, $6, $7, $8::jsonb, $9, $10, '2026-03-04 05:06:07.000001+00')`,
          [
            id, seq, `2026-03-04T05:06:0${seq}.12345${seq}Z`, JSON.stringify({ kind: 'user', id: 'u', displayName: ODD }), seq % 2 ? 'hc-endorsement' : null,
            seq % 2 ? 'endorse' : null, seq % 3 ? ODD : null, seq % 2 ? JSON.stringify({ amount: 10.25, list: [] }) : null, 'a'.repeat(64), String(seq).repeat(64),
          ],
        );
      }
    }
  });

  afterAll(async () => {
    await ds?.query(`DELETE FROM tasks WHERE process_id = ANY($1)`, [ids]).catch(() => undefined);
    await app?.close();
  });

  /** The same value and the same key order everywhere: equal after a parse and a compact re-serialisation. */
  function expectSamePage(json: { items: string; count: number; total: number }, hydrated: { items: unknown[]; total: number }) {
    expect(json.count).toBe(hydrated.items.length);
    expect(json.total).toBe(hydrated.total);
    expect(JSON.stringify(JSON.parse(json.items))).toBe(JSON.stringify(hydrated.items));
  }

  it('process list: every sort, filter and read scope gives the hydrated page', async () => {
    for (const actor of [admin, hc]) {
      for (const [field, order] of [['startedAt', 'DESC'], ['title', 'ASC'], ['overdueCount', 'DESC'], ['id', 'ASC']] as const) {
        const query = { filter: { q: ids[0].slice(0, -2) }, sort: [field, order], range: [0, 2] };
        const hydrated = await processes.list(actor, q(PROCESSES_LIST, query));
        expect(hydrated.items.length).toBeGreaterThan(0);
        expectSamePage(await processes.listJson(actor, q(PROCESSES_LIST, query)), hydrated);
      }
    }
    // Out of scope: a hc of another operation sees none of them, in both.
    const other = { ...hc, operationScopes: [randomUUID()] };
    const none = { filter: { q: ids[0].slice(0, -2) }, range: [0, 9] };
    const json = await processes.listJson(other, q(PROCESSES_LIST, none));
    expect(json).toMatchObject({ items: '[]', count: 0, total: 0 });
    expectSamePage(json, await processes.list(other, q(PROCESSES_LIST, none)));
  });

  it('inbox and all tasks: the hydrated page, for the assignee and for an admin', async () => {
    const inbox = { filter: { q: ids[0].slice(0, -2) }, sort: ['dueAt', 'ASC'], range: [0, 24] };
    const hydrated = await tasks.list(hc, q(TASKS_LIST, inbox));
    expect(hydrated.items).toHaveLength(4);
    expectSamePage(await tasks.listJson(hc, q(TASKS_LIST, inbox)), hydrated);
    const all = { filter: { q: ids[0].slice(0, -2), assigned: false }, sort: ['title', 'DESC'], range: [1, 3] };
    expectSamePage(await tasks.listJson(admin, q(TASKS_LIST, all)), await tasks.list(admin, q(TASKS_LIST, all)));
  });

  it('history: the hydrated page from the first and from a later seq', async () => {
    for (const range of [[0, 199], [2, 3], [5, 9]]) {
      const query = parseListQuery({ range: JSON.stringify(range) }, HISTORY_LIST);
      const hydrated = await processes.history(admin, ids[1], query);
      expectSamePage(await processes.historyJson(admin, ids[1], parseListQuery({ range: JSON.stringify(range) }, HISTORY_LIST)), hydrated);
    }
    await expect(processes.historyJson({ ...hc, operationScopes: [randomUUID()] }, ids[1], parseListQuery({}, HISTORY_LIST))).rejects.toThrow(/outside your read scope/);
  });

  it('over HTTP: JSON content type and the Content-Range of the hydrated page', async () => {
    const H = bearer(await loginAs(app, 'admin'));
    const res = await request(app.getHttpServer()).get(`/api/processes/${encodeURIComponent(ids[2])}/history`).query({ range: '[1,2]' }).set(H);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers['content-range']).toBe('audit-events 1-2/7');
    expect(res.body.map((e: { seq: number }) => e.seq)).toEqual([2, 3]);
    const list = await request(app.getHttpServer()).get('/api/processes').query({ filter: JSON.stringify({ q: ids[0].slice(0, -2) }), range: '[0,1]' }).set(H);
    expect(list.status).toBe(200);
    expect(list.headers['content-range']).toBe('processes 0-1/4');
    expect(list.headers['access-control-expose-headers']).toBe('Content-Range');
    expect(list.body[0]).toEqual(JSON.parse(JSON.stringify((await processes.list(admin, q(PROCESSES_LIST, { filter: { q: ids[0].slice(0, -2) }, range: [0, 1] }))).items[0])));
  });
});
