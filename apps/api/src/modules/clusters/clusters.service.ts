import { Injectable } from '@nestjs/common';
import { ALL_SECTORS, CLUSTER_STATUSES, type Actor } from '../../../../../workflows/domain';
import { AppException } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import type { ClusterEntity } from '../../persistence/entities';
import { ClustersRepository } from '../../persistence/repositories';
import type { ClusterDto } from './dtos/cluster.dto';

export const CLUSTERS_LIST: ListSpec = {
  resource: 'clusters',
  sortable: ['id', 'sector', 'status', 'leadAgency', 'activatedAt', 'createdAt'],
  defaultSort: ['sector', 'ASC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'uuid' },
    operationId: { type: 'uuid' },
    sector: { type: 'enum', values: ALL_SECTORS },
    status: { type: 'enum', values: CLUSTER_STATUSES },
    parentClusterId: { type: 'uuid' },
  },
};

@Injectable()
export class ClustersService {
  constructor(private readonly clusters: ClustersRepository) {}

  async list(_auth: Actor, query: ListQuery): Promise<Page<ClusterDto>> {
    const page = await this.clusters.list(query);
    return { items: page.items.map(toClusterDto), total: page.total };
  }

  async get(_auth: Actor, id: string): Promise<ClusterDto> {
    const cluster = await this.clusters.findById(id);
    if (!cluster) throw AppException.notFound('cluster', id);
    return toClusterDto(cluster);
  }
}

export function toClusterDto(c: ClusterEntity): ClusterDto {
  return {
    id: c.id,
    operationId: c.operationId,
    sector: c.sector,
    parentClusterId: c.parentClusterId,
    leadAgency: c.leadAgency,
    coLeadAgency: c.coLeadAgency,
    status: c.status,
    activatedAt: c.activatedAt ? c.activatedAt.toISOString() : null,
    deactivatedAt: c.deactivatedAt ? c.deactivatedAt.toISOString() : null,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
