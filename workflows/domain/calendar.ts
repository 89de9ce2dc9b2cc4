// Operation calendars: local dates, working days and yearly anchors in an IANA time zone.
// Pure and deterministic (runs in Temporal's workflow sandbox and in the browser): "now" is always an
// argument, and local time never depends on the host's zone. Offsets come from the tz database through
// @date-fns/tz's tzOffset (Intl, read at the instant asked); date-fns-tz reads the host zone, see README.
import { tzName, tzOffset } from '@date-fns/tz';
import type { FieldError } from './definitions/types';

export interface OperationCalendar {
  /** IANA time zone, e.g. 'Africa/Juba'. */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday, e.g. [5, 6] for Friday–Saturday. */
  weekendDays: readonly number[];
  /** Public holidays, 'YYYY-MM-DD' local dates in `timeZone`. */
  holidays: readonly string[];
}

export const DEFAULT_CALENDAR: OperationCalendar = Object.freeze({
  timeZone: 'UTC',
  weekendDays: Object.freeze([0, 6]),
  holidays: Object.freeze([]) as readonly string[],
});

export interface AnnualAnchor {
  /** 1–12 */
  month: number;
  /** Day of the month, or the month's last day. */
  day: number | 'last';
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
/** IANA names only (Area/Location, 'UTC', 'Etc/GMT+3'); raw offsets such as '+05:00' are refused. */
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;
/** Days per month in a leap year: the most a yearly anchor may name. */
const MAX_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** A local wall-clock reading; month is 1–12. */
interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  ms: number;
}

export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || !ZONE_NAME.test(tz)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset in ms at an instant. */
function offsetAt(epochMs: number, tz: string): number {
  const minutes = tzOffset(tz, new Date(epochMs));
  if (Number.isNaN(minutes)) throw new RangeError(`unknown time zone "${tz}"`);
  return minutes * MINUTE;
}

function toWall(epochMs: number, tz: string): Wall {
  const d = new Date(epochMs + offsetAt(epochMs, tz));
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), ms: d.getUTCMilliseconds(),
  };
}

/** The wall time read as if it were UTC (a plain number for civil-date arithmetic, not an instant). */
function wallAsUtc(w: Wall): number {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day);
  d.setUTCHours(w.hour, w.minute, w.second, w.ms);
  return d.getTime();
}

/**
 * The instant a local wall time names. Like Temporal's 'compatible' disambiguation: a time repeated when
 * clocks go back is its earlier instant; a time skipped when clocks go forward moves forward by the gap.
 */
function fromWall(w: Wall, tz: string): number {
  const local = wallAsUtc(w);
  const before = offsetAt(local - DAY, tz);
  const after = offsetAt(local + DAY, tz);
  const early = local - before;
  const late = local - after;
  if (before === after) return early;
  const earlyFits = offsetAt(early, tz) === before;
  const lateFits = offsetAt(late, tz) === after;
  if (earlyFits && lateFits) return Math.min(early, late);
  if (lateFits) return late;
  // Either only the earlier reading fits, or none does (a gap): the old offset carries it past the gap.
  return early;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && !isLeapYear(year) ? 28 : MAX_DAYS[month - 1];
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isoDate(w: Pick<Wall, 'year' | 'month' | 'day'>): string {
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}`;
}

/** The same wall time `days` local dates later (or earlier), whatever the offsets in between. */
function shiftDays(w: Wall, days: number): Wall {
  const d = new Date(0);
  d.setUTCFullYear(w.year, w.month - 1, w.day + days);
  return { ...w, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function weekday(w: Wall): number {
  return new Date(wallAsUtc(w)).getUTCDay();
}

function isValidIsoDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Field errors for an operation calendar, worded like the definitions' validators (class-validator style). */
export function validateCalendar(value: unknown, field = 'calendar'): FieldError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field, message: `${field} must be an object with timeZone, weekendDays and holidays` }];
  }
  const v = value as Record<string, unknown>;
  const errors: FieldError[] = [];
  const push = (key: string, message: string): void => {
    errors.push({ field: `${field}.${key}`, message: `${field}.${key} ${message}` });
  };
  for (const key of Object.keys(v)) {
    if (!['timeZone', 'weekendDays', 'holidays'].includes(key)) {
      errors.push({ field: `${field}.${key}`, message: `property ${field}.${key} should not exist` });
    }
  }

  if (v.timeZone === undefined || v.timeZone === null || v.timeZone === '') push('timeZone', 'should not be empty');
  else if (typeof v.timeZone !== 'string' || !isValidTimeZone(v.timeZone)) {
    push('timeZone', 'must be a valid IANA time zone (e.g. "Africa/Juba", "UTC")');
  }

  const w = v.weekendDays;
  if (w === undefined || w === null) push('weekendDays', 'should not be empty');
  else if (!Array.isArray(w) || w.some((d) => !Number.isInteger(d) || (d as number) < 0 || (d as number) > 6)) {
    push('weekendDays', 'must be an array of integers from 0 (Sunday) to 6 (Saturday)');
  } else if (new Set(w).size !== w.length) push('weekendDays', 'must not contain duplicates');
  else if (w.length > 6) push('weekendDays', 'must leave at least one working day in the week');

  const h = v.holidays;
  if (h === undefined || h === null) push('holidays', 'should not be empty');
  else if (!Array.isArray(h)) push('holidays', 'must be an array of dates "YYYY-MM-DD"');
  else {
    h.forEach((d, i) => {
      if (typeof d !== 'string' || !isValidIsoDate(d)) push(`holidays[${i}]`, 'must be a valid date "YYYY-MM-DD"');
    });
    if (errors.every((e) => !e.field.startsWith(`${field}.holidays[`)) && new Set(h).size !== h.length) {
      push('holidays', 'must not contain duplicates');
    }
  }
  return errors;
}

function workingDayTest(cal: OperationCalendar): (w: Wall) => boolean {
  const weekend = new Set(cal.weekendDays);
  if ([0, 1, 2, 3, 4, 5, 6].every((d) => weekend.has(d))) {
    throw new RangeError('calendar.weekendDays leaves no working day in the week');
  }
  const holidays = new Set(cal.holidays);
  return (w) => !weekend.has(weekday(w)) && !holidays.has(isoDate(w));
}

/** Is the local date (in cal.timeZone) of this instant neither a weekend day nor a holiday? */
export function isWorkingDay(epochMs: number, cal: OperationCalendar): boolean {
  return workingDayTest(cal)(toWall(epochMs, cal.timeZone));
}

/**
 * n working days later (n < 0: earlier), at the same local wall time. Counting starts on the next working
 * day: Friday 10:00 + 1 (Sat–Sun weekend) is Monday 10:00. n = 0 is the same moment on a working day,
 * else the next working day at the same local time.
 */
export function addWorkingDays(epochMs: number, n: number, cal: OperationCalendar): number {
  if (!Number.isInteger(n)) throw new RangeError(`working days must be a whole number, got ${n}`);
  const working = workingDayTest(cal);
  let w = toWall(epochMs, cal.timeZone);
  if (n === 0) {
    if (working(w)) return epochMs;
    do w = shiftDays(w, 1);
    while (!working(w));
    return fromWall(w, cal.timeZone);
  }
  const step = n > 0 ? 1 : -1;
  for (let left = Math.abs(n); left > 0; left--) {
    do w = shiftDays(w, step);
    while (!working(w));
  }
  return fromWall(w, cal.timeZone);
}

/** Months or years later (amount < 0: earlier) by local date, clamped to the month's last day, same local time. */
export function addCalendarUnits(epochMs: number, unit: 'month' | 'year', amount: number, cal: OperationCalendar): number {
  if (!Number.isInteger(amount)) throw new RangeError(`${unit}s must be a whole number, got ${amount}`);
  const w = toWall(epochMs, cal.timeZone);
  const months = w.year * 12 + (w.month - 1) + (unit === 'year' ? 12 * amount : amount);
  const year = Math.floor(months / 12);
  const month = months - year * 12 + 1;
  return fromWall({ ...w, year, month, day: Math.min(w.day, daysInMonth(year, month)) }, cal.timeZone);
}

function checkAnchor(anchor: AnnualAnchor): void {
  const { month, day } = anchor;
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`anchor month must be 1–12, got ${month}`);
  if (day !== 'last' && (!Number.isInteger(day) || day < 1 || day > MAX_DAYS[month - 1])) {
    throw new RangeError(`anchor day must be 'last' or 1–${MAX_DAYS[month - 1]} for month ${month}, got ${day}`);
  }
}

/**
 * The end (23:59:59.999 local) of the first local day matching the anchor that ends strictly after afterMs.
 * 29 February falls on 28 February in common years.
 */
export function nextAnnualDate(anchor: AnnualAnchor, afterMs: number, cal: OperationCalendar): number {
  checkAnchor(anchor);
  const start = toWall(afterMs, cal.timeZone).year;
  for (let year = start; ; year++) {
    const last = daysInMonth(year, anchor.month);
    const day = anchor.day === 'last' ? last : Math.min(anchor.day, last);
    const end = fromWall({ year, month: anchor.month, day, hour: 23, minute: 59, second: 59, ms: 999 }, cal.timeZone);
    if (end > afterMs) return end;
  }
}

/** The last day of the month before `month` (1–12): 6 → 31 May, 1 → 31 December. */
export function lastDayOfMonthBefore(month: number): AnnualAnchor {
  if (!Number.isInteger(month) || month < 1 || month > 12) throw new RangeError(`month must be 1–12, got ${month}`);
  return { month: month === 1 ? 12 : month - 1, day: 'last' };
}

/** 'YYYY-MM-DD HH:mm zzz' in the calendar's zone, for messages (e.g. '2026-05-31 23:59 GMT+3'). */
export function formatLocal(epochMs: number, cal: OperationCalendar): string {
  const w = toWall(epochMs, cal.timeZone);
  return `${isoDate(w)} ${pad(w.hour)}:${pad(w.minute)} ${tzName(cal.timeZone, new Date(epochMs), 'short')}`;
}

/** The end (23:59:59.999 local) of a local date 'YYYY-MM-DD' in the calendar's zone: a date-only deadline. */
export function endOfLocalDate(date: string, cal: OperationCalendar): number {
  const m = DATE_PATTERN.exec(date);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return fromWall({ year: Number(m[1]), month: Number(m[2]), day: Number(m[3]), hour: 23, minute: 59, second: 59, ms: 999 }, cal.timeZone);
}
