import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser } from '../../auth/decorators';
import { AppException } from '../../common/errors';
import { AuditService, type ChainVerification } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly service: AuditService) {}

  @Get('verify')
  @ApiOperation({ summary: "Recompute a case's SHA-256 hash chain and report the first broken link" })
  @ApiQuery({ name: 'processId', required: true })
  verify(@CurrentUser() auth: Actor, @Query('processId') processId?: string): Promise<ChainVerification> {
    if (typeof processId !== 'string' || processId.length === 0) throw AppException.validation('processId must be a non-empty string');
    return this.service.verify(auth, processId);
  }
}
