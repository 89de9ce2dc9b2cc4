// Who a fan-out or a vote is for, resolved when the step opens: the active clusters of an operation, a
// cluster's member organisations, invited organisations, or the users who vote in a collective step.
import { Injectable } from '@nestjs/common';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { toActor } from '../../apps/api/src/auth/actor.mapper';
import { roleCoversScope } from '@hpc/workflows/domain/authorization';
import type { FanOutMember, MembershipActivities, ResolveMembersRequest, ResolveVotersRequest, Voter } from '@hpc/workflows/contracts/activities';

@Injectable()
export class MembershipActivitiesService implements MembershipActivities {
  constructor(private readonly dataSource: DataSource) {}

  async resolveMembers(req: ResolveMembersRequest): Promise<FanOutMember[]> {
    switch (req.set) {
      case 'active-clusters': {
        const rows: { id: string; operation_id: string; sector: string }[] = await this.dataSource.query(
          `SELECT id, operation_id, sector FROM clusters WHERE operation_id = $1 AND status = 'active' ORDER BY sector`,
          [req.operationId],
        );
        return rows.map((r) => ({ key: r.sector, label: r.sector, operationId: r.operation_id, sector: r.sector, organisationId: null, clusterId: r.id }));
      }
      case 'cluster-members': {
        const rows: { id: string; name: string }[] = await this.dataSource.query(
          `SELECT o.id, o.name FROM cluster_members m JOIN organisations o ON o.id = m.organisation_id
           WHERE m.cluster_id = $1 AND m.status = 'member' ORDER BY o.name`,
          [req.clusterId],
        );
        return rows.map((r) => ({ key: r.id, label: r.name, operationId: req.operationId, sector: req.sector, organisationId: r.id, clusterId: req.clusterId }));
      }
      case 'invited-organisations': {
        const ids = req.organisationIds ?? [];
        if (ids.length === 0) return [];
        const rows: { id: string; name: string }[] = await this.dataSource.query(`SELECT id, name FROM organisations WHERE id = ANY($1::uuid[]) ORDER BY name`, [ids]);
        return rows.map((r) => ({ key: r.id, label: r.name, operationId: req.operationId, sector: req.sector, organisationId: r.id, clusterId: req.clusterId }));
      }
      default:
        throw ApplicationFailure.nonRetryable(`unknown member set "${req.set}"`, 'UnknownMemberSet');
    }
  }

  /** The active users who hold one of the roles with a scope covering the case (e.g. the Advisory Board of the operation). */
  async resolveVoters(req: ResolveVotersRequest): Promise<Voter[]> {
    const rows: {
      id: string; username: string; display_name: string; roles: string[]; cluster_scopes: { operationId: string; sector: string }[];
      operation_scopes: string[]; organisation_id: string | null; authorised_signatory: boolean;
    }[] = await this.dataSource.query(
      `SELECT id, username, display_name, roles, cluster_scopes, operation_scopes::text[] AS operation_scopes, organisation_id, authorised_signatory
       FROM users WHERE active AND roles && $1::text[] ORDER BY display_name, id`,
      [req.roles],
    );
    const scope = { operationId: req.operationId, sector: req.sector };
    return rows
      .filter((u) => {
        const actor = toActor({ id: u.id, username: u.username, displayName: u.display_name, roles: u.roles as never, clusterScopes: u.cluster_scopes, operationScopes: u.operation_scopes, organisationId: u.organisation_id, authorisedSignatory: u.authorised_signatory });
        return req.roles.some((r) => roleCoversScope(actor, r, scope));
      })
      .map((u) => ({ id: u.id, displayName: u.display_name, organisationId: u.organisation_id }));
  }
}
