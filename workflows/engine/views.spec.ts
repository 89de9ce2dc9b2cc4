import { dueSummary } from './views';

describe('dueSummary', () => {
  it('is the earliest due time of the open tasks and how many are overdue', () => {
    expect(dueSummary([
      { dueAt: '2026-12-03T09:00:00.000Z', overdue: false },
      { dueAt: null, overdue: false },
      { dueAt: '2026-11-28T17:00:00.000Z', overdue: true },
      { dueAt: '2026-11-29T17:00:00.000Z', overdue: true },
    ])).toEqual({ nextDueAt: '2026-11-28T17:00:00.000Z', overdueCount: 2 });
  });

  it('is null and zero when nothing open is due', () => {
    expect(dueSummary([])).toEqual({ nextDueAt: null, overdueCount: 0 });
    expect(dueSummary([{ dueAt: null, overdue: false }])).toEqual({ nextDueAt: null, overdueCount: 0 });
  });
});
