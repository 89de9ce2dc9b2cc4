import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, MaxLength } from 'class-validator';
import { HPC_PHASES } from '@hpc/workflows/processes/hpc-cycle/hpc-cycle.definition';

export class TriggerPhaseDto {
  @ApiProperty({ enum: HPC_PHASES, description: 'The phase to start: only the next phase of the cycle is accepted (409 names the phase that comes first)' })
  @IsIn(HPC_PHASES)
  phase!: string;

  @ApiPropertyOptional({ description: "The phase's deadline (ISO 8601, in the future); default: the date agreed at kickoff, else the planning calendar" })
  @IsOptional()
  @IsISO8601({ strict: true })
  deadline?: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  comment?: string;
}
