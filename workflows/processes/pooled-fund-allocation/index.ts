// Pooled-fund allocation: the definition is data; this file holds what data cannot say — the strategy's money
// and scorecard rules, the call's window length, CERF's start-date and extension rules and its 6-month clock.
import type { FieldError } from '../../domain/definitions/types';
import type { EffectContext, GuardHandler, ProcessModule } from '../types';
import { POOLED_FUND_ALLOCATION, pooledFundAllocationDefinition } from './pooled-fund-allocation.definition';
import { addMonths, cerfStartProblem, envelopeRefusal, scorecardProblem, splitProblem, WINDOWS_OF_FUND, type SectorSplit } from './pooled-funds';
import { moneyToCents, centsToMoney } from '../../domain/definitions/validation';

export { POOLED_FUND_ALLOCATION, GRANT_PROPOSAL, pooledFundAllocationDefinition } from './pooled-fund-allocation.definition';
export * from './pooled-funds';

export interface PooledFundAllocationInput {
  fund: 'cbpf' | 'cerf';
  window: 'standard' | 'reserve' | 'rapid-response' | 'underfunded';
  operationId: string;
  title: string;
  envelopeUsd: string;
  localisationTargetPct?: number;
  sectors?: string[];
  onsetDate?: string;
}

/** What the case keeps of itself (case data `allocation`): its own id for the proposals, the call's length. */
export interface AllocationCaseState {
  processId: string;
  windowDuration: string;
}

/** CERF's clock (case data `cerf`). */
export interface CerfClock {
  disbursedOn: string;
  startDate: string;
  endDate: string;
  extended?: boolean;
}

/** One allocation per operation and title (a second start of the same allocation is a 409). */
export function pooledFundAllocationId(i: Pick<PooledFundAllocationInput, 'operationId' | 'fund' | 'window' | 'title'>): string {
  const slug = i.title.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'allocation';
  return `${POOLED_FUND_ALLOCATION}:${i.operationId}:${i.fund}-${i.window}:${slug}`;
}

const DAY_MS = 86_400_000;

function cerfOf(ctx: Pick<EffectContext, 'caseData'>): CerfClock | null {
  return (ctx.caseData.cerf as CerfClock | undefined) ?? null;
}

const guards: Record<string, GuardHandler> = {
  'strategy-valid': (ctx) => {
    const d = ctx.data ?? {};
    const sectors = (ctx.input.sectors as string[] | undefined) ?? [];
    return scorecardProblem(d.scorecard) ?? splitProblem(d.envelopeSplit, String(ctx.input.envelopeUsd), sectors);
  },
  'cerf-envelope': () => null,
  'cerf-within-envelope': (ctx) => {
    const notice = ctx.caseData['envelope-notice'] as { envelopeUsd?: string } | undefined;
    const envelope = moneyToCents(notice?.envelopeUsd ?? String(ctx.input.envelopeUsd));
    const projects = Array.isArray(ctx.data?.projects) ? (ctx.data!.projects as { amountUsd: string }[]) : [];
    const total = projects.reduce((s, p) => s + moneyToCents(p.amountUsd), 0n);
    return total > envelope ? { field: 'projects', message: `projects must not total more than the envelope of ${centsToMoney(envelope)} USD (they total ${centsToMoney(total)} USD)` } : null;
  },
  'cerf-start': (ctx) => cerfStartProblem(String(ctx.data?.startDate), String(ctx.data?.date), (ctx.input.onsetDate as string | undefined) ?? null),
  'extension-in-time': (ctx) => {
    const clock = cerfOf(ctx);
    if (!clock) return 'the implementation clock has not started';
    const latest = Date.parse(addMonths(clock.endDate, -1)) + DAY_MS;
    if (Date.parse(ctx.now) >= latest) return `a no-cost extension must be requested at least one month before the end of implementation (${clock.endDate}); the last day to request it was ${addMonths(clock.endDate, -1)}`;
    const next = String(ctx.data?.newEndDate ?? '');
    if (next <= clock.endDate) return { field: 'newEndDate', message: `newEndDate must be after the current end of implementation (${clock.endDate})` } satisfies FieldError;
    return null;
  },
};

export const pooledFundAllocation: ProcessModule<PooledFundAllocationInput> = {
  type: POOLED_FUND_ALLOCATION,
  definition: pooledFundAllocationDefinition,
  workflowId: pooledFundAllocationId,
  subject: (i) => ({ operationId: i.operationId, clusterId: null, sector: null, fund: i.fund, window: i.window, envelopeUsd: i.envelopeUsd, localisationTargetPct: i.localisationTargetPct ?? 25 }),
  title: (i, op) => `${i.fund === 'cerf' ? 'CERF' : 'CBPF'} ${i.window} allocation — ${i.title}${op ? `, ${op.name}` : ''}`,
  validateInput: (i) => {
    const errors: FieldError[] = [];
    const windows = WINDOWS_OF_FUND[i.fund] ?? [];
    if (!windows.includes(i.window)) errors.push({ field: 'window', message: `window must be one of the following values for ${i.fund}: ${windows.join(', ')}` });
    if (i.fund === 'cbpf' && (!Array.isArray(i.sectors) || i.sectors.length === 0)) errors.push({ field: 'sectors', message: 'sectors should not be empty (a CBPF allocation splits its envelope per sector)' });
    return errors;
  },
  guards,
  ledgers: {
    /** The sum of recommended proposals within the envelope and each sector's split (exact cents); one claim at a time. */
    envelope: (ctx, held, next) => {
      const split = (ctx.caseData['allocation-strategy'] as { envelopeSplit?: SectorSplit[] } | undefined)?.envelopeSplit ?? null;
      return envelopeRefusal(String(ctx.input.envelopeUsd), split, held.map((h) => ({ sector: h.key ?? '', amountUsd: h.amountUsd })), { sector: next.key ?? '', amountUsd: next.amountUsd });
    },
  },
  effects: {
    'allocation-started': (ctx) => {
      ctx.setCaseData('allocation', { processId: ctx.processId, windowDuration: '10 working days' } satisfies AllocationCaseState);
    },
    'strategy-submitted': (ctx) => {
      const days = ctx.data?.windowWorkingDays;
      const state = ctx.caseData.allocation as AllocationCaseState;
      ctx.setCaseData('allocation', { ...state, windowDuration: typeof days === 'number' ? `${days} working days` : '10 working days' });
    },
    /** Six months from the project start (itself up to 6 weeks before the disbursement); the report 3 months after. */
    'cerf-clock': (ctx) => {
      const startDate = String(ctx.data?.startDate);
      ctx.setCaseData('cerf', { disbursedOn: String(ctx.data?.date), startDate, endDate: addMonths(startDate, 6) } satisfies CerfClock);
    },
    'cerf-extended': (ctx) => {
      const clock = cerfOf(ctx)!;
      const request = ctx.caseData.implementation as { newEndDate?: string } | undefined;
      if (request?.newEndDate) ctx.setCaseData('cerf', { ...clock, endDate: request.newEndDate, extended: true });
    },
  },
};
