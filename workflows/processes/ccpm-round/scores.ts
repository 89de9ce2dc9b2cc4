// CCPM scores (PROCESSES.md §5): the median of each sub-category's answers (partners and coordinator
// together), a function's score from its sub-categories (their mean), and the four bands. Pure.
import { CCPM_FUNCTIONS, CCPM_SCALE_MAX } from './questionnaire';

export type CcpmBand = 'good' | 'satisfactory' | 'unsatisfactory' | 'weak';

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 === 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** good > 75 %, satisfactory 51–75 %, unsatisfactory 26–50 %, weak ≤ 25 %. */
export function band(percent: number): CcpmBand {
  if (percent > 75) return 'good';
  if (percent > 50) return 'satisfactory';
  if (percent > 25) return 'unsatisfactory';
  return 'weak';
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

export interface CcpmReport {
  responses: { partners: number; coordinator: number };
  subCategories: { id: string; function: string; answers: number; median: number | null; percent: number | null; band: CcpmBand | null }[];
  functions: { id: string; percent: number | null; band: CcpmBand | null }[];
}

/** Answers are objects `{ q1_1: 0..4, … }` (partners' and the coordinator's). */
export function ccpmReport(partnerAnswers: readonly Record<string, unknown>[], coordinatorAnswers: readonly Record<string, unknown>[]): CcpmReport {
  const all = [...partnerAnswers, ...coordinatorAnswers];
  const subCategories: CcpmReport['subCategories'] = [];
  const functions: CcpmReport['functions'] = [];
  for (const f of CCPM_FUNCTIONS) {
    const percents: number[] = [];
    for (const s of f.subCategories) {
      const values = all.map((a) => a[s.field]).filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
      const m = median(values);
      const percent = m === null ? null : round1((m / CCPM_SCALE_MAX) * 100);
      if (percent !== null) percents.push(percent);
      subCategories.push({ id: s.id, function: f.id, answers: values.length, median: m, percent, band: percent === null ? null : band(percent) });
    }
    const percent = percents.length === 0 ? null : round1(percents.reduce((a, b) => a + b, 0) / percents.length);
    functions.push({ id: f.id, percent, band: percent === null ? null : band(percent) });
  }
  return { responses: { partners: partnerAnswers.length, coordinator: coordinatorAnswers.length }, subCategories, functions };
}
