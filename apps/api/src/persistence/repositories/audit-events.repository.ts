import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEventEntity } from '../entities';
import { jsonArraySql, type JsonField } from './json-rows';

/** Read-only access to the append-only audit trail (rows are written by the worker's projection). */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly repo: Repository<AuditEventEntity>) {}

  /** Events of one case in `seq` order; `afterSeq`/`limit` page through a long history. */
  findByProcess(processId: string, opts: { afterSeq?: number; limit?: number } = {}): Promise<AuditEventEntity[]> {
    return this.pageQuery(processId, opts).getMany();
  }

  /** The same events as one JSON array text built by PostgreSQL (`fields`: the view's), and how many. */
  async findByProcessJson(processId: string, opts: { afterSeq?: number; limit?: number }, fields: readonly JsonField[]): Promise<{ items: string; count: number }> {
    const [sql, params] = this.pageQuery(processId, opts).select('e.*').getQueryAndParameters();
    const rows: { n: number; items: string }[] = await this.repo.query(jsonArraySql(sql, 'e', fields), params);
    return { items: rows[0].items, count: rows[0].n };
  }

  private pageQuery(processId: string, opts: { afterSeq?: number; limit?: number }) {
    const qb = this.repo
      .createQueryBuilder('e')
      .where('e.process_id = :processId', { processId })
      .orderBy('e.seq', 'ASC');
    if (opts.afterSeq) qb.andWhere('e.seq > :afterSeq', { afterSeq: opts.afterSeq });
    if (opts.limit) qb.limit(opts.limit);
    return qb;
  }

  count(processId: string): Promise<number> {
    return this.repo.count({ where: { processId } });
  }
}
