import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OrganisationType, RiskLevel } from '@hpc/workflows/domain';

@Entity('organisations')
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column('text') type!: OrganisationType;
  /** Null: not eligible for CBPF (no due diligence yet). */
  @Column({ name: 'risk_level', type: 'text', nullable: true }) riskLevel!: RiskLevel | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
