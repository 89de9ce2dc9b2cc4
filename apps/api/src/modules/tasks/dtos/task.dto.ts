import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export class DecideTaskDto {
  @ApiProperty({ description: "One of the task's allowed decisions", example: 'endorse' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/^[a-z0-9-]+$/, { message: 'decision must be a decision id (lower-case letters, digits and dashes)' })
  decision!: string;

  @ApiPropertyOptional({ maxLength: 10000 })
  @IsOptional()
  @IsString()
  @MaxLength(10_000)
  comment?: string;

  @ApiPropertyOptional({ type: Object, description: "Data the decision requires (see the step's decision data fields)" })
  @IsOptional()
  @IsObject()
  data?: Record<string, unknown>;
}

export class TaskDto {
  @ApiProperty() id!: string;
  @ApiProperty() processId!: string;
  @ApiProperty() processType!: string;
  @ApiProperty() stepId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: [String] }) roles!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) operationId!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) sector!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) organisationId!: string | null;
  @ApiProperty({ type: [String] }) decisions!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) dueAt!: string | null;
  @ApiProperty({ enum: ['open', 'decided', 'cancelled'] }) status!: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: [String] }) escalatedTo!: string[];
  @ApiPropertyOptional({ nullable: true, type: String }) decision!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) decidedBy!: unknown;
  @ApiPropertyOptional({ nullable: true, type: String }) decidedAt!: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) comment!: string | null;
  @ApiPropertyOptional({ nullable: true, type: Object }) data!: Record<string, unknown> | null;
  @ApiProperty({ type: Object }) context!: Record<string, unknown>;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
