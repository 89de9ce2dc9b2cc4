import { Body, Controller, Get, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser, Roles } from '../../auth/decorators';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendPage } from '../../common/list-query';
import { UuidParam } from '../../common/params';
import { CreateUserDto, UpdateUserDto, UserDto } from './dtos/user.dto';
import { USERS_LIST, UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@Controller('users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Get()
  @ApiList(USERS_LIST, UserDto)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<UserDto[]> {
    const q = parseListQuery(query, USERS_LIST);
    return sendPage(res, USERS_LIST, q, await this.service.list(auth, q));
  }

  @Get(':id')
  @ApiOkResponse({ type: UserDto })
  get(@CurrentUser() auth: Actor, @UuidParam() id: string): Promise<UserDto> {
    return this.service.get(auth, id);
  }

  @Post()
  @ApiCreatedResponse({ type: UserDto })
  create(@CurrentUser() auth: Actor, @Body() dto: CreateUserDto): Promise<UserDto> {
    return this.service.create(auth, dto);
  }

  @Put(':id')
  @ApiOkResponse({ type: UserDto })
  update(@CurrentUser() auth: Actor, @UuidParam() id: string, @Body() dto: UpdateUserDto): Promise<UserDto> {
    return this.service.update(auth, id, dto);
  }
}
