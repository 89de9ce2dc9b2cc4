import type { TaskView } from '@hpc/workflows/domain/views';
import { jiafCsv, jiafTable, phaseBar, phaseMatrix, requirementsByCluster } from './hpc.views';

const task = (id: string, stepId: string, sector: string | null, status: string, extra: Partial<TaskView> = {}): TaskView =>
  ({ id, stepId, sector, status, overdue: false, dueAt: '2027-08-31T23:59:59.999Z', decidedAt: null, decidedBy: null, decision: null, data: null, memberKey: sector, ...extra }) as unknown as TaskView;

describe('HPC views', () => {
  it('phase bar: done, current (with its deadline), next, upcoming', () => {
    const bar = phaseBar({ expected: null, phase: 'needs-analysis', deadline: '2027-08-31T23:59:59.999Z', startedAt: null, completed: ['kickoff'], history: [] }, { planningFormat: 'hnrp', costingMethod: 'unit-based' });
    expect(bar.map((p) => `${p.phase}:${p.status}`)).toEqual(['kickoff:done', 'needs-analysis:current', 'response-planning:upcoming', 'plan-endorsement:upcoming', 'monitoring:upcoming', 'after-action-review:upcoming']);
    expect(bar[1].deadline).toBe('2027-08-31T23:59:59.999Z');
  });

  it('matrix: the latest opening of each fan-out step by cluster, overdue when past due and open', () => {
    const tasks = [
      task('c~cluster-response-plan~1~health', 'cluster-response-plan', 'health', 'decided'),
      task('c~cluster-response-plan~2~health', 'cluster-response-plan', 'health', 'decided', { decidedBy: { kind: 'user', id: 'u', username: 'u', displayName: 'Lead', roles: [] } as never }),
      task('c~cluster-response-plan~2~wash', 'cluster-response-plan', 'wash', 'open', { dueAt: '2020-01-01T00:00:00Z' }),
    ];
    const m = phaseMatrix({ expected: null, phase: 'response-planning', deadline: null, startedAt: null, completed: [], history: [] }, tasks, Date.UTC(2026, 0, 1));
    expect(m.columns).toEqual(['cluster-response-plan']);
    expect(m.rows.map((r) => [r.sector, r.cells['cluster-response-plan']?.taskId, r.cells['cluster-response-plan']?.overdue, r.cells['cluster-response-plan']?.decidedBy])).toEqual([
      ['health', 'c~cluster-response-plan~2~health', false, 'Lead'],
      ['wash', 'c~cluster-response-plan~2~wash', true, null],
    ]);
  });

  it('JIAF as CSV with each cluster\'s figure; quoting and spreadsheet formulas neutralised; sorted by people in need', () => {
    const data = { 'jiaf-computation': { rows: [
      { adminArea: 'Juba, Central', populationGroup: '=cmd', peopleInNeed: 5, severity: 2, drivenBy: 'wash', drivers: ['wash'], bySector: { wash: 5 } },
      { adminArea: 'Wau', populationGroup: 'IDPs', peopleInNeed: 9, severity: 3, drivenBy: 'health', drivers: ['health', 'wash'], bySector: { health: 9, wash: 9 } },
    ], clusters: ['health', 'wash'], totalPeopleInNeed: 14, bySector: {} } };
    const table = jiafTable(data, 'peopleInNeed', 'DESC');
    expect(table.rows.map((r) => r.adminArea)).toEqual(['Wau', 'Juba, Central']);
    expect(jiafCsv(table)).toBe('adminArea,populationGroup,peopleInNeed,severity,drivenBy,pin:health,pin:wash\r\nWau,IDPs,9,3,health wash,9,9\r\n"Juba, Central",\'=cmd,5,2,wash,,5\r\n');
  });

  it('requirements per cluster in exact cents, leaving out rejected and withdrawn projects', () => {
    const p = (sector: string, requirementsUsd: string, outcome: string | null = null) => ({ id: sector + requirementsUsd, title: '', sector, organisationId: null, organisationName: null, requirementsUsd, status: outcome ? 'completed' : 'running', outcome, currentSteps: [] });
    expect(requirementsByCluster([p('health', '0.10'), p('health', '0.20'), p('health', '5.00', 'rejected'), p('wash', '1250000.50', 'approved')])).toEqual({
      health: { projects: 2, requirementsUsd: '0.30' },
      wash: { projects: 1, requirementsUsd: '1250000.50' },
    });
  });
});
