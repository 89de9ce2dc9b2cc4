// Rate limit for login, keyed by client IP + username so one attacker cannot lock out everyone.
import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

export const LOGIN_THROTTLER = 'login';

@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, any>): Promise<string> {
    const raw = req.body?.username;
    const username = typeof raw === 'string' ? raw.trim().toLowerCase().slice(0, 100) : '';
    return `${req.ip ?? 'unknown'}|${username}`;
  }
}
