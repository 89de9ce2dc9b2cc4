import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type Repository, type SelectQueryBuilder } from 'typeorm';
import { OPERATION_SCOPED_ROLES, SCOPED_ROLES, type Actor } from '@hpc/workflows/domain';
import type { ListQuery, Page } from '../../common/list-query';
import { TaskEntity } from '../entities';
import { findJsonPage, type JsonField, type JsonPage } from './json-rows';
import { applyPage, equals, findPage, likePattern, type PageOptions } from './paging';

/**
 * SQL form of `roleCoversScope` (workflows/domain/authorization.ts) for listing: the tasks whose roles the
 * actor holds with a covering scope. Four-eyes is left to the decision itself (it is per case, not per row).
 * test/integration/inbox-authorization.integration-spec.ts checks it against the domain function.
 */
export function whereActorMayDecide(qb: SelectQueryBuilder<TaskEntity>, actor: Actor, alias = 't'): void {
  const unscoped = actor.roles.filter((r) => !SCOPED_ROLES.includes(r));
  const operationRoles = actor.roles.filter((r) => OPERATION_SCOPED_ROLES.includes(r));
  qb.andWhere(
    new Brackets((w) => {
      w.where('false');
      if (unscoped.length > 0) w.orWhere(`${alias}.roles && :unscopedRoles::text[]`, { unscopedRoles: unscoped });
      if (operationRoles.length > 0 && (actor.operationScopes ?? []).length > 0) {
        w.orWhere(`(${alias}.roles && :operationRoles::text[] AND ${alias}.operation_id = ANY(:operationScopes::uuid[]))`, {
          operationRoles,
          operationScopes: actor.operationScopes,
        });
      }
      if (actor.roles.includes('cluster_lead') && actor.clusterScopes.length > 0) {
        w.orWhere(
          `('cluster_lead' = ANY(${alias}.roles) AND (${alias}.operation_id::text || '/' || ${alias}.sector) = ANY(:leadScopes::text[]))`,
          { leadScopes: actor.clusterScopes.map((s) => `${s.operationId}/${s.sector}`) },
        );
      }
      if (actor.roles.includes('partner') && actor.organisationId) {
        w.orWhere(`('partner' = ANY(${alias}.roles) AND ${alias}.organisation_id = :partnerOrg)`, { partnerOrg: actor.organisationId });
      }
    }),
  );
  // The per-task rules of the one authorisation function: ballots, lead agency, recusal.
  qb.andWhere(`(${alias}.assignee_id IS NULL OR ${alias}.assignee_id = :actorId)`, { actorId: actor.id });
  qb.andWhere(`(${alias}.lead_agency_id IS NULL OR ${alias}.lead_agency_id = :actorOrg::uuid)`, { actorOrg: actor.organisationId });
  qb.andWhere(`(${alias}.recusal_organisation_id IS NULL OR :actorOrg::uuid IS NULL OR ${alias}.recusal_organisation_id <> :actorOrg::uuid)`, { actorOrg: actor.organisationId });
}

export interface TaskScope {
  assignedTo?: Actor;
  organisationId?: string | null;
}

const TASK_PAGE: PageOptions<TaskEntity> = {
  sortColumns: {
    id: 't.id',
    dueAt: 't.dueAt',
    createdAt: 't.createdAt',
    updatedAt: 't.updatedAt',
    decidedAt: 't.decidedAt',
    stepId: 't.stepId',
    processType: 't.processType',
    status: 't.status',
    title: 't.title',
  },
  tieBreaker: 't.id',
  filters: {
    q: (qb, v, p) => void qb.andWhere(`(t.title ILIKE :${p} OR t.process_id ILIKE :${p})`, { [p]: likePattern(String(v)) }),
    id: (qb, v, p) => void qb.andWhere(`t.id IN (:...${p})`, { [p]: v }),
    status: equals('t.status'),
    processId: equals('t.process_id'),
    processType: equals('t.process_type'),
    stepId: equals('t.step_id'),
    overdue: equals('t.overdue'),
    operationId: equals('t.operation_id'),
    sector: equals('t.sector'),
    role: (qb, v, p) => void qb.andWhere(`:${p} = ANY(t.roles)`, { [p]: v }),
    // handled by the service (who the list is for), never as SQL here
    assigned: () => undefined,
  },
};

@Injectable()
export class TasksRepository {
  constructor(@InjectRepository(TaskEntity) private readonly repo: Repository<TaskEntity>) {}

  findById(id: string): Promise<TaskEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByProcess(processId: string): Promise<TaskEntity[]> {
    return this.repo.find({ where: { processId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** The user who decided the most recent step of the case (for four-eyes), or null. */
  async lastDeciderId(processId: string): Promise<string | null> {
    const rows: { id: string | null }[] = await this.repo.query(
      `SELECT decided_by->>'id' AS id FROM tasks WHERE process_id = $1 AND status = 'decided' ORDER BY decided_at DESC, last_seq DESC LIMIT 1`,
      [processId],
    );
    return rows[0]?.id ?? null;
  }

  /** `assignedTo`: only tasks that actor may decide; `organisationId`: only that organisation's tasks. */
  list(query: ListQuery, opts: TaskScope): Promise<Page<TaskEntity>> {
    return findPage(this.scoped(opts), query, TASK_PAGE);
  }

  /** The same page (same scope, filters, order, total) as JSON text built by PostgreSQL; `flagSql` over the page's rows. */
  listJson(query: ListQuery, opts: TaskScope, fields: readonly JsonField[], flagSql?: string): Promise<JsonPage> {
    return findJsonPage(applyPage(this.scoped(opts), query, TASK_PAGE), fields, { flagSql });
  }

  private scoped(opts: TaskScope): SelectQueryBuilder<TaskEntity> {
    const qb = this.repo.createQueryBuilder('t');
    if (opts.assignedTo) whereActorMayDecide(qb, opts.assignedTo);
    if (opts.organisationId) qb.andWhere('t.organisation_id = :ownOrg', { ownOrg: opts.organisationId });
    return qb;
  }
}
