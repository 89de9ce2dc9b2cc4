import { Body, Controller, Get, Headers, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { AppException } from '../../common/errors';
import { BulkEndorseDto } from './dtos/bulk-endorse.dto';
import { PooledFundsService } from './pooled-funds.service';
import { CsvResponse } from '../../common/csv-response';

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:\-/]{1,200}$/;

@ApiTags('pooled-funds')
@ApiBearerAuth()
@Controller('pooled-funds')
export class PooledFundsController {
  constructor(private readonly service: PooledFundsService) {}

  @Get('allocations/:id')
  @ApiOperation({ summary: 'An allocation live: envelope, split and approved per sector, localisation share against target (and GPC 25 % for Protection), its proposals and the step each waits on' })
  @ApiOkResponse({ description: 'AllocationSummary' })
  allocation(@CurrentUser() auth: Actor, @Param('id') id: string) {
    return this.service.allocation(auth, id);
  }

  @Post('allocations/:id/bulk-endorse')
  @HttpCode(200)
  @ApiOperation({ summary: 'The HC endorses many proposals at once: each task decided through the decision choke point (its own decision in its own trail); per-task results' })
  @ApiHeader({ name: 'Idempotency-Key', required: false })
  bulkEndorse(@CurrentUser() auth: Actor, @Param('id') id: string, @Body() dto: BulkEndorseDto, @Headers('idempotency-key') key?: string) {
    if (key !== undefined && !IDEMPOTENCY_KEY.test(key)) throw AppException.validation('Idempotency-Key must be 1-200 characters of letters, digits and . _ : - /');
    return this.service.bulkEndorse(auth, id, dto.taskIds, dto.comment, key);
  }

  @Get('allocations/:id/decisions.csv')
  @CsvResponse('One decision, vote, submission or system result per line')
  @ApiOperation({ summary: 'Every decision, vote, submission and system result of the allocation and its proposals, as CSV' })
  decisionsCsv(@CurrentUser() auth: Actor, @Param('id') id: string) {
    return this.service.decisionsCsv(auth, id);
  }
}
