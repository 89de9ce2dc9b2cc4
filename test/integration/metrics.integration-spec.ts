// GET /api/metrics over real HTTP: who may scrape (loopback without a token, a bearer token when configured,
// never a forwarded request), request latency labelled by route pattern, starts and decisions counted from
// a real case (API + worker + Temporal), and the open-task, overdue and incident gauges read from the database.
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { uniqueSuffix } from '../factories';
import { as, createTestApp, startActivationAsHc } from '../utils/http';
import { startTestWorker, type TestWorker } from '../utils/worker';

/** Value of one sample of the Prometheus text, e.g. sample(text, 'hpc_decisions_total', { result: 'recorded' }). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[3] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[4]);
  }
  return 0;
}

describe('Prometheus metrics of the API', () => {
  let app: INestApplication;
  let ds: DataSource;
  let worker: TestWorker;
  const taskQueue = `it-metrics-${uniqueSuffix()}`;
  const http = () => request(app.getHttpServer());
  const scrape = async () => {
    const res = await http().get('/api/metrics');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    return res.text;
  };

  beforeAll(async () => {
    app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
    ds = app.get(DataSource);
    worker = await startTestWorker(taskQueue, ds);
  }, 120_000);

  afterAll(async () => {
    await worker?.stop();
    await app?.close();
  });

  it('serves loopback scrapers without a token, and refuses a request a proxy forwarded', async () => {
    const text = await scrape();
    expect(text).toContain('# TYPE hpc_http_request_duration_seconds histogram');
    expect(text).toContain('process_resident_memory_bytes');
    const forwarded = await http().get('/api/metrics').set('X-Forwarded-For', '203.0.113.9');
    expect(forwarded.status).toBe(403);
    expect(forwarded.body.message).toContain('loopback connections only');
  });

  it('with METRICS_TOKEN, wants exactly that bearer token', async () => {
    const tokenApp = await createTestApp({ seed: false, env: { METRICS_TOKEN: 'scrape-secret-0123456789', TEMPORAL_TASK_QUEUE: taskQueue } });
    try {
      const none = await request(tokenApp.getHttpServer()).get('/api/metrics');
      expect(none.status).toBe(403);
      expect(none.body.message).toContain('METRICS_TOKEN');
      const wrong = await request(tokenApp.getHttpServer()).get('/api/metrics').set('Authorization', 'Bearer scrape-secret-0123456788');
      expect(wrong.status).toBe(403);
      const right = await request(tokenApp.getHttpServer()).get('/api/metrics').set('Authorization', 'Bearer scrape-secret-0123456789').set('X-Forwarded-For', '203.0.113.9');
      expect(right.status).toBe(200);
      expect(right.text).toContain('hpc_open_tasks');
    } finally {
      await tokenApp.close();
    }
  });

  it('labels request latency by the route pattern, never by the concrete path', async () => {
    const { headers } = await as(app, 'admin');
    for (let i = 0; i < 3; i++) expect((await http().get(`/api/tasks/no-such-task-${i}`).set(headers)).status).toBe(404);
    const text = await scrape();
    expect(sample(text, 'hpc_http_request_duration_seconds_count', { method: 'GET', route: '/api/tasks/:id', status: '4xx' })).toBeGreaterThanOrEqual(3);
    expect(text).not.toContain('no-such-task');
  });

  it('counts a start and a recorded decision of a real case, and reads the task gauges from the database', async () => {
    const before = await scrape();
    const { processId, hc } = await startActivationAsHc(app, 'Metrics walk');
    const taskId = `${processId}~hc-endorsement~1`;
    // the task row appears once the projection has run
    for (let i = 0; i < 100 && (await ds.query(`SELECT 1 FROM tasks WHERE id = $1`, [taskId])).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const [{ open }] = await ds.query<Array<{ open: string }>>(`SELECT count(*) AS open FROM tasks WHERE status = 'open'`);
    const middle = await scrape();
    expect(sample(middle, 'hpc_case_starts_total', { process_type: 'cluster-activation' }) - sample(before, 'hpc_case_starts_total', { process_type: 'cluster-activation' })).toBe(1);
    expect(sample(middle, 'hpc_open_tasks')).toBe(Number(open));

    const decided = await http().post(`/api/tasks/${encodeURIComponent(taskId)}/decision`).set(hc).send({ decision: 'endorse' });
    expect(decided.status).toBe(200);
    const after = await scrape();
    expect(sample(after, 'hpc_decisions_total', { result: 'recorded' }) - sample(middle, 'hpc_decisions_total', { result: 'recorded' })).toBe(1);
    const [{ overdue, incidents }] = await ds.query<Array<{ overdue: string; incidents: string }>>(
      `SELECT (SELECT count(*) FROM tasks WHERE status = 'open' AND overdue) AS overdue, (SELECT count(*) FROM processes WHERE incident IS NOT NULL) AS incidents`,
    );
    expect(sample(after, 'hpc_overdue_tasks')).toBe(Number(overdue));
    expect(sample(after, 'hpc_incidents')).toBe(Number(incidents));
  });
});
