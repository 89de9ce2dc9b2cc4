// When a task's reminders, due time and escalation fall: pure, from the step definition and overrides.
import { addDuration } from '../domain/durations';
import type { Moment, StepDefinition, StepDurations } from '../domain/definitions/types';

export type TimerKind = 'reminder' | 'overdue' | 'escalation';

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
}

function withOffset(m: Moment, offset: string | undefined): Moment {
  if (offset === undefined) return m;
  return m.before !== undefined ? { ...m, before: offset } : { ...m, after: offset };
}

export function dueAt(step: StepDefinition, clock: TaskClock, overrides?: StepDurations): number | null {
  if (!step.due) return null;
  const base = step.due.from === 'anchor' ? (clock.anchorAt ?? clock.openedAt) : clock.openedAt;
  return addDuration(base, overrides?.due ?? step.due.after);
}

function resolveMoment(m: Moment, clock: TaskClock, due: number | null): number | null {
  const base = m.from === 'due' ? due : m.from === 'anchor' ? (clock.anchorAt ?? clock.openedAt) : clock.openedAt;
  if (base === null) return null;
  if (m.before !== undefined) return addDuration(base, m.before, -1);
  return m.after !== undefined ? addDuration(base, m.after) : base;
}

/** Every timed event of the task, in time order (ties: reminder, overdue, escalation). */
export function taskTimers(step: StepDefinition, clock: TaskClock, overrides?: StepDurations): TaskTimer[] {
  const due = dueAt(step, clock, overrides);
  const timers: TaskTimer[] = [];
  (step.reminders ?? []).forEach((m, i) => {
    const at = resolveMoment(withOffset(m, overrides?.reminders?.[i]), clock, due);
    if (at !== null) timers.push({ key: `reminder:${i}`, kind: 'reminder', at });
  });
  if (due !== null) timers.push({ key: 'overdue', kind: 'overdue', at: due });
  if (step.escalation) {
    const at = resolveMoment(withOffset(step.escalation.at, overrides?.escalation), clock, due);
    if (at !== null) timers.push({ key: 'escalation', kind: 'escalation', at });
  }
  const rank: Record<TimerKind, number> = { reminder: 0, overdue: 1, escalation: 2 };
  return timers.sort((a, b) => a.at - b.at || rank[a.kind] - rank[b.kind]);
}
