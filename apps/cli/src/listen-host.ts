// Which interface the API binds: loopback while the demo users (published password) exist, unless HOST opens it.
import { isIP } from 'node:net';

export class ListenHostError extends Error {
  override name = 'ListenHostError';
}

/** HOST when set (an IP address or `localhost`); else 127.0.0.1 outside production, 0.0.0.0 in production. */
export function listenHost(env: NodeJS.ProcessEnv): string {
  const raw = env.HOST?.trim();
  if (raw) {
    if (raw !== 'localhost' && !isIP(raw)) throw new ListenHostError(`HOST must be an IP address such as 127.0.0.1 or 0.0.0.0, or localhost (got "${raw}")`);
    return raw;
  }
  return env.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1';
}

/** The URL to print for a bound host (0.0.0.0 / :: are reachable as localhost from this machine). */
export function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '127.0.0.1' || host === '::1') return 'localhost';
  return isIP(host) === 6 ? `[${host}]` : host;
}
