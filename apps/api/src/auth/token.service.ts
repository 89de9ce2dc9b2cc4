// Issues and verifies access tokens. HS256 only: the algorithm is fixed on verify, so `alg: none`
// and algorithm-confusion tokens are rejected.
import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { Actor } from '@hpc/workflows/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface AccessTokenClaims {
  sub: string;
  username: string;
  displayName: string;
  roles: string[];
  clusterScopes: { operationId: string; sector: string }[];
  organisationId: string | null;
  /** users.token_version at login: a password, role or status change bumps it and ends this token. */
  tv: number;
}

/** What the guard needs from a valid token; the rest of the Actor comes from the current user row. */
export interface VerifiedToken {
  userId: string;
  tokenVersion: number;
}

@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.jwt = new JwtService({
      // A KeyObject, not the string: jsonwebtoken otherwise tries createPublicKey on every verify and
      // catches its exception (about 1 ms per request, measured by npm run bench).
      secret: createSecretKey(Buffer.from(config.jwt.secret, 'utf8')),
      signOptions: { algorithm: 'HS256', expiresIn: config.jwt.expiresIn as never },
      verifyOptions: { algorithms: ['HS256'] },
    });
  }

  sign(actor: Actor, tokenVersion: number): string {
    const claims: AccessTokenClaims = {
      tv: tokenVersion,
      sub: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      roles: actor.roles,
      clusterScopes: actor.clusterScopes,
      organisationId: actor.organisationId,
    };
    return this.jwt.sign(claims);
  }

  /** The user and token version of a valid token, or null for anything invalid (bad signature, expired, wrong alg, bad shape). */
  verify(token: string): VerifiedToken | null {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = this.jwt.verify<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || !UUID.test(claims.sub)) return null;
    // Tokens issued before token versions existed count as version 0, the column's default.
    const tv = claims.tv ?? 0;
    if (!Number.isSafeInteger(tv)) return null;
    return { userId: claims.sub, tokenVersion: tv };
  }
}
