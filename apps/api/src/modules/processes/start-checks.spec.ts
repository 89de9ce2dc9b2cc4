// The start checks of PROCESSES.md §1 as the API answers them, for each state a cluster's row may be in.
import type { ClusterStatus } from '@hpc/workflows/domain';
import { AppException } from '../../common/errors';
import type { ClusterEntity } from '../../persistence/entities';
import { START_CHECKS } from './start-checks';

const OP = '11111111-1111-4111-8111-111111111111';

/** The check as the API runs it, with the operation's protection cluster in the given state (or none). */
async function activation(status: ClusterStatus | null): Promise<AppException | null> {
  const cluster = status ? ({ id: '22222222-2222-4222-8222-222222222222', operationId: OP, sector: 'protection', status } as ClusterEntity) : null;
  try {
    await START_CHECKS['cluster-not-active']({
      input: { operationId: OP, sector: 'protection' },
      operation: null,
      findCluster: async (operationId, sector) => (operationId === OP && sector === 'protection' ? cluster : null),
    });
    return null;
  } catch (err) {
    return err as AppException;
  }
}

describe('cluster-not-active: one cluster per sector and operation', () => {
  it.each(['active', 'in-transition'] as const)('refuses a new activation of an %s cluster with a 409 naming its state', async (status) => {
    const refusal = await activation(status);
    expect(refusal).toBeInstanceOf(AppException);
    expect(refusal!.getStatus()).toBe(409);
    expect(refusal!.message).toBe(`the protection cluster of this operation is already ${status}`);
  });

  it.each([null, 'proposed', 'deactivated', 'not-activated'] as const)('lets a cluster be activated when its row is %s', async (status) => {
    await expect(activation(status)).resolves.toBeNull();
  });
});
