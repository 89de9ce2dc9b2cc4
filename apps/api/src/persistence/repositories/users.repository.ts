import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { ListQuery, Page } from '../../common/list-query';
import { UserEntity } from '../entities';
import { equals, findPage, likePattern } from './paging';

export type NewUser = Pick<UserEntity, 'username' | 'displayName' | 'passwordHash' | 'roles' | 'clusterScopes' | 'operationScopes' | 'organisationId' | 'authorisedSignatory' | 'active'>;
export type UserChanges = Partial<NewUser>;

@Injectable()
export class UsersRepository {
  constructor(@InjectRepository(UserEntity) private readonly repo: Repository<UserEntity>) {}

  findById(id: string): Promise<UserEntity | null> {
    return this.repo.findOne({ where: { id } });
  }

  /** The only read that includes the password hash (login). */
  findForLogin(username: string): Promise<UserEntity | null> {
    return this.repo
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.username) = lower(:username)', { username })
      .getOne();
  }

  /** Whether a user holds this username, compared case-insensitively like the unique index. */
  async usernameTaken(username: string): Promise<boolean> {
    return this.repo.createQueryBuilder('u').where('lower(u.username) = lower(:username)', { username }).getExists();
  }

  list(query: ListQuery): Promise<Page<UserEntity>> {
    return findPage(this.repo.createQueryBuilder('u'), query, {
      sortColumns: { id: 'u.id', username: 'u.username', displayName: 'u.displayName', createdAt: 'u.createdAt', updatedAt: 'u.updatedAt', active: 'u.active' },
      tieBreaker: 'u.id',
      filters: {
        q: (qb, v, p) => void qb.andWhere(`(u.username ILIKE :${p} OR u.display_name ILIKE :${p})`, { [p]: likePattern(String(v)) }),
        id: (qb, v, p) => void qb.andWhere(`u.id IN (:...${p})`, { [p]: v }),
        role: (qb, v, p) => void qb.andWhere(`u.roles @> ARRAY[:${p}]::text[]`, { [p]: v }),
        organisationId: equals('u.organisation_id'),
        operationId: (qb, v, p) => void qb.andWhere(`u.operation_scopes @> ARRAY[:${p}]::uuid[]`, { [p]: v }),
        authorisedSignatory: equals('u.authorised_signatory'),
        active: equals('u.active'),
      },
    });
  }

  async insert(user: NewUser): Promise<UserEntity> {
    const result = await this.repo.insert(user);
    const id = result.identifiers[0].id as string;
    return (await this.findById(id))!;
  }

  /** Add one operation to a user's operationScopes (no duplicate). */
  async addOperationScope(id: string, operationId: string): Promise<void> {
    await this.repo.query(
      `UPDATE users SET operation_scopes = array_append(operation_scopes, $2::uuid), updated_at = now()
       WHERE id = $1 AND NOT ($2::uuid = ANY (operation_scopes))`,
      [id, operationId],
    );
  }

  async update(id: string, changes: UserChanges): Promise<UserEntity | null> {
    if (Object.keys(changes).length > 0) await this.repo.update({ id }, changes);
    return this.findById(id);
  }
}
