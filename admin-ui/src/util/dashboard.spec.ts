import type { Task } from '../types';
import { casesByStatus, summariseTasks } from './dashboard';

const task = (over: Partial<Task>): Task =>
  ({
    id: 'x',
    processId: 'p',
    processType: 'cluster-activation',
    stepId: 's',
    title: 't',
    roles: ['hc'],
    status: 'open',
    overdue: false,
    dueAt: '2026-01-10T00:00:00Z',
    ...over,
  }) as Task;

describe('dashboard figures', () => {
  it('counts open and overdue tasks by process and by role, ignoring closed ones', () => {
    const s = summariseTasks([
      task({ id: 'a', overdue: true }),
      task({ id: 'b', roles: ['cluster_lead'], processType: 'transition-review', dueAt: '2026-01-05T00:00:00Z' }),
      task({ id: 'c', status: 'decided' }),
    ]);
    expect(s.total).toEqual({ open: 2, overdue: 1 });
    expect(s.byProcess).toEqual({ 'cluster-activation': { open: 1, overdue: 1 }, 'transition-review': { open: 1, overdue: 0 } });
    expect(s.byRole).toEqual({ hc: { open: 1, overdue: 1 }, cluster_lead: { open: 1, overdue: 0 } });
    expect(s.nextDeadlines.map((t) => t.id)).toEqual(['b', 'a']);
  });

  it('counts cases by type and status', () => {
    expect(
      casesByStatus([
        { type: 'cluster-activation', status: 'running' },
        { type: 'cluster-activation', status: 'completed' },
        { type: 'cluster-activation', status: 'running' },
      ]),
    ).toEqual({ 'cluster-activation': { running: 2, completed: 1 } });
  });
});
