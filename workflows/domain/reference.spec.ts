import {
  AREAS_OF_RESPONSIBILITY,
  DEFAULT_OPERATION_SETTINGS,
  GPC_PROTECTION_RISKS,
  LOCAL_ORGANISATION_TYPES,
  OPERATION_TYPES,
  PARENT_SECTOR_OF_AOR,
  RISK_LEVELS,
  isAreaOfResponsibility,
  operationSettingsOf,
} from './reference';

describe('reference data', () => {
  it('operation types include refugee and mixed', () => {
    expect(OPERATION_TYPES).toEqual(['sudden-onset', 'protracted', 'refugee', 'mixed']);
  });

  it('every AoR hangs under protection; other sectors are not AoRs', () => {
    for (const aor of AREAS_OF_RESPONSIBILITY) {
      expect(PARENT_SECTOR_OF_AOR[aor]).toBe('protection');
      expect(isAreaOfResponsibility(aor)).toBe(true);
    }
    expect(isAreaOfResponsibility('protection')).toBe(false);
    expect(isAreaOfResponsibility('health')).toBe(false);
    expect(isAreaOfResponsibility(undefined)).toBe(false);
  });

  it('national and local NGOs count towards localisation (PROCESSES.md, Organisation)', () => {
    expect([...LOCAL_ORGANISATION_TYPES].sort()).toEqual(['lngo', 'nngo']);
  });

  it('risk levels', () => {
    expect(RISK_LEVELS).toEqual(['low', 'medium', 'high']);
  });

  it('the 15 GPC protection risks have unique kebab-case ids and labels', () => {
    expect(GPC_PROTECTION_RISKS).toHaveLength(15);
    const ids = GPC_PROTECTION_RISKS.map((r) => r.id);
    expect(new Set(ids).size).toBe(15);
    for (const r of GPC_PROTECTION_RISKS) {
      expect(r.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(r.label.length).toBeGreaterThan(5);
    }
    expect(ids).toContain('gender-based-violence');
  });

  it('default operation settings', () => {
    expect(DEFAULT_OPERATION_SETTINGS).toEqual({
      timeZone: 'UTC', weekendDays: [6, 0], holidays: [], planningCycleStartMonth: 6, planningFormat: 'hnrp', durationOverrides: {}, pauseDutiesInTransition: false,
    });
  });

  it('operationSettingsOf fills stored partial settings with the defaults', () => {
    expect(operationSettingsOf({})).toEqual(DEFAULT_OPERATION_SETTINGS);
    expect(operationSettingsOf(null)).toEqual(DEFAULT_OPERATION_SETTINGS);
    expect(operationSettingsOf({ timeZone: 'Africa/Juba', weekendDays: [5, 6] })).toEqual({
      ...DEFAULT_OPERATION_SETTINGS, timeZone: 'Africa/Juba', weekendDays: [5, 6],
    });
    expect(operationSettingsOf({ pauseDutiesInTransition: true }).pauseDutiesInTransition).toBe(true);
  });

  it('operationSettingsOf keeps every stored setting (PROCESSES.md: time zone, weekend, holidays, planning cycle and format, overrides)', () => {
    const stored = {
      timeZone: 'Asia/Amman',
      weekendDays: [5, 6],
      holidays: ['2026-12-25', '2027-01-01'],
      planningCycleStartMonth: 9,
      planningFormat: 'hno-hrp' as const,
      durationOverrides: { 'cluster-activation': { 'erc-approval': { due: '48 hours' } } },
      pauseDutiesInTransition: true,
    };
    const settings = operationSettingsOf(stored);
    expect(settings).toEqual(stored);
    // The lists are copies: changing the result leaves the stored settings as they were.
    settings.holidays.push('2027-04-10');
    settings.weekendDays.push(0);
    expect(stored.holidays).toEqual(['2026-12-25', '2027-01-01']);
    expect(stored.weekendDays).toEqual([5, 6]);
  });
});
