import { ApiProperty } from '@nestjs/swagger';
import { CLUSTER_STATUSES, type ClusterStatus } from '../../../../../../workflows/domain';

export class ClusterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) operationId!: string;
  @ApiProperty() sector!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentClusterId!: string | null;
  @ApiProperty() leadAgency!: string;
  @ApiProperty({ nullable: true, type: String }) coLeadAgency!: string | null;
  @ApiProperty({ enum: CLUSTER_STATUSES }) status!: ClusterStatus;
  @ApiProperty({ nullable: true, type: String }) activatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deactivatedAt!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}
