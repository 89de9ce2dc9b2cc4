import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { OPERATION_TYPES, type OperationType } from '@hpc/workflows/domain';
import { OperationSettingsDto } from './operation-settings.dto';

export class CreateOperationDto {
  @ApiProperty({ example: 'South Sudan 2026' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ example: 'SSD', description: 'ISO 3166-1 alpha-3, upper case' })
  @IsString()
  @Matches(/^[A-Z]{3}$/, { message: 'countryIso3 must be three upper-case letters (ISO 3166-1 alpha-3)' })
  countryIso3!: string;

  @ApiProperty({ enum: OPERATION_TYPES })
  @IsIn(OPERATION_TYPES)
  type!: OperationType;
}

// null is a value to validate (400 "name must be a string"), not an absent field that reaches the database.
export class UpdateOperationDto extends PartialType(CreateOperationDto, { skipNullProperties: false }) {}

export class OperationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() countryIso3!: string;
  @ApiProperty({ enum: OPERATION_TYPES }) type!: OperationType;
  @ApiProperty({ type: () => OperationSettingsDto, description: 'stored settings with the defaults filled in' }) settings!: OperationSettingsDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
