// Cluster side effects of the processes: status changes (proposed → active → in-transition → deactivated).
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ClusterStatus, OperationType } from '@hpc/workflows/domain/reference';
import type { ClusterActivities, ClusterInfo, ClusterStatusRequest, ClusterStatusResult } from '@hpc/workflows/contracts/activities';

/** From which statuses each status may be reached; anything else is left unchanged. */
export const CLUSTER_TRANSITIONS: Record<ClusterStatus, readonly ClusterStatus[]> = {
  proposed: ['not-activated', 'deactivated'],
  active: ['proposed'],
  'in-transition': ['active'],
  deactivated: ['active', 'in-transition'],
  'not-activated': ['proposed'],
};

interface ClusterRow {
  id: string;
  operation_id: string;
  sector: string;
  status: ClusterStatus;
  lead_agency_id: string | null;
  co_lead_agency_id: string | null;
  activated_at: Date | null;
  updated_at: Date;
  operation_type: OperationType;
}

const SELECT = `SELECT c.id, c.operation_id, c.sector, c.status, c.lead_agency_id, c.co_lead_agency_id, c.activated_at,
  c.updated_at, o.type AS operation_type FROM clusters c JOIN operations o ON o.id = c.operation_id`;

function toInfo(r: ClusterRow): ClusterInfo {
  return {
    id: r.id,
    operationId: r.operation_id,
    sector: r.sector,
    status: r.status,
    leadAgencyId: r.lead_agency_id,
    coLeadAgencyId: r.co_lead_agency_id,
    activatedAt: r.activated_at ? new Date(r.activated_at).toISOString() : null,
    operationType: r.operation_type,
  };
}

@Injectable()
export class ClusterActivitiesService implements ClusterActivities {
  constructor(private readonly dataSource: DataSource) {}

  async getCluster(clusterId: string): Promise<ClusterInfo | null> {
    const rows: ClusterRow[] = await this.dataSource.query(`${SELECT} WHERE c.id = $1`, [clusterId]);
    return rows[0] ? toInfo(rows[0]) : null;
  }

  async setClusterStatus(req: ClusterStatusRequest): Promise<ClusterStatusResult> {
    return this.dataSource.transaction(async (em) => {
      const current = await lockCluster(em, req);
      if (!current) {
        const ops: unknown[] = await em.query('SELECT 1 FROM operations WHERE id = $1', [req.operationId]);
        if (ops.length === 0) throw ApplicationFailure.nonRetryable(`operation ${req.operationId} not found`, 'OperationNotFound');
        // An AoR hangs under the operation's Protection cluster; the lead agency's name is kept for old readers.
        await em.query(
          `INSERT INTO clusters (operation_id, sector, lead_agency, lead_agency_id, co_lead_agency_id, status, activated_at, updated_at, parent_cluster_id)
           VALUES ($1,$2,(SELECT name FROM organisations WHERE id = $3),$3,$4,$5,$6,$7,
             CASE WHEN $2 IN ('gbv','child-protection','mine-action','hlp')
               THEN (SELECT id FROM clusters WHERE operation_id = $1 AND sector = 'protection') END)
           ON CONFLICT (operation_id, sector) DO NOTHING`,
          [req.operationId, req.sector, req.leadAgencyId ?? null, req.coLeadAgencyId ?? null, req.status,
            req.status === 'active' ? req.at : null, req.at],
        );
        const created = await lockCluster(em, req);
        return { cluster: toInfo(created as ClusterRow), previousStatus: null, changed: true };
      }
      const sets: string[] = [];
      const params: unknown[] = [current.id];
      const set = (col: string, v: unknown) => {
        params.push(v);
        sets.push(`${col} = $${params.length}`);
      };
      if (req.leadAgencyId !== undefined && req.leadAgencyId !== null && req.leadAgencyId !== current.lead_agency_id) {
        set('lead_agency_id', req.leadAgencyId);
        params.push(req.leadAgencyId);
        sets.push(`lead_agency = (SELECT name FROM organisations WHERE id = $${params.length})`);
      }
      if (req.coLeadAgencyId !== undefined && req.coLeadAgencyId !== current.co_lead_agency_id) set('co_lead_agency_id', req.coLeadAgencyId);
      if (req.coordinatorName) set('coordinator_name', req.coordinatorName);
      if (req.informationManagerName) set('information_manager_name', req.informationManagerName);
      let changed = false;
      if (current.status !== req.status && CLUSTER_TRANSITIONS[req.status].includes(current.status)) {
        changed = true;
        set('status', req.status);
        if (req.status === 'active') set('activated_at', req.at);
        if (req.status === 'deactivated') set('deactivated_at', req.at);
        if (req.status === 'proposed') {
          set('activated_at', null);
          set('deactivated_at', null);
        }
      }
      // The same request retried after it was applied: report it as the change it was.
      const replay = !changed && current.status === req.status && new Date(current.updated_at).getTime() === Date.parse(req.at);
      if (sets.length > 0) {
        set('updated_at', req.at);
        await em.query(`UPDATE clusters SET ${sets.join(', ')} WHERE id = $1`, params);
      }
      const after = (await lockCluster(em, { ...req, clusterId: current.id })) as ClusterRow;
      return { cluster: toInfo(after), previousStatus: replay ? null : current.status, changed: changed || replay };
    });
  }
}

async function lockCluster(em: EntityManager, req: Pick<ClusterStatusRequest, 'clusterId' | 'operationId' | 'sector'>): Promise<ClusterRow | undefined> {
  const rows: ClusterRow[] = req.clusterId
    ? await em.query(`${SELECT} WHERE c.id = $1 FOR UPDATE OF c`, [req.clusterId])
    : await em.query(`${SELECT} WHERE c.operation_id = $1 AND c.sector = $2 FOR UPDATE OF c`, [req.operationId, req.sector]);
  return rows[0];
}
