// When a task's reminders, due time, escalation and deadline outcome fall: pure, from the step definition,
// the case's overrides and the operation's calendar (working days, time zone, planning cycle).
import { DEFAULT_CALENDAR, nextAnnualDate, type OperationCalendar } from '../domain/calendar';
import { addDuration } from '../domain/durations';
import type { AnnualDate, Moment, StepDefinition, StepDurations } from '../domain/definitions/types';

export type TimerKind = 'reminder' | 'overdue' | 'escalation' | 'close';

export interface TaskTimer {
  /** Stable key, recorded once fired (and used in notification dedupe keys). */
  key: string;
  kind: TimerKind;
  /** epoch ms */
  at: number;
}

export interface TaskClock {
  openedAt: number;
  anchorAt: number | null;
  /** A due time already fixed when the step opened (annual dates); wins over the definition's rule. */
  dueAt?: number | null;
}

/** The calendar and planning facts of the case's operation (UTC and June when the case has none). */
export interface CaseCalendar extends OperationCalendar {
  planningCycleStartMonth: number;
}

export const DEFAULT_CASE_CALENDAR: CaseCalendar = { ...DEFAULT_CALENDAR, planningCycleStartMonth: 6 };

/** Reminders that repeat stop after this many occurrences (a task open for years must not loop forever). */
const MAX_REPEATS = 520;

function withOffset(m: Moment, offset: string | undefined): Moment {
  if (offset === undefined) return m;
  return m.before !== undefined ? { ...m, before: offset } : { ...m, after: offset };
}

/** `{ month: 'planning-cycle-start', monthOffset: -1, day: 'last' }` → a concrete month/day in this calendar. */
export function resolveAnnual(date: AnnualDate, cal: CaseCalendar): { month: number; day: number | 'last' } {
  const base = date.month === 'planning-cycle-start' ? cal.planningCycleStartMonth : date.month;
  const month = ((((base - 1 + (date.monthOffset ?? 0)) % 12) + 12) % 12) + 1;
  return { month, day: date.day };
}

/**
 * The due time of a step opened (or scheduled) at `clock`: a duration from opening or the anchor, or the
 * next yearly date strictly after the moment the step may open (now, or the anchor + opensBefore).
 */
export function dueAt(step: StepDefinition, clock: TaskClock, overrides: StepDurations | undefined, cal: CaseCalendar = DEFAULT_CASE_CALENDAR): number | null {
  if (clock.dueAt !== undefined && clock.dueAt !== null) return clock.dueAt;
  if (!step.due) return null;
  if ('annual' in step.due) {
    const from = clock.anchorAt ?? clock.openedAt;
    const opensBefore = overrides?.opensBefore ?? step.opensBefore;
    const earliest = opensBefore ? addDuration(from, opensBefore, 1, cal) : from;
    if (overrides?.due) return addDuration(from, overrides.due, 1, cal);
    return nextAnnualDate(resolveAnnual(step.due.annual, cal), earliest, cal);
  }
  const base = step.due.from === 'anchor' ? (clock.anchorAt ?? clock.openedAt) : clock.openedAt;
  return addDuration(base, overrides?.due ?? step.due.after, 1, cal);
}

/** When a scheduled step opens: its due time minus `opensBefore` (null: it opens at once). */
export function openAt(step: StepDefinition, due: number | null, overrides: StepDurations | undefined, cal: CaseCalendar = DEFAULT_CASE_CALENDAR): number | null {
  const before = overrides?.opensBefore ?? step.opensBefore;
  if (!before || due === null) return null;
  return addDuration(due, before, -1, cal);
}

function resolveMoment(m: Moment, clock: TaskClock, due: number | null, cal: CaseCalendar): number | null {
  const base = m.from === 'due' ? due : m.from === 'anchor' ? (clock.anchorAt ?? clock.openedAt) : clock.openedAt;
  if (base === null) return null;
  if (m.before !== undefined) return addDuration(base, m.before, -1, cal);
  return m.after !== undefined ? addDuration(base, m.after, 1, cal) : base;
}

/** Every timed event of the task, in time order (ties: reminder, overdue, close, escalation). */
export function taskTimers(
  step: StepDefinition,
  clock: TaskClock,
  overrides: StepDurations | undefined,
  cal: CaseCalendar = DEFAULT_CASE_CALENDAR,
  /** Repeating reminders are listed up to the first one after this time (the engine passes "now"). */
  horizon = Number.POSITIVE_INFINITY,
): TaskTimer[] {
  const due = dueAt(step, clock, overrides, cal);
  const timers: TaskTimer[] = [];
  (step.reminders ?? []).forEach((m, i) => {
    const first = resolveMoment(withOffset(m, overrides?.reminders?.[i]), clock, due, cal);
    if (first === null) return;
    if (!m.every) {
      timers.push({ key: `reminder:${i}`, kind: 'reminder', at: first });
      return;
    }
    // Repeating reminders: every interval from the first one, until the due time (or for ever, bounded).
    let at = first;
    for (let k = 0; k < MAX_REPEATS && (due === null || at < due); k++) {
      timers.push({ key: `reminder:${i}:${k}`, kind: 'reminder', at });
      if (at > horizon) break;
      const next = addDuration(at, m.every, 1, cal);
      if (next <= at) break;
      at = next;
    }
  });
  const closeAt = step.onDue?.at ? resolveMoment(step.onDue.at, clock, due, cal) : null;
  if (due !== null) timers.push({ key: step.onDue && !step.onDue.at ? 'close' : 'overdue', kind: step.onDue && !step.onDue.at ? 'close' : 'overdue', at: due });
  if (closeAt !== null) timers.push({ key: 'close', kind: 'close', at: closeAt });
  if (step.escalation) {
    const at = resolveMoment(withOffset(step.escalation.at, overrides?.escalation), clock, due, cal);
    if (at !== null) timers.push({ key: 'escalation', kind: 'escalation', at });
  }
  const rank: Record<TimerKind, number> = { reminder: 0, overdue: 1, close: 2, escalation: 3 };
  return timers.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
}
