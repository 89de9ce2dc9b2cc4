import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { AuditEventEntity } from '../entities';

/** Read-only access to the append-only audit trail (rows are written by the worker's projection). */
@Injectable()
export class AuditEventsRepository {
  constructor(@InjectRepository(AuditEventEntity) private readonly repo: Repository<AuditEventEntity>) {}

  /** Events of one case in `seq` order; `afterSeq`/`limit` page through a long history. */
  findByProcess(processId: string, opts: { afterSeq?: number; limit?: number } = {}): Promise<AuditEventEntity[]> {
    const qb = this.repo
      .createQueryBuilder('e')
      .where('e.process_id = :processId', { processId })
      .orderBy('e.seq', 'ASC');
    if (opts.afterSeq) qb.andWhere('e.seq > :afterSeq', { afterSeq: opts.afterSeq });
    if (opts.limit) qb.limit(opts.limit);
    return qb.getMany();
  }

  count(processId: string): Promise<number> {
    return this.repo.count({ where: { processId } });
  }
}
