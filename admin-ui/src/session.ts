// The signed-in session kept in the browser: the API's bearer token and the user it was issued for.
import type { ClusterScope, Role } from '../../workflows/domain';

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
  clusterScopes: ClusterScope[];
  /** Operations an hc / ocha / advisory_board user acts in. */
  operationScopes: string[];
  organisationId: string | null;
  authorisedSignatory: boolean;
}

const TOKEN_KEY = 'hpcflow.token';
const USER_KEY = 'hpcflow.user';
const EXPIRED_KEY = 'hpcflow.expired';

export const session = {
  token(): string | null {
    return localStorage.getItem(TOKEN_KEY);
  },
  user(): SessionUser | null {
    const raw = localStorage.getItem(USER_KEY);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as SessionUser;
    } catch {
      return null;
    }
  },
  save(token: string, user: SessionUser): void {
    localStorage.setItem(TOKEN_KEY, token);
    localStorage.setItem(USER_KEY, JSON.stringify(user));
    sessionStorage.removeItem(EXPIRED_KEY);
  },
  saveUser(user: SessionUser): void {
    localStorage.setItem(USER_KEY, JSON.stringify(user));
  },
  clear(): void {
    localStorage.removeItem(TOKEN_KEY);
    localStorage.removeItem(USER_KEY);
  },
  /** Remembers, for the login page, that the session ended because the token expired. */
  markExpired(): void {
    sessionStorage.setItem(EXPIRED_KEY, '1');
  },
  wasExpired(): boolean {
    return sessionStorage.getItem(EXPIRED_KEY) === '1';
  },
  /** True when the token's `exp` claim has passed (checked locally so an idle tab returns to login). */
  expired(): boolean {
    const token = localStorage.getItem(TOKEN_KEY);
    if (!token) return true;
    const exp = decodeExp(token);
    return exp !== null && exp * 1000 <= Date.now();
  },
};

function decodeExp(token: string): number | null {
  const part = token.split('.')[1];
  if (!part) return null;
  try {
    const json = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: unknown };
    return typeof json.exp === 'number' ? json.exp : null;
  } catch {
    return null;
  }
}

/** Normalises what the API returns for a user (login response or GET /api/me). */
export function toSessionUser(raw: any): SessionUser {
  const u = raw && typeof raw === 'object' && raw.user ? raw.user : raw;
  return {
    id: String(u?.id ?? u?.sub ?? ''),
    username: String(u?.username ?? ''),
    displayName: String(u?.displayName ?? u?.username ?? ''),
    roles: Array.isArray(u?.roles) ? u.roles : [],
    clusterScopes: Array.isArray(u?.clusterScopes) ? u.clusterScopes : [],
    operationScopes: Array.isArray(u?.operationScopes) ? u.operationScopes : [],
    organisationId: u?.organisationId ?? null,
    authorisedSignatory: u?.authorisedSignatory === true,
  };
}

/** The signed-in user as the domain's Actor, for asking `authorizeDecision` what to show. */
export function currentActor(): import('../../workflows/domain').Actor | null {
  const u = session.user();
  return u ? { ...u } : null;
}
