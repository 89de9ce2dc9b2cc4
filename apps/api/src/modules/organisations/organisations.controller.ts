import { Body, Controller, Get, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendPage } from '../../common/list-query';
import { UuidParam } from '../../common/params';
import { CreateOrganisationDto, OrganisationDto, UpdateOrganisationDto } from './dtos/organisation.dto';
import { ORGANISATIONS_LIST, OrganisationsService } from './organisations.service';

@ApiTags('organisations')
@ApiBearerAuth()
@Controller('organisations')
export class OrganisationsController {
  constructor(private readonly service: OrganisationsService) {}

  @Get()
  @ApiList(ORGANISATIONS_LIST, OrganisationDto)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<OrganisationDto[]> {
    const q = parseListQuery(query, ORGANISATIONS_LIST);
    return sendPage(res, ORGANISATIONS_LIST, q, await this.service.list(auth, q));
  }

  @Get(':id')
  @ApiOkResponse({ type: OrganisationDto })
  get(@CurrentUser() auth: Actor, @UuidParam() id: string): Promise<OrganisationDto> {
    return this.service.get(auth, id);
  }

  @Post()
  @Roles('admin')
  @ApiCreatedResponse({ type: OrganisationDto })
  create(@CurrentUser() auth: Actor, @Body() dto: CreateOrganisationDto): Promise<OrganisationDto> {
    return this.service.create(auth, dto);
  }

  @Put(':id')
  @Roles('admin')
  @ApiOkResponse({ type: OrganisationDto })
  update(@CurrentUser() auth: Actor, @UuidParam() id: string, @Body() dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    return this.service.update(auth, id, dto);
  }
}
