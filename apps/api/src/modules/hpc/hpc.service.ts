import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import type { DecideResult } from '@hpc/workflows/contracts';
import type { Actor } from '@hpc/workflows/domain';
import { operationSettingsOf } from '@hpc/workflows/domain/reference';
import { HPC_CYCLE, HPC_PHASES, HRP_PROJECT, PHASE_STEPS, phaseSequence } from '@hpc/workflows/processes';
import { phaseOrderRefusal } from '@hpc/workflows/processes/hpc-cycle';
import { AppException } from '../../common/errors';
import { ProcessesService, type ProcessDetail } from '../processes/processes.service';
import { TasksService } from '../tasks/tasks.service';
import type { TriggerPhaseDto } from './hpc.dto';
import { hpcState, jiafTable, JIAF_SORTS, NEEDS_SORTS, needsTable, phaseBar, phaseMatrix, requirementsByCluster, type JiafTable, type ProjectRow } from './hpc.views';

@Injectable()
export class HpcService {
  constructor(
    private readonly processes: ProcessesService,
    private readonly moduleRef: ModuleRef,
    private readonly dataSource: DataSource,
  ) {}

  /** The decision choke point of the TasksModule (whatever it depends on), found at call time. */
  private get tasks(): TasksService {
    return this.moduleRef.get(TasksService, { strict: false });
  }

  /** The cycle as its reader may see it (404 unknown, 403 out of scope, 400 when the case is not a cycle). */
  private async cycle(auth: Actor, id: string): Promise<ProcessDetail> {
    const p = await this.processes.get(auth, id);
    if (p.type !== HPC_CYCLE) throw AppException.validation(`id must be the id of an ${HPC_CYCLE} case`);
    return p;
  }

  private async settings(operationId: string | null) {
    const rows: { settings: object }[] = operationId ? await this.dataSource.query(`SELECT settings FROM operations WHERE id = $1`, [operationId]) : [];
    return operationSettingsOf(rows[0]?.settings);
  }

  private async planningFormat(operationId: string | null): Promise<string> {
    return (await this.settings(operationId)).planningFormat;
  }

  async summary(auth: Actor, id: string) {
    const p = await this.cycle(auth, id);
    const state = hpcState(p.data, p.input.variant);
    const costingMethod = (p.data?.['scope-agreement'] as { costingMethod?: string } | undefined)?.costingMethod ?? null;
    const settings = await this.settings(p.operationId);
    const planningFormat = settings.planningFormat;
    return {
      id: p.id,
      title: p.title,
      status: p.status,
      outcome: p.outcome,
      operationId: p.operationId,
      year: p.input.year,
      variant: p.input.variant,
      planningFormat,
      // The operation's time zone: a deadline picked as a day ends at midnight there.
      timeZone: settings.timeZone,
      costingMethod,
      expected: state.expected,
      phase: state.phase,
      deadline: state.deadline,
      quarter: state.quarter ?? null,
      phases: phaseBar(state, { planningFormat, costingMethod }),
      history: state.history,
      triggerTaskId: p.tasks.find((t) => t.stepId === 'phase-trigger' && t.status === 'open')?.id ?? null,
      openTasks: p.tasks.filter((t) => t.status === 'open').length,
    };
  }

  async matrix(auth: Actor, id: string) {
    const p = await this.cycle(auth, id);
    return phaseMatrix(hpcState(p.data, p.input.variant), p.tasks, Date.now());
  }

  async needs(auth: Actor, id: string, sort?: string, order?: string) {
    if (sort !== undefined && !(NEEDS_SORTS as readonly string[]).includes(sort)) throw AppException.validation(`sort must be one of the following values: ${NEEDS_SORTS.join(', ')}`);
    if (order !== undefined && order !== 'ASC' && order !== 'DESC') throw AppException.validation('order must be one of the following values: ASC, DESC');
    const p = await this.cycle(auth, id);
    return needsTable(p.tasks, (sort as (typeof NEEDS_SORTS)[number] | undefined) ?? 'sector', (order as 'ASC' | 'DESC' | undefined) ?? 'ASC');
  }

  async jiaf(auth: Actor, id: string, sort?: string, order?: string): Promise<JiafTable> {
    if (sort !== undefined && !(JIAF_SORTS as readonly string[]).includes(sort)) throw AppException.validation(`sort must be one of the following values: ${JIAF_SORTS.join(', ')}`);
    if (order !== undefined && order !== 'ASC' && order !== 'DESC') throw AppException.validation('order must be one of the following values: ASC, DESC');
    const p = await this.cycle(auth, id);
    return jiafTable(p.data, (sort as (typeof JIAF_SORTS)[number] | undefined) ?? 'adminArea', (order as 'ASC' | 'DESC' | undefined) ?? 'ASC');
  }

  /** The projects submitted in the cycle, per cluster with status and requirements (exact sums). */
  async projects(auth: Actor, id: string, sector?: string) {
    await this.cycle(auth, id);
    const rows: { id: string; subject: Record<string, unknown>; sector: string | null; status: string; outcome: string | null; current_steps: string[]; name: string | null }[] =
      await this.dataSource.query(
        `SELECT p.id, p.subject, p.sector, p.status, p.outcome, p.current_steps, o.name FROM processes p
         LEFT JOIN organisations o ON o.id::text = p.subject->>'organisationId'
         WHERE p.parent_process_id = $1 AND p.type = $3 AND ($2::text IS NULL OR p.sector = $2) ORDER BY p.sector, p.started_at, p.id`,
        [id, sector ?? null, HRP_PROJECT],
      );
    const items: ProjectRow[] = rows.map((r) => ({
      id: r.id,
      title: String(r.subject.title ?? ''),
      sector: r.sector,
      organisationId: (r.subject.organisationId as string | undefined) ?? null,
      organisationName: r.name,
      requirementsUsd: (r.subject.requirementsUsd as string | undefined) ?? null,
      status: r.status,
      outcome: r.outcome,
      currentSteps: r.current_steps,
    }));
    return { items, byCluster: requirementsByCluster(items) };
  }

  /** Open HPC tasks the caller may read, by operation and phase (for the dashboard): operation-scoped roles see their operations. */
  async openTaskCounts(auth: Actor): Promise<{ processId: string; operationId: string; operationName: string; phase: string; open: number; overdue: number }[]> {
    const global = auth.roles.some((r) => ['admin', 'auditor', 'erc'].includes(r));
    const scoped = [...new Set([...(auth.operationScopes ?? []), ...(auth.clusterScopes ?? []).map((c) => c.operationId)])];
    if (!global && scoped.length === 0) return [];
    const rows: { process_id: string; operation_id: string; name: string; step_id: string; open: string; overdue: string }[] = await this.dataSource.query(
      `SELECT t.process_id, t.operation_id, o.name, t.step_id, count(*) AS open, count(*) FILTER (WHERE t.overdue OR t.due_at < now()) AS overdue
       FROM tasks t JOIN operations o ON o.id = t.operation_id
       WHERE t.process_type = $1 AND t.status = 'open' AND ($2::boolean OR t.operation_id = ANY($3::uuid[]))
       GROUP BY t.process_id, t.operation_id, o.name, t.step_id`,
      [HPC_CYCLE, global, scoped],
    );
    const phaseOf = (stepId: string) => (Object.entries(PHASE_STEPS).find(([, steps]) => steps.includes(stepId))?.[0]) ?? (stepId === 'phase-trigger' ? 'phase-trigger' : 'flash');
    // One row per cycle (operation and year) and phase; the cycle's id links the dashboard to its page.
    const out = new Map<string, { processId: string; operationId: string; operationName: string; phase: string; open: number; overdue: number }>();
    for (const r of rows) {
      const phase = phaseOf(r.step_id);
      const key = `${r.process_id}|${phase}`;
      const item = out.get(key) ?? { processId: r.process_id, operationId: r.operation_id, operationName: r.name, phase, open: 0, overdue: 0 };
      item.open += Number(r.open);
      item.overdue += Number(r.overdue);
      out.set(key, item);
    }
    return [...out.values()].sort((a, b) => a.operationName.localeCompare(b.operationName) || a.processId.localeCompare(b.processId) || a.phase.localeCompare(b.phase));
  }

  /**
   * OCHA triggers a phase: the open `phase-trigger` task decided through the one decision path. While a phase
   * still runs there is no trigger task: 409 naming the phase that must end first.
   */
  async trigger(auth: Actor, id: string, dto: TriggerPhaseDto, idempotencyKey?: string): Promise<DecideResult> {
    const p = await this.cycle(auth, id);
    if (!(HPC_PHASES as readonly string[]).includes(dto.phase)) throw AppException.validation(`phase must be one of the following values: ${HPC_PHASES.join(', ')}`);
    if (p.status !== 'running') throw AppException.conflict(`process ${id} is ${p.status}`);
    const task = p.tasks.find((t) => t.stepId === 'phase-trigger' && t.status === 'open');
    if (!task) {
      const state = hpcState(p.data, p.input.variant);
      const costingMethod = (p.data?.['scope-agreement'] as { costingMethod?: string } | undefined)?.costingMethod ?? null;
      const running = state.phase ?? (p.input.variant === 'flash' ? 'flash appeal' : 'kickoff');
      const order = state.expected ? phaseOrderRefusal(dto.phase, state.expected, { planningFormat: await this.planningFormat(p.operationId), costingMethod }) : null;
      throw AppException.conflict(order ?? `phase ${running} is still running: it must end before phase ${dto.phase} can start`, { phase: running, phases: phaseSequence({ costingMethod }) });
    }
    return this.tasks.decide(auth, task.id, { decision: 'start', data: { phase: dto.phase, ...(dto.deadline ? { deadline: dto.deadline } : {}) }, comment: dto.comment }, idempotencyKey);
  }
}
