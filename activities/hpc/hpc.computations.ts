// System computations of the HPC cycle (registered by name in activities/system/system.activities.ts): the JIAF
// intersectoral consolidation of the clusters' needs, and who may submit projects of which sector.
import type { DataSource } from 'typeorm';
import type { SystemStepRequest } from '@hpc/workflows/contracts/activities';

export interface NeedsRow {
  adminArea: string;
  populationGroup: string;
  peopleInNeed: number;
  severity: number;
}

export interface JiafRow {
  adminArea: string;
  populationGroup: string;
  /** The intersectoral figure: the maximum of the sectoral figures, never their sum. */
  peopleInNeed: number;
  /** The cluster whose figure is the maximum (ties: every such cluster, in sector order). */
  drivenBy: string;
  drivers: string[];
  /** The highest sectoral severity of the (area, group). */
  severity: number;
  bySector: Record<string, number>;
}

export interface JiafResult {
  rows: JiafRow[];
  bySector: Record<string, { peopleInNeed: number; rows: number }>;
  totalPeopleInNeed: number;
  clusters: string[];
}

/** Pure: the JIAF table from each cluster's needs rows (a cluster's repeated (area, group) rows add up within it). */
export function consolidateJiaf(submissions: readonly { sector: string; rows: readonly NeedsRow[] }[]): JiafResult {
  const cells = new Map<string, { adminArea: string; populationGroup: string; bySector: Record<string, number>; severity: Record<string, number> }>();
  const bySector: Record<string, { peopleInNeed: number; rows: number }> = {};
  for (const s of [...submissions].sort((a, b) => a.sector.localeCompare(b.sector))) {
    const total = (bySector[s.sector] ??= { peopleInNeed: 0, rows: 0 });
    for (const r of s.rows) {
      const key = JSON.stringify([r.adminArea, r.populationGroup]);
      const cell = cells.get(key) ?? { adminArea: r.adminArea, populationGroup: r.populationGroup, bySector: {}, severity: {} };
      cell.bySector[s.sector] = (cell.bySector[s.sector] ?? 0) + r.peopleInNeed;
      cell.severity[s.sector] = Math.max(cell.severity[s.sector] ?? 0, r.severity);
      cells.set(key, cell);
      total.peopleInNeed += r.peopleInNeed;
      total.rows += 1;
    }
  }
  const rows: JiafRow[] = [...cells.values()]
    .map((c) => {
      const max = Math.max(...Object.values(c.bySector));
      const drivers = Object.keys(c.bySector).filter((k) => c.bySector[k] === max).sort();
      return {
        adminArea: c.adminArea,
        populationGroup: c.populationGroup,
        peopleInNeed: max,
        drivenBy: drivers[0],
        drivers,
        severity: Math.max(...Object.values(c.severity)),
        bySector: c.bySector,
      };
    })
    .sort((a, b) => a.adminArea.localeCompare(b.adminArea) || a.populationGroup.localeCompare(b.populationGroup));
  return {
    rows,
    bySector,
    totalPeopleInNeed: rows.reduce((n, r) => n + r.peopleInNeed, 0),
    clusters: Object.keys(bySector).sort(),
  };
}

/** The instance number of a task id `<processId>~<stepId>~<n>~<member>`. */
function instanceOf(taskId: string): number {
  const parts = taskId.split('~');
  return Number(parts[parts.length - 2]);
}

/** How long a computation waits for the read model to hold the fan-out it reads, and how often it looks. */
export const READ_MODEL_WAIT = { timeoutMs: 20_000, pollMs: 100 };

/**
 * The decided tasks of the latest opening of a fan-out step of a case, from the read model. The computation runs
 * once the fan-out has joined (every task decided, expired or closed), so a task still `open` there is one whose
 * projection has not landed yet: wait for it (bounded; then fail, and the activity is retried) rather than
 * compute without a cluster's figures.
 */
export async function latestFanOutData(
  ds: DataSource,
  processId: string,
  stepId: string,
  wait: { timeoutMs: number; pollMs: number } = READ_MODEL_WAIT,
): Promise<{ sector: string; data: Record<string, unknown>; taskId: string }[]> {
  const until = Date.now() + wait.timeoutMs;
  for (;;) {
    const rows: { id: string; sector: string; status: string; data: Record<string, unknown> | null }[] = await ds.query(
      `SELECT id, sector, status, data FROM tasks WHERE process_id = $1 AND step_id = $2 ORDER BY id`,
      [processId, stepId],
    );
    const latest = Math.max(0, ...rows.map((r) => instanceOf(r.id)));
    const current = rows.filter((r) => instanceOf(r.id) === latest);
    const lagging = current.filter((r) => r.status === 'open').map((r) => r.id);
    if (lagging.length === 0) return current.filter((r) => r.status === 'decided').map((r) => ({ sector: r.sector, data: r.data ?? {}, taskId: r.id }));
    if (Date.now() >= until) throw new Error(`${stepId} of ${processId}: ${lagging.length} task(s) not yet closed in the read model (${lagging.join(', ')})`);
    await new Promise((r) => setTimeout(r, wait.pollMs));
  }
}

export const HPC_COMPUTATIONS = {
  /** JIAF: per (area, group) the maximum sectoral people in need and the cluster that drives it. */
  'hpc-jiaf': async (req: SystemStepRequest, ds: DataSource) => {
    const tasks = await latestFanOutData(ds, req.processId, 'cluster-needs');
    const result = consolidateJiaf(tasks.map((t) => ({ sector: t.sector, rows: (t.data.rows as NeedsRow[] | undefined) ?? [] })));
    return { result: 'done', data: { ...result } as Record<string, unknown> };
  },
  /** The member organisations of each active cluster of the operation: their partners may submit projects of that sector. */
  'hpc-project-partners': async (req: SystemStepRequest, ds: DataSource) => {
    const operationId = (req.subject as { operationId?: string | null }).operationId;
    const rows: { sector: string; organisation_id: string }[] = await ds.query(
      `SELECT c.sector, m.organisation_id FROM clusters c JOIN cluster_members m ON m.cluster_id = c.id
       WHERE c.operation_id = $1 AND c.status = 'active' AND m.status = 'member' ORDER BY c.sector, m.organisation_id`,
      [operationId],
    );
    const bySector: Record<string, string[]> = {};
    for (const r of rows) (bySector[r.sector] ??= []).push(r.organisation_id);
    return { result: 'done', data: { bySector } as Record<string, unknown> };
  },
};
