import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import {
  CLUSTER_MEMBER_STATUSES,
  CLUSTER_STATUSES,
  type ClusterMemberStatus,
  type ClusterStatus,
} from '@hpc/workflows/domain';

export class AreaOfResponsibilityDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() sector!: string;
  @ApiProperty({ enum: CLUSTER_STATUSES }) status!: ClusterStatus;
}

export class ClusterDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) operationId!: string;
  @ApiProperty() sector!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "an AoR's Protection cluster" }) parentClusterId!: string | null;
  @ApiProperty({ nullable: true, type: String }) parentSector!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) leadAgencyId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the lead agency’s name' }) leadAgency!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) coLeadAgencyId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'the co-lead agency’s name' }) coLeadAgency!: string | null;
  @ApiProperty({ nullable: true, type: String }) coordinatorName!: string | null;
  @ApiProperty({ nullable: true, type: String }) informationManagerName!: string | null;
  @ApiProperty({ enum: CLUSTER_STATUSES }) status!: ClusterStatus;
  @ApiProperty({ nullable: true, type: String }) activatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deactivatedAt!: string | null;
  @ApiProperty({ type: () => [AreaOfResponsibilityDto], description: 'for Protection: its Areas of Responsibility' })
  areasOfResponsibility!: AreaOfResponsibilityDto[];
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
}

export class AddClusterMemberDto {
  @ApiProperty({ format: 'uuid', description: 'the organisation joining (a partner may only ask for its own)' })
  @IsUUID()
  organisationId!: string;
}

const SETTABLE = ['member', 'left'] as const;

export class UpdateClusterMemberDto {
  @ApiProperty({ enum: SETTABLE, description: "'member' approves a join request (or re-admits); 'left' ends the membership" })
  @IsIn(SETTABLE)
  status!: (typeof SETTABLE)[number];
}

export class ClusterMemberDto {
  @ApiProperty({ format: 'uuid' }) clusterId!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() organisationType!: string;
  @ApiProperty({ enum: CLUSTER_MEMBER_STATUSES }) status!: ClusterMemberStatus;
  @ApiProperty({ nullable: true, type: String }) joinedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) leftAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) requestedBy!: string | null;
}
