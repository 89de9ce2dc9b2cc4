// Pure date arithmetic for deadlines shown in the console (UTC days, no locale).

const DAY_MS = 24 * 60 * 60 * 1000;

/** The IASC transition/deactivation outline is due 90 days after activation (PROCESSES.md §2). */
export const OUTLINE_DAYS = 90;

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/** Whole days from `now` until `dueIso`: positive = still to go, negative = overdue by that many days. */
export function daysUntil(dueIso: string, now: Date = new Date()): number {
  const diff = Date.parse(dueIso) - now.getTime();
  return diff >= 0 ? Math.ceil(diff / DAY_MS) : -Math.ceil(-diff / DAY_MS);
}

export interface OutlineDue {
  dueAt: string;
  days: number;
  overdue: boolean;
}

/** When the 90-day outline of a cluster activated at `activatedAt` is due, and how far off that is. */
export function outlineDue(activatedAt: string | null | undefined, now: Date = new Date()): OutlineDue | null {
  if (!activatedAt || Number.isNaN(Date.parse(activatedAt))) return null;
  const dueAt = addDays(activatedAt, OUTLINE_DAYS);
  const days = daysUntil(dueAt, now);
  return { dueAt, days, overdue: days < 0 };
}

/** Splits a gap between two instants into a human scale for "quiet period" labels. */
export function gapDays(fromIso: string, toIso: string): number {
  return Math.floor((Date.parse(toIso) - Date.parse(fromIso)) / DAY_MS);
}

const DURATION_UNITS: Record<string, string> = {
  h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
  d: 'days', day: 'days', days: 'days',
  w: 'weeks', week: 'weeks', weeks: 'weeks',
  mo: 'months', month: 'months', months: 'months',
  y: 'years', yr: 'years', year: 'years', years: 'years',
};

/** "30 days" → "30 days" / "30 jours": a definition's duration string in the user's language. */
export function formatDuration(text: string, translate: (key: string, options?: any) => string): string {
  const m = /^\s*(\d+)\s*([a-zA-Z]+)\s*$/.exec(text);
  const unit = m ? DURATION_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || !unit) return text;
  return translate(`hpc.durations.${unit}`, { smart_count: Number(m[1]) });
}
