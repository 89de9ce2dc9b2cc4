import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { ApiList } from '../../common/list.decorators';
import { parseListQuery, sendJsonPage, sendPage } from '../../common/list-query';
import { ActDto, AuditEventDto, CancelProcessDto, ProcessDto, RetryIncidentDto, StartProcessDto, SubmitDto } from './dtos/process.dto';
import { HISTORY_LIST, PROCESSES_LIST, ProcessesService, type ProcessDetail } from './processes.service';

@ApiTags('processes')
@ApiBearerAuth()
@Controller('processes')
export class ProcessesController {
  constructor(private readonly service: ProcessesService) {}

  @Post()
  @ApiOperation({ summary: 'Start a process (one Temporal workflow, id = business id); 409 when one is already open for the subject' })
  @ApiCreatedResponse({ type: ProcessDto })
  start(@CurrentUser() auth: Actor, @Body() dto: StartProcessDto) {
    return this.service.start(auth, dto.type, dto.input);
  }

  @Get()
  @ApiList(PROCESSES_LIST, ProcessDto)
  async list(@CurrentUser() auth: Actor, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, PROCESSES_LIST);
    return sendJsonPage(res, PROCESSES_LIST, q, await this.service.listJson(auth, q));
  }

  @Get(':id')
  @ApiOkResponse({ type: ProcessDto, description: 'The case with its tasks and its definition' })
  get(@CurrentUser() auth: Actor, @Param('id') id: string): Promise<ProcessDetail> {
    return this.service.get(auth, id);
  }

  @Get(':id/children')
  @ApiOperation({ summary: 'The child cases this case started (e.g. the grant proposals of an allocation), with their status' })
  @ApiList(PROCESSES_LIST, ProcessDto)
  async children(@CurrentUser() auth: Actor, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response) {
    const q = parseListQuery(query, PROCESSES_LIST);
    return sendPage(res, PROCESSES_LIST, q, await this.service.children(auth, id, q));
  }

  @Post(':id/submissions')
  @ApiOperation({ summary: "Submit into the case's open window (a proposal, a project, a survey answer); 409 once the window has closed" })
  submit(@CurrentUser() auth: Actor, @Param('id') id: string, @Body() dto: SubmitDto) {
    return this.service.submit(auth, id, dto.kind, dto.data);
  }

  @Get(':id/submissions')
  @ApiOperation({ summary: 'Submissions of the case (partners see their organisation\'s; anonymous answers never show who)' })
  submissions(@CurrentUser() auth: Actor, @Param('id') id: string) {
    return this.service.submissions(auth, id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @ApiOperation({ summary: 'A case-level action declared by the definition (e.g. call-review: open an ad-hoc review now; audited)' })
  @ApiOkResponse({ type: ProcessDto })
  act(@CurrentUser() auth: Actor, @Param('id') id: string, @Body() dto: ActDto, @Headers('idempotency-key') key?: string) {
    return this.service.act(auth, id, dto.action, dto.comment, key);
  }

  @Post(':id/incident/retry')
  @HttpCode(200)
  @ApiOperation({ summary: "Retry the case's incident after a fix (admin; audited)" })
  @ApiOkResponse({ type: ProcessDto })
  retryIncident(@CurrentUser() auth: Actor, @Param('id') id: string, @Body() dto: RetryIncidentDto) {
    return this.service.retryIncident(auth, id, dto.comment);
  }

  @Get(':id/history')
  @ApiOperation({ summary: 'The audit events of the case in seq order (range pages by seq: [0,199] is seq 1..200)' })
  @ApiList(HISTORY_LIST, AuditEventDto)
  async history(@CurrentUser() auth: Actor, @Param('id') id: string, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) res: Response): Promise<string> {
    const q = parseListQuery({ range: `[0,${HISTORY_LIST.maxPageSize! - 1}]`, ...query }, HISTORY_LIST);
    return sendJsonPage(res, HISTORY_LIST, q, await this.service.historyJson(auth, id, q));
  }

  @Get(':id/temporal-history')
  @ApiOperation({ summary: "Temporal's own event history of the case (auditors and admins)" })
  temporalHistory(@CurrentUser() auth: Actor, @Param('id') id: string): Promise<unknown> {
    return this.service.temporalHistory(auth, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel a running case with a reason (admin; audited)' })
  @ApiOkResponse({ type: ProcessDto })
  cancel(@CurrentUser() auth: Actor, @Param('id') id: string, @Body() dto: CancelProcessDto) {
    return this.service.cancel(auth, id, dto.reason);
  }
}
