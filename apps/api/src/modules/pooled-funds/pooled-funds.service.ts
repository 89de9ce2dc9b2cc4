// Pooled funds over the generic processes: the allocation's live picture (envelope, split, approved per sector,
// localisation share against its target and the GPC 25 %, the proposals and the step each waits on), the HC's bulk
// endorsement (each proposal decided through THE choke point, TasksService.decide) and the decisions as CSV. The
// envelope is held by the allocation's workflow itself (its `envelope` ledger): no route can recommend past it.
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { approvedGrants, allocationTotals, type AllocationTotals } from '../../../../../activities/pooled-funds/pooled-funds.computations';
import { processIdOfTask } from '@hpc/workflows/contracts';
import type { Actor, Role } from '@hpc/workflows/domain';
import { GRANT_PROPOSAL, POOLED_FUND_ALLOCATION, type SectorSplit } from '@hpc/workflows/processes/pooled-fund-allocation';
import { AuthorizationService } from '../../auth/authorization.service';
import { AppException } from '../../common/errors';
import type { ProcessEntity } from '../../persistence/entities';
import { ProcessesRepository } from '../../persistence/repositories';
import { ProcessesService } from '../processes/processes.service';
import { TasksService } from '../tasks/tasks.service';

const READ_ALL: readonly Role[] = ['admin', 'auditor', 'ocha', 'hc', 'erc', 'cluster_lead', 'advisory_board', 'fund_signatory'];

export interface ProposalSummary {
  id: string;
  title: string;
  status: string;
  outcome: string | null;
  sector: string | null;
  organisationId: string | null;
  organisationName: string | null;
  organisationType: string | null;
  requestedUsd: string | null;
  approvedUsd: string | null;
  score: string | null;
  currentSteps: string[];
}

export interface AllocationSummary extends AllocationTotals {
  id: string;
  title: string;
  status: string;
  outcome: string | null;
  fund: string;
  window: string;
  split: SectorSplit[];
  currentSteps: string[];
  proposalList: ProposalSummary[];
}

export interface BulkEndorseResult {
  endorsed: number;
  results: { taskId: string; status: number; message: string | null }[];
  localisation: AllocationTotals['localisation'];
}

/** Numbers in a CSV cell are text; a cell that starts like a formula is quoted with a leading apostrophe. */
function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

@Injectable()
export class PooledFundsService {
  constructor(
    private readonly ds: DataSource,
    private readonly processes: ProcessesRepository,
    private readonly processesService: ProcessesService,
    private readonly authz: AuthorizationService,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** THE decision choke point, the TasksModule's own instance (whatever it depends on). */
  private get tasks(): TasksService {
    return this.moduleRef.get(TasksService, { strict: false });
  }

  private async requireAllocation(auth: Actor, id: string): Promise<{ row: ProcessEntity; organisationOnly: string | null }> {
    const row = await this.processes.findById(id);
    if (!row || row.type !== POOLED_FUND_ALLOCATION) throw AppException.notFound('allocation', id);
    if (this.authz.hasAnyRole(auth, READ_ALL)) {
      if (auth.roles.some((r) => ['ocha', 'hc', 'advisory_board'].includes(r)) && !auth.roles.some((r) => ['admin', 'auditor', 'erc', 'fund_signatory'].includes(r))) {
        if (!row.operationId || !(auth.operationScopes ?? []).includes(row.operationId)) {
          if (!(auth.roles.includes('cluster_lead') && auth.clusterScopes.some((s) => s.operationId === row.operationId))) {
            throw AppException.forbidden('this allocation is outside your operations');
          }
        }
      } else if (auth.roles.includes('cluster_lead') && !auth.roles.some((r) => ['admin', 'auditor', 'erc', 'fund_signatory'].includes(r))) {
        if (!auth.clusterScopes.some((s) => s.operationId === row.operationId)) throw AppException.forbidden('this allocation is outside your operations');
      }
      return { row, organisationOnly: null };
    }
    // Partners see the allocation's envelope and only their own organisation's proposals.
    if (auth.roles.includes('partner') && auth.organisationId) return { row, organisationOnly: auth.organisationId };
    throw AppException.forbidden('only OCHA, the HC, the Advisory Board, cluster leads, partners, fund signatories, the ERC and auditors read allocations');
  }

  private splitOf(row: ProcessEntity): SectorSplit[] {
    const strategy = row.data?.['allocation-strategy'] as { envelopeSplit?: SectorSplit[] } | undefined;
    return strategy?.envelopeSplit ?? [];
  }

  /** Live totals: approved = recommended by the HFU and not (yet) rejected, withdrawn or cancelled. */
  async totals(row: ProcessEntity): Promise<AllocationTotals> {
    const grants = await approvedGrants(this.ds, row.id);
    const [{ n }]: { n: string }[] = await this.ds.query(`SELECT count(*) AS n FROM processes WHERE parent_process_id = $1 AND type = $2`, [row.id, GRANT_PROPOSAL]);
    const target = typeof row.input.localisationTargetPct === 'number' ? row.input.localisationTargetPct : 25;
    return allocationTotals(String(row.input.envelopeUsd), this.splitOf(row), target, grants, Number(n));
  }

  async allocation(auth: Actor, id: string): Promise<AllocationSummary> {
    const { row, organisationOnly } = await this.requireAllocation(auth, id);
    const rows: { id: string; title: string; status: string; outcome: string | null; sector: string | null; subject: Record<string, unknown>; current_steps: string[]; name: string | null; type: string | null }[] = await this.ds.query(
      `SELECT p.id, p.title, p.status, p.outcome, p.sector, p.subject, p.current_steps, o.name, o.type
         FROM processes p LEFT JOIN organisations o ON o.id::text = p.subject->>'organisationId'
        WHERE p.parent_process_id = $1 AND p.type = $2 AND ($3::text IS NULL OR p.subject->>'organisationId' = $3::text)
        ORDER BY p.started_at, p.id`,
      [row.id, GRANT_PROPOSAL, organisationOnly],
    );
    const totals = await this.totals(row);
    return {
      id: row.id,
      title: row.title,
      status: row.status,
      outcome: row.outcome,
      fund: String(row.input.fund),
      window: String(row.input.window),
      split: this.splitOf(row),
      currentSteps: row.currentSteps,
      ...totals,
      proposalList: rows.map((p) => ({
        id: p.id,
        title: p.title,
        status: p.status,
        outcome: p.outcome,
        sector: p.sector,
        organisationId: (p.subject.organisationId as string) ?? null,
        organisationName: p.name,
        organisationType: p.type,
        requestedUsd: (p.subject.requestedUsd as string) ?? null,
        approvedUsd: (p.subject.approvedUsd as string) ?? null,
        score: (p.subject.score as string) ?? null,
        currentSteps: p.current_steps,
      })),
    };
  }

  /**
   * The HC endorses many proposals in one action: each task is decided through the choke point (authorisation,
   * recusal, validation, the case's own trail), one after the other; a refusal of one never stops the others.
   */
  async bulkEndorse(auth: Actor, id: string, taskIds: string[], comment: string | undefined, idempotencyKey?: string): Promise<BulkEndorseResult> {
    const { row } = await this.requireAllocation(auth, id);
    const problems: string[] = [];
    const owners: { id: string; parent_process_id: string | null }[] = await this.ds.query(`SELECT id, parent_process_id FROM processes WHERE id = ANY($1)`, [taskIds.map((t) => processIdOfTask(t) ?? '')]);
    taskIds.forEach((t, i) => {
      const pid = processIdOfTask(t);
      const step = t.split('~')[1];
      if (!pid || !pid.startsWith(`${GRANT_PROPOSAL}:`) || step !== 'proposal-hc-endorsement') {
        problems.push(`taskIds[${i}] must be a proposal-hc-endorsement task of a grant proposal`);
      } else if (owners.find((o) => o.id === pid)?.parent_process_id !== row.id) {
        problems.push(`taskIds[${i}] must be a task of a proposal of allocation ${row.id}`);
      }
    });
    if (problems.length > 0) throw AppException.validation(problems);
    const results: BulkEndorseResult['results'] = [];
    for (const taskId of taskIds) {
      try {
        await this.tasks.decide(auth, taskId, { decision: 'endorse', ...(comment ? { comment } : {}) }, idempotencyKey ? `${idempotencyKey}:${taskId.split('~')[0].slice(-36)}` : undefined);
        results.push({ taskId, status: 200, message: null });
      } catch (err) {
        if (!(err instanceof AppException) && !(err && typeof err === 'object' && 'getStatus' in err)) throw err;
        const e = err as AppException;
        const body = e.getResponse() as { message?: string | string[] };
        results.push({ taskId, status: e.getStatus(), message: Array.isArray(body.message) ? body.message.join('; ') : String(body.message ?? e.message) });
      }
    }
    const totals = await this.totals(row);
    return { endorsed: results.filter((r) => r.status === 200).length, results, localisation: totals.localisation };
  }

  /** Every decision of the allocation and its proposals (the audit trail), as CSV. */
  async decisionsCsv(auth: Actor, id: string): Promise<string> {
    const { row, organisationOnly } = await this.requireAllocation(auth, id);
    if (organisationOnly) throw AppException.forbidden('partners may not export the allocation\'s decisions');
    const rows: Record<string, unknown>[] = await this.ds.query(
      `SELECT e.process_id, p.type, p.title, e.seq, e.at, e.step_id, e.decision, e.actor->>'displayName' AS actor, e.comment, e.data
         FROM audit_events e JOIN processes p ON p.id = e.process_id
        WHERE (p.id = $1 OR p.parent_process_id = $1) AND e.type IN ('decision', 'vote-cast', 'submission-received', 'system-result', 'case-action')
        ORDER BY e.at, e.process_id, e.seq`,
      [row.id],
    );
    const header = ['processId', 'processType', 'title', 'seq', 'at', 'stepId', 'decision', 'actor', 'comment', 'data'];
    const lines = rows.map((r) => [r.process_id, r.type, r.title, r.seq, r.at instanceof Date ? r.at.toISOString() : r.at, r.step_id, r.decision, r.actor, r.comment, r.data].map(csvCell).join(','));
    return [header.join(','), ...lines].join('\r\n') + '\r\n';
  }
}
