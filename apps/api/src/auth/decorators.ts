import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '../common/openapi';
import type { Actor, Role } from '@hpc/workflows/domain';

export const IS_PUBLIC_KEY = 'hpcflow:isPublic';
export const ROLES_KEY = 'hpcflow:roles';

/** The only way out of the global auth guard (and, in the OpenAPI document, out of the bearer scheme). */
export const Public = (): MethodDecorator & ClassDecorator => applyDecorators(SetMetadata(IS_PUBLIC_KEY, true), ApiExtension(PUBLIC_EXTENSION, true));

/** The caller must hold at least one of these roles (403 otherwise). Method metadata overrides class metadata. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** The verified Actor the global guard put on the request. */
export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ user?: Actor }>();
  if (!req.user) throw new Error('CurrentUser used on a route without an authenticated user');
  return req.user;
});
