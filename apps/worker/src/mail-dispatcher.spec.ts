import { isMailServerOutage } from '../../../activities/mail/mail.activities';
import { mailDispatchIntervalMs } from './mail-dispatcher';

describe('mail dispatcher settings', () => {
  it('passes every 15 s by default, not at all under tests unless set, and names a bad value', () => {
    expect(mailDispatchIntervalMs({})).toBe(15_000);
    expect(mailDispatchIntervalMs({ NODE_ENV: 'test' })).toBe(0);
    expect(mailDispatchIntervalMs({ NODE_ENV: 'test', MAIL_DISPATCH_INTERVAL_MS: '500' })).toBe(500);
    expect(() => mailDispatchIntervalMs({ MAIL_DISPATCH_INTERVAL_MS: '-1' })).toThrow('MAIL_DISPATCH_INTERVAL_MS must be an integer ≥ 0 (got "-1")');
  });
});

describe('isMailServerOutage', () => {
  it('retries the pass when no SMTP answer came (or 421); a reply refusing one mail is that mail\'s', () => {
    expect(isMailServerOutage(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' }))).toBe(true);
    expect(isMailServerOutage(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' }))).toBe(true);
    expect(isMailServerOutage(Object.assign(new Error('shutting down'), { responseCode: 421 }))).toBe(true);
    expect(isMailServerOutage(Object.assign(new Error('mailbox busy'), { responseCode: 451 }))).toBe(false);
    expect(isMailServerOutage(Object.assign(new Error('no such user'), { responseCode: 550 }))).toBe(false);
  });
});
