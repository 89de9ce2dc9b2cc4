// Pure rules of pooled funds (PROCESSES.md §4), shared by the workflows (guards), the activities (totals) and the
// API (the envelope check before a recommendation, the live localisation share): money in exact cents, never floats.
import type { FieldError } from '../../domain/definitions/types';
import { centsToMoney, moneyToCents } from '../../domain/definitions/validation';
import { isAreaOfResponsibility } from '../../domain/reference';

export const FUNDS = ['cbpf', 'cerf'] as const;
export const FUND_WINDOWS = ['standard', 'reserve', 'rapid-response', 'underfunded'] as const;
export const WINDOWS_OF_FUND: Readonly<Record<(typeof FUNDS)[number], readonly string[]>> = { cbpf: ['standard', 'reserve'], cerf: ['rapid-response', 'underfunded'] };
/** The Global Protection Cluster's target: 25 % of Protection (and AoR) funding to national NGOs. */
export const GPC_LOCAL_TARGET_PCT = 25;
export const DEFAULT_LOCALISATION_TARGET_PCT = 25;
/** Organisation types that count towards localisation (granted directly). */
export const LOCAL_ORGANISATION_TYPES: readonly string[] = ['nngo', 'lngo'];
/** An unspent balance above this must be refunded before a grant closes. */
export const REFUND_TOLERANCE_CENTS = 100n;

export interface ScorecardCriterion {
  criterion: string;
  weight: number;
}
export interface SectorSplit {
  sector: string;
  amountUsd: string;
}

/** The scorecard: named criteria (each once) whose integer weights total exactly 100. */
export function scorecardProblem(scorecard: unknown): FieldError | null {
  const rows = Array.isArray(scorecard) ? (scorecard as ScorecardCriterion[]) : [];
  const names = rows.map((r) => String(r.criterion).trim().toLowerCase());
  if (new Set(names).size !== names.length) return { field: 'scorecard', message: 'scorecard must name each criterion once' };
  const total = rows.reduce((s, r) => s + Number(r.weight), 0);
  if (total !== 100) return { field: 'scorecard', message: `scorecard weights must total 100 (they total ${total})` };
  return null;
}

/** The envelope split: one amount per sector of the allocation, together exactly the envelope. */
export function splitProblem(split: unknown, envelopeUsd: string, sectors: readonly string[]): FieldError | null {
  const rows = Array.isArray(split) ? (split as SectorSplit[]) : [];
  const seen = new Set<string>();
  for (const r of rows) {
    if (!sectors.includes(r.sector)) return { field: 'envelopeSplit', message: `envelopeSplit must only name sectors of the allocation (${sectors.join(', ')}): ${r.sector} is not one` };
    if (seen.has(r.sector)) return { field: 'envelopeSplit', message: `envelopeSplit must name each sector once: ${r.sector} appears twice` };
    seen.add(r.sector);
  }
  const total = rows.reduce((s, r) => s + moneyToCents(r.amountUsd), 0n);
  const envelope = moneyToCents(envelopeUsd);
  if (total !== envelope) return { field: 'envelopeSplit', message: `envelopeSplit must total the envelope of ${centsToMoney(envelope)} USD (it totals ${centsToMoney(total)} USD)` };
  return null;
}

/** One score (0–10) per scorecard criterion, each once; the weighted total is out of 100, exact to 2 decimals. */
export function scoresProblem(scorecard: readonly ScorecardCriterion[], scores: unknown): FieldError | null {
  const rows = Array.isArray(scores) ? (scores as { criterion: string; score: number }[]) : [];
  const expected = scorecard.map((c) => c.criterion);
  const given = rows.map((r) => r.criterion);
  const missing = expected.filter((c) => !given.includes(c));
  const extra = given.filter((c) => !expected.includes(c));
  if (missing.length > 0 || extra.length > 0 || new Set(given).size !== given.length) {
    return { field: 'scores', message: `scores must give one score per scorecard criterion (${expected.join(', ')})${missing.length ? `: missing ${missing.join(', ')}` : ''}${extra.length ? `: unknown ${extra.join(', ')}` : ''}` };
  }
  return null;
}

/** Weighted total out of 100: Σ weight × score / 10, as a decimal string with 2 decimals (integer arithmetic). */
export function weightedTotal(scorecard: readonly ScorecardCriterion[], scores: readonly { criterion: string; score: number }[]): string {
  let hundredths = 0;
  for (const c of scorecard) {
    const s = scores.find((r) => r.criterion === c.criterion)?.score ?? 0;
    hundredths += c.weight * Math.round(s * 100);
  }
  // weight (of 100) × score (of 10) × 100 / 10 → hundredths of a point out of 100.
  const v = Math.round(hundredths / 10);
  return `${Math.floor(v / 100)}.${String(v % 100).padStart(2, '0')}`;
}

export interface ApprovedGrant {
  sector: string;
  organisationType: string | null;
  amountUsd: string;
}

export interface LocalisationShare {
  approvedUsd: string;
  localUsd: string;
  /** Percentage with 2 decimals ("0.00" when nothing is approved). */
  sharePct: string;
  targetPct: number;
  belowTarget: boolean;
  protection: { approvedUsd: string; localUsd: string; sharePct: string; targetPct: number; belowTarget: boolean } | null;
}

function pct(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.00';
  const bp = (part * 10000n) / whole;
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, '0')}`;
}
const pctBelow = (part: bigint, whole: bigint, targetPct: number): boolean => whole > 0n && part * 10000n < whole * BigInt(Math.round(targetPct * 100));

const isProtection = (sector: string): boolean => sector === 'protection' || isAreaOfResponsibility(sector);

/** Approved USD granted directly to national and local NGOs ÷ approved USD; Protection and its AoRs against the GPC 25 %. */
export function localisationShare(grants: readonly ApprovedGrant[], targetPct: number = DEFAULT_LOCALISATION_TARGET_PCT): LocalisationShare {
  let approved = 0n;
  let local = 0n;
  let pApproved = 0n;
  let pLocal = 0n;
  for (const g of grants) {
    const c = moneyToCents(g.amountUsd);
    const isLocal = LOCAL_ORGANISATION_TYPES.includes(g.organisationType ?? '');
    approved += c;
    if (isLocal) local += c;
    if (isProtection(g.sector)) {
      pApproved += c;
      if (isLocal) pLocal += c;
    }
  }
  return {
    approvedUsd: centsToMoney(approved),
    localUsd: centsToMoney(local),
    sharePct: pct(local, approved),
    targetPct,
    belowTarget: pctBelow(local, approved, targetPct),
    protection: pApproved === 0n ? null : {
      approvedUsd: centsToMoney(pApproved),
      localUsd: centsToMoney(pLocal),
      sharePct: pct(pLocal, pApproved),
      targetPct: GPC_LOCAL_TARGET_PCT,
      belowTarget: pctBelow(pLocal, pApproved, GPC_LOCAL_TARGET_PCT),
    },
  };
}

/**
 * May `amountUsd` more be approved for `sector`? Never beyond the envelope, nor beyond the sector's split.
 * Returns the refusal (naming what remains) or null.
 */
export function envelopeRefusal(
  envelopeUsd: string,
  split: readonly SectorSplit[] | null,
  committed: readonly { sector: string; amountUsd: string }[],
  next: { sector: string; amountUsd: string },
): string | null {
  const amount = moneyToCents(next.amountUsd);
  const total = committed.reduce((s, c) => s + moneyToCents(c.amountUsd), 0n);
  const remaining = moneyToCents(envelopeUsd) - total;
  if (amount > remaining) {
    return `the recommended ${centsToMoney(amount)} USD for ${next.sector} exceeds the remaining envelope of ${centsToMoney(remaining)} USD (envelope ${centsToMoney(moneyToCents(envelopeUsd))} USD, sum of approved proposals ${centsToMoney(total)} USD)`;
  }
  const share = split?.find((s) => s.sector === next.sector);
  if (split && split.length > 0) {
    const sectorCap = share ? moneyToCents(share.amountUsd) : 0n;
    const sectorTotal = committed.filter((c) => c.sector === next.sector).reduce((s, c) => s + moneyToCents(c.amountUsd), 0n);
    if (amount > sectorCap - sectorTotal) {
      return `the recommended ${centsToMoney(amount)} USD exceeds the remaining ${next.sector} split of ${centsToMoney(sectorCap - sectorTotal)} USD (split ${centsToMoney(sectorCap)} USD, sum of approved ${next.sector} proposals ${centsToMoney(sectorTotal)} USD)`;
    }
  }
  return null;
}

/** Disbursement tranches by the partner's risk level (CBPF operational modalities): low 1–2, medium 2–3, high 3–4. */
export const TRANCHES_BY_RISK: Readonly<Record<string, { min: number; max: number }>> = {
  low: { min: 1, max: 2 },
  medium: { min: 2, max: 3 },
  high: { min: 3, max: 4 },
};

export function tranchesProblem(riskLevel: string | null, tranches: unknown, approvedUsd: string | null): FieldError | null {
  const rows = Array.isArray(tranches) ? (tranches as { amountUsd: string; date: string }[]) : [];
  const rule = TRANCHES_BY_RISK[riskLevel ?? ''];
  if (rule && (rows.length < rule.min || rows.length > rule.max)) {
    return { field: 'tranches', message: `tranches must number ${rule.min}${rule.max !== rule.min ? `–${rule.max}` : ''} for a ${riskLevel} risk partner (${rows.length} given)` };
  }
  if (approvedUsd) {
    const total = rows.reduce((s, r) => s + moneyToCents(r.amountUsd), 0n);
    if (total !== moneyToCents(approvedUsd)) return { field: 'tranches', message: `tranches must total the approved ${centsToMoney(moneyToCents(approvedUsd))} USD (they total ${centsToMoney(total)} USD)` };
  }
  for (let i = 1; i < rows.length; i++) {
    if (rows[i].date < rows[i - 1].date) return { field: 'tranches', message: `tranches must be in date order: tranche ${i + 1} comes before tranche ${i}` };
  }
  return null;
}

const DAY_MS = 86_400_000;

/** CERF: the project starts up to 6 weeks before the disbursement, never before the onset. */
export function cerfStartProblem(startDate: string, disbursedOn: string, onsetDate: string | null): FieldError | null {
  if (Date.parse(startDate) < Date.parse(disbursedOn) - 42 * DAY_MS) return { field: 'startDate', message: `startDate must not be more than 6 weeks before the disbursement of ${disbursedOn}` };
  if (onsetDate && Date.parse(startDate) < Date.parse(onsetDate)) return { field: 'startDate', message: `startDate must not be before the onset of the emergency (${onsetDate})` };
  return null;
}

/** A date plus whole calendar months (UTC, the day clamped to the month's end), as YYYY-MM-DD. */
export function addMonths(date: string, months: number): string {
  const d = new Date(Date.parse(date));
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const last = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const out = new Date(Date.UTC(y, m, Math.min(d.getUTCDate(), last)));
  return out.toISOString().slice(0, 10);
}

export function sumMoney(values: readonly string[]): string {
  return centsToMoney(values.reduce((s, v) => s + moneyToCents(v), 0n));
}
