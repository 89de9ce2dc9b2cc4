// The compliance grid (PROCESSES.md §6): per cluster and duty, each period of the last 12 months on time /
// late / missed (or still open), from the recurring-duty cases' read model. Pure parts are exported for tests.
export type DutyCellStatus = 'on-time' | 'late' | 'missed' | 'open' | 'cancelled';

export interface DutyOccurrenceRow {
  process_id: string;
  cluster_id: string;
  duty: string;
  status: string;
  outcome: string | null;
  started_at: Date;
  due_at: Date | null;
  decided_at: Date | null;
}

export function cellStatus(r: Pick<DutyOccurrenceRow, 'status' | 'outcome' | 'due_at' | 'decided_at'>): DutyCellStatus {
  if (r.status === 'running') return 'open';
  if (r.outcome === 'done') return r.due_at && r.decided_at && r.decided_at.getTime() > r.due_at.getTime() ? 'late' : 'on-time';
  if (r.outcome === 'missed') return 'missed';
  return 'cancelled';
}

/** The 12 months ending with `now`'s month, oldest first ('2026-01'). */
export function lastMonths(now: Date, n = 12): string[] {
  const out: string[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - i, 1));
    out.push(d.toISOString().slice(0, 7));
  }
  return out;
}

const csvCell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"` : s;
};

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
