// Sign-in on POST /api/auth/login, identity from GET /api/me, permissions = the user's roles.
// The API stays the enforcement point; canAccess only hides what the user could not do anyway.
import { HttpError, type AuthProvider } from 'react-admin';
import { API_URL, httpClient } from './httpClient';
import { session, toSessionUser } from './session';
import { canAccess } from './permissions';

export const SESSION_EXPIRED = 'hpc.auth.session_expired';

export const authProvider: AuthProvider = {
  /** Username and password, or the one-time ticket a sign-in through the OpenID provider brought back. */
  async login({ username, password, oidcTicket }: { username?: string; password?: string; oidcTicket?: string }) {
    const response = await fetch(oidcTicket ? `${API_URL}/auth/oidc/ticket` : `${API_URL}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(oidcTicket ? { ticket: oidcTicket } : { username, password }),
    });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      if (response.status === 401) throw new Error(oidcTicket ? 'hpc.auth.oidc_errors.ticket' : 'hpc.auth.invalid_credentials');
      if (response.status === 429) throw new Error('hpc.auth.too_many_attempts');
      const msg = Array.isArray(body?.message) ? body.message.join('; ') : body?.message;
      throw new Error(msg || response.statusText);
    }
    session.save(body.accessToken, toSessionUser(body.user));
  },
  async logout() {
    session.clear();
  },
  async checkAuth() {
    if (!session.token()) throw { message: false, redirectTo: '/login' };
    if (session.expired()) {
      session.clear();
      session.markExpired();
      throw { message: SESSION_EXPIRED, redirectTo: '/login' };
    }
  },
  async checkError(error: unknown) {
    const status = error instanceof HttpError ? error.status : (error as { status?: number })?.status;
    if (status === 401) {
      const hadSession = !!session.token();
      session.clear();
      if (hadSession) session.markExpired();
      throw { message: hadSession ? SESSION_EXPIRED : false, redirectTo: '/login' };
    }
    // 403 is a refusal of one action, not a lost session: stay signed in and show the message.
  },
  async getIdentity() {
    const { json } = await httpClient(`${API_URL}/me`);
    const user = toSessionUser(json);
    session.saveUser(user);
    return { ...user, fullName: user.displayName };
  },
  async getPermissions() {
    return session.user()?.roles ?? [];
  },
  async canAccess({ resource, action, record }) {
    return canAccess(session.user()?.roles ?? [], resource, action, record);
  },
};
