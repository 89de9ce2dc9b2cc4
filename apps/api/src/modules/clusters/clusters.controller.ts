import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendPage } from '../../common/list-query';
import { UuidParam } from '../../common/params';
import { CLUSTERS_LIST, ClustersService } from './clusters.service';
import { AddClusterMemberDto, ClusterDto, ClusterMemberDto, UpdateClusterMemberDto } from './dtos/cluster.dto';

@ApiTags('clusters')
@ApiBearerAuth()
@Controller('clusters')
export class ClustersController {
  constructor(private readonly service: ClustersService) {}

  @Get()
  @ApiList(CLUSTERS_LIST, ClusterDto)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<ClusterDto[]> {
    const q = parseListQuery(query, CLUSTERS_LIST);
    return sendPage(res, CLUSTERS_LIST, q, await this.service.list(auth, q));
  }

  @Get(':id')
  @ApiOkResponse({ type: ClusterDto })
  get(@CurrentUser() auth: Actor, @UuidParam() id: string): Promise<ClusterDto> {
    return this.service.get(auth, id);
  }

  @Get(':id/members')
  listMembers(@CurrentUser() auth: Actor, @UuidParam() id: string): Promise<ClusterMemberDto[]> {
    return this.service.listMembers(auth, id);
  }

  @Post(':id/members')
  addMember(@CurrentUser() auth: Actor, @UuidParam() id: string, @Body() dto: AddClusterMemberDto): Promise<ClusterMemberDto> {
    return this.service.addMember(auth, id, dto);
  }

  @Patch(':id/members/:organisationId')
  updateMember(
    @CurrentUser() auth: Actor,
    @UuidParam() id: string,
    @UuidParam('organisationId') organisationId: string,
    @Body() dto: UpdateClusterMemberDto,
  ): Promise<ClusterMemberDto> {
    return this.service.updateMember(auth, id, organisationId, dto);
  }

  @Delete(':id/members/:organisationId')
  @HttpCode(204)
  async removeMember(@CurrentUser() auth: Actor, @UuidParam() id: string, @UuidParam('organisationId') organisationId: string): Promise<void> {
    await this.service.removeMember(auth, id, organisationId);
  }
}
