import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsISO8601, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { ALL_SECTORS, type Role } from '@hpc/workflows/domain';
import { DELEGABLE_ROLES } from '../delegation.util';

export class CreateDelegationDto {
  @ApiProperty({ format: 'uuid', description: 'Who acts for you' })
  @IsUUID()
  delegateId!: string;

  @ApiProperty({ enum: DELEGABLE_ROLES, isArray: true, description: 'Some or all of your roles' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(DELEGABLE_ROLES.length)
  @IsIn(DELEGABLE_ROLES, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ format: 'uuid', nullable: true, description: 'One of your operations; absent: all of them' })
  @IsOptional()
  @IsUUID()
  operationId?: string | null;

  @ApiPropertyOptional({ enum: ALL_SECTORS, nullable: true, description: 'One of your clusters in that operation (cluster leads)' })
  @IsOptional()
  @IsIn(ALL_SECTORS)
  sector?: string | null;

  @ApiProperty({ example: '2026-12-01T00:00:00Z' })
  @IsISO8601({ strict: true })
  startsAt!: string;

  @ApiProperty({ example: '2026-12-08T00:00:00Z' })
  @IsISO8601({ strict: true })
  endsAt!: string;

  @ApiProperty({ example: 'Mission to Geneva' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  reason!: string;
}

export interface DelegationView {
  id: number;
  delegatorId: string;
  delegatorName: string;
  delegateId: string;
  delegateName: string;
  roles: Role[];
  operationId: string | null;
  sector: string | null;
  startsAt: string;
  endsAt: string;
  reason: string;
  endedAt: string | null;
  endedBy: string | null;
  running: boolean;
  createdAt: string;
}
