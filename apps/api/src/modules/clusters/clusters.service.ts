import { Injectable } from '@nestjs/common';
import { ALL_SECTORS, CLUSTER_STATUSES, roleCoversScope, type Actor, type ClusterStatus } from '@hpc/workflows/domain';
import { AppException, ErrorCode } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import type { ClusterEntity, ClusterMemberEntity } from '../../persistence/entities';
import { ClusterMembersRepository, ClustersRepository, OrganisationsRepository } from '../../persistence/repositories';
import type { ClusterMemberRow } from '../../persistence/repositories/cluster-members.repository';
import type { AddClusterMemberDto, ClusterDto, ClusterMemberDto, UpdateClusterMemberDto } from './dtos/cluster.dto';

export const CLUSTERS_LIST: ListSpec = {
  resource: 'clusters',
  sortable: ['id', 'sector', 'status', 'leadAgency', 'leadAgencyId', 'activatedAt', 'createdAt'],
  defaultSort: ['sector', 'ASC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'uuid' },
    operationId: { type: 'uuid' },
    sector: { type: 'enum', values: ALL_SECTORS },
    status: { type: 'enum', values: CLUSTER_STATUSES },
    parentClusterId: { type: 'uuid' },
    leadAgencyId: { type: 'uuid' },
    memberOrganisationId: { type: 'uuid' },
  },
};

export const MANAGE_MEMBERS_DENIED = "only an admin, the operation's OCHA or a lead of this cluster may manage its members";
export const PARTNER_OWN_ORGANISATION_ONLY = 'a partner may only ask to join for its own organisation';
/** Organisations join clusters that coordinate, not those that ended or never started. */
const OPEN_STATUSES: readonly ClusterStatus[] = ['proposed', 'active', 'in-transition'];

@Injectable()
export class ClustersService {
  constructor(
    private readonly clusters: ClustersRepository,
    private readonly members: ClusterMembersRepository,
    private readonly organisations: OrganisationsRepository,
  ) {}

  async list(_auth: Actor, query: ListQuery): Promise<Page<ClusterDto>> {
    const page = await this.clusters.list(query);
    return { items: await this.toDtos(page.items), total: page.total };
  }

  async get(_auth: Actor, id: string): Promise<ClusterDto> {
    return (await this.toDtos([await this.find(id)]))[0];
  }

  async listMembers(_auth: Actor, clusterId: string): Promise<ClusterMemberDto[]> {
    await this.find(clusterId);
    return (await this.members.list(clusterId)).map(toMemberDto);
  }

  /** A manager adds a member at once; a partner asks to join for its own organisation (status 'requested'). */
  async addMember(auth: Actor, clusterId: string, dto: AddClusterMemberDto): Promise<ClusterMemberDto> {
    const cluster = await this.find(clusterId);
    const manager = this.mayManage(auth, cluster);
    if (!manager) {
      if (!auth.roles.includes('partner')) throw AppException.forbidden(MANAGE_MEMBERS_DENIED);
      if (!auth.organisationId || auth.organisationId !== dto.organisationId) throw AppException.forbidden(PARTNER_OWN_ORGANISATION_ONLY);
    }
    const org = await this.organisations.findById(dto.organisationId);
    if (!org) throw AppException.validation('organisationId does not reference an existing organisation');
    if (!OPEN_STATUSES.includes(cluster.status)) {
      throw AppException.conflict(`this cluster is ${cluster.status}: organisations join only a proposed, active or in-transition cluster`);
    }
    const current = await this.members.find(clusterId, org.id);
    if (current?.status === 'member') throw AppException.conflict(`${org.name} is already a member of this cluster`);
    if (current?.status === 'requested' && !manager) throw AppException.conflict(`${org.name} has already asked to join this cluster`);
    const now = new Date();
    await this.members.upsert(
      manager
        ? { clusterId, organisationId: org.id, status: 'member', joinedAt: now, leftAt: null, requestedBy: current?.status === 'requested' ? current.requestedBy : null }
        : { clusterId, organisationId: org.id, status: 'requested', joinedAt: null, leftAt: null, requestedBy: auth.id },
    );
    return this.memberDto(clusterId, org.id);
  }

  /** A manager approves a request (or re-admits) with 'member', or ends a membership with 'left'. */
  async updateMember(auth: Actor, clusterId: string, organisationId: string, dto: UpdateClusterMemberDto): Promise<ClusterMemberDto> {
    const cluster = await this.find(clusterId);
    if (!this.mayManage(auth, cluster)) throw AppException.forbidden(MANAGE_MEMBERS_DENIED);
    const current = await this.findMember(clusterId, organisationId);
    if (dto.status === 'member') {
      if (current.status === 'member') throw AppException.conflict('this organisation is already a member of this cluster');
      if (!OPEN_STATUSES.includes(cluster.status)) {
        throw AppException.conflict(`this cluster is ${cluster.status}: organisations join only a proposed, active or in-transition cluster`);
      }
      await this.members.upsert({ ...pick(current), status: 'member', joinedAt: new Date(), leftAt: null });
    } else {
      if (current.status !== 'member') {
        throw AppException.conflict(`only a member can leave; this organisation's status is ${current.status} (a pending request is declined with DELETE)`);
      }
      await this.members.upsert({ ...pick(current), status: 'left', leftAt: new Date() });
    }
    return this.memberDto(clusterId, organisationId);
  }

  /** A member leaves (kept, with its dates); a pending request is withdrawn or declined (removed). */
  async removeMember(auth: Actor, clusterId: string, organisationId: string): Promise<void> {
    const cluster = await this.find(clusterId);
    const own = auth.roles.includes('partner') && !!auth.organisationId && auth.organisationId === organisationId;
    if (!this.mayManage(auth, cluster) && !own) throw AppException.forbidden(MANAGE_MEMBERS_DENIED);
    const current = await this.findMember(clusterId, organisationId);
    if (current.status === 'requested') await this.members.remove(clusterId, organisationId);
    else if (current.status === 'member') await this.members.upsert({ ...pick(current), status: 'left', leftAt: new Date() });
  }

  /** Admin anywhere; OCHA in its operations; a cluster lead of this (operation, sector). */
  mayManage(auth: Actor, cluster: ClusterEntity): boolean {
    const scope = { operationId: cluster.operationId, sector: cluster.sector };
    return (['admin', 'ocha', 'cluster_lead'] as const).some((r) => roleCoversScope(auth, r, scope));
  }

  private async find(id: string): Promise<ClusterEntity> {
    const cluster = await this.clusters.findById(id);
    if (!cluster) throw AppException.notFound('cluster', id);
    return cluster;
  }

  private async findMember(clusterId: string, organisationId: string): Promise<ClusterMemberEntity> {
    const row = await this.members.find(clusterId, organisationId);
    if (!row) throw new AppException(ErrorCode.NotFound, `organisation ${organisationId} is neither a member of cluster ${clusterId} nor asking to join it`);
    return row;
  }

  private async memberDto(clusterId: string, organisationId: string): Promise<ClusterMemberDto> {
    const row = (await this.members.list(clusterId)).find((m) => m.organisationId === organisationId)!;
    return toMemberDto(row);
  }

  /** Clusters with their agencies' names, their parent's sector and (for Protection) their AoRs, in three queries. */
  private async toDtos(clusters: ClusterEntity[]): Promise<ClusterDto[]> {
    const orgIds = [...new Set(clusters.flatMap((c) => [c.leadAgencyId, c.coLeadAgencyId]).filter((id): id is string => !!id))];
    const parentIds = [...new Set(clusters.map((c) => c.parentClusterId).filter((id): id is string => !!id))];
    const [orgs, parents, children] = await Promise.all([
      this.organisations.findByIds(orgIds),
      this.clusters.findByIds(parentIds),
      this.clusters.findChildren(clusters.map((c) => c.id)),
    ]);
    const orgName = new Map(orgs.map((o) => [o.id, o.name]));
    const parentSector = new Map(parents.map((p) => [p.id, p.sector]));
    return clusters.map((c) => ({
      id: c.id,
      operationId: c.operationId,
      sector: c.sector,
      parentClusterId: c.parentClusterId,
      parentSector: c.parentClusterId ? parentSector.get(c.parentClusterId) ?? null : null,
      leadAgencyId: c.leadAgencyId,
      // Rows written before the ids were set by every writer still carry the name as text.
      leadAgency: (c.leadAgencyId ? orgName.get(c.leadAgencyId) : null) ?? c.leadAgency ?? null,
      coLeadAgencyId: c.coLeadAgencyId,
      coLeadAgency: (c.coLeadAgencyId ? orgName.get(c.coLeadAgencyId) : null) ?? c.coLeadAgency ?? null,
      coordinatorName: c.coordinatorName,
      informationManagerName: c.informationManagerName,
      status: c.status,
      activatedAt: c.activatedAt ? c.activatedAt.toISOString() : null,
      deactivatedAt: c.deactivatedAt ? c.deactivatedAt.toISOString() : null,
      areasOfResponsibility: children.filter((k) => k.parentClusterId === c.id).map((k) => ({ id: k.id, sector: k.sector, status: k.status })),
      createdAt: c.createdAt.toISOString(),
      updatedAt: c.updatedAt.toISOString(),
    }));
  }
}

function pick(m: ClusterMemberEntity): Pick<ClusterMemberEntity, 'clusterId' | 'organisationId' | 'status' | 'joinedAt' | 'leftAt' | 'requestedBy'> {
  return { clusterId: m.clusterId, organisationId: m.organisationId, status: m.status, joinedAt: m.joinedAt, leftAt: m.leftAt, requestedBy: m.requestedBy };
}

export function toMemberDto(m: ClusterMemberRow): ClusterMemberDto {
  return {
    clusterId: m.clusterId,
    organisationId: m.organisationId,
    organisationName: m.organisationName,
    organisationType: m.organisationType,
    status: m.status,
    joinedAt: m.joinedAt ? m.joinedAt.toISOString() : null,
    leftAt: m.leftAt ? m.leftAt.toISOString() : null,
    requestedBy: m.requestedBy,
  };
}
