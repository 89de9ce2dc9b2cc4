// "May this user do X on this scope?" for the whole API, answered by workflows/domain/authorization.ts.
import { Injectable } from '@nestjs/common';
import {
  authorizeDecision,
  authorizeScope,
  roleCoversScope,
  type Actor,
  type AuthorizationResult,
  type DecidableTask,
  type Role,
  type TaskScope,
} from '@hpc/workflows/domain';
import { AppException, ErrorCode } from '../common/errors';

@Injectable()
export class AuthorizationService {
  hasAnyRole(actor: Actor, roles: readonly Role[]): boolean {
    return roles.some((r) => actor.roles.includes(r));
  }

  /** 403 unless the actor holds one of the roles. */
  assertAnyRole(actor: Actor, roles: readonly Role[]): void {
    if (!this.hasAnyRole(actor, roles)) throw AppException.forbidden(`this action needs one of the roles: ${roles.join(', ')}`);
  }

  coversScope(actor: Actor, role: Role, scope: TaskScope): boolean {
    return roleCoversScope(actor, role, scope);
  }

  /** May the actor act on this scope with one of these roles (start a process, read a case)? */
  checkScope(actor: Actor, roles: readonly Role[], scope: TaskScope): AuthorizationResult {
    return authorizeScope(actor, roles, scope);
  }

  assertScope(actor: Actor, roles: readonly Role[], scope: TaskScope): Role {
    const result = authorizeScope(actor, roles, scope);
    if (!result.allowed) throw AppException.forbidden(result.message);
    return result.via;
  }

  /** Role, then scope, then four-eyes. */
  checkDecision(actor: Actor, task: DecidableTask): AuthorizationResult {
    return authorizeDecision(actor, task);
  }

  assertDecision(actor: Actor, task: DecidableTask): Role {
    const result = authorizeDecision(actor, task);
    if (!result.allowed) throw new AppException(ErrorCode.Forbidden, result.message, 403, { reason: result.reason });
    return result.via;
  }
}
