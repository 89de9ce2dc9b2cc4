import type { Role } from './roles';
import type { ClusterScope } from './reference';

/** The verified caller, as the API derives it from the token and hands it to workflows. */
export interface Actor {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  clusterScopes: ClusterScope[];
  organisationId: string | null;
}

/** The actor recorded on audit events: a user, or the system itself (timers, automatic steps). */
export type AuditActor =
  | { kind: 'user'; id: string; username: string; displayName: string; roles: Role[] }
  | { kind: 'system' };

export const SYSTEM_ACTOR: AuditActor = { kind: 'system' };

export function auditActorOf(actor: Actor): AuditActor {
  return { kind: 'user', id: actor.id, username: actor.username, displayName: actor.displayName, roles: actor.roles };
}
