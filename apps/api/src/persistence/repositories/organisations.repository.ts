import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';
import { OrganisationEntity } from '../entities';
import { equals, findPage, likePattern } from './paging';

export type NewOrganisation = Pick<OrganisationEntity, 'name' | 'type'> & Partial<Pick<OrganisationEntity, 'riskLevel'>>;

@Injectable()
export class OrganisationsRepository {
  constructor(@InjectRepository(OrganisationEntity) private readonly repo: Repository<OrganisationEntity>) {}

  findById(id: string): Promise<OrganisationEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByIds(ids: string[]): Promise<OrganisationEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { id: In(ids) } });
  }

  list(query: ListQuery): Promise<Page<OrganisationEntity>> {
    return findPage(this.repo.createQueryBuilder('o'), query, {
      sortColumns: { id: 'o.id', name: 'o.name', type: 'o.type', riskLevel: 'o.riskLevel', createdAt: 'o.createdAt' },
      tieBreaker: 'o.id',
      filters: {
        q: (qb, v, p) => void qb.andWhere(`o.name ILIKE :${p}`, { [p]: likePattern(String(v)) }),
        id: (qb, v, p) => void qb.andWhere(`o.id IN (:...${p})`, { [p]: v }),
        type: equals('o.type'),
        riskLevel: equals('o.risk_level'),
      },
    });
  }

  findByName(name: string): Promise<OrganisationEntity | null> {
    return this.repo.createQueryBuilder('o').where('lower(o.name) = lower(:name)', { name }).getOne();
  }

  async insert(org: NewOrganisation): Promise<OrganisationEntity> {
    const result = await this.repo.insert(org);
    return (await this.findById(result.identifiers[0].id as string))!;
  }

  async update(id: string, changes: Partial<NewOrganisation>): Promise<OrganisationEntity | null> {
    if (Object.keys(changes).length > 0) await this.repo.update({ id }, changes);
    return this.findById(id);
  }
}
