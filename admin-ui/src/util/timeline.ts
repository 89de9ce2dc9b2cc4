// The audit trail shaped for reading a months-long case: consecutive events of one step form a
// group, and long silences between events become a single "quiet period" marker.
import type { AuditEvent } from '../types';

export const QUIET_PERIOD_DAYS = 3;
const DAY_MS = 86_400_000;

export interface TimelineGroup {
  kind: 'group';
  key: string;
  stepId: string | null;
  events: AuditEvent[];
  startedAt: string;
  endedAt: string;
  /** Has a human decision (shown expanded); groups of only system events start collapsed. */
  hasDecision: boolean;
}

export interface QuietPeriod {
  kind: 'quiet';
  key: string;
  from: string;
  to: string;
  days: number;
}

export type TimelineItem = TimelineGroup | QuietPeriod;

/** Events in seq order → step groups with quiet periods of at least `quietDays` between them. */
export function buildTimeline(events: readonly AuditEvent[], quietDays = QUIET_PERIOD_DAYS): TimelineItem[] {
  const sorted = [...events].sort((a, b) => a.seq - b.seq);
  const items: TimelineItem[] = [];
  let current: TimelineGroup | null = null;
  let previous: AuditEvent | null = null;
  for (const e of sorted) {
    const gap = previous ? Math.floor((Date.parse(e.at) - Date.parse(previous.at)) / DAY_MS) : 0;
    const quiet = previous !== null && gap >= quietDays;
    if (quiet) {
      items.push({ kind: 'quiet', key: `quiet-${previous!.seq}`, from: previous!.at, to: e.at, days: gap });
    }
    if (!current || quiet || current.stepId !== e.stepId) {
      current = { kind: 'group', key: `group-${e.seq}`, stepId: e.stepId, events: [], startedAt: e.at, endedAt: e.at, hasDecision: false };
      items.push(current);
    }
    current.events.push(e);
    current.endedAt = e.at;
    if (e.type === 'decision') current.hasDecision = true;
    previous = e;
  }
  return items;
}

const CSV_COLUMNS = ['seq', 'at', 'type', 'actor', 'actorUsername', 'actorRoles', 'stepId', 'taskId', 'decision', 'comment', 'data', 'prevHash', 'hash'] as const;

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  // Quote per RFC 4180; neutralise spreadsheet formulas (a leading = + - @) in free text.
  const safe = /^[=+\-@]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The audit trail as CSV (one row per event, header first), for auditors' spreadsheets. */
export function historyToCsv(events: readonly AuditEvent[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const actor = e.actor as { kind?: string; displayName?: string; username?: string; roles?: string[] };
    const cells = [
      e.seq,
      e.at,
      e.type,
      actor.kind === 'user' ? actor.displayName : 'system',
      actor.kind === 'user' ? actor.username : '',
      actor.kind === 'user' ? (actor.roles ?? []).join(' ') : '',
      e.stepId,
      e.taskId,
      e.decision,
      e.comment,
      e.data && Object.keys(e.data).length ? e.data : null,
      e.prevHash,
      e.hash,
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}
