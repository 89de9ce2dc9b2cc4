// System steps (named computations whose result lands in the case data), incidents, and stopping a
// cluster's schedules. Computations register by name in SYSTEM_COMPUTATIONS (one line per computation).
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import type { IncidentRequest, SystemActivities, SystemStepRequest } from '@hpc/workflows/contracts/activities';
import { withoutNul } from '../projection/projection.activities';
import { HPC_COMPUTATIONS } from '../hpc/hpc.computations';
import { POOLED_FUND_COMPUTATIONS } from '../pooled-funds/pooled-funds.computations';
import { CCPM_COMPUTATIONS } from '../ccpm/ccpm.computations';

export type SystemComputation = (req: SystemStepRequest, ds: DataSource) => Promise<{ result: string; data: Record<string, unknown> }>;

/** Named computations of system steps (e.g. CCPM scores, localisation share), by the name the definition uses. */
export const SYSTEM_COMPUTATIONS: Record<string, SystemComputation> = {
  /** Counts the submissions of the case by kind: the simplest computation, used by fixture processes. */
  'count-submissions': async (req, ds) => {
    const rows: { kind: string; n: string }[] = await ds.query(
      `SELECT kind, count(*) AS n FROM submissions WHERE process_id = $1 AND status = 'received' GROUP BY kind ORDER BY kind`,
      [req.processId],
    );
    const counts = Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
    return { result: 'done', data: { counts } };
  },
  ...HPC_COMPUTATIONS,
  ...POOLED_FUND_COMPUTATIONS,
  ...CCPM_COMPUTATIONS,
};

@Injectable()
export class SystemActivitiesService implements SystemActivities {
  constructor(private readonly dataSource: DataSource) {}

  async computeSystemStep(req: SystemStepRequest): Promise<{ result: string; data: Record<string, unknown> }> {
    const fn = SYSTEM_COMPUTATIONS[req.compute];
    if (!fn) throw ApplicationFailure.nonRetryable(`no system computation named "${req.compute}"`, 'UnknownComputation');
    return fn(req, this.dataSource);
  }

  /** Write the incident (or its resolution) on the case's row, creating the row if the projection never could. */
  async recordIncident(raw: IncidentRequest): Promise<void> {
    const req = withoutNul(raw);
    const p = req.process;
    const incident = req.resolved ? null : JSON.stringify({ id: 0, at: req.at, message: req.message, stepId: req.stepId, activity: req.activity, attempts: req.attempts });
    await this.dataSource.query(
      `INSERT INTO processes (id, type, definition_version, title, status, outcome, operation_id, cluster_id, sector, subject, input,
          current_steps, awaiting_roles, started_by, started_at, updated_at, ended_at, last_seq, parent_process_id, incident, incident_at)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,'{}','{}',$10,$11,$12,$13,$14,$15,0,$16,$17,$18)
       ON CONFLICT (id) DO UPDATE SET incident = EXCLUDED.incident, incident_at = EXCLUDED.incident_at,
         status = CASE WHEN EXCLUDED.status = 'cancelled' THEN 'cancelled' ELSE processes.status END,
         outcome = CASE WHEN EXCLUDED.status = 'cancelled' THEN 'cancelled' ELSE processes.outcome END,
         ended_at = COALESCE(processes.ended_at, EXCLUDED.ended_at)`,
      [p.id, p.type, p.definitionVersion, p.title, p.status, p.outcome, p.operationId, p.clusterId, p.sector, p.currentSteps, p.awaitingRoles,
        p.startedBy ? JSON.stringify(p.startedBy) : null, p.startedAt, p.updatedAt, p.endedAt, p.parentProcessId ?? null, incident, req.resolved ? null : req.at],
    );
  }

  /** The worker binds `stopClusterSchedules` to activities/duties (schedules deleted, open CCPM round cancelled). */
  async stopClusterSchedules(_req: { clusterId: string; reason: string }): Promise<{ stopped: number }> {
    throw ApplicationFailure.nonRetryable('stopClusterSchedules is implemented by DutiesActivitiesService', 'NotHere');
  }
}
