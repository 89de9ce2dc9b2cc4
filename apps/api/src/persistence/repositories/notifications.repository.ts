import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';
import { NotificationEntity } from '../entities';
import { equals, findPage } from './paging';

@Injectable()
export class NotificationsRepository {
  constructor(@InjectRepository(NotificationEntity) private readonly repo: Repository<NotificationEntity>) {}

  /** `readScope`: the read rule as SQL over `processes` aliased `p` (a notification of a case the user may no longer read is hidden). */
  listForUser(userId: string, query: ListQuery, readScope: { sql: string; params: Record<string, unknown> } | null = null): Promise<Page<NotificationEntity>> {
    const qb = this.repo.createQueryBuilder('n').where('n.user_id = :userId', { userId });
    if (readScope) qb.andWhere(`(n.process_id IS NULL OR EXISTS (SELECT 1 FROM processes p WHERE p.id = n.process_id AND ${readScope.sql}))`, readScope.params);
    return findPage(qb, query, {
      sortColumns: { createdAt: 'n.createdAt', id: 'n.id' },
      tieBreaker: 'n.id',
      filters: {
        unread: (qb, v) => void qb.andWhere(v ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL'),
        type: equals('n.type'),
        processId: equals('n.process_id'),
      },
    });
  }

  /** Mark one of the user's notifications read; false when it is not theirs or does not exist. */
  async markRead(userId: string, id: string): Promise<NotificationEntity | null> {
    const found = await this.repo.findOne({ where: { id, userId } });
    if (!found) return null;
    if (!found.readAt) {
      await this.repo.update({ id, userId, readAt: IsNull() }, { readAt: new Date() });
      return this.repo.findOne({ where: { id, userId } });
    }
    return found;
  }
}
