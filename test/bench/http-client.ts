// A small keep-alive HTTP client for the drivers (loopback only): JSON in, JSON out, status checked.
import * as http from 'node:http';

export class BenchHttp {
  private readonly agent: http.Agent;
  private readonly base: URL;

  constructor(baseUrl: string, maxSockets: number) {
    this.base = new URL(baseUrl);
    if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(this.base.hostname)) throw new Error(`the bench only talks to loopback, not ${this.base.hostname}`);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request<T = unknown>(method: string, pathAndQuery: string, opts: { token?: string; body?: unknown; headers?: Record<string, string>; expect?: number } = {}): Promise<{ status: number; body: T; headers: http.IncomingHttpHeaders }> {
    const payload = opts.body === undefined ? undefined : Buffer.from(JSON.stringify(opts.body));
    const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
    if (payload) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(payload.length);
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, method, path: pathAndQuery, headers, agent: this.agent },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            const status = res.statusCode ?? 0;
            if (status !== (opts.expect ?? status) || status >= 400) {
              reject(new Error(`${method} ${pathAndQuery.split('?')[0]} answered ${status}: ${text.slice(0, 200)}`));
              return;
            }
            try {
              resolve({ status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers });
            } catch (err) {
              reject(err as Error);
            }
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      if (payload) req.write(payload);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
