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
});
