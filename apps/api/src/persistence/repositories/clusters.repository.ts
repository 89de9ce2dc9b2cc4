import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';
import { ClusterEntity } from '../entities';
import { equals, findPage, likePattern } from './paging';

@Injectable()
export class ClustersRepository {
  constructor(@InjectRepository(ClusterEntity) private readonly repo: Repository<ClusterEntity>) {}

  findById(id: string): Promise<ClusterEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  findByOperationAndSector(operationId: string, sector: string): Promise<ClusterEntity | null> {
    return this.repo.findOne({ where: { operationId, sector } });
  }

  findByIds(ids: string[]): Promise<ClusterEntity[]> {
    return ids.length === 0 ? Promise.resolve([]) : this.repo.find({ where: { id: In(ids) } });
  }

  /** The Areas of Responsibility under these (Protection) clusters. */
  findChildren(parentClusterIds: string[]): Promise<ClusterEntity[]> {
    return parentClusterIds.length === 0
      ? Promise.resolve([])
      : this.repo.find({ where: { parentClusterId: In(parentClusterIds) }, order: { sector: 'ASC' } });
  }

  list(query: ListQuery): Promise<Page<ClusterEntity>> {
    return findPage(this.repo.createQueryBuilder('c'), query, {
      sortColumns: {
        id: 'c.id',
        sector: 'c.sector',
        status: 'c.status',
        leadAgency: 'c.leadAgency',
        leadAgencyId: 'c.leadAgencyId',
        activatedAt: 'c.activatedAt',
        createdAt: 'c.createdAt',
      },
      tieBreaker: 'c.id',
      filters: {
        // Free text matches the sector or the name of the lead / co-lead agency.
        q: (qb, v, p) =>
          void qb.andWhere(
            `(c.sector ILIKE :${p} OR EXISTS (SELECT 1 FROM organisations o
               WHERE o.id IN (c.lead_agency_id, c.co_lead_agency_id) AND o.name ILIKE :${p}))`,
            { [p]: likePattern(String(v)) },
          ),
        id: (qb, v, p) => void qb.andWhere(`c.id IN (:...${p})`, { [p]: v }),
        operationId: equals('c.operation_id'),
        sector: equals('c.sector'),
        status: equals('c.status'),
        parentClusterId: equals('c.parent_cluster_id'),
        leadAgencyId: (qb, v, p) => void qb.andWhere(`(c.lead_agency_id = :${p} OR c.co_lead_agency_id = :${p})`, { [p]: v }),
        memberOrganisationId: (qb, v, p) =>
          void qb.andWhere(
            `EXISTS (SELECT 1 FROM cluster_members m WHERE m.cluster_id = c.id AND m.organisation_id = :${p} AND m.status = 'member')`,
            { [p]: v },
          ),
      },
    });
  }
}
