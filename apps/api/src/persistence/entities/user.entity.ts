import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ClusterScope, Role } from '@hpc/workflows/domain';

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('text') username!: string;
  @Column({ name: 'display_name', type: 'text' }) displayName!: string;
  @Column({ name: 'password_hash', type: 'text', select: false }) passwordHash!: string;
  @Column({ type: 'text', array: true }) roles!: Role[];
  @Column({ name: 'cluster_scopes', type: 'jsonb' }) clusterScopes!: ClusterScope[];
  @Column({ name: 'operation_scopes', type: 'uuid', array: true }) operationScopes!: string[];
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId!: string | null;
  @Column({ name: 'authorised_signatory', type: 'boolean' }) authorisedSignatory!: boolean;
  @Column('boolean') active!: boolean;
  /** Each OpenID Connect sign-in replaces roles and scopes with the provider's mapping (else the admin's stay). */
  @Column({ name: 'roles_from_idp', type: 'boolean' }) rolesFromIdp!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
