import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';
import { ProcessEntity } from '../entities';
import { findJsonPage, type JsonField, type JsonPage } from './json-rows';
import { applyPage, equals, findPage, likePattern, type PageOptions } from './paging';

export interface SubmissionRow {
  id: string;
  step_id: string;
  kind: string;
  submitted_by: unknown;
  organisation_id: string | null;
  data: unknown;
  child_process_id: string | null;
  status: string;
  at: Date;
}

type ReadScopeSql = { sql: string; params: Record<string, unknown> };

const PROCESS_PAGE: PageOptions<ProcessEntity> = {
  sortColumns: {
    id: 'p.id', type: 'p.type', status: 'p.status', title: 'p.title', startedAt: 'p.startedAt', updatedAt: 'p.updatedAt', nextDueAt: 'p.nextDueAt',
    // "Overdue first": the most overdue tasks, then the earliest next due time (index processes_overdue_first_idx).
    overdueCount: { column: 'p.overdueCount', then: ['p.nextDueAt', 'ASC'] },
  },
  tieBreaker: 'p.id',
  filters: {
    q: (qb, v, p) => void qb.andWhere(`(p.title ILIKE :${p} OR p.id ILIKE :${p})`, { [p]: likePattern(String(v)) }),
    id: (qb, v, p) => void qb.andWhere(`p.id IN (:...${p})`, { [p]: v }),
    type: equals('p.type'),
    status: equals('p.status'),
    operationId: equals('p.operation_id'),
    clusterId: equals('p.cluster_id'),
    sector: equals('p.sector'),
    awaitingRole: (qb, v, p) => void qb.andWhere(`:${p} = ANY(p.awaiting_roles)`, { [p]: v }),
    parentProcessId: equals('p.parent_process_id'),
    incident: (qb, v) => void qb.andWhere(v ? 'p.incident IS NOT NULL' : 'p.incident IS NULL'),
  },
};

/** Read side of the process read model (rows are written only by the worker's projection). */
@Injectable()
export class ProcessesRepository {
  constructor(@InjectRepository(ProcessEntity) private readonly repo: Repository<ProcessEntity>) {}

  findById(id: string): Promise<ProcessEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** `readScope`: the SQL form of the read rule (modules/processes/read-scope.ts); null reads every case. */
  list(query: ListQuery, readScope: ReadScopeSql | null): Promise<Page<ProcessEntity>> {
    return findPage(this.scoped(readScope), query, PROCESS_PAGE);
  }

  /** The same page (same scope, filters, order, total) as JSON text built by PostgreSQL: `fields` are the view's. */
  listJson(query: ListQuery, readScope: ReadScopeSql | null, fields: readonly JsonField[]): Promise<JsonPage> {
    return findJsonPage(applyPage(this.scoped(readScope), query, PROCESS_PAGE), fields);
  }

  private scoped(readScope: ReadScopeSql | null) {
    const qb = this.repo.createQueryBuilder('p');
    if (readScope) qb.andWhere(readScope.sql, readScope.params);
    return qb;
  }

  /** Submissions of a case, all or one organisation's (anonymous ones have no submitter and no organisation). */
  submissionsOf(processId: string, organisationId: string | null): Promise<SubmissionRow[]> {
    return this.repo.query(
      `SELECT id, step_id, kind, submitted_by, organisation_id, data, child_process_id, status, at FROM submissions
       WHERE process_id = $1 AND ($2::uuid IS NULL OR organisation_id = $2) ORDER BY at, id`,
      [processId, organisationId],
    );
  }

  /** Does an organisation have a task or a submission in this case? */
  async involvesOrganisation(processId: string, organisationId: string): Promise<boolean> {
    const rows: unknown[] = await this.repo.query(
      `SELECT 1 FROM tasks WHERE process_id = $1 AND organisation_id = $2
       UNION ALL SELECT 1 FROM submissions WHERE process_id = $1 AND organisation_id = $2 LIMIT 1`,
      [processId, organisationId],
    );
    return rows.length > 0;
  }
}
