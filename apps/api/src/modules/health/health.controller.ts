import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../../auth/decorators';
import { TemporalLifecycle, type TemporalStatus } from '../../temporal/temporal.module';

export class HealthDto {
  status!: 'ok' | 'error';
  database!: 'up' | 'down';
  temporal!: TemporalStatus;
}

export class ReadyDto extends HealthDto {
  /** True while the API shuts down (SIGTERM): it finishes in-flight requests but should get no new ones. */
  draining!: boolean;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly temporal: TemporalLifecycle,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ description: '{ status: "ok", database: "up", temporal: "up" }' })
  @ApiServiceUnavailableResponse({ description: 'database "down", or temporal "down" / "misconfigured" (namespace lacks the search attributes)' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const [database, temporal] = await Promise.all([this.databaseUp(), this.temporal.status()]);
    const ok = database && temporal === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database: database ? 'up' : 'down', temporal };
  }

  /** Liveness: the process answers HTTP. Never depends on PostgreSQL or Temporal, so their outage restarts nothing. */
  @Public()
  @Get('live')
  @ApiOkResponse({ description: '{ status: "ok" }' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: send traffic here only when both dependencies are usable and the API is not shutting down. */
  @Public()
  @Get('ready')
  @ApiOkResponse({ description: '{ status: "ok", database: "up", temporal: "up", draining: false }' })
  @ApiServiceUnavailableResponse({ description: 'a dependency is down or misconfigured, or the API is draining before shutdown' })
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadyDto> {
    const draining = this.temporal.isDraining;
    const [database, temporal] = await Promise.all([this.databaseUp(), this.temporal.status()]);
    const ok = !draining && database && temporal === 'up';
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database: database ? 'up' : 'down', temporal, draining };
  }

  private async databaseUp(): Promise<boolean> {
    try {
      await Promise.race([
        this.dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2_000).unref()),
      ]);
      return true;
    } catch {
      return false;
    }
  }
}
