// Durations are strings ('3 days', '24 hours', '10 working days', '3 months', '1 year') so definitions and
// overrides stay plain JSON. Months and years are calendar units, working days follow an operation
// calendar, the rest are fixed lengths. Nothing longer than MAX_DURATION is a duration.
import { addCalendarUnits, addWorkingDays, DEFAULT_CALENDAR, type OperationCalendar } from './calendar';

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
const WORKING_UNITS = new Set(['working day', 'working days']);

const DAY_MS = 86_400_000;
/** The longest duration anything may be set to (deadlines, reminders, overrides). */
export const MAX_DURATION = '10 years';
/** MAX_DURATION measured like every bound check: years = 365 days, months = 30 days. */
const MAX_MS = 10 * 365 * DAY_MS;

export type ParsedDuration =
  | { kind: 'fixed'; ms: number }
  | { kind: 'calendar'; unit: 'month' | 'year'; amount: number }
  | { kind: 'working'; days: number };

// At most 12 digits before the point: longer amounts are absurd (and lose precision as numbers).
const PATTERN = /^\s*(\d{1,12}(?:\.\d{1,6})?)\s*([a-zA-Z]+(?:\s+[a-zA-Z]+)?)\s*$/;

function parseUnbounded(text: string): ParsedDuration | null {
  const m = PATTERN.exec(text);
  if (!m) return null;
  const amount = Number(m[1]);
  const unit = m[2].toLowerCase().replace(/\s+/g, ' ');
  if (unit in FIXED_UNITS) return { kind: 'fixed', ms: Math.round(amount * FIXED_UNITS[unit]) };
  if (!Number.isInteger(amount)) return null;
  if (unit in CALENDAR_UNITS) return { kind: 'calendar', unit: CALENDAR_UNITS[unit], amount };
  if (WORKING_UNITS.has(unit)) return { kind: 'working', days: amount };
  return null;
}

/** Length in ms with months = 30 days, years = 365 days, a working day = 7/5 calendar days. */
function approximateMs(d: ParsedDuration): number {
  if (d.kind === 'fixed') return d.ms;
  if (d.kind === 'working') return Math.round((d.days * 7 * DAY_MS) / 5);
  return d.amount * (d.unit === 'year' ? 365 : 30) * DAY_MS;
}

/** Parse a duration string; null when it is not one (unknown unit, fraction of a day count, over MAX_DURATION). */
export function parseDuration(text: string): ParsedDuration | null {
  if (typeof text !== 'string') return null;
  const d = parseUnbounded(text);
  return d !== null && approximateMs(d) <= MAX_MS ? d : null;
}

export function isDuration(text: unknown): text is string {
  return typeof text === 'string' && parseDuration(text) !== null;
}

/** The rule a duration breaks, in words for a 400 after the field name; null when it is a duration. */
export function durationError(text: unknown): string | null {
  return isDuration(text) ? null : `must be a duration of at most ${MAX_DURATION} (e.g. "3 days", "10 working days", "3 months")`;
}

/**
 * epochMs + duration (or minus, with sign -1). Working days follow the calendar (default: UTC, Saturday and
 * Sunday off); months and years are local-date arithmetic in its zone, clamped to the month's last day.
 */
export function addDuration(epochMs: number, text: string, sign: 1 | -1 = 1, calendar: OperationCalendar = DEFAULT_CALENDAR): number {
  const d = parseDuration(text);
  if (!d) throw new Error(`invalid duration "${text}": ${durationError(text)}`);
  if (d.kind === 'fixed') return epochMs + sign * d.ms;
  if (d.kind === 'working') return addWorkingDays(epochMs, sign * d.days, calendar);
  return addCalendarUnits(epochMs, d.unit, sign * d.amount, calendar);
}

/** Approximate length in ms (months = 30 days, years = 365 days, working days = 7/5 days), for ordering and display only. */
export function approximateDurationMs(text: string): number {
  const d = parseDuration(text);
  if (!d) throw new Error(`invalid duration "${text}"`);
  return approximateMs(d);
}
