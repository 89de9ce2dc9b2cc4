import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditActor } from '@hpc/workflows/domain';

/** Read model of one human step; written only by the worker's projection activities. */
@Entity('tasks')
export class TaskEntity {
  @PrimaryColumn('text') id!: string;
  @Column({ name: 'process_id', type: 'text' }) processId!: string;
  @Column({ name: 'process_type', type: 'text' }) processType!: string;
  @Column({ name: 'step_id', type: 'text' }) stepId!: string;
  @Column('text') title!: string;
  @Column({ type: 'text', array: true }) roles!: string[];
  @Column({ name: 'operation_id', type: 'uuid', nullable: true }) operationId!: string | null;
  @Column({ type: 'text', nullable: true }) sector!: string | null;
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true }) organisationId!: string | null;
  @Column({ type: 'text', array: true }) decisions!: string[];
  @Column({ name: 'due_at', type: 'timestamptz', nullable: true }) dueAt!: Date | null;
  @Column('text') status!: 'open' | 'decided' | 'cancelled' | 'expired';
  @Column('boolean') overdue!: boolean;
  @Column({ name: 'escalated_to', type: 'text', array: true }) escalatedTo!: string[];
  @Column({ type: 'text', nullable: true }) decision!: string | null;
  @Column({ name: 'decided_by', type: 'jsonb', nullable: true }) decidedBy!: AuditActor | null;
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true }) decidedAt!: Date | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'jsonb', nullable: true }) data!: Record<string, unknown> | null;
  /** Key facts of the case shown with the task (subject, previous decisions, live figures). */
  @Column('jsonb') context!: Record<string, unknown>;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'last_seq', type: 'integer' }) lastSeq!: number;
  @Column({ name: 'step_kind', type: 'text' }) stepKind!: string;
  @Column({ name: 'member_key', type: 'text', nullable: true }) memberKey!: string | null;
  @Column({ name: 'member_label', type: 'text', nullable: true }) memberLabel!: string | null;
  @Column({ name: 'assignee_id', type: 'uuid', nullable: true }) assigneeId!: string | null;
  @Column({ name: 'recusal_organisation_id', type: 'uuid', nullable: true }) recusalOrganisationId!: string | null;
  @Column({ name: 'lead_agency_id', type: 'uuid', nullable: true }) leadAgencyId!: string | null;
}
