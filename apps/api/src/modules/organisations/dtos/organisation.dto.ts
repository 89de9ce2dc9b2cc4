import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { ORGANISATION_TYPES, type OrganisationType } from '../../../../../../workflows/domain';

export class CreateOrganisationDto {
  @ApiProperty({ example: 'Hope Relief Juba' })
  @IsString()
  @MinLength(2)
  @MaxLength(200)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @IsIn(ORGANISATION_TYPES)
  type!: OrganisationType;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_TYPES }) type!: OrganisationType;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
