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

/** The month ('2026-11') of an instant in the operation's time zone: a period that starts on the 1st at midnight in Juba is November's. */
export function monthIn(at: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(at);
  return `${parts.find((p) => p.type === 'year')!.value}-${parts.find((p) => p.type === 'month')!.value}`;
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

export interface OffenderOccurrence extends DutyOccurrenceRow {
  operation_id: string;
  operation_name: string;
  sector: string;
  coordinator_name: string | null;
}

export interface DutyOffender {
  clusterId: string;
  operationId: string;
  operationName: string;
  sector: string;
  coordinatorName: string | null;
  missed: number;
  late: number;
  onTime: number;
}

/** The clusters with the most missed (then late) duty occurrences, by the grid's own rule (cellStatus); none without either. */
export function worstOffenders(rows: readonly OffenderOccurrence[], limit: number): DutyOffender[] {
  const by = new Map<string, DutyOffender>();
  for (const r of rows) {
    const o = by.get(r.cluster_id) ?? { clusterId: r.cluster_id, operationId: r.operation_id, operationName: r.operation_name, sector: r.sector, coordinatorName: r.coordinator_name, missed: 0, late: 0, onTime: 0 };
    const status = cellStatus(r);
    if (status === 'missed') o.missed++;
    else if (status === 'late') o.late++;
    else if (status === 'on-time') o.onTime++;
    by.set(r.cluster_id, o);
  }
  return [...by.values()]
    .filter((o) => o.missed + o.late > 0)
    .sort((a, b) => b.missed - a.missed || b.late - a.late || a.onTime - b.onTime || a.operationName.localeCompare(b.operationName) || a.sector.localeCompare(b.sector))
    .slice(0, limit);
}
