// The one global guard: every route needs a valid bearer token unless it is @Public(); @Roles() → 403.
import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import type { Actor, Role } from '../../../../workflows/domain';
import { AppException, ErrorCode } from '../common/errors';
import { IS_PUBLIC_KEY, ROLES_KEY } from './decorators';
import { TokenService } from './token.service';

@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { user?: Actor }>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header.trim()) : null;
    if (!match) throw new AppException(ErrorCode.Unauthenticated, 'missing bearer token');
    const actor = this.tokens.verify(match[1]);
    if (!actor) throw new AppException(ErrorCode.Unauthenticated, 'invalid or expired token');
    req.user = actor;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && roles.length > 0 && !roles.some((r) => actor.roles.includes(r))) {
      throw new AppException(ErrorCode.Forbidden, `this action needs one of the roles: ${roles.join(', ')}`);
    }
    return true;
  }
}
