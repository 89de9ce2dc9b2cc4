import type { OperationCalendar } from './calendar';
import type { ProcessDefinition } from './definitions/types';
import { validateDurations } from './definitions/validation';
import { addDuration, approximateDurationMs, durationError, isDuration, MAX_DURATION, parseDuration } from './durations';

describe('durations', () => {
  it.each([
    ['3 days', 3 * 86_400_000],
    ['24 hours', 86_400_000],
    ['12h', 43_200_000],
    ['90 days', 90 * 86_400_000],
    ['1 week', 604_800_000],
    ['500 ms', 500],
    ['1.5 hours', 5_400_000],
  ])('parses %s as fixed', (text, ms) => {
    expect(parseDuration(text)).toEqual({ kind: 'fixed', ms });
  });

  it('parses months and years as calendar units', () => {
    expect(parseDuration('3 months')).toEqual({ kind: 'calendar', unit: 'month', amount: 3 });
    expect(parseDuration('1 year')).toEqual({ kind: 'calendar', unit: 'year', amount: 1 });
  });

  it.each(['', 'soon', '3', 'days 3', '-3 days', '1.5 months', '3 fortnights'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeNull();
    expect(isDuration(text)).toBe(false);
  });

  it('adds calendar months in UTC, clamping to the end of the month', () => {
    expect(new Date(addDuration(Date.parse('2026-01-31T10:00:00Z'), '1 month')).toISOString()).toBe('2026-02-28T10:00:00.000Z');
    expect(new Date(addDuration(Date.parse('2026-11-15T00:00:00Z'), '3 months')).toISOString()).toBe('2027-02-15T00:00:00.000Z');
    expect(new Date(addDuration(Date.parse('2028-02-29T00:00:00Z'), '1 year')).toISOString()).toBe('2029-02-28T00:00:00.000Z');
  });

  it('subtracts with sign -1', () => {
    expect(new Date(addDuration(Date.parse('2027-03-01T00:00:00Z'), '30 days', -1)).toISOString()).toBe('2027-01-30T00:00:00.000Z');
    expect(new Date(addDuration(Date.parse('2027-03-31T00:00:00Z'), '1 month', -1)).toISOString()).toBe('2027-02-28T00:00:00.000Z');
  });

  it('throws on an invalid duration and approximates calendar units', () => {
    expect(() => addDuration(0, 'later')).toThrow('invalid duration "later": must be a duration of at most 10 years');
    expect(() => approximateDurationMs('later')).toThrow('invalid duration "later"');
    expect(approximateDurationMs('1 year')).toBe(365 * 86_400_000);
    expect(approximateDurationMs('2 months')).toBe(60 * 86_400_000);
    expect(approximateDurationMs('3 hours')).toBe(3 * 3_600_000);
  });
});

const DAY = 86_400_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const BERLIN: OperationCalendar = { timeZone: 'Europe/Berlin', weekendDays: [0, 6], holidays: [] };
const RIYADH: OperationCalendar = { timeZone: 'Asia/Riyadh', weekendDays: [5, 6], holidays: ['2026-06-08'] };

describe('working days', () => {
  it.each([
    ['10 working days', 10],
    ['1 working day', 1],
    ['0 working days', 0],
    ['  5   Working   Days ', 5],
    ['2 WORKING DAYS', 2],
  ])('parses %p', (text, days) => {
    expect(parseDuration(text)).toEqual({ kind: 'working', days });
    expect(isDuration(text)).toBe(true);
    expect(durationError(text)).toBeNull();
  });

  it.each(['1.5 working days', 'working days', '3 working', '3 workingdays', '3 working hours', '3 days working', '3 working days later', '3 days!', '3 days 2 hours'])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeNull();
  });

  it('adds working days in the calendar (UTC, Saturday–Sunday by default)', () => {
    // Friday 5 June 2026 09:00 UTC.
    expect(iso(addDuration(Date.parse('2026-06-05T09:00:00Z'), '1 working day'))).toBe('2026-06-08T09:00:00.000Z');
    expect(iso(addDuration(Date.parse('2026-06-05T09:00:00Z'), '1 working day', -1))).toBe('2026-06-04T09:00:00.000Z');
    // Riyadh: Friday–Saturday weekend and a holiday on Monday 8 June.
    expect(iso(addDuration(Date.parse('2026-06-04T06:00:00Z'), '2 working days', 1, RIYADH))).toBe('2026-06-09T06:00:00.000Z');
    expect(iso(addDuration(Date.parse('2026-06-09T06:00:00Z'), '2 working days', -1, RIYADH))).toBe('2026-06-04T06:00:00.000Z');
    expect(addDuration(Date.parse('2026-06-04T06:00:00Z'), '0 working days', -1, RIYADH)).toBe(Date.parse('2026-06-04T06:00:00Z'));
  });

  it('approximates a working day as 7/5 of a day', () => {
    expect(approximateDurationMs('5 working days')).toBe(7 * DAY);
    expect(approximateDurationMs('1 working day')).toBe(Math.round((7 * DAY) / 5));
  });
});

describe('calendar units in an operation calendar', () => {
  it('adds months by local date in the calendar zone, keeping the local time across DST', () => {
    // 15 March 12:00 CET + 1 month = 15 April 12:00 CEST, an hour earlier in UTC than without the calendar.
    expect(iso(addDuration(Date.parse('2026-03-15T11:00:00Z'), '1 month', 1, BERLIN))).toBe('2026-04-15T10:00:00.000Z');
    expect(iso(addDuration(Date.parse('2026-03-15T11:00:00Z'), '1 month'))).toBe('2026-04-15T11:00:00.000Z');
    expect(iso(addDuration(Date.parse('2026-04-15T10:00:00Z'), '1 month', -1, BERLIN))).toBe('2026-03-15T11:00:00.000Z');
    // 31 May 23:30 CEST is 21:30 UTC on 31 May; + 1 month is 30 June 23:30 CEST (in UTC: 30 June, not 1 July).
    expect(iso(addDuration(Date.parse('2026-05-31T21:30:00Z'), '1 month', 1, BERLIN))).toBe('2026-06-30T21:30:00.000Z');
    expect(iso(addDuration(Date.parse('2026-02-28T23:30:00Z'), '1 year', 1, BERLIN))).toBe('2027-02-28T23:30:00.000Z');
  });

  it('keeps fixed units fixed whatever the calendar', () => {
    // 3 days across the spring DST change are 72 hours, not 3 local days.
    expect(addDuration(Date.parse('2026-03-27T12:00:00Z'), '3 days', 1, BERLIN)).toBe(Date.parse('2026-03-30T12:00:00Z'));
  });
});

describe('the 10-year bound', () => {
  it('exports the bound and its rule', () => {
    expect(MAX_DURATION).toBe('10 years');
    expect(durationError('3 days')).toBeNull();
    expect(durationError('11 years')).toBe('must be a duration of at most 10 years (e.g. "3 days", "10 working days", "3 months")');
    expect(durationError(42)).toBe('must be a duration of at most 10 years (e.g. "3 days", "10 working days", "3 months")');
  });

  it.each(['10 years', '120 months', '121 months', '3650 days', '521 weeks', '87600 hours', '2607 working days', '3650.0 days', '0 days'])(
    'accepts %p (at most 10 years of 365 days; months of 30 days)',
    (text) => {
      expect(parseDuration(text)).not.toBeNull();
      expect(durationError(text)).toBeNull();
    },
  );

  it.each([
    '11 years', '122 months', '3651 days', '522 weeks', '87601 hours', '3650.5 days', '2608 working days',
    '99999999999999999999 days', '9999999999999 ms', '999999999999 years', '1e3 days', 'Infinity days', 'NaN days',
  ])('refuses %p', (text) => {
    expect(parseDuration(text)).toBeNull();
    expect(isDuration(text)).toBe(false);
    expect(durationError(text)).toMatch(/^must be a duration of at most 10 years/);
    expect(() => addDuration(0, text)).toThrow(`invalid duration "${text}"`);
  });

  it('reads at most 12 digits before the point and 6 after it', () => {
    expect(parseDuration('000000000001 days')).toEqual({ kind: 'fixed', ms: DAY });
    expect(parseDuration('0000000000001 days')).toBeNull();
    expect(parseDuration('1.000001 hours')).toEqual({ kind: 'fixed', ms: 3_600_004 });
    expect(parseDuration('1.0000001 hours')).toBeNull();
  });

  it('takes only strings (no coercion of objects)', () => {
    const sneaky = { toString: () => '3 days' } as unknown as string;
    expect(parseDuration(sneaky)).toBeNull();
    expect(isDuration(sneaky)).toBe(false);
  });

  it('accepts the exact bound in ms and refuses one more', () => {
    expect(parseDuration(`${3650 * DAY} ms`)).toEqual({ kind: 'fixed', ms: 3650 * DAY });
    expect(parseDuration(`${3650 * DAY + 1} ms`)).toBeNull();
  });
});

describe('validateDurations (per-start overrides) reports the field and the rule', () => {
  // Only what validateDurations reads: the type, the step ids and how many reminders a step declares.
  const definition = { type: 'fixture', steps: [{ id: 'review', decisions: [], reminders: [{ from: 'due', before: '1 day' }] }] } as unknown as ProcessDefinition;
  const RULE = 'must be a duration of at most 10 years (e.g. "3 days", "10 working days", "3 months")';

  it('accepts working days and the bound', () => {
    expect(validateDurations(definition, { review: { due: '10 working days', reminders: ['2 working days'], escalation: '10 years' } })).toEqual([]);
  });

  it('names each bad duration with the rule', () => {
    expect(validateDurations(definition, { review: { due: '11 years', escalation: '99999999999999999999 days', reminders: ['soon'] } })).toEqual([
      { field: 'durations.review.due', message: `durations.review.due ${RULE}` },
      { field: 'durations.review.escalation', message: `durations.review.escalation ${RULE}` },
      { field: 'durations.review.reminders[0]', message: `durations.review.reminders[0] ${RULE}` },
    ]);
    expect(validateDurations(definition, { review: { reminders: '1 day' } }, 'input.durations')).toEqual([
      { field: 'input.durations.review.reminders', message: 'input.durations.review.reminders must be an array of durations' },
    ]);
  });
});
