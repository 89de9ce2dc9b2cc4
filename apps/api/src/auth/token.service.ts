// Issues and verifies access tokens. HS256 only: the algorithm is fixed on verify, so `alg: none`
// and algorithm-confusion tokens are rejected.
import { createSecretKey } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isRole, type Actor } from '../../../../workflows/domain';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface AccessTokenClaims {
  sub: string;
  username: string;
  displayName: string;
  roles: string[];
  clusterScopes: { operationId: string; sector: string }[];
  organisationId: string | null;
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

  sign(actor: Actor): string {
    const claims: AccessTokenClaims = {
      sub: actor.id,
      username: actor.username,
      displayName: actor.displayName,
      roles: actor.roles,
      clusterScopes: actor.clusterScopes,
      organisationId: actor.organisationId,
    };
    return this.jwt.sign(claims);
  }

  /** The Actor of a valid token, or null for anything invalid (bad signature, expired, wrong alg, bad shape). */
  verify(token: string): Actor | null {
    let claims: Partial<AccessTokenClaims>;
    try {
      claims = this.jwt.verify<AccessTokenClaims>(token, { algorithms: ['HS256'] });
    } catch {
      return null;
    }
    if (typeof claims.sub !== 'string' || typeof claims.username !== 'string' || !Array.isArray(claims.roles)) return null;
    const scopes = Array.isArray(claims.clusterScopes) ? claims.clusterScopes : [];
    return {
      id: claims.sub,
      username: claims.username,
      displayName: typeof claims.displayName === 'string' ? claims.displayName : claims.username,
      roles: claims.roles.filter(isRole),
      clusterScopes: scopes.filter((s) => typeof s?.operationId === 'string' && typeof s?.sector === 'string'),
      organisationId: typeof claims.organisationId === 'string' ? claims.organisationId : null,
    };
  }
}
