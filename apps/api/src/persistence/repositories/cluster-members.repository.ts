import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ClusterMemberStatus } from '@hpc/workflows/domain';
import { ClusterMemberEntity } from '../entities';

/** A membership row with its organisation's name and type, for the cluster page. */
export interface ClusterMemberRow extends ClusterMemberEntity {
  organisationName: string;
  organisationType: string;
}

@Injectable()
export class ClusterMembersRepository {
  constructor(@InjectRepository(ClusterMemberEntity) private readonly repo: Repository<ClusterMemberEntity>) {}

  find(clusterId: string, organisationId: string): Promise<ClusterMemberEntity | null> {
    return this.repo.findOne({ where: { clusterId, organisationId } });
  }

  /** Every row of the cluster (members, requests, and those who left), by organisation name. */
  async list(clusterId: string, status?: ClusterMemberStatus): Promise<ClusterMemberRow[]> {
    const qb = this.repo
      .createQueryBuilder('m')
      .innerJoin('organisations', 'o', 'o.id = m.organisation_id')
      .addSelect('o.name', 'organisation_name')
      .addSelect('o.type', 'organisation_type')
      .where('m.cluster_id = :clusterId', { clusterId })
      .orderBy('o.name', 'ASC');
    if (status) qb.andWhere('m.status = :status', { status });
    const { entities, raw } = await qb.getRawAndEntities<{ organisation_name: string; organisation_type: string; m_organisation_id: string }>();
    const byOrg = new Map(raw.map((r) => [r.m_organisation_id, r]));
    return entities.map((e) => {
      const r = byOrg.get(e.organisationId)!;
      return Object.assign(e, { organisationName: r.organisation_name, organisationType: r.organisation_type });
    });
  }

  /** Insert or overwrite the membership of one organisation in one cluster. */
  async upsert(row: Pick<ClusterMemberEntity, 'clusterId' | 'organisationId' | 'status' | 'joinedAt' | 'leftAt' | 'requestedBy'>): Promise<ClusterMemberEntity> {
    await this.repo.upsert({ ...row, updatedAt: new Date() }, ['clusterId', 'organisationId']);
    return (await this.find(row.clusterId, row.organisationId))!;
  }

  async remove(clusterId: string, organisationId: string): Promise<void> {
    await this.repo.delete({ clusterId, organisationId });
  }
}
