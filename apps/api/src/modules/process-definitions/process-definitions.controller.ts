import { Controller, Get, Param } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { ProcessDefinition } from '@hpc/workflows/domain';
import { getDefinition, PROCESS_DEFINITIONS } from '@hpc/workflows/processes';
import { AppException } from '../../common/errors';

/** The same definitions the workflows run: steps, roles, decisions and their targets, due times. */
@ApiTags('process-definitions')
@ApiBearerAuth()
@Controller('process-definitions')
export class ProcessDefinitionsController {
  @Get()
  @ApiOperation({ summary: 'Every process definition (the data the workflows run and the console draws)' })
  list(): ProcessDefinition[] {
    return Object.values(PROCESS_DEFINITIONS);
  }

  @Get(':type')
  get(@Param('type') type: string): ProcessDefinition {
    const definition = getDefinition(type);
    if (!definition) throw AppException.notFound('process definition', type);
    return definition;
  }
}
