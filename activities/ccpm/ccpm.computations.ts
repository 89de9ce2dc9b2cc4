// CCPM system steps: the preliminary report (medians per sub-category over the round's anonymous answers)
// and the yearly next round. Registered by name in activities/system SYSTEM_COMPUTATIONS.
import type { DataSource } from 'typeorm';
import type { SystemStepRequest } from '@hpc/workflows/contracts/activities';
import { ccpmReport } from '@hpc/workflows/processes/ccpm-round/scores';

type Computation = (req: SystemStepRequest, ds: DataSource) => Promise<{ result: string; data: Record<string, unknown> }>;

export const CCPM_COMPUTATIONS: Record<string, Computation> = {
  /** Only the answers still standing (a replaced answer no longer counts); never who gave them. */
  'ccpm-scores': async (req, ds) => {
    const rows: { kind: string; data: Record<string, unknown> }[] = await ds.query(
      `SELECT kind, data FROM submissions WHERE process_id = $1 AND status = 'received' AND kind IN ('partner-answer', 'coordinator-answer') ORDER BY at`,
      [req.processId],
    );
    const report = ccpmReport(rows.filter((r) => r.kind === 'partner-answer').map((r) => r.data), rows.filter((r) => r.kind === 'coordinator-answer').map((r) => r.data));
    return { result: 'done', data: report as unknown as Record<string, unknown> };
  },
  /** A year after the launch: the next round starts while the cluster is active (or in transition). */
  'ccpm-next-round': async (req, ds) => {
    const clusterId = String(req.subject.clusterId ?? '');
    const rows: { status: string }[] = await ds.query(`SELECT status FROM clusters WHERE id = $1`, [clusterId]);
    const year = Number(req.input.year) + 1;
    if (!rows[0] || !['active', 'in-transition'].includes(rows[0].status)) return { result: 'cluster-inactive', data: { year, status: rows[0]?.status ?? null } };
    return { result: 'started', data: { year } };
  },
};
