import type { ExecutionContext } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { AppException } from '../common/errors';
import { LOGIN_IP_THROTTLER, LOGIN_THROTTLER, LoginThrottlerGuard, loginThrottlers } from './login-throttler.guard';

describe('login throttling', () => {
  const config = loadConfig({ DATABASE_URL: 'postgresql://x@localhost/x', LOGIN_RATE_LIMIT: '3', LOGIN_RATE_LIMIT_PER_IP: '20' });

  it('tracks IP + username and IP alone, with their own limits and no non-standard headers', async () => {
    const [perUser, perIp] = loginThrottlers(config);
    expect(perUser).toMatchObject({ name: LOGIN_THROTTLER, limit: 3, ttl: 60_000, setHeaders: false });
    expect(perIp).toMatchObject({ name: LOGIN_IP_THROTTLER, limit: 20, ttl: 900_000, setHeaders: false });
    const req = { ip: '203.0.113.7', body: { username: ' Admin ' } };
    expect(await perUser.getTracker!(req, {} as ExecutionContext)).toBe('203.0.113.7|admin');
    expect(await perIp.getTracker!({ ...req, body: { username: 'someone.else' } }, {} as ExecutionContext)).toBe('203.0.113.7');
  });

  it('refuses with 429 and the standard Retry-After header in whole seconds', async () => {
    const headers: Record<string, string> = {};
    const context = { switchToHttp: () => ({ getResponse: () => ({ setHeader: (k: string, v: string) => (headers[k] = v) }) }) } as unknown as ExecutionContext;
    const guard = new LoginThrottlerGuard([], {} as never, {} as never);
    const refusal = (guard as unknown as { throwThrottlingException: (c: ExecutionContext, d: unknown) => Promise<void> }).throwThrottlingException(context, {
      timeToBlockExpire: 41.2,
    });
    await expect(refusal).rejects.toBeInstanceOf(AppException);
    await refusal.catch((e: AppException) => expect(e.getStatus()).toBe(429));
    expect(headers).toEqual({ 'Retry-After': '42' });
  });
});
