// GET /api/metrics: the Prometheus text format. Not for people, so not in the OpenAPI document. Who may read it:
// a scraper with `Authorization: Bearer <METRICS_TOKEN>` when one is configured; without a token, only a direct
// loopback connection (no X-Forwarded-For: a reverse proxy on the same host forwards the public's requests).
import { timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../auth/decorators';
import { AppException } from '../../common/errors';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ApiMetrics } from './api-metrics';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** The one rule for who may scrape: a matching bearer token, or (no token configured) a direct loopback peer. */
export function mayScrape(token: string | null, req: { headers: Record<string, string | string[] | undefined>; socket: { remoteAddress?: string } }): boolean {
  if (token) {
    const given = Buffer.from(String(req.headers.authorization ?? ''));
    const expected = Buffer.from(`Bearer ${token}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
  return LOOPBACK.test(req.socket.remoteAddress ?? '') && req.headers['x-forwarded-for'] === undefined && req.headers.forwarded === undefined;
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: ApiMetrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request): Promise<string> {
    if (!mayScrape(this.config.metrics.token, req)) {
      throw AppException.forbidden(
        this.config.metrics.token
          ? 'metrics need Authorization: Bearer <METRICS_TOKEN>'
          : 'metrics are served to loopback connections only; set METRICS_TOKEN to scrape from elsewhere',
      );
    }
    req.res?.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
