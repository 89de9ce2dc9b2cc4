import { caseTitle } from './case-title';

describe('case titles', () => {
  const labels = { processType: (t: string) => (t === 'cluster-activation' ? 'Activation de cluster' : t) };
  const sector = (s: string) => (s === 'protection' ? 'Protection' : s);
  it('names the process, the sector and the operation in the user language', () => {
    const p = { type: 'cluster-activation', title: 'Cluster activation — Protection, South Sudan 2026', operationId: 'op', sector: 'protection' };
    expect(caseTitle(p, labels, sector, 'South Sudan 2026')).toBe('Activation de cluster — Protection, South Sudan 2026');
  });
  it("keeps the server's title for a case without a subject", () => {
    expect(caseTitle({ type: 'x', title: 'Server title', operationId: null, sector: null }, labels, sector)).toBe('Server title');
  });
  it('names a case by its own title among its siblings, with the language\'s comma', () => {
    const p = { type: 'grant-proposal', title: 'Grant proposal — Safe water, South Sudan 2026', operationId: 'op', sector: 'wash', subject: { title: 'Safe water for returnees' } };
    const ar = { processType: () => 'مقترح منحة' };
    expect(caseTitle(p, labels, () => 'WASH', 'South Sudan 2026')).toBe('grant-proposal — Safe water for returnees, WASH, South Sudan 2026');
    expect(caseTitle(p, ar, () => 'المياه', 'South Sudan 2026', '، ')).toBe('مقترح منحة — Safe water for returnees، المياه، South Sudan 2026');
    const allocation = { type: 'pooled-fund-allocation', title: 'CBPF standard allocation — First 2026', operationId: 'op', sector: null, subject: {}, input: { title: 'First 2026' } };
    expect(caseTitle(allocation, labels, sector, 'South Sudan 2026')).toBe('pooled-fund-allocation — First 2026, South Sudan 2026');
  });
});
