import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AuditActor, IncidentView, StepInstanceView } from '@hpc/workflows/domain';

/** Read model of one case; written only by the worker's projection activities. */
@Entity('processes')
export class ProcessEntity {
  @PrimaryColumn('text') id!: string;
  @Column('text') type!: string;
  @Column({ name: 'definition_version', type: 'integer' }) definitionVersion!: number;
  @Column('text') title!: string;
  @Column('text') status!: string;
  @Column({ type: 'text', nullable: true }) outcome!: string | null;
  @Column({ name: 'operation_id', type: 'uuid', nullable: true }) operationId!: string | null;
  @Column({ name: 'cluster_id', type: 'uuid', nullable: true }) clusterId!: string | null;
  @Column({ type: 'text', nullable: true }) sector!: string | null;
  @Column('jsonb') subject!: Record<string, unknown>;
  @Column('jsonb') input!: Record<string, unknown>;
  @Column({ name: 'current_steps', type: 'text', array: true }) currentSteps!: string[];
  @Column({ name: 'awaiting_roles', type: 'text', array: true }) awaitingRoles!: string[];
  @Column({ name: 'started_by', type: 'jsonb', nullable: true }) startedBy!: AuditActor | null;
  @Column({ name: 'started_at', type: 'timestamptz' }) startedAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true }) endedAt!: Date | null;
  @Column({ name: 'last_seq', type: 'integer' }) lastSeq!: number;
  @Column({ name: 'parent_process_id', type: 'text', nullable: true }) parentProcessId!: string | null;
  @Column('jsonb') data!: Record<string, unknown>;
  @Column('jsonb') steps!: StepInstanceView[];
  @Column({ type: 'jsonb', nullable: true }) incident!: IncidentView | null;
  @Column({ name: 'incident_at', type: 'timestamptz', nullable: true }) incidentAt!: Date | null;
  @Column({ name: 'next_due_at', type: 'timestamptz', nullable: true }) nextDueAt!: Date | null;
  @Column({ name: 'overdue_count', type: 'integer', default: 0 }) overdueCount!: number;
}
