import { consolidateJiaf } from './hpc.computations';

describe('JIAF consolidation', () => {
  it('takes the maximum sectoral people in need per (area, group), never the sum, with the cluster that drives it (ties: all, in sector order)', () => {
    const r = consolidateJiaf([
      { sector: 'wash', rows: [{ adminArea: 'A', populationGroup: 'IDPs', peopleInNeed: 900, severity: 3 }, { adminArea: 'B', populationGroup: 'IDPs', peopleInNeed: 50, severity: 1 }] },
      { sector: 'health', rows: [{ adminArea: 'A', populationGroup: 'IDPs', peopleInNeed: 1200, severity: 4 }, { adminArea: 'B', populationGroup: 'IDPs', peopleInNeed: 50, severity: 2 }] },
      { sector: 'food-security', rows: [{ adminArea: 'A', populationGroup: 'Host', peopleInNeed: 300, severity: 5 }, { adminArea: 'A', populationGroup: 'Host', peopleInNeed: 100, severity: 2 }] },
    ]);
    expect(r.rows).toEqual([
      { adminArea: 'A', populationGroup: 'Host', peopleInNeed: 400, drivenBy: 'food-security', drivers: ['food-security'], severity: 5, bySector: { 'food-security': 400 } },
      { adminArea: 'A', populationGroup: 'IDPs', peopleInNeed: 1200, drivenBy: 'health', drivers: ['health'], severity: 4, bySector: { health: 1200, wash: 900 } },
      { adminArea: 'B', populationGroup: 'IDPs', peopleInNeed: 50, drivenBy: 'health', drivers: ['health', 'wash'], severity: 2, bySector: { health: 50, wash: 50 } },
    ]);
    expect(r.totalPeopleInNeed).toBe(1650);
    expect(r.bySector).toEqual({ 'food-security': { peopleInNeed: 400, rows: 2 }, health: { peopleInNeed: 1250, rows: 2 }, wash: { peopleInNeed: 950, rows: 2 } });
    expect(r.clusters).toEqual(['food-security', 'health', 'wash']);
    expect(consolidateJiaf([])).toEqual({ rows: [], bySector: {}, totalPeopleInNeed: 0, clusters: [] });
  });
});
