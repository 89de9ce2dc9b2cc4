import { addDuration, approximateDurationMs, isDuration, parseDuration } from './durations';

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
    expect(() => addDuration(0, 'later')).toThrow('invalid duration "later"');
    expect(approximateDurationMs('1 year')).toBe(365 * 86_400_000);
  });
});
