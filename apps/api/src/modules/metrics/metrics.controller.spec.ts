import { mayScrape } from './metrics.controller';

const peer = (remoteAddress: string, headers: Record<string, string> = {}) => ({ headers, socket: { remoteAddress } });

describe('mayScrape', () => {
  it('without a token: direct loopback peers only (IPv4, IPv6, IPv4-mapped), never a forwarded request', () => {
    expect(mayScrape(null, peer('127.0.0.1'))).toBe(true);
    expect(mayScrape(null, peer('::1'))).toBe(true);
    expect(mayScrape(null, peer('::ffff:127.0.0.1'))).toBe(true);
    expect(mayScrape(null, peer('10.0.0.5'))).toBe(false);
    expect(mayScrape(null, peer('::ffff:10.0.0.5'))).toBe(false);
    expect(mayScrape(null, peer('127.0.0.1', { 'x-forwarded-for': '203.0.113.9' }))).toBe(false);
    expect(mayScrape(null, peer('127.0.0.1', { forwarded: 'for=203.0.113.9' }))).toBe(false);
  });

  it('with a token: exactly that bearer token, from anywhere', () => {
    const token = 'scrape-secret-0123456789';
    expect(mayScrape(token, peer('203.0.113.9', { authorization: `Bearer ${token}` }))).toBe(true);
    expect(mayScrape(token, peer('127.0.0.1'))).toBe(false);
    expect(mayScrape(token, peer('127.0.0.1', { authorization: `Bearer ${token}x` }))).toBe(false);
    expect(mayScrape(token, peer('127.0.0.1', { authorization: token }))).toBe(false);
  });
});
