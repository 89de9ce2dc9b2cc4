import {
  addCalendarUnits,
  addWorkingDays,
  DEFAULT_CALENDAR,
  formatLocal,
  isValidTimeZone,
  endOfLocalDate,
  isWorkingDay,
  lastDayOfMonthBefore,
  nextAnnualDate,
  validateCalendar,
  type OperationCalendar,
} from './calendar';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number): string => new Date(ms).toISOString();
const cal = (timeZone: string, weekendDays: number[] = [0, 6], holidays: string[] = []): OperationCalendar => ({ timeZone, weekendDays, holidays });

const BERLIN = cal('Europe/Berlin');
const NEW_YORK = cal('America/New_York');
const RIYADH = cal('Asia/Riyadh', [5, 6]);

describe('isValidTimeZone', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/Argentina/Buenos_Aires', 'Asia/Kabul', 'Pacific/Kiritimati', 'Etc/GMT+3'])('accepts %s', (tz) => {
    expect(isValidTimeZone(tz)).toBe(true);
  });
  it.each(['', 'Mars/Olympus', '+05:00', 'GMT+3 ', 'Europe/', '/Berlin', 'Europe//Berlin'])('refuses %p', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
  });
  it('refuses non-strings, even those that read as a zone once converted', () => {
    expect(isValidTimeZone(42 as unknown as string)).toBe(false);
    expect(isValidTimeZone(['UTC'] as unknown as string)).toBe(false);
  });
});

describe('DEFAULT_CALENDAR', () => {
  it('is UTC with a Saturday–Sunday weekend and no holidays', () => {
    expect(DEFAULT_CALENDAR).toEqual({ timeZone: 'UTC', weekendDays: [0, 6], holidays: [] });
    expect(validateCalendar(DEFAULT_CALENDAR)).toEqual([]);
  });
});

describe('isWorkingDay', () => {
  it('reads the local date, not the UTC date (negative zones)', () => {
    // Saturday 05:00 UTC is still Friday 18:00 in Pago Pago (UTC-11).
    expect(isWorkingDay(at('2026-06-06T05:00:00Z'), cal('Pacific/Pago_Pago'))).toBe(true);
    expect(isWorkingDay(at('2026-06-06T05:00:00Z'), DEFAULT_CALENDAR)).toBe(false);
    // Friday 23:30 New York is Saturday in UTC.
    expect(isWorkingDay(at('2026-06-06T03:30:00Z'), NEW_YORK)).toBe(true);
    expect(isWorkingDay(at('2026-06-06T04:00:00Z'), NEW_YORK)).toBe(false);
  });

  it('reads the local date, not the UTC date (UTC+14)', () => {
    // Friday 12:00 UTC is already Saturday 02:00 on Kiritimati.
    expect(isWorkingDay(at('2026-06-05T12:00:00Z'), cal('Pacific/Kiritimati'))).toBe(false);
    expect(isWorkingDay(at('2026-06-05T09:59:59.999Z'), cal('Pacific/Kiritimati'))).toBe(true);
  });

  it('honours Friday–Saturday weekends', () => {
    expect(isWorkingDay(at('2026-06-04T12:00:00Z'), RIYADH)).toBe(true); // Thursday
    expect(isWorkingDay(at('2026-06-05T12:00:00Z'), RIYADH)).toBe(false); // Friday
    expect(isWorkingDay(at('2026-06-06T12:00:00Z'), RIYADH)).toBe(false); // Saturday
    expect(isWorkingDay(at('2026-06-07T12:00:00Z'), RIYADH)).toBe(true); // Sunday
  });

  it('honours holidays by local date', () => {
    const juba = cal('Africa/Juba', [0, 6], ['2026-07-09']);
    expect(isWorkingDay(at('2026-07-08T21:59:59Z'), juba)).toBe(true); // 23:59:59 on 8 July local
    expect(isWorkingDay(at('2026-07-08T22:00:00Z'), juba)).toBe(false); // 00:00 on 9 July local
    expect(isWorkingDay(at('2026-07-09T21:59:59Z'), juba)).toBe(false);
    expect(isWorkingDay(at('2026-07-09T22:00:00Z'), juba)).toBe(true);
  });

  it('refuses a calendar without any working day and an unknown zone', () => {
    expect(() => isWorkingDay(0, cal('UTC', [0, 1, 2, 3, 4, 5, 6]))).toThrow('calendar.weekendDays leaves no working day in the week');
    expect(() => isWorkingDay(0, cal('Mars/Olympus'))).toThrow('unknown time zone "Mars/Olympus"');
  });
});

describe('addWorkingDays', () => {
  it('counts from the next working day and keeps the local time across the spring DST change (Berlin)', () => {
    // Friday 27 March 10:00 CET; clocks go forward on Sunday 29 March.
    expect(iso(addWorkingDays(at('2026-03-27T09:00:00Z'), 1, BERLIN))).toBe('2026-03-30T08:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-03-27T09:00:00Z'), 5, BERLIN))).toBe('2026-04-03T08:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-03-30T08:00:00Z'), -1, BERLIN))).toBe('2026-03-27T09:00:00.000Z');
  });

  it('keeps the local time across both DST changes in New York', () => {
    expect(iso(addWorkingDays(at('2026-03-06T14:00:00Z'), 1, NEW_YORK))).toBe('2026-03-09T13:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-10-30T13:00:00Z'), 1, NEW_YORK))).toBe('2026-11-02T14:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-11-02T14:00:00Z'), -1, NEW_YORK))).toBe('2026-10-30T13:00:00.000Z');
  });

  it('starts counting on the next working day from a weekend', () => {
    // Saturday 10:00 + 1 is Monday 10:00; Sunday - 1 is Friday.
    expect(iso(addWorkingDays(at('2026-06-06T10:00:00Z'), 1, DEFAULT_CALENDAR))).toBe('2026-06-08T10:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-06-06T10:00:00Z'), 2, DEFAULT_CALENDAR))).toBe('2026-06-09T10:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-06-07T10:00:00Z'), -1, DEFAULT_CALENDAR))).toBe('2026-06-05T10:00:00.000Z');
  });

  it('n = 0: the same moment on a working day, else the next working day at the same local time', () => {
    expect(addWorkingDays(at('2026-06-05T10:00:00.123Z'), 0, DEFAULT_CALENDAR)).toBe(at('2026-06-05T10:00:00.123Z'));
    expect(iso(addWorkingDays(at('2026-06-06T10:00:00.123Z'), 0, DEFAULT_CALENDAR))).toBe('2026-06-08T10:00:00.123Z');
    expect(iso(addWorkingDays(at('2026-06-07T23:59:59.999Z'), 0, DEFAULT_CALENDAR))).toBe('2026-06-08T23:59:59.999Z');
  });

  it('crosses a year end with a New Year holiday', () => {
    const c = cal('UTC', [0, 6], ['2027-01-01']);
    // Thursday 31 December + 1: Friday 1 January is a holiday, then the weekend.
    expect(iso(addWorkingDays(at('2026-12-31T17:00:00Z'), 1, c))).toBe('2027-01-04T17:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-01-04T17:00:00Z'), -1, c))).toBe('2026-12-31T17:00:00.000Z');
    expect(iso(addWorkingDays(at('2027-01-01T09:00:00Z'), 0, c))).toBe('2027-01-04T09:00:00.000Z');
  });

  it('skips holidays on consecutive days and the weekend that follows them', () => {
    const c = cal('America/New_York', [0, 6], ['2026-11-26', '2026-11-27']);
    // Wednesday 25 November 12:00 EST + 1: Thanksgiving Thursday and Friday, then the weekend.
    expect(iso(addWorkingDays(at('2026-11-25T17:00:00Z'), 1, c))).toBe('2026-11-30T17:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-11-25T17:00:00Z'), 2, c))).toBe('2026-12-01T17:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-11-30T17:00:00Z'), -1, c))).toBe('2026-11-25T17:00:00.000Z');
  });

  it('uses Friday–Saturday weekends (Riyadh)', () => {
    // Thursday 4 June 10:00 (+03:00) + 1 is Sunday 7 June 10:00.
    expect(iso(addWorkingDays(at('2026-06-04T07:00:00Z'), 1, RIYADH))).toBe('2026-06-07T07:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-06-07T07:00:00Z'), -1, RIYADH))).toBe('2026-06-04T07:00:00.000Z');
    expect(iso(addWorkingDays(at('2026-06-04T07:00:00Z'), 10, RIYADH))).toBe('2026-06-18T07:00:00.000Z');
  });

  it('counts by local date at UTC+14 (Kiritimati) and UTC+04:30 (Kabul)', () => {
    // Friday 5 June 20:00 UTC is Saturday 6 June 10:00 on Kiritimati: + 1 is Monday 8 June 10:00 local.
    expect(iso(addWorkingDays(at('2026-06-05T20:00:00Z'), 1, cal('Pacific/Kiritimati')))).toBe('2026-06-07T20:00:00.000Z');
    // Thursday 4 June 09:00 in Kabul (04:30 UTC), Friday–Saturday weekend: + 3 is Tuesday 9 June 09:00.
    expect(iso(addWorkingDays(at('2026-06-04T04:30:00Z'), 3, cal('Asia/Kabul', [5, 6])))).toBe('2026-06-09T04:30:00.000Z');
  });

  it('moves a local time that does not exist on the target day forward by the DST gap', () => {
    // Friday 27 March 02:30 CET, Saturday-only weekend: + 1 lands on Sunday 29 March 02:30, which does not exist.
    expect(iso(addWorkingDays(at('2026-03-27T01:30:00Z'), 1, cal('Europe/Berlin', [6])))).toBe('2026-03-29T01:30:00.000Z');
    expect(formatLocal(at('2026-03-29T01:30:00Z'), BERLIN)).toBe('2026-03-29 03:30 GMT+2');
  });

  it('refuses fractional counts', () => {
    expect(() => addWorkingDays(0, 1.5, DEFAULT_CALENDAR)).toThrow('working days must be a whole number, got 1.5');
  });
});

describe('addCalendarUnits', () => {
  it('clamps to the month end and handles leap years', () => {
    expect(iso(addCalendarUnits(at('2026-01-31T10:00:00Z'), 'month', 1, DEFAULT_CALENDAR))).toBe('2026-02-28T10:00:00.000Z');
    expect(iso(addCalendarUnits(at('2024-01-31T10:00:00Z'), 'month', 1, DEFAULT_CALENDAR))).toBe('2024-02-29T10:00:00.000Z');
    expect(iso(addCalendarUnits(at('2028-02-29T00:00:00Z'), 'year', 1, DEFAULT_CALENDAR))).toBe('2029-02-28T00:00:00.000Z');
    expect(iso(addCalendarUnits(at('2028-02-29T00:00:00Z'), 'year', 4, DEFAULT_CALENDAR))).toBe('2032-02-29T00:00:00.000Z');
    expect(iso(addCalendarUnits(at('2100-01-31T00:00:00Z'), 'month', 1, DEFAULT_CALENDAR))).toBe('2100-02-28T00:00:00.000Z');
    expect(iso(addCalendarUnits(at('2000-01-31T00:00:00Z'), 'month', 1, DEFAULT_CALENDAR))).toBe('2000-02-29T00:00:00.000Z');
  });

  it('crosses year ends both ways', () => {
    expect(iso(addCalendarUnits(at('2026-11-15T00:00:00Z'), 'month', 3, DEFAULT_CALENDAR))).toBe('2027-02-15T00:00:00.000Z');
    expect(iso(addCalendarUnits(at('2027-01-31T12:00:00Z'), 'month', -2, DEFAULT_CALENDAR))).toBe('2026-11-30T12:00:00.000Z');
    expect(iso(addCalendarUnits(at('2027-03-31T00:00:00Z'), 'month', -1, DEFAULT_CALENDAR))).toBe('2027-02-28T00:00:00.000Z');
    expect(iso(addCalendarUnits(at('2026-12-01T00:00:00Z'), 'month', -12, DEFAULT_CALENDAR))).toBe('2025-12-01T00:00:00.000Z');
    expect(iso(addCalendarUnits(at('2026-05-10T00:00:00Z'), 'year', -1, DEFAULT_CALENDAR))).toBe('2025-05-10T00:00:00.000Z');
  });

  it('works on the local date and keeps the local time across DST (Berlin, New York)', () => {
    // 31 January 23:30 CET (22:30 UTC) + 1 month: 28 February 23:30 CET.
    expect(iso(addCalendarUnits(at('2026-01-31T22:30:00Z'), 'month', 1, BERLIN))).toBe('2026-02-28T22:30:00.000Z');
    // 1 March 00:30 CET is 28 February 23:30 UTC: + 1 month is 1 April 00:30 CEST.
    expect(iso(addCalendarUnits(at('2026-02-28T23:30:00Z'), 'month', 1, BERLIN))).toBe('2026-03-31T22:30:00.000Z');
    expect(iso(addCalendarUnits(at('2026-10-15T12:00:00Z'), 'month', 1, NEW_YORK))).toBe('2026-11-15T13:00:00.000Z');
  });

  it('resolves a skipped local time forward and a repeated one to its first occurrence', () => {
    // 29 January 02:30 CET + 2 months: 29 March 02:30 does not exist, it becomes 03:30 CEST.
    expect(iso(addCalendarUnits(at('2026-01-29T01:30:00Z'), 'month', 2, BERLIN))).toBe('2026-03-29T01:30:00.000Z');
    // 25 September 02:30 CEST + 1 month: 25 October 02:30 happens twice; the first (CEST) wins.
    expect(iso(addCalendarUnits(at('2026-09-25T00:30:00Z'), 'month', 1, BERLIN))).toBe('2026-10-25T00:30:00.000Z');
    // 1 October 01:30 EDT + 1 month: 1 November 01:30 happens twice in New York; EDT first.
    expect(iso(addCalendarUnits(at('2026-10-01T05:30:00Z'), 'month', 1, NEW_YORK))).toBe('2026-11-01T05:30:00.000Z');
    // 8 February 02:30 EST + 1 month: 8 March 02:30 does not exist in New York: 03:30 EDT.
    expect(iso(addCalendarUnits(at('2026-02-08T07:30:00Z'), 'month', 1, NEW_YORK))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('uses the offset in force at that local time on the day the clocks change', () => {
    // Noon on the spring-forward day is CEST; 00:30 on the fall-back day is still CEST, noon is CET.
    expect(iso(addCalendarUnits(at('2026-01-29T11:00:00Z'), 'month', 2, BERLIN))).toBe('2026-03-29T10:00:00.000Z');
    expect(iso(addCalendarUnits(at('2026-01-28T23:30:00Z'), 'month', 2, BERLIN))).toBe('2026-03-28T23:30:00.000Z');
    expect(iso(addCalendarUnits(at('2026-09-24T22:30:00Z'), 'month', 1, BERLIN))).toBe('2026-10-24T22:30:00.000Z');
    expect(iso(addCalendarUnits(at('2026-09-25T10:00:00Z'), 'month', 1, BERLIN))).toBe('2026-10-25T11:00:00.000Z');
    expect(iso(addCalendarUnits(at('2026-09-25T21:30:00Z'), 'month', 1, BERLIN))).toBe('2026-10-25T22:30:00.000Z');
  });

  it('refuses fractional amounts', () => {
    expect(() => addCalendarUnits(0, 'month', 0.5, DEFAULT_CALENDAR)).toThrow('months must be a whole number, got 0.5');
    expect(() => addCalendarUnits(0, 'year', 0.5, DEFAULT_CALENDAR)).toThrow('years must be a whole number, got 0.5');
  });
});

describe('nextAnnualDate and lastDayOfMonthBefore', () => {
  it('maps the planning cycle start month to the last day of the month before', () => {
    expect(lastDayOfMonthBefore(6)).toEqual({ month: 5, day: 'last' });
    expect(lastDayOfMonthBefore(1)).toEqual({ month: 12, day: 'last' });
    expect(lastDayOfMonthBefore(12)).toEqual({ month: 11, day: 'last' });
    expect(lastDayOfMonthBefore(3)).toEqual({ month: 2, day: 'last' });
    expect(() => lastDayOfMonthBefore(0)).toThrow('month must be 1–12, got 0');
    expect(() => lastDayOfMonthBefore(13)).toThrow('month must be 1–12, got 13');
    expect(() => lastDayOfMonthBefore(2.5)).toThrow('month must be 1–12, got 2.5');
  });

  it('is the end of the local day, strictly after the given instant', () => {
    const juba = cal('Africa/Juba'); // UTC+2
    const may31 = lastDayOfMonthBefore(6);
    expect(iso(nextAnnualDate(may31, at('2026-01-01T00:00:00Z'), juba))).toBe('2026-05-31T21:59:59.999Z');
    expect(iso(nextAnnualDate(may31, at('2026-05-31T21:59:59.998Z'), juba))).toBe('2026-05-31T21:59:59.999Z');
    expect(iso(nextAnnualDate(may31, at('2026-05-31T21:59:59.999Z'), juba))).toBe('2027-05-31T21:59:59.999Z');
    expect(iso(nextAnnualDate(may31, at('2026-06-15T00:00:00Z'), juba))).toBe('2027-05-31T21:59:59.999Z');
  });

  it('ends the local day in negative zones and at UTC+14', () => {
    expect(iso(nextAnnualDate({ month: 5, day: 'last' }, at('2026-01-01T00:00:00Z'), NEW_YORK))).toBe('2026-06-01T03:59:59.999Z');
    expect(iso(nextAnnualDate({ month: 5, day: 'last' }, at('2026-01-01T00:00:00Z'), cal('Pacific/Kiritimati')))).toBe('2026-05-31T09:59:59.999Z');
  });

  it('uses the local year of the instant (year ends)', () => {
    // 31 December 2026 23:00 UTC is already 1 January 2027 in Berlin: the next 31 December is in 2027.
    expect(iso(nextAnnualDate({ month: 12, day: 31 }, at('2026-12-31T23:00:00Z'), BERLIN))).toBe('2027-12-31T22:59:59.999Z');
    expect(iso(nextAnnualDate({ month: 12, day: 31 }, at('2026-12-31T22:00:00Z'), BERLIN))).toBe('2026-12-31T22:59:59.999Z');
    expect(iso(nextAnnualDate({ month: 1, day: 1 }, at('2026-06-01T00:00:00Z'), DEFAULT_CALENDAR))).toBe('2027-01-01T23:59:59.999Z');
  });

  it('handles leap days and month ends', () => {
    expect(iso(nextAnnualDate({ month: 2, day: 29 }, at('2026-03-01T00:00:00Z'), DEFAULT_CALENDAR))).toBe('2027-02-28T23:59:59.999Z');
    expect(iso(nextAnnualDate({ month: 2, day: 29 }, at('2027-03-01T00:00:00Z'), DEFAULT_CALENDAR))).toBe('2028-02-29T23:59:59.999Z');
    expect(iso(nextAnnualDate({ month: 2, day: 'last' }, at('2027-03-01T00:00:00Z'), DEFAULT_CALENDAR))).toBe('2028-02-29T23:59:59.999Z');
    expect(iso(nextAnnualDate({ month: 4, day: 'last' }, at('2027-03-01T00:00:00Z'), DEFAULT_CALENDAR))).toBe('2027-04-30T23:59:59.999Z');
    expect(iso(nextAnnualDate({ month: 4, day: 15 }, at('2027-03-01T00:00:00Z'), DEFAULT_CALENDAR))).toBe('2027-04-15T23:59:59.999Z');
  });

  it('is the end of a local day in summer time (Berlin)', () => {
    expect(formatLocal(nextAnnualDate({ month: 5, day: 'last' }, at('2026-01-01T00:00:00Z'), BERLIN), BERLIN)).toBe('2026-05-31 23:59 GMT+2');
  });

  it('refuses impossible anchors', () => {
    expect(() => nextAnnualDate({ month: 0, day: 1 }, 0, DEFAULT_CALENDAR)).toThrow('anchor month must be 1–12, got 0');
    expect(() => nextAnnualDate({ month: 13, day: 1 }, 0, DEFAULT_CALENDAR)).toThrow('anchor month must be 1–12, got 13');
    expect(() => nextAnnualDate({ month: 1.5, day: 1 }, 0, DEFAULT_CALENDAR)).toThrow('anchor month must be 1–12, got 1.5');
    expect(() => nextAnnualDate({ month: 4, day: 31 }, 0, DEFAULT_CALENDAR)).toThrow("anchor day must be 'last' or 1–30 for month 4, got 31");
    expect(() => nextAnnualDate({ month: 2, day: 30 }, 0, DEFAULT_CALENDAR)).toThrow("anchor day must be 'last' or 1–29 for month 2, got 30");
    expect(() => nextAnnualDate({ month: 2, day: 0 }, 0, DEFAULT_CALENDAR)).toThrow("anchor day must be 'last' or 1–29 for month 2, got 0");
    expect(() => nextAnnualDate({ month: 2, day: 1.5 }, 0, DEFAULT_CALENDAR)).toThrow("anchor day must be 'last' or 1–29 for month 2, got 1.5");
    expect(iso(nextAnnualDate({ month: 1, day: 31 }, at('2026-01-01T00:00:00Z'), DEFAULT_CALENDAR))).toBe('2026-01-31T23:59:59.999Z');
  });
});

describe('endOfLocalDate', () => {
  it('is 23:59:59.999 of that local date in the zone', () => {
    expect(iso(endOfLocalDate('2026-05-31', cal('Africa/Juba')))).toBe('2026-05-31T21:59:59.999Z');
    expect(iso(endOfLocalDate('2026-05-31', NEW_YORK))).toBe('2026-06-01T03:59:59.999Z');
    expect(iso(endOfLocalDate('2026-12-31', DEFAULT_CALENDAR))).toBe('2026-12-31T23:59:59.999Z');
  });
  it('refuses anything but YYYY-MM-DD', () => {
    expect(() => endOfLocalDate('2026-5-31', DEFAULT_CALENDAR)).toThrow('not a YYYY-MM-DD date: 2026-5-31');
    expect(() => endOfLocalDate('2026-05-31T00:00:00Z', DEFAULT_CALENDAR)).toThrow('not a YYYY-MM-DD date');
  });
});

describe('formatLocal', () => {
  it('prints the local date, time and zone abbreviation', () => {
    expect(formatLocal(at('2026-03-29T00:59:00Z'), BERLIN)).toBe('2026-03-29 01:59 GMT+1');
    expect(formatLocal(at('2026-03-29T01:00:00Z'), BERLIN)).toBe('2026-03-29 03:00 GMT+2');
    expect(formatLocal(at('2026-11-01T05:30:00Z'), NEW_YORK)).toBe('2026-11-01 01:30 EDT');
    expect(formatLocal(at('2026-11-01T06:30:00Z'), NEW_YORK)).toBe('2026-11-01 01:30 EST');
    expect(formatLocal(at('2026-01-01T00:00:00Z'), cal('Asia/Kabul'))).toBe('2026-01-01 04:30 GMT+4:30');
    expect(formatLocal(at('2026-01-05T03:04:00Z'), DEFAULT_CALENDAR)).toBe('2026-01-05 03:04 UTC');
    expect(formatLocal(at('0999-01-05T03:04:00Z'), DEFAULT_CALENDAR)).toBe('0999-01-05 03:04 UTC');
  });
});

describe('independence from the host time zone', () => {
  const hostZone = process.env.TZ;
  afterEach(() => {
    if (hostZone === undefined) delete process.env.TZ;
    else process.env.TZ = hostZone;
  });

  it.each(['Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'UTC'])('gives the same answers on a host in %s', (host) => {
    process.env.TZ = host; // Node re-reads the zone when TZ is assigned.
    // 02:30 UTC on 29 March does not exist in Berlin: a host-local conversion would read it as 03:30.
    expect(formatLocal(at('2026-03-29T02:30:00Z'), DEFAULT_CALENDAR)).toBe('2026-03-29 02:30 UTC');
    expect(iso(addCalendarUnits(at('2026-02-08T02:30:00Z'), 'month', 1, DEFAULT_CALENDAR))).toBe('2026-03-08T02:30:00.000Z');
    expect(iso(addWorkingDays(at('2026-03-27T02:30:00Z'), 1, cal('UTC', [6])))).toBe('2026-03-29T02:30:00.000Z');
    expect(iso(addCalendarUnits(at('2026-01-29T01:30:00Z'), 'month', 2, BERLIN))).toBe('2026-03-29T01:30:00.000Z');
    expect(iso(addCalendarUnits(at('2026-09-04T02:00:00Z'), 'month', 2, cal('Australia/Lord_Howe')))).toBe('2026-11-04T01:30:00.000Z');
  });
});

describe('validateCalendar', () => {
  it('accepts a full calendar', () => {
    expect(validateCalendar({ timeZone: 'Asia/Riyadh', weekendDays: [5, 6], holidays: ['2026-03-20', '2026-03-21'] })).toEqual([]);
    expect(validateCalendar({ timeZone: 'UTC', weekendDays: [], holidays: [] })).toEqual([]);
    expect(validateCalendar({ timeZone: 'UTC', weekendDays: [0, 1, 2, 3, 4, 5], holidays: ['2028-02-29'] })).toEqual([]);
  });

  it('refuses a non-object, naming the field', () => {
    for (const value of [null, 'UTC', [], 3]) {
      expect(validateCalendar(value, 'settings')).toEqual([{ field: 'settings', message: 'settings must be an object with timeZone, weekendDays and holidays' }]);
    }
  });

  it('names each bad field and its rule', () => {
    expect(validateCalendar({ timeZone: 'Mars/Olympus', weekendDays: [7], holidays: ['2026-02-30', 5, '2026-1-01'], colour: 'red' })).toEqual([
      { field: 'calendar.colour', message: 'property calendar.colour should not exist' },
      { field: 'calendar.timeZone', message: 'calendar.timeZone must be a valid IANA time zone (e.g. "Africa/Juba", "UTC")' },
      { field: 'calendar.weekendDays', message: 'calendar.weekendDays must be an array of integers from 0 (Sunday) to 6 (Saturday)' },
      { field: 'calendar.holidays[0]', message: 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"' },
      { field: 'calendar.holidays[1]', message: 'calendar.holidays[1] must be a valid date "YYYY-MM-DD"' },
      { field: 'calendar.holidays[2]', message: 'calendar.holidays[2] must be a valid date "YYYY-MM-DD"' },
    ]);
  });

  it('requires every field', () => {
    expect(validateCalendar({})).toEqual([
      { field: 'calendar.timeZone', message: 'calendar.timeZone should not be empty' },
      { field: 'calendar.weekendDays', message: 'calendar.weekendDays should not be empty' },
      { field: 'calendar.holidays', message: 'calendar.holidays should not be empty' },
    ]);
    for (const empty of ['', null]) {
      expect(validateCalendar({ timeZone: empty, weekendDays: null, holidays: null }).map((e) => e.message)).toEqual([
        'calendar.timeZone should not be empty', 'calendar.weekendDays should not be empty', 'calendar.holidays should not be empty',
      ]);
    }
  });

  it('reports invalid holiday dates, not duplicates, when both apply', () => {
    expect(validateCalendar({ ...DEFAULT_CALENDAR, holidays: ['2026-13-01', '2026-13-01'] }).map((e) => e.field)).toEqual([
      'calendar.holidays[0]', 'calendar.holidays[1]',
    ]);
    expect(validateCalendar({ ...DEFAULT_CALENDAR, holidays: ['2026-01-01', 'x', '2026-01-01'] }).map((e) => e.field)).toEqual(['calendar.holidays[1]']);
    // An error in another field does not hide duplicate holidays.
    expect(validateCalendar({ ...DEFAULT_CALENDAR, timeZone: 'Mars/Olympus', holidays: ['2026-01-01', '2026-01-01'] }).map((e) => e.field)).toEqual([
      'calendar.timeZone', 'calendar.holidays',
    ]);
  });

  it('accepts holidays in every month, up to their last day', () => {
    const holidays = ['2026-01-31', '2026-02-28', '2028-02-29', '2026-04-30', '2026-06-30', '2026-09-30', '2026-11-30', '2026-12-01', '2026-12-31'];
    expect(validateCalendar({ ...DEFAULT_CALENDAR, holidays })).toEqual([]);
  });

  it.each([
    [{ weekendDays: [-1] }, 'calendar.weekendDays must be an array of integers from 0 (Sunday) to 6 (Saturday)'],
    [{ weekendDays: [1.5] }, 'calendar.weekendDays must be an array of integers from 0 (Sunday) to 6 (Saturday)'],
    [{ weekendDays: ['6'] }, 'calendar.weekendDays must be an array of integers from 0 (Sunday) to 6 (Saturday)'],
    [{ weekendDays: 6 }, 'calendar.weekendDays must be an array of integers from 0 (Sunday) to 6 (Saturday)'],
    [{ weekendDays: [5, 5] }, 'calendar.weekendDays must not contain duplicates'],
    [{ weekendDays: [0, 1, 2, 3, 4, 5, 6] }, 'calendar.weekendDays must leave at least one working day in the week'],
    [{ holidays: '2026-01-01' }, 'calendar.holidays must be an array of dates "YYYY-MM-DD"'],
    [{ holidays: ['2026-01-01', '2026-01-01'] }, 'calendar.holidays must not contain duplicates'],
    [{ holidays: ['2026-13-01'] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ holidays: ['2026-00-10'] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ holidays: ['2026-04-31'] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ holidays: ['2027-02-29'] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ holidays: ['2026-04-00'] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ holidays: [' 2026-04-01'] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ holidays: ['2026-04-01T00:00'] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ holidays: [['2026-04-01']] }, 'calendar.holidays[0] must be a valid date "YYYY-MM-DD"'],
    [{ timeZone: ['UTC'] }, 'calendar.timeZone must be a valid IANA time zone (e.g. "Africa/Juba", "UTC")'],
    [{ timeZone: 42 }, 'calendar.timeZone must be a valid IANA time zone (e.g. "Africa/Juba", "UTC")'],
    [{ timeZone: '+03:00' }, 'calendar.timeZone must be a valid IANA time zone (e.g. "Africa/Juba", "UTC")'],
  ])('refuses %p', (patch, message) => {
    const errors = validateCalendar({ ...DEFAULT_CALENDAR, ...patch });
    expect(errors.map((e) => e.message)).toEqual([message]);
  });
});
