// Transition review: the definition is data; this file holds the cluster status changes and the
// deactivation notices (members, leads, the operation's OCHA and the ERC).
import type { ClusterStatusResult } from '../../contracts/activities';
import type { EffectContext, ProcessModule } from '../types';
import { sectorLabel } from '../cluster-activation';
import { TRANSITION_REVIEW, transitionReviewDefinition } from './transition-review.definition';

export { TRANSITION_REVIEW, transitionReviewDefinition } from './transition-review.definition';

export interface TransitionReviewInput {
  clusterId: string;
  /** ISO UTC; the anchor of the 90-day outline and the 3-month review. */
  activatedAt: string;
  operationType: string;
  operationId: string;
  sector: string;
}

export function transitionReviewId(clusterId: string): string {
  return `${TRANSITION_REVIEW}:${clusterId}`;
}

async function setStatus(ctx: EffectContext, status: 'in-transition' | 'deactivated'): Promise<void> {
  const s = ctx.subject;
  const result = await ctx.activity<ClusterStatusResult>('setClusterStatus', {
    clusterId: s.clusterId, operationId: s.operationId, sector: s.sector, status, at: ctx.now, actor: ctx.actor,
  });
  if (result.changed) {
    ctx.emit('cluster-status-changed', { data: { clusterId: result.cluster.id, from: result.previousStatus, to: result.cluster.status } });
  }
}

export const transitionReview: ProcessModule<TransitionReviewInput> = {
  type: TRANSITION_REVIEW,
  definition: transitionReviewDefinition,
  systemOnly: true,
  workflowId: (i) => transitionReviewId(i.clusterId),
  subject: (i) => ({ operationId: i.operationId, sector: i.sector, clusterId: i.clusterId, activatedAt: i.activatedAt, operationType: i.operationType }),
  title: (i, op) => `Transition review — ${sectorLabel(i.sector)}${op ? `, ${op.name}` : ''}`,
  effects: {
    'cluster-in-transition': (ctx) => setStatus(ctx, 'in-transition'),
    'cluster-deactivated': async (ctx) => {
      await setStatus(ctx, 'deactivated');
      const s = ctx.subject;
      const message = `${sectorLabel(String(s.sector))} cluster deactivated`;
      const data = { clusterId: s.clusterId, criteriaNoLongerMet: ctx.data?.criteriaNoLongerMet ?? null };
      ctx.notify({ roles: ['erc'], scope: {}, message, key: 'deactivated:erc', data });
      ctx.notify({ roles: ['ocha', 'cluster_lead'], message, key: 'deactivated:operation', data });
      ctx.notify({ roles: ['partner', 'cluster_lead'], scope: {}, clusterMembersOf: s.clusterId, message, key: 'deactivated:members', data });
      // Its recurring duties and open CCPM round stop with it (the activity is a no-op while none exist).
      await ctx.activity('stopClusterSchedules', { clusterId: s.clusterId, reason: 'deactivated' });
    },
  },
};
