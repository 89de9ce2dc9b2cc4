// CCPM scores (PROCESSES.md §5): medians with odd and even counts, the bands at their edges, a function's score.
import { band, ccpmReport, median } from './scores';
import { CCPM_SUB_CATEGORIES } from './questionnaire';

describe('CCPM scores', () => {
  it('takes the middle answer of an odd count and the mean of the middle two of an even count', () => {
    expect(median([4, 0, 2])).toBe(2);
    expect(median([1, 4, 3, 0])).toBe(2);
    expect(median([3, 4])).toBe(3.5);
    expect(median([])).toBeNull();
  });

  it('bands: good > 75 %, satisfactory 51–75 %, unsatisfactory 26–50 %, weak ≤ 25 %', () => {
    expect([100, 75.1, 75, 51, 50.5, 50, 26, 25.5, 25, 0].map(band)).toEqual([
      'good', 'good', 'satisfactory', 'satisfactory', 'satisfactory', 'unsatisfactory', 'unsatisfactory', 'unsatisfactory', 'weak', 'weak',
    ]);
  });

  it('scores each sub-category over partners and coordinator together, and each function from its sub-categories', () => {
    const all = (v: number, over: Record<string, number> = {}) => ({ ...Object.fromEntries(CCPM_SUB_CATEGORIES.map((s) => [s.field, v])), ...over });
    const report = ccpmReport([all(1, { q1_1: 4 }), all(2, { q1_1: 4 })], [all(3, { q1_1: 0 })]);
    expect(report.responses).toEqual({ partners: 2, coordinator: 1 });
    expect(report.subCategories.find((s) => s.id === '1.1')).toMatchObject({ answers: 3, median: 4, percent: 100, band: 'good' });
    expect(report.subCategories.find((s) => s.id === '1.2')).toMatchObject({ median: 2, percent: 50, band: 'unsatisfactory' });
    // Function 1: mean of 100 and 50.
    expect(report.functions.find((f) => f.id === 'supporting-service-delivery')).toMatchObject({ percent: 75, band: 'satisfactory' });
    expect(report.functions.find((f) => f.id === 'accountability-to-affected-people')).toMatchObject({ percent: 50, band: 'unsatisfactory' });
    expect(report.functions).toHaveLength(7);
    expect(CCPM_SUB_CATEGORIES.map((s) => s.id)).toEqual(['1.1', '1.2', '2.1', '2.2', '2.3', '3.1', '3.2', '3.3', '4.1', '4.2', '5.1', '6.1', '7.1']);
  });
});
