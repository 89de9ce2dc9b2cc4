import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { ORGANISATION_TYPES, RISK_LEVELS, type OrganisationType, type RiskLevel } from '@hpc/workflows/domain';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Hope Relief Juba' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;

  @ApiProperty({ enum: RISK_LEVELS, nullable: true, required: false, description: "From the pooled fund's due diligence; null = not eligible for CBPF" })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsIn(RISK_LEVELS)
  riskLevel?: RiskLevel | null;
}

// null is a value to validate for name and type (400), and the way to clear riskLevel.
export class UpdateOrganisationDto extends PartialType(CreateOrganisationDto, { skipNullProperties: false }) {}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_TYPES }) type!: OrganisationType;
  @ApiProperty({ enum: RISK_LEVELS, nullable: true, type: String }) riskLevel!: RiskLevel | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
