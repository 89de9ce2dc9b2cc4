// Scale-out (issue 15, item 6): two API instances over one database, as behind a round-robin load balancer. A live
// ticket taken from one instance opens the stream on the other, once and only once, and a change committed through
// either instance's connection reaches the stream (PostgreSQL LISTEN/NOTIFY, not process memory).
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { LiveTickets } from '../../apps/api/src/modules/live/live-tickets';
import { CHANNEL } from '../../apps/api/src/modules/live/live.service';
import { as, createTestApp } from '../utils/http';
import { sseReader } from '../utils/sse';

interface Stream {
  status: number;
  events: { event: string; data: unknown }[];
  next(event: string, timeoutMs?: number): Promise<{ event: string; data: unknown }>;
  close(): void;
}

/** GET /api/live?ticket=… on a listening app, parsed as server-sent events. */
function openStream(app: INestApplication, ticket: string): Promise<Stream> {
  const port = (app.getHttpServer().address() as AddressInfo).port;
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: `/api/live?ticket=${encodeURIComponent(ticket)}`, headers: { accept: 'text/event-stream' } }, (res) => {
      const events: { event: string; data: unknown }[] = [];
      const waiters: (() => void)[] = [];
      res.setEncoding('utf8');
      res.on(
        'data',
        sseReader(({ event, data }) => {
          events.push({ event, data: data ? JSON.parse(data) : undefined });
          waiters.splice(0).forEach((w) => w());
        }),
      );
      const next = async (event: string, timeoutMs = 10_000) => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const i = events.findIndex((e) => e.event === event);
          if (i >= 0) return events.splice(i, 1)[0];
          if (Date.now() > deadline) throw new Error(`no "${event}" event within ${timeoutMs} ms (got ${events.map((e) => e.event).join(', ') || 'nothing'})`);
          await new Promise<void>((r) => {
            waiters.push(r);
            setTimeout(r, 200);
          });
        }
      };
      resolve({ status: res.statusCode ?? 0, events, next, close: () => req.destroy() });
    });
    req.on('error', reject);
  });
}

describe('live stream across API instances', () => {
  let one: INestApplication;
  let two: INestApplication;
  const streams: Stream[] = [];

  beforeAll(async () => {
    one = await createTestApp();
    two = await createTestApp({ seed: false });
    await one.listen(0, '127.0.0.1');
    await two.listen(0, '127.0.0.1');
  });

  afterAll(async () => {
    for (const s of streams) s.close();
    await two?.close();
    await one?.close();
  });

  const ticketFrom = async (app: INestApplication, username: string) => {
    const { headers } = await as(app, username);
    const res = await request(app.getHttpServer()).post('/api/live/ticket').set(headers);
    expect(res.status).toBe(200);
    return res.body as { ticket: string; url: string };
  };

  it('opens on one instance with a ticket from the other, and delivers a change committed through the first', async () => {
    const { ticket, url } = await ticketFrom(one, 'auditor');
    expect(url).toBe(`/api/live?ticket=${encodeURIComponent(ticket)}`);
    const stream = await openStream(two, ticket);
    streams.push(stream);
    expect(stream.status).toBe(200);
    await stream.next('ready');

    // What the projection does after a committed batch, here on instance one's own connection pool.
    const auditorId = ((await one.get(DataSource).query(`SELECT id FROM users WHERE username = 'auditor'`)) as { id: string }[])[0].id;
    const change = { processId: `cluster-activation:live-${Date.now()}:protection`, taskIds: ['t~1'], userIds: [auditorId] };
    await one.get(DataSource).query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify(change)]);
    expect((await stream.next('change')).data).toEqual(change);
  });

  it('redeems a ticket once across instances: a second use on either is refused', async () => {
    const { ticket } = await ticketFrom(two, 'hc');
    const first = await openStream(one, ticket);
    streams.push(first);
    expect(first.status).toBe(200);
    for (const app of [one, two]) {
      const again = await request(app.getHttpServer()).get(`/api/live?ticket=${encodeURIComponent(ticket)}`);
      expect(again.status).toBe(401);
    }
  });

  it('gives a ticket redeemed at both instances at once to exactly one of them, and none once expired', async () => {
    const mine = new LiveTickets(one.get(DataSource));
    const theirs = new LiveTickets(two.get(DataSource));
    const actor = { id: '00000000-0000-4000-8000-000000000001', username: 'x', displayName: 'X', roles: ['hc' as const], clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false };
    for (let i = 0; i < 10; i++) {
      const { ticket } = await mine.issue(actor);
      const got = await Promise.all([mine.redeem(ticket), theirs.redeem(ticket)]);
      expect(got.filter((a) => a !== null)).toEqual([actor]);
    }
    const short = new LiveTickets(one.get(DataSource), 50);
    const { ticket } = await short.issue(actor);
    await new Promise((r) => setTimeout(r, 300));
    expect(await theirs.redeem(ticket)).toBeNull();
    expect(await theirs.redeem(undefined)).toBeNull();
    expect(await theirs.redeem('made-up')).toBeNull();
    // Only the hash is stored, never the ticket.
    const stored = (await one.get(DataSource).query(`SELECT ticket_hash FROM live_tickets`)) as { ticket_hash: string }[];
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.ticket_hash))).toBe(true);
  });
});
