// react-admin (ESM) is not loaded: only the pure formatters are tested here.
jest.mock('react-admin', () => ({ useLocaleState: () => ['en'] }));

import { makeFormatters } from './format';

describe('money and plain dates in the console language', () => {
  it('formats an exact decimal amount without passing through a float, cents only when there are some', () => {
    const en = makeFormatters('en', 'UTC');
    expect(en.money('1250000.50')).toBe('US$1,250,000.50');
    expect(en.money('9007199254740993.01')).toBe('US$9,007,199,254,740,993.01');
    expect(en.money(2500000)).toBe('US$2,500,000');
    expect(makeFormatters('fr', 'UTC').money('1250000')).toMatch(/^1\s250\s000\s\$US$/);
    expect(en.money('not money')).toBe('not money');
  });

  it('writes a calendar date as the same day in every time zone', () => {
    expect(makeFormatters('en', 'Pacific/Honolulu').plainDate('2026-03-01')).toBe('1 Mar 2026');
    expect(makeFormatters('en', 'Pacific/Kiritimati').plainDate('2026-03-01')).toBe('1 Mar 2026');
    expect(makeFormatters('fr', 'UTC').plainDate('2026-03-01')).toBe('1 mars 2026');
  });
});
