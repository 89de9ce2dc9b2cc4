// The one mapping from a user row to the Actor the authorisation function reads: every place that builds an
// Actor from a user (the guard, login, the projection's notifications) goes through here, so no scope is forgotten.
import type { Actor, ClusterScope, Role } from '@hpc/workflows/domain';

/** The user fields an Actor is made of (a UserEntity, or a raw row mapped to these names). */
export interface ActorSource {
  id: string;
  username: string;
  displayName: string;
  roles: readonly Role[];
  clusterScopes?: readonly ClusterScope[] | null;
  operationScopes?: readonly string[] | null;
  organisationId?: string | null;
  authorisedSignatory?: boolean | null;
}

export function toActor(user: ActorSource): Actor {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    roles: [...user.roles],
    clusterScopes: (user.clusterScopes ?? []).map((s) => ({ operationId: s.operationId, sector: s.sector })),
    operationScopes: [...(user.operationScopes ?? [])],
    organisationId: user.organisationId ?? null,
    authorisedSignatory: user.authorisedSignatory === true,
  };
}
