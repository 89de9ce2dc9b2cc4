import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor, TaskView } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { AppException } from '../../common/errors';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendJsonPage, sendPage } from '../../common/list-query';
import { DecideTaskDto, TaskDto } from './dtos/task.dto';
import { TASKS_LIST, TasksService } from './tasks.service';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:\-/]{1,200}$/;

@ApiTags('tasks')
@ApiBearerAuth()
@Controller('tasks')
export class TasksController {
  constructor(private readonly service: TasksService) {}

  @Get()
  @ApiOperation({ summary: 'The inbox: open tasks the caller may decide (filter assigned=false for all tasks: auditors, admins, or one case)' })
  @ApiList(TASKS_LIST, TaskDto)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, TASKS_LIST);
    const page = await this.service.listJson(auth, q);
    // A page with a pooled-fund HC task goes through LiveLocalisationInterceptor as views; any other as the text.
    return page.flag ? sendPage(res, TASKS_LIST, q, { items: JSON.parse(page.items) as TaskView[], total: page.total }) : sendJsonPage(res, TASKS_LIST, q, page);
  }

  @Get(':id')
  @ApiOkResponse({ type: TaskDto })
  get(@CurrentUser() auth: Actor, @Param('id') id: string) {
    return this.service.get(auth, id);
  }

  @Post(':id/decision')
  @HttpCode(200)
  @ApiOperation({ summary: 'Decide a task: 200 {task, process} after the decision is recorded; 409 when no longer open' })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Repeat a request safely: the same key yields one decision' })
  decide(@CurrentUser() auth: Actor, @Param('id') id: string, @Body() dto: DecideTaskDto, @Headers('idempotency-key') key?: string) {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) {
      throw AppException.validation('Idempotency-Key must be 1-200 characters of letters, digits and . _ : - /');
    }
    return this.service.decide(auth, id, dto, key);
  }
}
