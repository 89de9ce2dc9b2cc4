import { daysUntil, gapDays, outlineDue } from './time';

describe('console deadline arithmetic', () => {
  const now = new Date('2026-03-01T12:00:00.000Z');

  it('puts the 90-day outline 90 days after activation', () => {
    const due = outlineDue('2026-01-01T00:00:00.000Z', now);
    expect(due?.dueAt).toBe('2026-04-01T00:00:00.000Z');
    expect(due?.overdue).toBe(false);
    expect(due?.days).toBe(31);
  });

  it('reports how overdue an outline is, as a negative day count', () => {
    const due = outlineDue('2025-11-01T00:00:00.000Z', now);
    expect(due?.dueAt).toBe('2026-01-30T00:00:00.000Z');
    expect(due?.overdue).toBe(true);
    expect(due?.days).toBe(-31);
  });

  it('has no outline for a cluster that was never activated', () => {
    expect(outlineDue(null, now)).toBeNull();
    expect(outlineDue('not a date', now)).toBeNull();
  });

  it('rounds partial days away from zero', () => {
    expect(daysUntil('2026-03-01T13:00:00.000Z', now)).toBe(1);
    expect(daysUntil('2026-03-01T11:00:00.000Z', now)).toBe(-1);
    expect(gapDays('2026-03-01T00:00:00.000Z', '2026-03-10T23:00:00.000Z')).toBe(9);
  });
});
