import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClusterStatus } from '@hpc/workflows/domain';

@Entity('clusters')
export class ClusterEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'operation_id', type: 'uuid' }) operationId!: string;
  @Column('text') sector!: string;
  @Column({ name: 'parent_cluster_id', type: 'uuid', nullable: true }) parentClusterId!: string | null;
  @Column({ name: 'lead_agency_id', type: 'uuid', nullable: true }) leadAgencyId!: string | null;
  @Column({ name: 'co_lead_agency_id', type: 'uuid', nullable: true }) coLeadAgencyId!: string | null;
  /** Revision 1's free text, kept readable until every writer sets the ids; read leadAgencyId instead. */
  @Column({ name: 'lead_agency', type: 'text', nullable: true }) leadAgency!: string | null;
  @Column({ name: 'co_lead_agency', type: 'text', nullable: true }) coLeadAgency!: string | null;
  @Column({ name: 'coordinator_name', type: 'text', nullable: true }) coordinatorName!: string | null;
  @Column({ name: 'information_manager_name', type: 'text', nullable: true }) informationManagerName!: string | null;
  @Column('text') status!: ClusterStatus;
  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true }) activatedAt!: Date | null;
  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true }) deactivatedAt!: Date | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
