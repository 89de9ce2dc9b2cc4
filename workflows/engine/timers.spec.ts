import { transitionReviewDefinition as tr } from '../processes/transition-review/transition-review.definition';
import type { StepDefinition } from '../domain/definitions/types';
import { DEFAULT_CASE_CALENDAR, dueAt, openAt, resolveAnnual, taskTimers, type CaseCalendar } from './timers';

const DAY = 86_400_000;
const step = (id: string) => tr.steps.find((s) => s.id === id)!;

describe('taskTimers', () => {
  const anchorAt = Date.parse('2026-01-10T08:00:00Z');
  const openedAt = anchorAt + 1000;

  it('orders the outline reminders, overdue and escalation from the anchor', () => {
    expect(taskTimers(step('transition-outline'), { openedAt, anchorAt }, undefined)).toEqual([
      { key: 'reminder:0', kind: 'reminder', at: anchorAt + 60 * DAY },
      { key: 'reminder:1', kind: 'reminder', at: anchorAt + 80 * DAY },
      { key: 'overdue', kind: 'overdue', at: anchorAt + 90 * DAY },
      { key: 'escalation', kind: 'escalation', at: anchorAt + 90 * DAY },
    ]);
  });

  it('dues the annual review the last day of the month before the planning cycle, opening 60 days before', () => {
    // Opened 10 Jan 2026: the review may open from 11 Mar; the next 31 May after that is 2026-05-31 (end of day).
    const due = dueAt(step('annual-review'), { openedAt, anchorAt: null }, undefined);
    expect(new Date(due!).toISOString()).toBe('2026-05-31T23:59:59.999Z');
    expect(new Date(openAt(step('annual-review'), due, undefined)!).toISOString()).toBe('2026-04-01T23:59:59.999Z');
    const timers = taskTimers(step('annual-review'), { openedAt, anchorAt: null }, undefined);
    expect(timers).toEqual([
      { key: 'reminder:0', kind: 'reminder', at: due! - 30 * DAY },
      { key: 'overdue', kind: 'overdue', at: due },
    ]);
  });

  it('moves the annual review with the operation\'s planning cycle and time zone', () => {
    const cal: CaseCalendar = { ...DEFAULT_CASE_CALENDAR, timeZone: 'Africa/Juba', planningCycleStartMonth: 1 };
    expect(resolveAnnual({ month: 'planning-cycle-start', monthOffset: -1, day: 'last' }, cal)).toEqual({ month: 12, day: 'last' });
    const due = dueAt(step('annual-review'), { openedAt, anchorAt: null }, undefined, cal);
    // 31 December 2026, end of day in Juba (UTC+2).
    expect(new Date(due!).toISOString()).toBe('2026-12-31T21:59:59.999Z');
  });

  it('a review decided late in May is due the next year, not days later', () => {
    const decided = Date.parse('2026-05-20T10:00:00Z');
    const due = dueAt(step('annual-review'), { openedAt: decided, anchorAt: null }, undefined);
    expect(new Date(due!).toISOString()).toBe('2027-05-31T23:59:59.999Z');
  });

  it('applies per-start overrides', () => {
    const timers = taskTimers(step('transition-outline'), { openedAt, anchorAt }, { due: '9 minutes', reminders: ['6 minutes', '8 minutes'], escalation: '10 minutes' });
    expect(timers.map((t) => (t.at - anchorAt) / 60_000)).toEqual([6, 8, 9, 10]);
  });

  it('counts from the opening when the step says so, and has no due without one', () => {
    expect(dueAt(step('handover-plan'), { openedAt, anchorAt: null }, undefined)).toBe(openedAt + 30 * DAY);
    const noDue = { ...step('handover-plan'), due: undefined };
    expect(taskTimers(noDue, { openedAt, anchorAt: null }, undefined)).toEqual([]);
  });

  it('counts working days in the operation\'s calendar', () => {
    const window: StepDefinition = { ...step('handover-plan'), due: { after: '10 working days', from: 'opened' } };
    const monday = Date.parse('2026-11-30T09:00:00Z');
    const cal: CaseCalendar = { ...DEFAULT_CASE_CALENDAR, weekendDays: [0, 6], holidays: ['2026-12-08'] };
    // Ten working days from Monday 30 Nov, skipping two weekends and 8 December: Tuesday 15 December.
    expect(new Date(dueAt(window, { openedAt: monday, anchorAt: null }, undefined, cal)!).toISOString()).toBe('2026-12-15T09:00:00.000Z');
  });

  it('repeats reminders every interval until the due time, and closes at the due time with an outcome', () => {
    const survey: StepDefinition = {
      ...step('handover-plan'),
      due: { after: '14 days', from: 'opened' },
      reminders: [{ from: 'opened', after: '7 days', every: '7 days' }],
      onDue: { close: 'missed' },
    };
    const timers = taskTimers(survey, { openedAt, anchorAt: null }, undefined);
    expect(timers.map((t) => [t.key, (t.at - openedAt) / DAY])).toEqual([
      ['reminder:0:0', 7],
      ['close', 14],
    ]);
    const longer = taskTimers({ ...survey, due: { after: '30 days', from: 'opened' } }, { openedAt, anchorAt: null }, undefined);
    expect(longer.filter((t) => t.kind === 'reminder').map((t) => (t.at - openedAt) / DAY)).toEqual([7, 14, 21, 28]);
  });

  it('with onDue.at turns overdue at the due time and closes itself later (when the next occurrence opens)', () => {
    const duty: StepDefinition = {
      ...step('handover-plan'),
      due: { after: '10 days', from: 'opened' },
      escalation: { to: ['ocha'], at: { from: 'due', after: '3 days' } },
      onDue: { close: 'missed', at: { from: 'opened', after: '30 days' } },
    };
    const timers = taskTimers(duty, { openedAt, anchorAt: null }, undefined);
    expect(timers.map((t) => [t.key, (t.at - openedAt) / DAY])).toEqual([
      ['overdue', 10],
      ['escalation', 13],
      ['close', 30],
    ]);
  });

  it('lists open-ended repeating reminders only up to the horizon', () => {
    const open: StepDefinition = { ...step('handover-plan'), due: undefined, reminders: [{ from: 'opened', after: '1 day', every: '1 day' }] };
    const timers = taskTimers(open, { openedAt, anchorAt: null }, undefined, DEFAULT_CASE_CALENDAR, openedAt + 3.5 * DAY);
    expect(timers.map((t) => (t.at - openedAt) / DAY)).toEqual([1, 2, 3, 4]);
  });
});
