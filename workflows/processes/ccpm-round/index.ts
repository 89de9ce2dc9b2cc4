// CCPM round: the definition and the questionnaire are data; this file holds what data cannot say — the
// round's launch date in the case, the invitations as a list of organisation ids, the survey window's bounds.
import { approximateDurationMs, durationError } from '../../domain/durations';
import type { FieldError } from '../../domain/definitions/types';
import { sectorLabel } from '../cluster-activation';
import type { ProcessModule } from '../types';
import { CCPM_ROUND, ccpmRoundDefinition } from './ccpm-round.definition';

export { CCPM_ROUND, ccpmRoundDefinition } from './ccpm-round.definition';
export * from './questionnaire';
export * from './scores';
export { firstRoundDelay } from './first-round';

export interface CcpmRoundInput {
  clusterId: string;
  year: number;
  operationId: string;
  sector: string;
  /** ISO date-time: the HC launch opens then (the first round: 4 months after activation). */
  launchAt?: string | null;
}

export function ccpmRoundId(clusterId: string, year: number | string): string {
  return `${CCPM_ROUND}:${clusterId}:${year}`;
}

export const DEFAULT_SURVEY_WINDOW = '14 days';
const DAY = 24 * 3600 * 1000;

export const ccpmRound: ProcessModule<CcpmRoundInput> = {
  type: CCPM_ROUND,
  definition: ccpmRoundDefinition,
  workflowId: (i) => ccpmRoundId(i.clusterId, i.year),
  subject: (i) => ({ operationId: i.operationId, clusterId: i.clusterId, sector: i.sector, year: i.year }),
  // The cluster named must be the operation's active cluster of that sector.
  startChecks: ['cluster-matches-input'],
  title: (i, op) => `CCPM round ${i.year} — ${sectorLabel(i.sector)}${op ? `, ${op.name}` : ''}`,
  validateInput(input) {
    const errors: FieldError[] = [];
    const at = (input as Partial<CcpmRoundInput>).launchAt;
    if (at !== undefined && at !== null && (typeof at !== 'string' || Number.isNaN(Date.parse(at)))) {
      errors.push({ field: 'launchAt', message: 'launchAt must be an ISO 8601 date-time' });
    }
    return errors;
  },
  guards: {
    'survey-window': (ctx) => {
      const w = ctx.data?.surveyWindow;
      if (w === undefined || w === null) return null;
      const bad = durationError(w);
      if (bad) return { field: 'surveyWindow', message: `surveyWindow ${bad}` };
      const ms = approximateDurationMs(String(w));
      if (ms < 3 * DAY || ms > 56 * DAY) return { field: 'surveyWindow', message: 'surveyWindow must lie between 3 days and 8 weeks' };
      return null;
    },
  },
  effects: {
    'round-launched': (ctx) => {
      ctx.setCaseData('launchedAt', ctx.now);
    },
    'record-invitations': (ctx) => {
      const rows = (ctx.data?.invitedOrganisations as { organisationId?: unknown }[] | undefined) ?? [];
      const ids = [...new Set(rows.map((r) => r?.organisationId).filter((x): x is string => typeof x === 'string'))];
      ctx.setCaseData('invitedOrganisationIds', ids);
      ctx.setCaseData('surveyWindow', typeof ctx.data?.surveyWindow === 'string' ? ctx.data.surveyWindow : DEFAULT_SURVEY_WINDOW);
    },
  },
};
