// The one global guard: every route needs a valid bearer token unless it is @Public(); @Roles() → 403.
// The token names the user; who they are now (active, roles, scopes, token version) comes from the users
// table on every request (cached a few seconds), so a deactivated user or a revoked token is refused at once.
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor, Role } from '@hpc/workflows/domain';
import { AppException, ErrorCode } from '../common/errors';
import { IS_PUBLIC_KEY, ROLES_KEY } from './decorators';
import { TokenService } from './token.service';
import { UserStateService } from './user-state.service';

export const INACTIVE_ACCOUNT = 'account not found or inactive';
export const TOKEN_REVOKED = 'token has been revoked (password, roles or status changed); log in again';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly users: UserStateService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { user?: Actor }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header.trim()) : null;
    if (!match) throw new AppException(ErrorCode.Unauthenticated, 'missing bearer token');
    const token = this.tokens.verify(match[1]);
    if (!token) throw new AppException(ErrorCode.Unauthenticated, 'invalid or expired token');
    const state = await this.users.current(token.userId);
    if (!state || !state.active) throw new AppException(ErrorCode.Unauthenticated, INACTIVE_ACCOUNT);
    if (state.tokenVersion !== token.tokenVersion) throw new AppException(ErrorCode.Unauthenticated, TOKEN_REVOKED);
    const actor = state.actor;
    req.user = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && roles.length > 0 && !roles.some((r) => actor.roles.includes(r))) {
      throw new AppException(ErrorCode.Forbidden, `this action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
