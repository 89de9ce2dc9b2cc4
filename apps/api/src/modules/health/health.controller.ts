import { Controller, Get, Res } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { Public } from '../../auth/decorators';
import { TemporalLifecycle } from '../../temporal/temporal.module';

export class HealthDto {
  status!: 'ok' | 'error';
  database!: 'up' | 'down';
  temporal!: 'up' | 'down';
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
  @ApiServiceUnavailableResponse({ description: 'one of database / temporal is "down"' })
  async check(@Res({ passthrough: true }) res: Response): Promise<HealthDto> {
    const [database, temporal] = await Promise.all([this.databaseUp(), this.temporal.isUp()]);
    const ok = database && temporal;
    res.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'error', database: database ? 'up' : 'down', temporal: temporal ? 'up' : 'down' };
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
