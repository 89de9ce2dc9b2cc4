// The phase rules of the HPC cycle: which phases run, in what order, what a trigger out of order is told, and
// each phase's default deadline from the operation's planning calendar.
import { nextAnnualDate } from '../../domain/calendar';
import { phaseAfter, phaseDeadline, phaseOrderRefusal, phaseSequence, protectionRisksProblem } from '.';
import { GPC_PROTECTION_RISKS } from '../../domain/reference';

const UTC = { timeZone: 'UTC', weekendDays: [0, 6], holidays: [] };

describe('hpc-cycle phases', () => {
  it('runs the HNO only for hno-hrp and project vetting only for project-based costing', () => {
    expect(phaseSequence({ planningFormat: 'hnrp', costingMethod: 'project-based' })).toEqual([
      'kickoff', 'needs-analysis', 'response-planning', 'project-vetting', 'plan-endorsement', 'monitoring', 'after-action-review',
    ]);
    expect(phaseSequence({ planningFormat: 'hno-hrp', costingMethod: 'unit-based' })).toEqual([
      'kickoff', 'needs-analysis', 'hno', 'response-planning', 'plan-endorsement', 'monitoring', 'after-action-review',
    ]);
    expect(phaseAfter('needs-analysis', { planningFormat: 'hno-hrp' })).toBe('hno');
    expect(phaseAfter('needs-analysis', { planningFormat: 'hnrp' })).toBe('response-planning');
    expect(phaseAfter('response-planning', { costingMethod: 'unit-based' })).toBe('plan-endorsement');
    expect(phaseAfter('after-action-review', {})).toBeNull();
  });

  it('names the phase that must come first, refuses phases this cycle does not run and phases already run', () => {
    const opts = { planningFormat: 'hnrp', costingMethod: 'unit-based' };
    expect(phaseOrderRefusal('kickoff', 'kickoff', opts)).toBeNull();
    expect(phaseOrderRefusal('monitoring', 'response-planning', opts)).toBe('phase response-planning must come first (phases run in order and cannot be skipped)');
    expect(phaseOrderRefusal('hno', 'response-planning', opts)).toBe('phase hno does not run in this cycle (the operation plans with one HNRP); response-planning comes next');
    expect(phaseOrderRefusal('project-vetting', 'plan-endorsement', opts)).toBe('phase project-vetting does not run in this cycle (the costing method is unit-based); plan-endorsement comes next');
    expect(phaseOrderRefusal('kickoff', 'needs-analysis', opts)).toBe('phase kickoff has already run; needs-analysis comes next');
    expect(phaseOrderRefusal('kickoff', null, opts)).toContain('must end first');
  });

  it('dates a phase: the given deadline, else the date agreed at kickoff (if still ahead), else the planning calendar (June start: kickoff June, needs August)', () => {
    const now = Date.UTC(2026, 10, 30);
    const ctx = { nowMs: now, planningCycleStartMonth: 6, calendar: UTC };
    expect(phaseDeadline('needs-analysis', '2027-01-15T00:00:00Z', ctx)).toBe(Date.UTC(2027, 0, 15));
    expect(phaseDeadline('needs-analysis', null, { ...ctx, agreed: { needsAnalysis: '2027-03-01T00:00:00Z' } })).toBe(Date.UTC(2027, 2, 1));
    expect(phaseDeadline('needs-analysis', null, { ...ctx, agreed: { needsAnalysis: '2026-01-01T00:00:00Z' } })).toBe(nextAnnualDate({ month: 8, day: 'last' }, now, UTC));
    expect(new Date(phaseDeadline('kickoff', null, ctx)).toISOString()).toBe('2027-06-30T23:59:59.999Z');
    // The next end of the month after now: on 30 November, the plan is due that night.
    expect(new Date(phaseDeadline('plan-endorsement', null, ctx)).toISOString()).toBe('2026-11-30T23:59:59.999Z');
    // A planning cycle starting in January: the needs are due at the end of March.
    expect(new Date(phaseDeadline('needs-analysis', null, { ...ctx, planningCycleStartMonth: 1 })).toISOString()).toBe('2027-03-31T23:59:59.999Z');
    expect(phaseDeadline('monitoring', null, ctx)).toBe(Date.UTC(2027, 1, 28));
  });

  it('wants each of the 15 GPC risks rated once for every area of the needs rows', () => {
    const rows = [{ adminArea: 'North' }, { adminArea: 'South' }];
    const all = (area: string) => GPC_PROTECTION_RISKS.map((r) => ({ adminArea: area, risk: r.id, rating: 'absent' }));
    expect(protectionRisksProblem({ rows, protectionRisks: [...all('North'), ...all('South')] })).toBeNull();
    expect(protectionRisksProblem({ rows, protectionRisks: all('North') })).toMatchObject({ field: 'protectionRisks', message: expect.stringContaining('South lacks') });
    expect(protectionRisksProblem({ rows, protectionRisks: [...all('North'), ...all('South'), all('South')[0]] })).toEqual({ field: 'protectionRisks', message: 'protectionRisks must rate each risk once per area: South rates a risk twice' });
  });
});
