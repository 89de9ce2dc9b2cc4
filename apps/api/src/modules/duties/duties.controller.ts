import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import type { DutyOffender } from './compliance';
import { DutiesService, type ComplianceView } from './duties.service';
import { CsvResponse } from '../../common/csv-response';

@ApiTags('duties')
@ApiBearerAuth()
@Controller('duties')
export class DutiesController {
  constructor(private readonly service: DutiesService) {}

  /** Per cluster and duty of the operation, the last 12 months: on time / late / missed / open. */
  @Get('compliance')
  compliance(@CurrentUser() auth: Actor, @Query('operationId') operationId: unknown): Promise<ComplianceView> {
    return this.service.compliance(auth, operationId);
  }

  /** The dashboard's worst offenders: the readable clusters with the most missed, then late, occurrences in 12 months. */
  @Get('worst-offenders')
  worstOffenders(@CurrentUser() auth: Actor, @Query('limit') limit: unknown): Promise<DutyOffender[]> {
    return this.service.worstOffenders(auth, limit);
  }

  /** The same grid as CSV (one row per cluster and duty, one column per month). */
  @Get('compliance.csv')
  @CsvResponse('One row per cluster and duty, one column per month')
  @Header('Content-Disposition', 'attachment; filename="duty-compliance.csv"')
  complianceCsv(@CurrentUser() auth: Actor, @Query('operationId') operationId: unknown): Promise<string> {
    return this.service.complianceCsv(auth, operationId);
  }
}
