// Dashboard figures computed from the task and process lists the user can see.
import type { Process, Task } from '../types';

export interface Count {
  open: number;
  overdue: number;
}

export interface TaskSummary {
  byProcess: Record<string, Count>;
  byRole: Record<string, Count>;
  total: Count;
  nextDeadlines: Task[];
}

export function summariseTasks(tasks: readonly Task[], deadlines = 8): TaskSummary {
  const byProcess: Record<string, Count> = {};
  const byRole: Record<string, Count> = {};
  const total: Count = { open: 0, overdue: 0 };
  const open = tasks.filter((t) => t.status === 'open');
  for (const t of open) {
    const bump = (c: Count) => {
      c.open += 1;
      if (t.overdue) c.overdue += 1;
    };
    bump((byProcess[t.processType] ??= { open: 0, overdue: 0 }));
    for (const r of t.roles) bump((byRole[r] ??= { open: 0, overdue: 0 }));
    bump(total);
  }
  const nextDeadlines = open
    .filter((t) => t.dueAt)
    .sort((a, b) => Date.parse(a.dueAt!) - Date.parse(b.dueAt!))
    .slice(0, deadlines);
  return { byProcess, byRole, total, nextDeadlines };
}

export function casesByStatus(processes: readonly Pick<Process, 'status' | 'type'>[]): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const p of processes) {
    const row = (out[p.type] ??= {});
    row[p.status] = (row[p.status] ?? 0) + 1;
  }
  return out;
}
