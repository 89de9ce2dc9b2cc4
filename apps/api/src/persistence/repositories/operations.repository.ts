import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';
import { OperationEntity } from '../entities';
import { findPage, likePattern } from './paging';

export type OperationFields = Pick<OperationEntity, 'name' | 'countryIso3' | 'type'> & Partial<Pick<OperationEntity, 'settings'>>;

@Injectable()
export class OperationsRepository {
  constructor(@InjectRepository(OperationEntity) private readonly repo: Repository<OperationEntity>) {}

  findById(id: string): Promise<OperationEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** Ids among these that name no operation (validating a user's operationScopes). */
  async missingIds(ids: string[]): Promise<string[]> {
    const found = new Set((await this.findByIds([...new Set(ids)])).map((o) => o.id));
    return ids.filter((id) => !found.has(id));
  }

  findByIds(ids: string[]): Promise<OperationEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { id: In(ids) } });
  }

  list(query: ListQuery): Promise<Page<OperationEntity>> {
    return findPage(this.repo.createQueryBuilder('op'), query, {
      sortColumns: { id: 'op.id', name: 'op.name', countryIso3: 'op.countryIso3', type: 'op.type', createdAt: 'op.createdAt' },
      tieBreaker: 'op.id',
      filters: {
        q: (qb, v, p) => void qb.andWhere(`op.name ILIKE :${p}`, { [p]: likePattern(String(v)) }),
        id: (qb, v, p) => void qb.andWhere(`op.id IN (:...${p})`, { [p]: v }),
        type: (qb, v, p) => void qb.andWhere(`op.type = :${p}`, { [p]: v }),
        countryIso3: (qb, v, p) => void qb.andWhere(`op.country_iso3 = :${p}`, { [p]: String(v).toUpperCase() }),
      },
    });
  }

  async insert(op: OperationFields): Promise<OperationEntity> {
    const result = await this.repo.insert(op);
    return (await this.findById(result.identifiers[0].id as string))!;
  }

  async update(id: string, changes: Partial<OperationFields>): Promise<OperationEntity | null> {
    if (Object.keys(changes).length > 0) await this.repo.update({ id }, changes);
    return this.findById(id);
  }
}
