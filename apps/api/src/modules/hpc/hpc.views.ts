// Pure views of an HPC cycle for the API and the console: the phase bar, the clusters × tasks matrix of the
// current phase, the needs table, the JIAF table (and its CSV), the project list with requirements per cluster.
import { centsToMoney, moneyToCents } from '@hpc/workflows/domain/definitions/validation';
import type { TaskView } from '@hpc/workflows/domain/views';
import { HPC_PHASES, PHASE_STEPS, phaseSequence, type HpcCaseState, type HpcPhase } from '@hpc/workflows/processes';
import { hpcCycleDefinition } from '@hpc/workflows/processes/hpc-cycle';

export type PhaseStatus = 'done' | 'current' | 'next' | 'upcoming';

export interface PhaseBarItem {
  phase: HpcPhase;
  status: PhaseStatus;
  deadline: string | null;
}

/** The case's phase state (case data `hpc`), or the state before the first trigger. */
export function hpcState(data: Record<string, unknown> | undefined, variant: unknown): HpcCaseState {
  const s = data?.hpc as HpcCaseState | undefined;
  return s ?? { expected: variant === 'flash' ? null : 'kickoff', phase: null, deadline: null, startedAt: null, completed: [], history: [] };
}

/** Done / current (with its deadline) / next / upcoming, over the phases this cycle runs. */
export function phaseBar(state: HpcCaseState, opts: { planningFormat?: string | null; costingMethod?: string | null }): PhaseBarItem[] {
  const running = state.expected === null ? state.phase : null;
  return phaseSequence(opts).map((phase) => {
    const status: PhaseStatus = phase === running ? 'current' : phase === state.expected ? 'next' : state.completed.includes(phase) ? 'done' : 'upcoming';
    return { phase, status, deadline: status === 'current' ? state.deadline : null };
  });
}

export interface MatrixCell {
  taskId: string;
  status: string;
  overdue: boolean;
  dueAt: string | null;
  decidedAt: string | null;
  decidedBy: string | null;
}

export interface PhaseMatrix {
  phase: HpcPhase | null;
  deadline: string | null;
  /** The fan-out steps of the phase: one column each. */
  columns: string[];
  rows: { sector: string; cells: Record<string, MatrixCell | null> }[];
  /** The phase's other tasks (OCHA's and the HC's), latest opening each. */
  tasks: { stepId: string; taskId: string; status: string; overdue: boolean; dueAt: string | null; decision: string | null }[];
}

const FAN_OUT_STEPS = new Set(hpcCycleDefinition.steps.filter((s) => s.kind === 'fan-out').map((s) => s.id));

function instanceOf(taskId: string): number {
  const parts = taskId.split('~');
  return Number(parts[2]);
}

/** Tasks of the latest opening of a step. */
export function latestTasks(tasks: readonly TaskView[], stepId: string): TaskView[] {
  const own = tasks.filter((t) => t.stepId === stepId);
  const n = Math.max(0, ...own.map((t) => instanceOf(t.id)));
  return own.filter((t) => instanceOf(t.id) === n);
}

function overdue(t: TaskView, nowMs: number): boolean {
  return t.overdue || (t.status === 'open' && t.dueAt !== null && Date.parse(t.dueAt) < nowMs);
}

/** The clusters × tasks matrix of the phase that runs (or ran last). */
export function phaseMatrix(state: HpcCaseState, tasks: readonly TaskView[], nowMs: number): PhaseMatrix {
  const phase = state.phase;
  const steps = phase ? PHASE_STEPS[phase] : [];
  const columns = steps.filter((s) => FAN_OUT_STEPS.has(s));
  const bySector = new Map<string, Record<string, MatrixCell | null>>();
  for (const stepId of columns) {
    for (const t of latestTasks(tasks, stepId)) {
      const sector = t.sector ?? t.memberKey ?? '?';
      const row = bySector.get(sector) ?? Object.fromEntries(columns.map((c) => [c, null]));
      row[stepId] = {
        taskId: t.id,
        status: t.status,
        overdue: overdue(t, nowMs),
        dueAt: t.dueAt,
        decidedAt: t.decidedAt,
        decidedBy: t.decidedBy && t.decidedBy.kind === 'user' ? t.decidedBy.displayName : null,
      };
      bySector.set(sector, row);
    }
  }
  const others = steps.filter((s) => !FAN_OUT_STEPS.has(s)).flatMap((s) => latestTasks(tasks, s));
  return {
    phase,
    deadline: state.deadline,
    columns,
    rows: [...bySector.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([sector, cells]) => ({ sector, cells })),
    tasks: others.map((t) => ({ stepId: t.stepId, taskId: t.id, status: t.status, overdue: overdue(t, nowMs), dueAt: t.dueAt, decision: t.decision })),
  };
}

export interface NeedsTableRow {
  sector: string;
  adminArea: string;
  populationGroup: string;
  peopleInNeed: number;
  severity: number;
}

export const NEEDS_SORTS = ['sector', 'adminArea', 'populationGroup', 'peopleInNeed', 'severity'] as const;

/** Every cluster's submitted needs rows (the latest needs analysis), sorted as asked (default: by sector). */
export function needsTable(tasks: readonly TaskView[], sort: (typeof NEEDS_SORTS)[number] = 'sector', order: 'ASC' | 'DESC' = 'ASC'): NeedsTableRow[] {
  const byKey = (a: NeedsTableRow, b: NeedsTableRow) => {
    const x = a[sort];
    const y = b[sort];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order === 'DESC' ? -c : c;
  };
  return latestTasks(tasks, 'cluster-needs')
    .filter((t) => t.status === 'decided')
    .flatMap((t) => ((t.data?.rows as Omit<NeedsTableRow, 'sector'>[] | undefined) ?? []).map((r) => ({ sector: t.sector ?? '', ...r })))
    .sort((a, b) => byKey(a, b) || a.sector.localeCompare(b.sector) || a.adminArea.localeCompare(b.adminArea) || a.populationGroup.localeCompare(b.populationGroup));
}

export interface JiafTableRow {
  adminArea: string;
  populationGroup: string;
  peopleInNeed: number;
  drivenBy: string;
  drivers: string[];
  severity: number;
  bySector: Record<string, number>;
}

export interface JiafTable {
  rows: JiafTableRow[];
  clusters: string[];
  totalPeopleInNeed: number;
  bySector: Record<string, { peopleInNeed: number; rows: number }>;
}

export const JIAF_SORTS = ['adminArea', 'populationGroup', 'peopleInNeed', 'severity', 'drivenBy'] as const;

/** The JIAF result the cycle computed (empty before the needs analysis ended), sorted as asked. */
export function jiafTable(data: Record<string, unknown> | undefined, sort: (typeof JIAF_SORTS)[number] = 'adminArea', order: 'ASC' | 'DESC' = 'ASC'): JiafTable {
  const j = data?.['jiaf-computation'] as JiafTable | undefined;
  const rows = [...(j?.rows ?? [])].sort((a, b) => {
    const x = a[sort];
    const y = b[sort];
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return (order === 'DESC' ? -c : c) || a.adminArea.localeCompare(b.adminArea) || a.populationGroup.localeCompare(b.populationGroup);
  });
  return { rows, clusters: j?.clusters ?? [], totalPeopleInNeed: j?.totalPeopleInNeed ?? 0, bySector: j?.bySector ?? {} };
}

function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  // Quote what needs it; a leading formula character is neutralised for spreadsheets.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The JIAF table as CSV: one row per (area, group), the intersectoral figure, its driver, then each cluster's figure. */
export function jiafCsv(table: JiafTable): string {
  const header = ['adminArea', 'populationGroup', 'peopleInNeed', 'severity', 'drivenBy', ...table.clusters.map((c) => `pin:${c}`)];
  const lines = table.rows.map((r) =>
    [r.adminArea, r.populationGroup, r.peopleInNeed, r.severity, r.drivers.join(' '), ...table.clusters.map((c) => r.bySector[c] ?? '')].map(csvCell).join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

/** The needs rows as CSV, one line per cluster, area and group. */
export function needsCsv(rows: readonly NeedsTableRow[]): string {
  const header = ['sector', 'adminArea', 'populationGroup', 'peopleInNeed', 'severity'];
  return [header.join(','), ...rows.map((r) => [r.sector, r.adminArea, r.populationGroup, r.peopleInNeed, r.severity].map(csvCell).join(','))].join('\r\n') + '\r\n';
}

export interface ProjectRow {
  id: string;
  title: string;
  sector: string | null;
  organisationId: string | null;
  organisationName: string | null;
  requirementsUsd: string | null;
  status: string;
  outcome: string | null;
  currentSteps: string[];
}

/** Requirements per cluster (exact: cents as bigint), counting every project that is not rejected or withdrawn. */
export function requirementsByCluster(projects: readonly ProjectRow[]): Record<string, { projects: number; requirementsUsd: string }> {
  const out: Record<string, { projects: number; cents: bigint }> = {};
  for (const p of projects) {
    if (p.outcome === 'rejected' || p.outcome === 'withdrawn' || p.outcome === 'cancelled') continue;
    const row = (out[p.sector ?? ''] ??= { projects: 0, cents: 0n });
    row.projects += 1;
    if (p.requirementsUsd) row.cents += moneyToCents(p.requirementsUsd);
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, { projects: v.projects, requirementsUsd: centsToMoney(v.cents) }]));
}

export { HPC_PHASES };
