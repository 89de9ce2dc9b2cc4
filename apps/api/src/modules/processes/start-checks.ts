// Preconditions on reference data that a process names in its folder (`startChecks`), checked by the API
// before a start. Each check is generic (about operations and clusters), never about one process type.
import { isAreaOfResponsibility, PARENT_SECTOR_OF_AOR } from '@hpc/workflows/domain';
import { AppException } from '../../common/errors';
import type { ClusterEntity, OperationEntity } from '../../persistence/entities';

export interface StartCheckContext {
  input: Record<string, unknown>;
  operation: OperationEntity | null;
  findCluster(operationId: string, sector: string): Promise<ClusterEntity | null>;
}

export type StartCheck = (ctx: StartCheckContext) => Promise<void>;

export const START_CHECKS: Readonly<Record<string, StartCheck>> = {
  /** The cluster approach does not apply in refugee situations (UNHCR leads under the Refugee Coordination Model). */
  'operation-uses-clusters': async ({ operation }) => {
    if (operation?.type === 'refugee') {
      throw AppException.validation(
        'input.operationId: the cluster approach does not apply in a refugee operation (UNHCR coordinates under the Refugee Coordination Model)',
      );
    }
  },
  /** An Area of Responsibility can only be activated where the operation's Protection cluster is active. */
  'aor-needs-active-protection': async ({ input, findCluster }) => {
    const sector = input.sector;
    if (typeof input.operationId !== 'string' || !isAreaOfResponsibility(sector)) return;
    const parent = await findCluster(input.operationId, PARENT_SECTOR_OF_AOR[sector]);
    if (!parent || parent.status !== 'active') {
      throw AppException.validation(`input.sector: the ${sector} Area of Responsibility needs an active Protection cluster in this operation (it is ${parent ? parent.status : 'not activated'})`);
    }
  },
  /** input.clusterId names the active (or in-transition) cluster of input.operationId and input.sector (e.g. a CCPM round). */
  'cluster-matches-input': async ({ input, findCluster }) => {
    if (typeof input.operationId !== 'string' || typeof input.sector !== 'string' || typeof input.clusterId !== 'string') return;
    const cluster = await findCluster(input.operationId, input.sector);
    if (!cluster || cluster.id !== input.clusterId) {
      throw AppException.validation(`input.clusterId: is not the ${input.sector} cluster of this operation`);
    }
    if (cluster.status !== 'active' && cluster.status !== 'in-transition') {
      throw AppException.validation(`input.clusterId: the ${input.sector} cluster is ${cluster.status}, not active`);
    }
  },
  /** One cluster per sector: no new activation while the cluster is active or in transition. */
  'cluster-not-active': async ({ input, findCluster }) => {
    if (typeof input.operationId !== 'string' || typeof input.sector !== 'string') return;
    const cluster = await findCluster(input.operationId, input.sector);
    if (cluster && (cluster.status === 'active' || cluster.status === 'in-transition')) {
      throw AppException.conflict(`the ${input.sector} cluster of this operation is already ${cluster.status}`);
    }
  },
};
