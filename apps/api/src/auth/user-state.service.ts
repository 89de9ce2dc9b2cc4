// A token proves who the caller was at login; this says who they are now (active, roles, scopes, token
// version), read from the users table and cached for a few seconds at most, so a deactivation, a password
// change or a role change takes effect on the next request instead of when the token expires.
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Actor } from '@hpc/workflows/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UserEntity } from '../persistence/entities';
import { toActor } from './actor.mapper';

export interface CurrentUserState {
  active: boolean;
  tokenVersion: number;
  /** Built from the current row, so new roles and scopes apply at once. */
  actor: Actor;
}

/** Entries kept at most; a burst of distinct users beyond it simply reads the database again. */
const MAX_ENTRIES = 10_000;

@Injectable()
export class UserStateService {
  private readonly cache = new Map<string, { state: CurrentUserState | null; expiresAt: number }>();
  private readonly ttlMs: number;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ttlMs = config.userStateCacheMs;
  }

  /** The user's current state, or null when the user does not exist. */
  async current(userId: string): Promise<CurrentUserState | null> {
    const now = Date.now();
    const hit = this.cache.get(userId);
    if (hit && hit.expiresAt > now) return hit.state;
    const state = await this.load(userId);
    if (this.ttlMs > 0) {
      if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
      this.cache.set(userId, { state, expiresAt: now + this.ttlMs });
    }
    return state;
  }

  /** Forget the cached state (this API instance; others see the change within their cache time). */
  invalidate(userId: string): void {
    this.cache.delete(userId);
  }

  /** End every token issued so far to this user (password, role or status change). */
  async revokeTokens(userId: string): Promise<void> {
    await this.dataSource.query(`UPDATE users SET token_version = token_version + 1 WHERE id = $1`, [userId]);
    this.invalidate(userId);
  }

  private async load(userId: string): Promise<CurrentUserState | null> {
    const { entities, raw } = await this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .addSelect('u.token_version', 'token_version')
      .where('u.id = :userId', { userId })
      .getRawAndEntities<{ token_version: number }>();
    const user = entities[0];
    if (!user) return null;
    return { active: user.active, tokenVersion: Number(raw[0].token_version), actor: toActor(user) };
  }
}
