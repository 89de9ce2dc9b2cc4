// One PostgreSQL connection LISTENs on hpc_changes (the projection's pg_notify after each committed
// batch) and fans each change out to the connected consoles that may see it: the users it names, and
// anyone who may read the case. Reconnects by itself; the consoles poll while the stream is down.
import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Client } from 'pg';
import type { Actor } from '@hpc/workflows/domain';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { ProcessesService } from '../processes/processes.service';
import { parseChangeNotice, type ChangeNotice } from './live-tickets';

export const CHANNEL = 'hpc_changes';

export interface LiveSubscriber {
  actor: Actor;
  send(event: string, data: unknown): void;
  /** Per-connection memo of "may this user read that case" (cases do not change hands often). */
  readable: Map<string, boolean>;
}

@Injectable()
export class LiveService implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger(LiveService.name);
  private readonly subscribers = new Set<LiveSubscriber>();
  private client: Client | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processes: ProcessesService,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    for (const s of this.subscribers) s.send('bye', {});
    this.subscribers.clear();
    await this.client?.end().catch(() => undefined);
  }

  get listening(): boolean {
    return this.client !== null;
  }

  subscribe(s: LiveSubscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.config.databaseUrl, application_name: 'hpc-flow-live' });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL) return;
      const change = parseChangeNotice(n.payload);
      if (change) void this.dispatch(change);
    });
    client.on('error', (err) => {
      this.log.warn(`live: connection lost (${err.message}); reconnecting`);
      this.reconnect(client);
    });
    client.on('end', () => this.reconnect(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.client = client;
    } catch (err) {
      this.log.warn(`live: cannot LISTEN (${(err as Error).message}); retrying in 5 s`);
      await client.end().catch(() => undefined);
      this.reconnect(null);
    }
  }

  private reconnect(client: Client | null): void {
    if (client && this.client !== client) return;
    this.client = null;
    if (this.stopped || this.retry) return;
    // Tell consoles to poll until the stream is back.
    for (const s of this.subscribers) s.send('degraded', {});
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, 5_000);
  }

  /** Forwards one change to every subscriber it concerns (named in userIds, or allowed to read the case). */
  async dispatch(change: ChangeNotice): Promise<void> {
    await Promise.all(
      [...this.subscribers].map(async (s) => {
        if (await this.concerns(s, change)) s.send('change', change);
      }),
    );
  }

  private async concerns(s: LiveSubscriber, change: ChangeNotice): Promise<boolean> {
    if (change.userIds.includes(s.actor.id)) return true;
    const memo = s.readable.get(change.processId);
    if (memo !== undefined) return memo;
    const ok = await this.processes.assertCanRead(s.actor, { id: change.processId }).then(
      () => true,
      () => false,
    );
    s.readable.set(change.processId, ok);
    return ok;
  }
}
