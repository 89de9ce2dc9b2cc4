// Cluster activation: the definition is data; this file holds only what data cannot say — the cluster's
// status changes (through the clusters activity) and the rules the API checks before a start.
import type { FieldError } from '../../domain/definitions/types';
import type { ClusterStatusResult } from '../../contracts/activities';
import type { EffectContext, ProcessModule } from '../types';
import { addDuration } from '../../domain/durations';
import { CCPM_ROUND } from '../ccpm-round/ccpm-round.definition';
import { firstRoundDelay } from '../ccpm-round/first-round';
import { CLUSTER_ACTIVATION, clusterActivationDefinition } from './cluster-activation.definition';

export { CLUSTER_ACTIVATION, clusterActivationDefinition } from './cluster-activation.definition';

export interface ClusterActivationInput {
  operationId: string;
  sector: string;
  leadAgencyId: string;
  coLeadAgencyId?: string | null;
  rationale: string;
  criteria: { responseGaps: boolean; nationalCapacityInsufficient: boolean };
}

export const IASC_CRITERIA_MESSAGE =
  'criteria: both IASC criteria (responseGaps, nationalCapacityInsufficient) must hold for a cluster to be activated';

export function clusterActivationId(operationId: string, sector: string): string {
  return `${CLUSTER_ACTIVATION}:${operationId}:${sector}`;
}

const ACRONYMS: Record<string, string> = { wash: 'WASH', cccm: 'CCCM', gbv: 'GBV', hlp: 'HLP' };

/** "food-security" → "Food security", "wash" → "WASH" (titles name the sector in words). */
export function sectorLabel(sector: string): string {
  if (ACRONYMS[sector]) return ACRONYMS[sector];
  const words = sector.split('-').join(' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

async function setStatus(ctx: EffectContext, status: 'proposed' | 'active' | 'not-activated', extra: Record<string, unknown> = {}): Promise<ClusterStatusResult> {
  const s = ctx.subject;
  const result = await ctx.activity<ClusterStatusResult>('setClusterStatus', {
    clusterId: s.clusterId,
    operationId: s.operationId,
    sector: s.sector,
    status,
    at: ctx.now,
    actor: ctx.actor,
    ...extra,
  });
  if (s.clusterId !== result.cluster.id) ctx.updateSubject({ clusterId: result.cluster.id });
  if (result.changed) {
    ctx.emit('cluster-status-changed', { data: { clusterId: result.cluster.id, from: result.previousStatus, to: result.cluster.status } });
  }
  return result;
}

export const clusterActivation: ProcessModule<ClusterActivationInput> = {
  type: CLUSTER_ACTIVATION,
  definition: clusterActivationDefinition,
  workflowId: (i) => clusterActivationId(i.operationId, i.sector),
  subject: (i) => ({
    operationId: i.operationId,
    sector: i.sector,
    clusterId: null,
    leadAgencyId: i.leadAgencyId,
    coLeadAgencyId: i.coLeadAgencyId ?? null,
    rationale: i.rationale,
  }),
  title: (i, op) => `Cluster activation — ${sectorLabel(i.sector)}${op ? `, ${op.name}` : ''}`,
  validateInput(input) {
    const c = (input as Partial<ClusterActivationInput>).criteria;
    const errors: FieldError[] = [];
    if (c && typeof c === 'object' && (c.responseGaps === false || c.nationalCapacityInsufficient === false)) {
      errors.push({ field: 'criteria', message: IASC_CRITERIA_MESSAGE });
    }
    return errors;
  },
  // Refugee operations use no clusters; an AoR needs an active Protection cluster; one cluster per sector.
  startChecks: ['operation-uses-clusters', 'aor-needs-active-protection', 'cluster-not-active'],
  effects: {
    'cluster-proposed': async (ctx) => {
      await setStatus(ctx, 'proposed', { leadAgencyId: ctx.subject.leadAgencyId, coLeadAgencyId: ctx.subject.coLeadAgencyId ?? null });
    },
    'cluster-not-activated': async (ctx) => {
      await setStatus(ctx, 'not-activated');
    },
    'cluster-active': async (ctx) => {
      const result = await setStatus(ctx, 'active', {
        coordinatorName: ctx.data?.coordinatorName ?? null,
        informationManagerName: ctx.data?.informationManagerName ?? null,
      });
      ctx.setCaseData('activatedAt', result.cluster.activatedAt ?? ctx.now);
      ctx.setCaseData('operationType', result.cluster.operationType);
    },
    'schedule-ccpm-round': async (ctx) => {
      const s = ctx.subject;
      const activatedAt = Date.parse(String(ctx.caseData.activatedAt ?? ctx.now));
      const launchAt = new Date(addDuration(activatedAt, firstRoundDelay(ctx.operation?.settings.durationOverrides), 1)).toISOString();
      const input = { clusterId: s.clusterId, year: Number(launchAt.slice(0, 4)), operationId: s.operationId, sector: s.sector, launchAt };
      await ctx.startProcess(CCPM_ROUND, input, { outlivesParent: true });
    },
    'create-duty-schedules': async (ctx) => {
      await ctx.activity('createClusterSchedules', { clusterId: ctx.subject.clusterId });
    },
  },
};
