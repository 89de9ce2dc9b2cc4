import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OperationSettings, OperationType } from '@hpc/workflows/domain';

@Entity('operations')
export class OperationEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') name!: string;
  @Column({ name: 'country_iso3', type: 'char', length: 3 }) countryIso3!: string;
  @Column('text') type!: OperationType;
  /** Stored partial; read through operationSettingsOf() to get the defaults filled in. */
  @Column({ type: 'jsonb' }) settings!: Partial<OperationSettings>;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
