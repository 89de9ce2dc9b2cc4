import { dayIn, endOfDayIn } from './deadline';

describe('HPC phase deadlines in the operation\'s calendar', () => {
  it('ends a picked day at 23:59:59 in the operation\'s time zone', () => {
    expect(endOfDayIn('2026-12-21', 'UTC')).toBe('2026-12-21T23:59:59.000Z');
    expect(endOfDayIn('2026-12-21', 'Africa/Juba')).toBe('2026-12-21T21:59:59.000Z');
    expect(endOfDayIn('2026-07-01', 'America/Port-au-Prince')).toBe('2026-07-02T03:59:59.000Z');
  });

  it('shows a deadline as the day it falls on there', () => {
    expect(dayIn('Africa/Juba')('2026-12-21T21:59:59.000Z')).toBe('2026-12-21');
    expect(dayIn('Africa/Juba')('2026-12-21T22:30:00.000Z')).toBe('2026-12-22');
    expect(dayIn('America/Port-au-Prince')('2026-07-02T03:59:59.000Z')).toBe('2026-07-01');
    expect(dayIn('UTC')(null)).toBe('');
  });
});
