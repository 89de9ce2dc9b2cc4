import { ClustersRepository } from './clusters.repository';
import { OperationsRepository } from './operations.repository';
import { OrganisationsRepository } from './organisations.repository';
import { UsersRepository } from './users.repository';

export { ClustersRepository, OperationsRepository, OrganisationsRepository, UsersRepository };
export * from './paging';

/** Reference-data repositories (provided by the global PersistenceModule). */
export const REFERENCE_REPOSITORIES = [UsersRepository, OrganisationsRepository, OperationsRepository, ClustersRepository];
