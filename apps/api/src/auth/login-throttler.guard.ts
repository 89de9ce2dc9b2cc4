// Rate limits for login: per client IP + username (one attacker cannot lock out everyone) and per client IP
// alone (one client cannot spray a password across many usernames). A refusal carries the standard Retry-After.
import { type ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail, type ThrottlerOptions } from '@nestjs/throttler';
import type { Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { AppException, ErrorCode } from '../common/errors';

export const LOGIN_THROTTLER = 'login';
export const LOGIN_IP_THROTTLER = 'login-ip';

type Req = { ip?: string; body?: { username?: unknown } };

function ipOf(req: Req): string {
  return req.ip ?? 'unknown';
}

function usernameOf(req: Req): string {
  const raw = req.body?.username;
  return typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 100) : '';
}

/** Both login throttlers; `req.ip` honours TRUST_PROXY, so behind a proxy they see the client. */
export function loginThrottlers(config: AppConfig): ThrottlerOptions[] {
  return [
    { name: LOGIN_THROTTLER, limit: config.loginRateLimit, ttl: config.loginRateTtlMs, setHeaders: false, getTracker: (req) => `${ipOf(req)}|${usernameOf(req)}` },
    { name: LOGIN_IP_THROTTLER, limit: config.loginRateLimitPerIp, ttl: config.loginRateIpTtlMs, setHeaders: false, getTracker: (req) => ipOf(req) },
  ];
}

@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(seconds));
    throw new AppException(ErrorCode.RateLimited, 'too many requests, try again later');
  }
}
