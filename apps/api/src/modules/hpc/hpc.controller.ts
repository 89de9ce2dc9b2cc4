import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { TriggerPhaseDto } from './hpc.dto';
import { HpcService } from './hpc.service';
import { jiafCsv, needsCsv } from './hpc.views';
import { CsvResponse } from '../../common/csv-response';

@ApiTags('hpc')
@ApiBearerAuth()
@Controller('hpc/cycles')
export class HpcController {
  constructor(private readonly service: HpcService) {}

  @Get('open-tasks')
  @ApiOperation({ summary: 'Open HPC tasks by operation and phase (with overdue counts), for the dashboard' })
  openTasks(@CurrentUser() auth: Actor) {
    return this.service.openTaskCounts(auth);
  }

  @Get(':id')
  @ApiOperation({ summary: 'The cycle: phase bar (done / current with its deadline / next), the phase history, the open trigger task' })
  summary(@CurrentUser() auth: Actor, @Param('id') id: string) {
    return this.service.summary(auth, id);
  }

  @Get(':id/matrix')
  @ApiOperation({ summary: 'Clusters × tasks of the current phase (status, overdue, due, decided by)' })
  matrix(@CurrentUser() auth: Actor, @Param('id') id: string) {
    return this.service.matrix(auth, id);
  }

  @Get(':id/needs')
  @ApiOperation({ summary: "Every cluster's needs rows of the needs analysis; sort (sector, adminArea, populationGroup, peopleInNeed, severity) and order" })
  needs(@CurrentUser() auth: Actor, @Param('id') id: string, @Query('sort') sort?: string, @Query('order') order?: string) {
    return this.service.needs(auth, id, sort, order);
  }

  @Get(':id/needs.csv')
  @CsvResponse('The needs rows, one per line')
  @ApiOperation({ summary: 'The needs rows as CSV (same sort and order)' })
  async needsCsv(@CurrentUser() auth: Actor, @Param('id') id: string, @Res({ passthrough: true }) res: Response, @Query('sort') sort?: string, @Query('order') order?: string) {
    const rows = await this.service.needs(auth, id, sort, order);
    res.setHeader('Content-Disposition', `attachment; filename="needs-${id.replace(/[^A-Za-z0-9-]/g, '_')}.csv"`);
    return needsCsv(rows);
  }

  @Get(':id/jiaf')
  @ApiOperation({ summary: 'JIAF consolidation: per (area, group) the maximum sectoral people in need and the cluster that drives it; sort/order' })
  jiaf(@CurrentUser() auth: Actor, @Param('id') id: string, @Query('sort') sort?: string, @Query('order') order?: string) {
    return this.service.jiaf(auth, id, sort, order);
  }

  @Get(':id/jiaf.csv')
  @CsvResponse('The JIAF table, one row per line')
  @ApiOperation({ summary: 'The JIAF table as CSV' })
  async jiafCsv(@CurrentUser() auth: Actor, @Param('id') id: string, @Res({ passthrough: true }) res: Response, @Query('sort') sort?: string, @Query('order') order?: string) {
    const table = await this.service.jiaf(auth, id, sort, order);
    res.setHeader('Content-Disposition', `attachment; filename="jiaf-${id.replace(/[^A-Za-z0-9-]/g, '_')}.csv"`);
    return jiafCsv(table);
  }

  @Get(':id/projects')
  @ApiOperation({ summary: 'Projects of the cycle (child cases) with status and requirements, and totals per cluster' })
  projects(@CurrentUser() auth: Actor, @Param('id') id: string, @Query('sector') sector?: string) {
    return this.service.projects(auth, id, sector);
  }

  @Post(':id/trigger')
  @HttpCode(200)
  @ApiOperation({ summary: "OCHA triggers the next phase with its deadline (409 naming the phase that must come first)" })
  trigger(@CurrentUser() auth: Actor, @Param('id') id: string, @Body() dto: TriggerPhaseDto, @Headers('idempotency-key') key?: string) {
    return this.service.trigger(auth, id, dto, key);
  }
}
