import type { Role } from './roles';
import type { ClusterScope } from './reference';

/** The verified caller, as the API derives it from the current user row and hands it to workflows. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  /** (operation, sector) pairs of a cluster_lead. */
  clusterScopes: ClusterScope[];
  /** Operation ids an hc / ocha / advisory_board user acts in. */
  operationScopes: string[];
  /** The user's organisation (a partner's, or a cluster lead's agency); recusal and lead-agency rules read it. */
  organisationId: string | null;
  /** A partner user who may countersign grant agreements for their organisation. */
  authorisedSignatory: boolean;
  /** Acting through a delegation: the roles and scopes above are the delegator's, narrowed to the delegation. */
  onBehalfOf?: OnBehalfOf | null;
}

/** The delegator a delegate acts for (four-eyes and recusal look at both people). */
export interface OnBehalfOf {
  id: string;
  displayName: string;
  roles: Role[];
  organisationId: string | null;
  delegationId: number;
}

/** The actor recorded on audit events: a user, or the system itself (timers, automatic steps). */
export type AuditActor =
  | { kind: 'user'; id: string; username: string; displayName: string; roles: Role[]; organisationId?: string | null; authorisedSignatory?: boolean; onBehalfOf?: OnBehalfOf }
  | { kind: 'system' };

export const SYSTEM_ACTOR: AuditActor = { kind: 'system' };

export function auditActorOf(actor: Actor): AuditActor {
  const by: AuditActor = { kind: 'user', id: actor.id, username: actor.username, displayName: actor.displayName, roles: actor.roles };
  // Only when present: the trail of a decision made in one's own right is unchanged (and replays as before).
  return actor.onBehalfOf ? { ...by, onBehalfOf: { ...actor.onBehalfOf } } : by;
}
