// The compliance grid's pure rules: a cell's status, and the dashboard's worst offenders by the same rule.
import { cellStatus, monthIn, worstOffenders, type OffenderOccurrence } from './compliance';

const at = (s: string) => new Date(s);
let n = 0;
function occ(cluster: string, kind: 'on-time' | 'late' | 'missed' | 'open' | 'cancelled', extra: Partial<OffenderOccurrence> = {}): OffenderOccurrence {
  const base = { process_id: `p${n++}`, cluster_id: cluster, duty: '5w-update', started_at: at('2026-10-01T00:00:00Z'), operation_id: 'op', operation_name: 'South Sudan', sector: cluster, coordinator_name: `Lead of ${cluster}` };
  const due = at('2026-10-10T00:00:00Z');
  switch (kind) {
    case 'on-time': return { ...base, status: 'completed', outcome: 'done', due_at: due, decided_at: at('2026-10-09T00:00:00Z'), ...extra };
    case 'late': return { ...base, status: 'completed', outcome: 'done', due_at: due, decided_at: at('2026-10-11T00:00:00Z'), ...extra };
    case 'missed': return { ...base, status: 'completed', outcome: 'missed', due_at: due, decided_at: null, ...extra };
    case 'open': return { ...base, status: 'running', outcome: null, due_at: due, decided_at: null, ...extra };
    default: return { ...base, status: 'cancelled', outcome: 'cancelled', due_at: due, decided_at: null, ...extra };
  }
}

describe('duty compliance', () => {
  it('a cell is on time, late (decided after its due time), missed, open or cancelled', () => {
    expect(['on-time', 'late', 'missed', 'open', 'cancelled'].map((k) => cellStatus(occ('x', k as never)))).toEqual(['on-time', 'late', 'missed', 'open', 'cancelled']);
    // Decided exactly at the due time is on time.
    expect(cellStatus({ ...occ('x', 'late'), decided_at: at('2026-10-10T00:00:00Z') })).toBe('on-time');
  });

  it("a period sits in its month in the operation's zone", () => {
    // The 1st of November at midnight in Juba is the evening of 31 October in UTC.
    expect(monthIn(at('2026-10-31T22:00:00Z'), 'Africa/Juba')).toBe('2026-11');
    expect(monthIn(at('2026-10-31T22:00:00Z'), 'UTC')).toBe('2026-10');
  });

  it('worst offenders: most missed first, then most late; clusters with neither left out; limited', () => {
    const rows = [
      occ('health', 'missed'), occ('health', 'late'), occ('health', 'on-time'),
      occ('wash', 'missed'), occ('wash', 'missed'),
      occ('education', 'late'), occ('education', 'late'), occ('education', 'open'),
      occ('food-security', 'on-time'), occ('food-security', 'open'), occ('food-security', 'cancelled'),
      occ('shelter', 'missed'), occ('shelter', 'late'), occ('shelter', 'late'),
    ];
    const worst = worstOffenders(rows, 10);
    expect(worst.map((o) => [o.sector, o.missed, o.late])).toEqual([['shelter', 1, 2], ['wash', 2, 0], ['health', 1, 1], ['education', 0, 2]].sort((a, b) => (b[1] as number) - (a[1] as number) || (b[2] as number) - (a[2] as number)));
    expect(worst[0]).toMatchObject({ sector: 'wash', coordinatorName: 'Lead of wash', operationName: 'South Sudan', onTime: 0 });
    expect(worstOffenders(rows, 2).map((o) => o.sector)).toEqual(['wash', 'shelter']);
    expect(worstOffenders([occ('food-security', 'on-time')], 5)).toEqual([]);
  });
});
