import { AuditEventEntity } from './audit-event.entity';
import { ClusterMemberEntity } from './cluster-member.entity';
import { ClusterEntity } from './cluster.entity';
import { NotificationEntity } from './notification.entity';
import { OperationEntity } from './operation.entity';
import { OrganisationEntity } from './organisation.entity';
import { ProcessEntity } from './process.entity';
import { TaskEntity } from './task.entity';
import { UserEntity } from './user.entity';

export {
  AuditEventEntity,
  ClusterEntity,
  ClusterMemberEntity,
  NotificationEntity,
  OperationEntity,
  OrganisationEntity,
  ProcessEntity,
  TaskEntity,
  UserEntity,
};

export const ENTITIES = [
  OrganisationEntity,
  OperationEntity,
  UserEntity,
  ClusterEntity,
  ClusterMemberEntity,
  ProcessEntity,
  TaskEntity,
  AuditEventEntity,
  NotificationEntity,
];
