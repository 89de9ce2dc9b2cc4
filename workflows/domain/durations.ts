// Durations are strings ('3 days', '24 hours', '90 days', '3 months', '1 year') so definitions and
// overrides stay plain JSON. Months and years are calendar units (UTC), the rest fixed lengths.

const FIXED_UNITS: Record<string, number> = {
  ms: 1, millisecond: 1, milliseconds: 1,
  s: 1000, sec: 1000, secs: 1000, second: 1000, seconds: 1000,
  m: 60_000, min: 60_000, mins: 60_000, minute: 60_000, minutes: 60_000,
  h: 3_600_000, hr: 3_600_000, hrs: 3_600_000, hour: 3_600_000, hours: 3_600_000,
  d: 86_400_000, day: 86_400_000, days: 86_400_000,
  w: 604_800_000, week: 604_800_000, weeks: 604_800_000,
};
const CALENDAR_UNITS: Record<string, 'month' | 'year'> = {
  mo: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', year: 'year', years: 'year',
};

export type ParsedDuration =
  | { kind: 'fixed'; ms: number }
  | { kind: 'calendar'; unit: 'month' | 'year'; amount: number };

const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]+)\s*$/;

/** Parse a duration string; null when it is not one. */
export function parseDuration(text: string): ParsedDuration | null {
  if (typeof text !== 'string') return null;
  const m = PATTERN.exec(text);
  if (!m) return null;
  const amount = Number(m[1]);
  const unit = m[2].toLowerCase();
  if (unit in FIXED_UNITS) return { kind: 'fixed', ms: Math.round(amount * FIXED_UNITS[unit]) };
  if (unit in CALENDAR_UNITS) {
    if (!Number.isInteger(amount)) return null;
    return { kind: 'calendar', unit: CALENDAR_UNITS[unit], amount };
  }
  return null;
}

export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && parseDuration(text) !== null;
}

/** epochMs + duration (or minus, with sign -1). Calendar units clamp to the month's last day. */
export function addDuration(epochMs: number, text: string, sign: 1 | -1 = 1): number {
  const d = parseDuration(text);
  if (!d) throw new Error(`invalid duration "${text}" (expected e.g. "3 days", "24 hours", "3 months")`);
  if (d.kind === 'fixed') return epochMs + sign * d.ms;
  const date = new Date(epochMs);
  const months = sign * (d.unit === 'year' ? 12 * d.amount : d.amount);
  const day = date.getUTCDate();
  const target = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1,
    date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds(), date.getUTCMilliseconds()));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.getTime();
}

/** Approximate length in ms (months = 30 days, years = 365 days), for ordering and display only. */
export function approximateDurationMs(text: string): number {
  const d = parseDuration(text);
  if (!d) throw new Error(`invalid duration "${text}"`);
  if (d.kind === 'fixed') return d.ms;
  return d.amount * (d.unit === 'year' ? 365 : 30) * 86_400_000;
}
