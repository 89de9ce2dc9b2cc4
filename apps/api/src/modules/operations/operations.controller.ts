import { Body, Controller, Get, Patch, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendPage } from '../../common/list-query';
import { UuidParam } from '../../common/params';
import { UpdateOperationSettingsDto } from './dtos/operation-settings.dto';
import { CreateOperationDto, OperationDto, UpdateOperationDto } from './dtos/operation.dto';
import { OPERATIONS_LIST, OperationsService } from './operations.service';

@ApiTags('operations')
@ApiBearerAuth()
@Controller('operations')
export class OperationsController {
  constructor(private readonly service: OperationsService) {}

  @Get()
  @ApiList(OPERATIONS_LIST, OperationDto)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<OperationDto[]> {
    const q = parseListQuery(query, OPERATIONS_LIST);
    return sendPage(res, OPERATIONS_LIST, q, await this.service.list(auth, q));
  }

  @Get(':id')
  @ApiOkResponse({ type: OperationDto })
  get(@CurrentUser() auth: Actor, @UuidParam() id: string): Promise<OperationDto> {
    return this.service.get(auth, id);
  }

  @Post()
  @Roles('admin', 'ocha')
  @ApiCreatedResponse({ type: OperationDto })
  create(@CurrentUser() auth: Actor, @Body() dto: CreateOperationDto): Promise<OperationDto> {
    return this.service.create(auth, dto);
  }

  @Put(':id')
  @Roles('admin', 'ocha')
  @ApiOkResponse({ type: OperationDto })
  update(@CurrentUser() auth: Actor, @UuidParam() id: string, @Body() dto: UpdateOperationDto): Promise<OperationDto> {
    return this.service.update(auth, id, dto);
  }

  @Patch(':id/settings')
  @Roles('admin', 'ocha')
  @ApiOkResponse({ type: OperationDto })
  updateSettings(@CurrentUser() auth: Actor, @UuidParam() id: string, @Body() dto: UpdateOperationSettingsDto): Promise<OperationDto> {
    return this.service.updateSettings(auth, id, dto);
  }
}
