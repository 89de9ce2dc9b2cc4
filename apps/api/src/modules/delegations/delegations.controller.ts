import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendPage, type ListSpec } from '../../common/list-query';
import { delegatedTasks, DelegationsService, type DelegatedTaskView } from './delegations.service';
import { CreateDelegationDto, type DelegationView } from './dtos/delegation.dto';

export const DELEGATIONS_LIST: ListSpec = {
  resource: 'delegations',
  sortable: ['id', 'startsAt', 'endsAt'],
  defaultSort: ['id', 'DESC'],
  filters: { delegatorId: { type: 'uuid' }, delegateId: { type: 'uuid' }, running: { type: 'boolean' } },
};

/** Delegations: admin sees all, a user those they gave or received. */
@ApiTags('delegations')
@ApiBearerAuth()
@Controller('delegations')
export class DelegationsController {
  constructor(
    private readonly delegations: DelegationsService,
    private readonly dataSource: DataSource,
  ) {}

  @Get()
  @ApiList(DELEGATIONS_LIST, Object)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<DelegationView[]> {
    const q = parseListQuery(query, DELEGATIONS_LIST);
    return sendPage(res, DELEGATIONS_LIST, q, await this.delegations.list(auth, q));
  }

  @Post()
  @ApiOperation({ summary: 'Delegate some or all of your roles in a scope to another user for a period' })
  create(@CurrentUser() auth: Actor, @Body() dto: CreateDelegationDto): Promise<DelegationView> {
    return this.delegations.create(auth, dto);
  }

  @Get('tasks')
  @ApiOperation({ summary: 'Open tasks you may decide for someone through a running delegation' })
  async tasks(@CurrentUser() auth: Actor): Promise<DelegatedTaskView[]> {
    return delegatedTasks(this.dataSource, await this.delegations.runningFor(auth));
  }

  @Get(':id')
  get(@CurrentUser() auth: Actor, @Param('id', ParseIntPipe) id: number): Promise<DelegationView> {
    return this.delegations.get(auth, id);
  }

  @Post(':id/end')
  @HttpCode(200)
  @ApiOperation({ summary: 'End a delegation early (its delegator or an admin)' })
  end(@CurrentUser() auth: Actor, @Param('id', ParseIntPipe) id: number): Promise<DelegationView> {
    return this.delegations.end(auth, id);
  }
}
