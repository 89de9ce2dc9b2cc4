import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';
import { ClusterEntity } from '../entities';
import { findPage, likePattern } from './paging';

@Injectable()
export class ClustersRepository {
  constructor(@InjectRepository(ClusterEntity) private readonly repo: Repository<ClusterEntity>) {}

  findById(id: string): Promise<ClusterEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByOperationAndSector(operationId: string, sector: string): Promise<ClusterEntity | null> {
    return this.repo.findOne({ where: { operationId, sector } });
  }

  list(query: ListQuery): Promise<Page<ClusterEntity>> {
    return findPage(this.repo.createQueryBuilder('c'), query, {
      sortColumns: {
        id: 'c.id',
        sector: 'c.sector',
        status: 'c.status',
        leadAgency: 'c.leadAgency',
        activatedAt: 'c.activatedAt',
        createdAt: 'c.createdAt',
      },
      tieBreaker: 'c.id',
      filters: {
        q: (qb, v, p) => void qb.andWhere(`(c.sector ILIKE :${p} OR c.lead_agency ILIKE :${p})`, { [p]: likePattern(String(v)) }),
        id: (qb, v, p) => void qb.andWhere(`c.id IN (:...${p})`, { [p]: v }),
        operationId: (qb, v, p) => void qb.andWhere(`c.operation_id = :${p}`, { [p]: v }),
        sector: (qb, v, p) => void qb.andWhere(`c.sector = :${p}`, { [p]: v }),
        status: (qb, v, p) => void qb.andWhere(`c.status = :${p}`, { [p]: v }),
        parentClusterId: (qb, v, p) => void qb.andWhere(`c.parent_cluster_id = :${p}`, { [p]: v }),
      },
    });
  }
}
