import { AuditEventsRepository } from './audit-events.repository';
import { ClusterMembersRepository } from './cluster-members.repository';
import { ClustersRepository } from './clusters.repository';
import { NotificationsRepository } from './notifications.repository';
import { OperationsRepository } from './operations.repository';
import { OrganisationsRepository } from './organisations.repository';
import { ProcessesRepository } from './processes.repository';
import { TasksRepository } from './tasks.repository';
import { UsersRepository } from './users.repository';

export {
  AuditEventsRepository,
  ClusterMembersRepository,
  ClustersRepository,
  NotificationsRepository,
  OperationsRepository,
  OrganisationsRepository,
  ProcessesRepository,
  TasksRepository,
  UsersRepository,
};
export * from './paging';

/** Reference-data repositories (provided by the global PersistenceModule). */
export const REFERENCE_REPOSITORIES = [UsersRepository, OrganisationsRepository, OperationsRepository, ClustersRepository, ClusterMembersRepository];

/** Read-side repositories of the process read model, audit trail and notifications. */
export const PROCESS_REPOSITORIES = [ProcessesRepository, TasksRepository, AuditEventsRepository, NotificationsRepository];
