// The one place that decides whether an actor may act on a scope or decide a task.
// The API's AuthorizationService, the workflows' update validators and the console all ask it.
import type { Actor } from './actor';
import { SCOPED_ROLES, type Role } from './roles';

/** What a task (or a process) is about, for scoped roles. Absent fields are unconstrained. */
export interface TaskScope {
  operationId?: string | null;
  sector?: string | null;
  organisationId?: string | null;
}

export type Denial =
  | { allowed: false; reason: 'role'; message: string }
  | { allowed: false; reason: 'scope'; message: string }
  | { allowed: false; reason: 'four-eyes'; message: string };
export type AuthorizationResult = { allowed: true; via: Role } | Denial;

/** Does this role, held by this actor, cover the scope? Unscoped roles cover everything. */
export function roleCoversScope(actor: Actor, role: Role, scope: TaskScope): boolean {
  if (!actor.roles.includes(role)) return false;
  if (!SCOPED_ROLES.includes(role)) return true;
  if (role === 'cluster_lead') {
    if (!scope.operationId || !scope.sector) return false;
    return actor.clusterScopes.some((s) => s.operationId === scope.operationId && s.sector === scope.sector);
  }
  // partner: scoped to one organisation
  return !!scope.organisationId && actor.organisationId === scope.organisationId;
}

export interface DecidableTask {
  roles: readonly Role[];
  scope: TaskScope;
  /** Four-eyes: the decider must not be the user who decided the previous step of the same case. */
  fourEyes?: boolean;
  previousDeciderId?: string | null;
}

/** May the actor decide this task? Role first, then scope, then four-eyes. */
export function authorizeDecision(actor: Actor, task: DecidableTask): AuthorizationResult {
  const held = task.roles.filter((r) => actor.roles.includes(r));
  if (held.length === 0) {
    return { allowed: false, reason: 'role', message: `this step needs one of the roles: ${task.roles.join(', ')}` };
  }
  const via = held.find((r) => roleCoversScope(actor, r, task.scope));
  if (!via) {
    return { allowed: false, reason: 'scope', message: 'this task is outside your cluster or organisation scope' };
  }
  if (task.fourEyes && task.previousDeciderId && task.previousDeciderId === actor.id) {
    return {
      allowed: false,
      reason: 'four-eyes',
      message: 'four-eyes rule: the previous step of this case was decided by you',
    };
  }
  return { allowed: true, via };
}

/** May the actor act on a scope with any of these roles (start a process, read a case)? */
export function authorizeScope(actor: Actor, roles: readonly Role[], scope: TaskScope): AuthorizationResult {
  return authorizeDecision(actor, { roles, scope });
}
