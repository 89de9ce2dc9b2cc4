// Grant proposal: the definition is data; this file holds the scorecard, the money and dates of the grant
// (recommendation within the request, tranches by risk level, disbursements in order), the authorised
// signatory, revisions, and the closure rule (no pending report, unspent balance over 1 USD refunded).
import { centsToMoney, moneyToCents } from '../../domain/definitions/validation';
import type { FieldError } from '../../domain/definitions/types';
import type { EffectContext, GuardHandler, ProcessModule } from '../types';
import { GRANT_PROPOSAL, grantProposalDefinition } from './grant-proposal.definition';
import { addMonths, REFUND_TOLERANCE_CENTS, scoresProblem, tranchesProblem, weightedTotal, type ScorecardCriterion } from '../pooled-fund-allocation/pooled-funds';

export { GRANT_PROPOSAL, grantProposalDefinition } from './grant-proposal.definition';

export interface GrantProposalInput {
  operationId: string;
  allocationId: string;
  window: 'standard' | 'reserve';
  organisationId: string;
  submissionId: string;
  sector: string;
  title: string;
  requestedUsd: string;
  summary?: string;
  subGrantsUsd?: string;
  scorecard: ScorecardCriterion[];
  preStrategicReview?: boolean;
}

/** The grant as agreed and disbursed (case data `grant`). */
export interface GrantState {
  startDate: string;
  endDate: string;
  reportDueDate: string;
  interimFinancialStatementDue?: string;
  finalFinancialStatementDue?: string;
  tranches: { amountUsd: string; date: string }[];
  disbursed: { tranche: number; amountUsd: string; date: string }[];
  disbursedUsd: string;
  tranchesLeft: number;
  inForce?: boolean;
  revisions?: { kind: string; newEndDate?: string; at: string }[];
}

export function grantProposalId(operationId: string, submissionId: string): string {
  return `${GRANT_PROPOSAL}:${operationId}:${submissionId}`;
}

/** The final narrative and financial report is due 2 months after the project end. */
export const reportDueOf = (endDate: string): string => addMonths(endDate, 2);

/**
 * The reporting calendar: the narrative report 2 months after the end; UN agencies also owe an interim financial
 * statement by 31 January and the final one by 30 June of the year after the end.
 */
export function reportingCalendar(endDate: string, organisationType: string | null | undefined): { reportDueDate: string; interimFinancialStatementDue?: string; finalFinancialStatementDue?: string } {
  const next = Number(endDate.slice(0, 4)) + 1;
  return organisationType === 'un-agency'
    ? { reportDueDate: reportDueOf(endDate), interimFinancialStatementDue: `${next}-01-31`, finalFinancialStatementDue: `${next}-06-30` }
    : { reportDueDate: reportDueOf(endDate) };
}

const grantOf = (ctx: Pick<EffectContext, 'caseData'>): GrantState | null => (ctx.caseData.grant as GrantState | undefined) ?? null;
const profileOf = (ctx: Pick<EffectContext, 'caseData'>) => (ctx.caseData['applicant-profile'] as { riskLevel?: string | null; organisationType?: string | null } | undefined) ?? {};

const guards: Record<string, GuardHandler> = {
  'scores-per-criterion': (ctx) => scoresProblem((ctx.input.scorecard as ScorecardCriterion[]) ?? [], ctx.data?.scores),
  'within-request': (ctx) => {
    const requested = String(ctx.subject.requestedUsd ?? ctx.input.requestedUsd);
    const rec = String(ctx.data?.recommendedUsd ?? '0');
    return moneyToCents(rec) > moneyToCents(requested) ? { field: 'recommendedUsd', message: `recommendedUsd must not be greater than the requested ${centsToMoney(moneyToCents(requested))} USD` } : null;
  },
  'timelines-valid': (ctx) => {
    const d = ctx.data ?? {};
    if (String(d.endDate) <= String(d.startDate)) return { field: 'endDate', message: 'endDate must be after startDate' };
    return tranchesProblem(profileOf(ctx).riskLevel ?? null, d.tranches, (ctx.subject.approvedUsd as string | undefined) ?? null);
  },
  'authorised-signatory': (ctx) =>
    ctx.actor.kind === 'user' && ctx.actor.authorisedSignatory === true ? null : 'only an authorised signatory of the applicant organisation may countersign the grant agreement',
  'next-tranche': (ctx) => {
    const g = grantOf(ctx);
    if (!g) return 'the project timelines are not set';
    const n = g.disbursed.length + 1;
    if (Number(ctx.data?.tranche) !== n) return { field: 'tranche', message: `tranche must be ${n} (tranches are disbursed in order)` } satisfies FieldError;
    const planned = g.tranches[n - 1];
    if (moneyToCents(String(ctx.data?.amountUsd)) !== moneyToCents(planned.amountUsd)) return { field: 'amountUsd', message: `amountUsd must be the planned ${centsToMoney(moneyToCents(planned.amountUsd))} USD of tranche ${n}` };
    return null;
  },
  'revision-valid': (ctx) => {
    const g = grantOf(ctx);
    if (ctx.data?.kind !== 'no-cost-extension') return null;
    if (!g) return 'a no-cost extension needs the project timelines';
    return String(ctx.data?.newEndDate) <= g.endDate ? { field: 'newEndDate', message: `newEndDate must be after the current end date (${g.endDate})` } : null;
  },
  'closure-allowed': (ctx) => {
    const g = grantOf(ctx);
    const report = ctx.caseData['final-report'] as { spentUsd?: string } | undefined;
    if (!report?.spentUsd) return 'the grant cannot close while the final report is pending';
    const disbursed = moneyToCents(g?.disbursedUsd ?? '0');
    const refund = moneyToCents(String(ctx.data?.refundUsd ?? '0'));
    const unspent = disbursed - moneyToCents(report.spentUsd) - refund;
    if (unspent > REFUND_TOLERANCE_CENTS) {
      return `the grant cannot close: an unspent balance of ${centsToMoney(unspent)} USD is not refunded (disbursed ${centsToMoney(disbursed)} USD, spent ${centsToMoney(moneyToCents(report.spentUsd))} USD, refunded ${centsToMoney(refund)} USD; at most 1.00 USD may remain)`;
    }
    return null;
  },
};

export const grantProposal: ProcessModule<GrantProposalInput> = {
  type: GRANT_PROPOSAL,
  definition: grantProposalDefinition,
  systemOnly: true,
  workflowId: (i) => grantProposalId(i.operationId, i.submissionId),
  subject: (i) => ({
    operationId: i.operationId,
    clusterId: null,
    sector: i.sector,
    organisationId: i.organisationId,
    allocationId: i.allocationId,
    window: i.window,
    title: i.title,
    requestedUsd: i.requestedUsd,
    approvedUsd: null,
  }),
  title: (i, op) => `Grant proposal — ${i.title}${op ? `, ${op.name}` : ''}`,
  guards,
  effects: {
    'redraft-from': (ctx) => ctx.setCaseData('redraft', { from: String(ctx.args.step), at: ctx.now }),
    /** The weighted total of the coordinator's scores; the scorecard is locked from the first score. */
    scored: (ctx) => {
      const scorecard = (ctx.input.scorecard as ScorecardCriterion[]) ?? [];
      const scores = (ctx.data?.scores as { criterion: string; score: number }[]) ?? [];
      const earlier = ctx.caseData.scorecard as { lockedAt?: string } | undefined;
      ctx.setCaseData('scorecard', { criteria: scorecard, scores, total: weightedTotal(scorecard, scores), lockedAt: earlier?.lockedAt ?? ctx.now });
      ctx.updateSubject({ score: weightedTotal(scorecard, scores) });
    },
    'timelines-set': (ctx) => {
      const d = ctx.data ?? {};
      const tranches = (d.tranches as { amountUsd: string; date: string }[]) ?? [];
      ctx.setCaseData('grant', {
        startDate: String(d.startDate),
        endDate: String(d.endDate),
        ...reportingCalendar(String(d.endDate), profileOf(ctx).organisationType),
        tranches,
        disbursed: [],
        disbursedUsd: '0.00',
        tranchesLeft: tranches.length,
      } satisfies GrantState);
    },
    'agreement-in-force': (ctx) => {
      ctx.setCaseData('grant', { ...grantOf(ctx)!, inForce: true });
      ctx.updateSubject({ agreementInForce: true });
    },
    'tranche-disbursed': (ctx) => {
      const g = grantOf(ctx)!;
      const row = { tranche: Number(ctx.data?.tranche), amountUsd: String(ctx.data?.amountUsd), date: String(ctx.data?.date) };
      const disbursed = [...g.disbursed, row];
      ctx.setCaseData('grant', { ...g, disbursed, disbursedUsd: centsToMoney(disbursed.reduce((s, r) => s + moneyToCents(r.amountUsd), 0n)), tranchesLeft: g.tranches.length - disbursed.length });
    },
    /** A no-cost extension moves the end and the report with it. */
    'revision-approved': (ctx) => {
      const g = grantOf(ctx);
      if (!g) return;
      const kind = String(ctx.data?.kind);
      const newEnd = ctx.data?.newEndDate as string | undefined;
      const revisions = [...(g.revisions ?? []), { kind, ...(newEnd ? { newEndDate: newEnd } : {}), at: ctx.now }];
      ctx.setCaseData('grant', kind === 'no-cost-extension' && newEnd ? { ...g, endDate: newEnd, ...reportingCalendar(newEnd, profileOf(ctx).organisationType), revisions } : { ...g, revisions });
    },
  },
};
