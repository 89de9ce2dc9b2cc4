import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsDefined, IsIn, IsObject, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { CLUSTER_ACTIVATION, PROCESS_TYPES } from '@hpc/workflows/processes';

export class StartProcessDto {
  @ApiProperty({ enum: [...PROCESS_TYPES], example: CLUSTER_ACTIVATION })
  @IsString()
  @IsIn([...PROCESS_TYPES])
  type!: string;

  @ApiProperty({
    description: 'Per-type input; see GET /api/process-definitions for each type\'s input fields. `durations` overrides due times per step.',
    example: {
      operationId: '00000000-0000-0000-0000-000000000000',
      sector: 'protection',
      leadAgencyId: '00000000-0000-0000-0000-000000000001',
      rationale: 'Large-scale displacement; protection needs exceed national capacity',
      criteria: { responseGaps: true, nationalCapacityInsufficient: true },
    },
  })
  @IsDefined()
  @IsObject()
  input!: Record<string, unknown>;
}

export class CancelProcessDto {
  @ApiProperty({ description: 'Why the case is cancelled (recorded in the audit trail)', minLength: 3, maxLength: 2000 })
  @IsString()
  @MinLength(3)
  @MaxLength(2000)
  reason!: string;
}

export class SubmitDto {
  @ApiProperty({ description: 'The submission kind declared by the window (e.g. proposal, project, survey-answer)', example: 'proposal' })
  @IsString()
  @MaxLength(100)
  kind!: string;

  @ApiProperty({ description: "The submission's fields, as the window's kind declares them", type: Object })
  @IsDefined()
  @IsObject()
  data!: Record<string, unknown>;
}

export class ActDto {
  @ApiProperty({ description: 'A case action declared by the definition', example: 'call-review' })
  @IsString()
  @MaxLength(100)
  action!: string;

  @ApiPropertyOptional({ description: 'Why (recorded in the audit trail)', maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  comment?: string;
}

export class RetryIncidentDto {
  @ApiPropertyOptional({ description: 'What was fixed (recorded in the audit trail)', maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

export class ProcessDto {
  @ApiProperty() id!: string;
  @ApiProperty() type!: string;
  @ApiProperty() definitionVersion!: number;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['running', 'completed', 'cancelled'] }) status!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) outcome!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) operationId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) clusterId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) sector!: string | null;
  @ApiProperty({ type: Object }) subject!: Record<string, unknown>;
  @ApiProperty({ type: Object }) input!: Record<string, unknown>;
  @ApiProperty({ type: [String] }) currentSteps!: string[];
  @ApiProperty({ type: [String] }) awaitingRoles!: string[];
  @ApiPropertyOptional({ type: Object, nullable: true }) startedBy!: unknown;
  @ApiProperty() startedAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiPropertyOptional({ nullable: true, type: String }) endedAt!: string | null;
  @ApiProperty() lastSeq!: number;
}

export class AuditEventDto {
  @ApiProperty() processId!: string;
  @ApiProperty() seq!: number;
  @ApiProperty() at!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ type: Object }) actor!: unknown;
  @ApiPropertyOptional({ nullable: true, type: String }) stepId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) taskId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) decision!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) comment!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) data!: Record<string, unknown> | null;
  @ApiProperty() prevHash!: string;
  @ApiProperty() hash!: string;
  @ApiProperty() recordedAt!: string;
}
