// OpenTelemetry traces end to end, with the standard OTEL_* variables pointing at an OTLP/HTTP receiver started
// here: one decision over HTTP is one trace, from the API's request span through the Temporal client's Update
// call and the workflow's Update handler to the projection's activity in the worker.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { startTracing, tracingRequested, type Tracing } from '../../apps/api/src/temporal/tracing';
import { uniqueSuffix } from '../factories';
import { createTestApp, startActivationAsHc } from '../utils/http';
import { startTestWorker, type TestWorker } from '../utils/worker';

interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  service: string;
}

/** A minimal OTLP/HTTP (JSON) trace receiver: what a collector's otlp receiver takes at /v1/traces. */
function startReceiver(): Promise<{ url: string; spans: ReceivedSpan[]; close(): Promise<void> }> {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.method === 'POST') {
        const doc = JSON.parse(body) as { resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: ReceivedSpan[] }> }> };
        for (const rs of doc.resourceSpans) {
          const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
          for (const ss of rs.scopeSpans) for (const s of ss.spans) spans.push({ traceId: s.traceId, spanId: s.spanId, parentSpanId: s.parentSpanId || undefined, name: s.name, service });
        }
      }
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, close: () => new Promise((r) => server.close(() => r())) }),
    ),
  );
}

describe('OpenTelemetry traces', () => {
  it('is off without OTEL_* variables, on with an OTLP endpoint or exporter, off again when disabled', () => {
    expect(tracingRequested({})).toBe(false);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(true);
    expect(tracingRequested({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'otlp' })).toBe(true);
    expect(tracingRequested({ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
    expect(tracingRequested({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' })).toBe(false);
  });

  describe('a decision, traced', () => {
    let receiver: Awaited<ReturnType<typeof startReceiver>>;
    let tracing: Tracing;
    let app: INestApplication;
    let worker: TestWorker;
    const taskQueue = `it-tracing-${uniqueSuffix()}`;
    const saved = { ...process.env };

    beforeAll(async () => {
      receiver = await startReceiver();
      process.env.OTEL_EXPORTER_OTLP_ENDPOINT = receiver.url;
      tracing = startTracing('hpc-flow-test')!;
      expect(tracing).not.toBeNull();
      app = await createTestApp({ env: { TEMPORAL_TASK_QUEUE: taskQueue } });
      worker = await startTestWorker(taskQueue, app.get(DataSource));
    }, 120_000);

    afterAll(async () => {
      await worker?.stop();
      await app?.close();
      await tracing?.shutdown();
      await receiver?.close();
      process.env = saved;
    });

    it('follows one decision from the HTTP request through the Update to the projection activity', async () => {
      const server = () => request(app.getHttpServer());
      const { processId, hc } = await startActivationAsHc(app, 'Tracing walk');
      const taskId = `${processId}~hc-endorsement~1`;
      // the caller's own trace is continued (W3C traceparent)
      const callerTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
      let decided: request.Response | undefined;
      for (let i = 0; i < 50; i++) {
        decided = await server().post(`/api/tasks/${encodeURIComponent(taskId)}/decision`).set(hc).set('traceparent', `00-${callerTrace}-00f067aa0ba902b7-01`).send({ decision: 'endorse' });
        if (decided.status !== 404) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(decided?.status).toBe(200);

      let trail: ReceivedSpan[] = [];
      for (let i = 0; i < 100; i++) {
        await tracing.spanProcessor.forceFlush();
        trail = receiver.spans.filter((s) => s.traceId === callerTrace);
        if (trail.some((s) => /^RunActivity:/.test(s.name)) && trail.some((s) => /Update/.test(s.name) && s.service === 'hpc-flow-test')) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const names = trail.map((s) => s.name);
      expect(names).toContain('POST /api/tasks/:id/decision');
      expect(names.some((n) => n.startsWith('StartWorkflowUpdate:'))).toBe(true);
      expect(names.some((n) => n.startsWith('HandleUpdate:'))).toBe(true);
      expect(names.some((n) => n.startsWith('RunActivity:'))).toBe(true);
      // one tree: every span but the request's own has its parent in the trace, and the request's parent is the caller's span
      const ids = new Set(trail.map((s) => s.spanId));
      const request_ = trail.find((s) => s.name === 'POST /api/tasks/:id/decision')!;
      expect(request_.parentSpanId).toBe('00f067aa0ba902b7');
      for (const s of trail) if (s !== request_) expect(ids.has(s.parentSpanId ?? '')).toBe(true);
    }, 60_000);
  });
});
