import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' }) id!: string;
  @Column({ name: 'user_id', type: 'uuid' }) userId!: string;
  @Column('text') type!: string;
  @Column({ name: 'process_id', type: 'text', nullable: true }) processId!: string | null;
  @Column({ name: 'task_id', type: 'text', nullable: true }) taskId!: string | null;
  @Column('text') message!: string;
  @Column({ type: 'jsonb', nullable: true }) data!: Record<string, unknown> | null;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'read_at', type: 'timestamptz', nullable: true }) readAt!: Date | null;
  @Column({ name: 'dedupe_key', type: 'text' }) dedupeKey!: string;
}
