import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { AuditActor } from '@hpc/workflows/domain';

/** Append-only; a trigger refuses UPDATE and DELETE. Hash chain per process over the canonical event. */
@Entity('audit_events')
export class AuditEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'process_id', type: 'text' }) processId!: string;
  @Column('integer') seq!: number;
  @Column('timestamptz') at!: Date;
  @Column('text') type!: string;
  @Column('jsonb') actor!: AuditActor;
  @Column({ name: 'step_id', type: 'text', nullable: true }) stepId!: string | null;
  @Column({ name: 'task_id', type: 'text', nullable: true }) taskId!: string | null;
  @Column({ type: 'text', nullable: true }) decision!: string | null;
  @Column({ type: 'text', nullable: true }) comment!: string | null;
  @Column({ type: 'jsonb', nullable: true }) data!: Record<string, unknown> | null;
  @Column({ name: 'prev_hash', type: 'text' }) prevHash!: string;
  @Column('text') hash!: string;
  @Column({ name: 'recorded_at', type: 'timestamptz' }) recordedAt!: Date;
}
