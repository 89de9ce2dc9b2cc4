import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { operationSettingsOf, roleCoversScope, type Actor, type Role } from '@hpc/workflows/domain';
import { dutiesOf, DUTIES, RECURRING_DUTY } from '@hpc/workflows/processes';
import { AuthorizationService } from '../../auth/authorization.service';
import { AppException } from '../../common/errors';
import { cellStatus, lastMonths, monthIn, toCsv, worstOffenders, type DutyCellStatus, type DutyOccurrenceRow, type DutyOffender, type OffenderOccurrence } from './compliance';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const READERS: readonly Role[] = ['admin', 'auditor', 'erc', 'ocha', 'hc', 'cluster_lead'];

export interface ComplianceCell {
  month: string;
  status: DutyCellStatus;
  processId: string;
}

export interface ComplianceRow {
  clusterId: string;
  sector: string;
  clusterStatus: string;
  coordinatorName: string | null;
  duty: string;
  cells: ComplianceCell[];
  counts: Record<'on-time' | 'late' | 'missed' | 'open', number>;
}

export interface ComplianceView {
  operationId: string;
  months: string[];
  duties: string[];
  rows: ComplianceRow[];
}

@Injectable()
export class DutiesService {
  constructor(private readonly dataSource: DataSource, private readonly authz: AuthorizationService) {}

  /** Occurrences sit in the month the schedule meant them for (case.scheduledAt), else the month they started. */
  async compliance(auth: Actor, operationId: unknown, now = new Date()): Promise<ComplianceView> {
    if (typeof operationId !== 'string' || !UUID.test(operationId)) throw AppException.validation('operationId must be a UUID');
    this.authz.assertAnyRole(auth, READERS);
    const op: { id: string; settings: Record<string, unknown> | null }[] = await this.dataSource.query('SELECT id, settings FROM operations WHERE id = $1', [operationId]);
    if (op.length === 0) throw AppException.notFound('operation', operationId);
    // hc / ocha read their own operations; global readers and cluster leads (their clusters' rows) read any.
    if (!this.authz.hasAnyRole(auth, ['admin', 'auditor', 'erc', 'cluster_lead'])) this.authz.assertScope(auth, ['ocha', 'hc'], { operationId, sector: null });
    const timeZone = operationSettingsOf(op[0].settings as never).timeZone;
    const months = lastMonths(now);
    const since = new Date(`${months[0]}-01T00:00:00Z`);
    const clusters: { id: string; sector: string; status: string; coordinator_name: string | null }[] = await this.dataSource.query(
      `SELECT id, sector, status, coordinator_name FROM clusters WHERE operation_id = $1 AND status IN ('active', 'in-transition', 'deactivated') ORDER BY sector`,
      [operationId],
    );
    const occ: DutyOccurrenceRow[] = await this.dataSource.query(
      `SELECT p.id AS process_id, p.cluster_id, p.input->>'duty' AS duty, p.status, p.outcome, COALESCE((p.data->>'scheduledAt')::timestamptz, p.started_at) AS started_at, t.due_at, t.decided_at
         FROM processes p LEFT JOIN LATERAL (SELECT due_at, decided_at FROM tasks WHERE process_id = p.id ORDER BY created_at LIMIT 1) t ON true
        WHERE p.type = $3 AND p.operation_id = $1 AND COALESCE((p.data->>'scheduledAt')::timestamptz, p.started_at) >= $2
        ORDER BY 6`,
      [operationId, since, RECURRING_DUTY],
    );
    const leadOnly = !this.authz.hasAnyRole(auth, ['admin', 'auditor', 'erc', 'ocha', 'hc']);
    const rows: ComplianceRow[] = [];
    for (const c of clusters) {
      if (leadOnly && !auth.clusterScopes.some((s) => s.operationId === operationId && s.sector === c.sector)) continue;
      for (const duty of dutiesOf(c.sector)) {
        const mine = occ.filter((o) => o.cluster_id === c.id && o.duty === duty.id);
        if (c.status === 'deactivated' && mine.length === 0) continue;
        const cells = mine.map((o) => ({ month: monthIn(new Date(o.started_at), timeZone), status: cellStatus(o), processId: o.process_id }));
        const counts = { 'on-time': 0, late: 0, missed: 0, open: 0 };
        for (const cell of cells) if (cell.status in counts) counts[cell.status as keyof typeof counts]++;
        rows.push({ clusterId: c.id, sector: c.sector, clusterStatus: c.status, coordinatorName: c.coordinator_name, duty: duty.id, cells, counts });
      }
    }
    return { operationId, months, duties: DUTIES.map((d) => d.id), rows };
  }

  /**
   * The dashboard's worst offenders: over the last 12 months, the clusters the caller may read (global readers all,
   * the HC and OCHA their operations', a lead its clusters) with the most missed, then late, duty occurrences.
   */
  async worstOffenders(auth: Actor, limit: unknown, now = new Date()): Promise<DutyOffender[]> {
    const n = limit === undefined ? 5 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 50) throw AppException.validation('limit must be an integer between 1 and 50');
    if (!this.authz.hasAnyRole(auth, READERS)) return [];
    const since = new Date(`${lastMonths(now)[0]}-01T00:00:00Z`);
    const rows: OffenderOccurrence[] = await this.dataSource.query(
      `SELECT p.id AS process_id, p.cluster_id, p.input->>'duty' AS duty, p.status, p.outcome, COALESCE((p.data->>'scheduledAt')::timestamptz, p.started_at) AS started_at, t.due_at, t.decided_at,
              c.operation_id, o.name AS operation_name, c.sector, c.coordinator_name
         FROM processes p JOIN clusters c ON c.id = p.cluster_id JOIN operations o ON o.id = c.operation_id
         LEFT JOIN LATERAL (SELECT due_at, decided_at FROM tasks WHERE process_id = p.id ORDER BY created_at LIMIT 1) t ON true
        WHERE p.type = $2 AND COALESCE((p.data->>'scheduledAt')::timestamptz, p.started_at) >= $1`,
      [since, RECURRING_DUTY],
    );
    const global = this.authz.hasAnyRole(auth, ['admin', 'auditor', 'erc']);
    const mine = rows.filter((r) => global
      || roleCoversScope(auth, 'ocha', { operationId: r.operation_id }) || roleCoversScope(auth, 'hc', { operationId: r.operation_id })
      || roleCoversScope(auth, 'cluster_lead', { operationId: r.operation_id, sector: r.sector }));
    return worstOffenders(mine, n);
  }

  async complianceCsv(auth: Actor, operationId: unknown, now = new Date()): Promise<string> {
    const view = await this.compliance(auth, operationId, now);
    const header = ['sector', 'cluster_status', 'cluster_lead', 'duty', ...view.months, 'on_time', 'late', 'missed', 'open'];
    const lines = view.rows.map((r) => [
      r.sector, r.clusterStatus, r.coordinatorName ?? '', r.duty,
      ...view.months.map((m) => r.cells.filter((c) => c.month === m).map((c) => c.status).join(' ')),
      r.counts['on-time'], r.counts.late, r.counts.missed, r.counts.open,
    ]);
    return toCsv(header, lines);
  }
}
