import { getDefinition } from '../domain/definitions';
import { taskTimers, dueAt } from './timers';

const DAY = 86_400_000;
const tr = getDefinition('transition-review')!;
const step = (id: string) => tr.steps.find((s) => s.id === id)!;

describe('taskTimers', () => {
  const anchorAt = Date.parse('2026-01-10T08:00:00Z');
  const openedAt = anchorAt + 1000;

  it('orders the outline reminders, overdue and escalation from the anchor', () => {
    expect(taskTimers(step('transition-outline'), { openedAt, anchorAt })).toEqual([
      { key: 'reminder:0', kind: 'reminder', at: anchorAt + 60 * DAY },
      { key: 'reminder:1', kind: 'reminder', at: anchorAt + 80 * DAY },
      { key: 'overdue', kind: 'overdue', at: anchorAt + 90 * DAY },
      { key: 'escalation', kind: 'escalation', at: anchorAt + 90 * DAY },
    ]);
  });

  it('puts the annual reminder 30 days before a due date one calendar year after the anchor', () => {
    const timers = taskTimers(step('annual-review'), { openedAt, anchorAt });
    const due = Date.parse('2027-01-10T08:00:00Z');
    expect(timers).toEqual([
      { key: 'reminder:0', kind: 'reminder', at: due - 30 * DAY },
      { key: 'overdue', kind: 'overdue', at: due },
    ]);
  });

  it('applies per-start overrides', () => {
    const timers = taskTimers(step('transition-outline'), { openedAt, anchorAt }, { due: '9 minutes', reminders: ['6 minutes', '8 minutes'], escalation: '10 minutes' });
    expect(timers.map((t) => (t.at - anchorAt) / 60_000)).toEqual([6, 8, 9, 10]);
  });

  it('counts from the opening when the step says so, and has no due without one', () => {
    expect(dueAt(step('handover-plan'), { openedAt, anchorAt: null })).toBe(openedAt + 30 * DAY);
    const noDue = { ...step('handover-plan'), due: undefined };
    expect(taskTimers(noDue, { openedAt, anchorAt: null })).toEqual([]);
  });
});
