import { HttpException } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { AuthService } from './auth.service';

describe('AuthService.login with local passwords switched off', () => {
  const env = {
    DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/x',
    NODE_ENV: 'production',
    TEMPORAL_ADDRESS: 'temporal:7233',
    JWT_SECRET: 'a-production-secret-that-is-long-enough-1234',
    OIDC_ISSUER: 'https://login.example.org',
    OIDC_CLIENT_ID: 'hpc-flow',
    OIDC_CLIENT_SECRET: 's3cret',
    OIDC_PROVIDER_NAME: 'UN Login',
  };

  it('refuses every password sign-in with 403, naming the provider, before reading any account', async () => {
    const users = { findForLogin: jest.fn() };
    const auth = new AuthService(loadConfig({ ...env, OIDC_LOCAL_LOGIN: 'false' }), users as never, null as never, null as never, null as never);
    const err = await auth.login({ username: 'admin', password: 'whatever-password' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpException);
    expect((err as HttpException).getStatus()).toBe(403);
    expect(JSON.stringify((err as HttpException).getResponse())).toContain('sign-in by password is switched off: sign in with UN Login');
    expect(users.findForLogin).not.toHaveBeenCalled();
  });

  it('still reads the account when passwords are on', async () => {
    const users = { findForLogin: jest.fn().mockResolvedValue(null) };
    const auth = new AuthService(loadConfig(env), users as never, null as never, null as never, null as never);
    const err = await auth.login({ username: 'admin', password: 'whatever-password' }).catch((e: unknown) => e);
    expect((err as HttpException).getStatus()).toBe(401);
    expect(users.findForLogin).toHaveBeenCalledWith('admin');
  });
});
