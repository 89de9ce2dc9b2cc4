// The API's Prometheus metrics, in a registry of its own (several apps may live in one test process): request
// latency by route, case starts and decisions by result, and, read from the read model at each scrape, the open
// tasks, the overdue ones and the cases with an incident. Node's own process metrics come with them.
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { DataSource } from 'typeorm';

/** Route label of a request: the matched route's pattern (`/api/tasks/:id/decision`), never its concrete path. */
export function routeLabel(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern !== 'string') return 'unmatched';
  return `${req.baseUrl ?? ''}${pattern}` || '/';
}

/** 200 → "2xx": a label with five values, not one per status code. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}

@Injectable()
export class ApiMetrics implements OnModuleInit {
  readonly registry = new Registry();

  readonly requestDuration = new Histogram({
    name: 'hpc_http_request_duration_seconds',
    help: 'HTTP request latency of the API by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly starts = new Counter({
    name: 'hpc_case_starts_total',
    help: 'Cases started through the API, by process type and result (started, refused)',
    labelNames: ['process_type', 'result'] as const,
    registers: [this.registry],
  });

  readonly decisions = new Counter({
    name: 'hpc_decisions_total',
    help: 'Decisions sent to cases, by result (recorded, refused, timeout)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const read = async (sql: string): Promise<number> => Number((await this.dataSource.query<Array<{ n: string }>>(sql))[0]?.n ?? 0);
    new Gauge({
      name: 'hpc_open_tasks',
      help: 'Open human tasks in the read model',
      registers: [this.registry],
      async collect() {
        this.set(await read(`SELECT count(*) AS n FROM tasks WHERE status = 'open'`));
      },
    });
    new Gauge({
      name: 'hpc_overdue_tasks',
      help: 'Open human tasks past their due time',
      registers: [this.registry],
      async collect() {
        this.set(await read(`SELECT count(*) AS n FROM tasks WHERE status = 'open' AND overdue`));
      },
    });
    new Gauge({
      name: 'hpc_incidents',
      help: 'Cases with an open incident (a failure waiting for an admin\'s retry or cancel)',
      registers: [this.registry],
      async collect() {
        this.set(await read(`SELECT count(*) AS n FROM processes WHERE incident IS NOT NULL`));
      },
    });
  }

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware: times every request and labels it by its route once it has been routed. */
  middleware() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const startedAt = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
        this.requestDuration.observe({ method: req.method, route: routeLabel(req), status: statusClass(res.statusCode) }, seconds);
      });
      next();
    };
  }
}
