import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../../../../../workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendPage } from '../../common/list-query';
import { UuidParam } from '../../common/params';
import { CLUSTERS_LIST, ClustersService } from './clusters.service';
import { ClusterDto } from './dtos/cluster.dto';

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
  get(@CurrentUser() auth: Actor, @UuidParam() id: string): Promise<ClusterDto> {
    return this.service.get(auth, id);
  }
}
