// OpenTelemetry traces, off by default and switched on by the standard OTEL_* variables: an HTTP request's span
// (API) → the Temporal client's StartWorkflow / StartWorkflowUpdate span (context sent in the Temporal headers)
// → the workflow's Update handler span (worker, exported through a sink) → the projection's activity span, one
// trace. Spans leave by OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT; the
// exporter reads its headers, timeout and compression from the same standard variables).
import { context, propagation, SpanKind, SpanStatusCode, trace, type Tracer } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OpenTelemetryPlugin, OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import type { NextFunction, Request, Response } from 'express';

export interface Tracing {
  serviceName: string;
  resource: Resource;
  spanProcessor: SpanProcessor;
  tracer: Tracer;
  /** For Worker.create({ plugins }): activity and workflow interceptors and the sink that exports workflow spans. */
  workerPlugin(): OpenTelemetryPlugin;
  /** Flushes what is buffered and stops exporting. */
  shutdown(): Promise<void>;
}

/** The one rule for "is tracing on": an OTLP endpoint or `OTEL_TRACES_EXPORTER=otlp`, unless the SDK is disabled. */
export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporters = (env.OTEL_TRACES_EXPORTER ?? '').split(',').map((e) => e.trim().toLowerCase());
  if (exporters.includes('none')) return false;
  return exporters.includes('otlp') || !!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || !!env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
}

let active: Tracing | null = null;

/** The tracing this process started, or null (off). */
export function activeTracing(): Tracing | null {
  return active;
}

/**
 * Starts tracing for this process when the environment asks for it (else null): a global tracer provider with
 * the W3C trace-context propagator and an async-local context. Call once, before the app or worker is built.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): Tracing | null {
  if (active) return active;
  if (!tracingRequested(env)) return null;
  const serviceName = env.OTEL_SERVICE_NAME?.trim() || defaultServiceName;
  const resource = new Resource({ 'service.name': serviceName });
  const spanProcessor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1_000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const tracing: Tracing = {
    serviceName,
    resource,
    spanProcessor,
    tracer: trace.getTracer('hpc-flow'),
    workerPlugin: () => new OpenTelemetryPlugin({ resource, spanProcessor }),
    async shutdown() {
      await provider.shutdown();
      if (active === tracing) active = null;
    },
  };
  active = tracing;
  return tracing;
}

/** Client interceptors that carry the current span into the workflow's headers (none when tracing is off). */
export function tracingClientInterceptors(): { workflow: OpenTelemetryWorkflowClientInterceptor[] } | undefined {
  return active ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

/**
 * Express middleware: one SERVER span per request, continuing the caller's trace (traceparent) and named by the
 * route pattern once routed ("POST /api/tasks/:id/decision"); everything the handler does runs inside it.
 */
export function tracingMiddleware(tracing: Tracing) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracing.tracer.startSpan(`${req.method} ${req.path}`, { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } }, parent);
    res.once('finish', () => {
      const pattern = (req.route as { path?: unknown } | undefined)?.path;
      if (typeof pattern === 'string') {
        const route = `${req.baseUrl ?? ''}${pattern}`;
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
