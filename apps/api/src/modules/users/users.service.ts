import { Inject, Injectable } from '@nestjs/common';
import type { Actor } from '@hpc/workflows/domain';
import { hashPassword } from '../../auth/password';
import { UserStateService } from '../../auth/user-state.service';
import { APP_CONFIG, DEFAULT_DEMO_PASSWORD, type AppConfig } from '../../config/app-config';
import { AppException, ErrorCode } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import { ROLES } from '@hpc/workflows/domain';
import type { UserEntity } from '../../persistence/entities';
import { OperationsRepository, OrganisationsRepository, UsersRepository } from '../../persistence/repositories';
import {
  CLUSTER_LEAD_NEEDS_SCOPE,
  PARTNER_NEEDS_ORGANISATION,
  SIGNATORY_NEEDS_PARTNER,
  type ClusterScopeDto,
  type CreateUserDto,
  type UpdateUserDto,
  type UserDto,
} from './dtos/user.dto';

export const USERS_LIST: ListSpec = {
  resource: 'users',
  sortable: ['id', 'username', 'displayName', 'createdAt', 'updatedAt', 'active'],
  defaultSort: ['username', 'ASC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'uuid' },
    role: { type: 'enum', values: ROLES },
    organisationId: { type: 'uuid' },
    operationId: { type: 'uuid' },
    authorisedSignatory: { type: 'boolean' },
    active: { type: 'boolean' },
  },
};

@Injectable()
export class UsersService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly operations: OperationsRepository,
    private readonly userState: UserStateService,
  ) {}

  async list(_auth: Actor, query: ListQuery): Promise<Page<UserDto>> {
    const page = await this.users.list(query);
    return { items: await this.toDtos(page.items), total: page.total };
  }

  async get(_auth: Actor, id: string): Promise<UserDto> {
    const user = await this.users.findById(id);
    if (!user) throw AppException.notFound('user', id);
    return (await this.toDtos([user]))[0];
  }

  async create(_auth: Actor, dto: CreateUserDto): Promise<UserDto> {
    const clusterScopes = dedupeScopes(dto.clusterScopes ?? []);
    const organisationId = dto.organisationId ?? null;
    const operationScopes = [...new Set(dto.operationScopes ?? [])];
    const roles = [...new Set(dto.roles)];
    const authorisedSignatory = dto.authorisedSignatory ?? false;
    if (authorisedSignatory && !roles.includes('partner')) throw AppException.validation(SIGNATORY_NEEDS_PARTNER);
    await this.checkReferences(clusterScopes, organisationId, operationScopes);
    this.checkPassword(dto.password);
    // Before the (deliberately slow) hash: a taken username must not cost a password hash. The unique index
    // still settles a race between two creates (409 through the exception filter).
    if (await this.users.usernameTaken(dto.username)) throw AppException.conflict('username already exists');
    const user = await this.users.insert({
      username: dto.username,
      displayName: dto.displayName,
      passwordHash: await hashPassword(dto.password),
      roles,
      clusterScopes,
      operationScopes,
      organisationId,
      authorisedSignatory,
      active: dto.active ?? true,
    });
    return (await this.toDtos([user]))[0];
  }

  async update(_auth: Actor, id: string, dto: UpdateUserDto): Promise<UserDto> {
    // PartialType lets null through @IsOptional; a null password would reach argon2 and fail as a 500.
    if (dto.password === null) throw AppException.validation('password must be a string');
    // Likewise: null would silently keep (or clear) scopes the admin meant to set.
    const nulls: string[] = [];
    if (dto.operationScopes === null) nulls.push('operationScopes must be an array');
    if (dto.authorisedSignatory === null) nulls.push('authorisedSignatory must be a boolean value');
    if (dto.rolesFromIdp === null) nulls.push('rolesFromIdp must be a boolean value');
    if (nulls.length > 0) throw AppException.validation(nulls);
    const current = await this.users.findById(id);
    if (!current) throw AppException.notFound('user', id);
    const roles = dto.roles ? [...new Set(dto.roles)] : current.roles;
    const clusterScopes = dto.clusterScopes ? dedupeScopes(dto.clusterScopes) : current.clusterScopes;
    const organisationId = dto.organisationId !== undefined ? dto.organisationId : current.organisationId;
    const operationScopes = dto.operationScopes ? [...new Set(dto.operationScopes)] : current.operationScopes;
    const authorisedSignatory = dto.authorisedSignatory ?? current.authorisedSignatory;
    const problems: string[] = [];
    if (roles.includes('cluster_lead') && clusterScopes.length === 0) problems.push(CLUSTER_LEAD_NEEDS_SCOPE);
    if (roles.includes('partner') && !organisationId) problems.push(PARTNER_NEEDS_ORGANISATION);
    if (authorisedSignatory && !roles.includes('partner')) problems.push(SIGNATORY_NEEDS_PARTNER);
    if (problems.length > 0) throw AppException.validation(problems);
    await this.checkReferences(dto.clusterScopes ? clusterScopes : [], dto.organisationId ?? null, dto.operationScopes ? operationScopes : []);
    const changes: Partial<UserEntity> = { roles, clusterScopes, operationScopes, organisationId, authorisedSignatory };
    if (dto.displayName !== undefined) changes.displayName = dto.displayName;
    if (dto.active !== undefined) changes.active = dto.active;
    if (dto.rolesFromIdp !== undefined) changes.rolesFromIdp = dto.rolesFromIdp;
    if (dto.password !== undefined) {
      this.checkPassword(dto.password);
      changes.passwordHash = await hashPassword(dto.password);
    }
    const updated = await this.users.update(id, changes);
    // Older tokens end with a password change, a role change or a deactivation; other edits apply at once.
    const rolesChanged = roles.length !== current.roles.length || roles.some((r) => !current.roles.includes(r));
    if (dto.password !== undefined || rolesChanged || (current.active && dto.active === false)) await this.userState.revokeTokens(id);
    else this.userState.invalidate(id);
    return (await this.toDtos([updated!]))[0];
  }

  /** The caller's own record, fresh from the database (401 when the account is gone or inactive). */
  async me(auth: Actor): Promise<UserDto> {
    const user = await this.users.findById(auth.id);
    if (!user || !user.active) throw new AppException(ErrorCode.Unauthenticated, 'account not found or inactive');
    return (await this.toDtos([user]))[0];
  }

  async toDtos(users: UserEntity[]): Promise<UserDto[]> {
    const orgIds = [...new Set(users.map((u) => u.organisationId).filter((id): id is string => !!id))];
    const orgs = new Map((await this.organisations.findByIds(orgIds)).map((o) => [o.id, o.name]));
    return users.map((u) => toUserDto(u, u.organisationId ? orgs.get(u.organisationId) ?? null : null));
  }

  private checkPassword(password: string): void {
    // The published demo password must never protect a production account.
    if (this.config.isProduction && password === DEFAULT_DEMO_PASSWORD) {
      throw AppException.validation('password must not be the default demo password');
    }
  }

  private async checkReferences(scopes: ClusterScopeDto[], organisationId: string | null, operationScopes: string[] = []): Promise<void> {
    const problems: string[] = [];
    if (organisationId && !(await this.organisations.findById(organisationId))) {
      problems.push('organisationId does not reference an existing organisation');
    }
    const opIds = [...new Set(scopes.map((s) => s.operationId))];
    const found = new Set((await this.operations.findByIds(opIds)).map((o) => o.id));
    scopes.forEach((s, i) => {
      if (!found.has(s.operationId)) problems.push(`clusterScopes.${i}.operationId does not reference an existing operation`);
    });
    const missing = new Set(await this.operations.missingIds(operationScopes));
    operationScopes.forEach((id, i) => {
      if (missing.has(id)) problems.push(`operationScopes.${i} does not reference an existing operation`);
    });
    if (problems.length > 0) throw AppException.validation(problems);
  }
}

function dedupeScopes(scopes: ClusterScopeDto[]): { operationId: string; sector: string }[] {
  const seen = new Set<string>();
  const out: { operationId: string; sector: string }[] = [];
  for (const s of scopes) {
    const key = `${s.operationId}|${s.sector}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ operationId: s.operationId, sector: s.sector });
    }
  }
  return out;
}

export function toUserDto(u: UserEntity, organisationName: string | null): UserDto {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    roles: u.roles,
    clusterScopes: u.clusterScopes,
    operationScopes: u.operationScopes,
    organisationId: u.organisationId,
    organisationName,
    authorisedSignatory: u.authorisedSignatory,
    active: u.active,
    rolesFromIdp: u.rolesFromIdp,
    createdAt: u.createdAt.toISOString(),
    updatedAt: u.updatedAt.toISOString(),
  };
}
