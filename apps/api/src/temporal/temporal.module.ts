// The API's Temporal client. The connection is lazy so the API boots even when Temporal is late;
// a background warm-up connects right away, and /api/health reports the state.
import { Global, Inject, Injectable, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { temporalConnectionOptions } from './temporal-connection';

export const TEMPORAL_CLIENT = 'TEMPORAL_CLIENT';
const TEMPORAL_CONNECTION = 'TEMPORAL_CONNECTION';

@Injectable()
export class TemporalLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Temporal');
  private closed = false;
  /** Calls still in flight; closing the channel under them makes grpc's retry timer throw. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    @Inject(TEMPORAL_CONNECTION) private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    void this.warmUp();
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => undefined);
    return p;
  }

  private ping(timeoutMs: number): Promise<unknown> {
    return this.track(this.connection.withDeadline(Date.now() + timeoutMs, () => this.connection.workflowService.getSystemInfo({})));
  }

  /** Connect in the background, retrying for ~10 s; failures are logged, never fatal. */
  private async warmUp(): Promise<void> {
    for (let attempt = 1; attempt <= 10 && !this.closed; attempt++) {
      try {
        await this.ping(1_000);
        this.logger.log(`connected to ${this.config.temporal.address} (namespace ${this.config.temporal.namespace})`);
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 1_000).unref());
      }
    }
    if (!this.closed) this.logger.warn(`Temporal at ${this.config.temporal.address} is not reachable yet; /api/health reports it`);
  }

  /** True when the server answers within the timeout. */
  async isUp(timeoutMs = 2_000): Promise<boolean> {
    if (this.closed) return false;
    try {
      await this.ping(timeoutMs);
      return true;
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inFlight]);
    await this.connection.close().catch(() => undefined);
  }
}

@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CONNECTION,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => Connection.lazy(temporalConnectionOptions(config)),
    },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_CONNECTION, APP_CONFIG],
      useFactory: (connection: Connection, config: AppConfig) => new Client({ connection, namespace: config.temporal.namespace }),
    },
    TemporalLifecycle,
  ],
  exports: [TEMPORAL_CLIENT, TemporalLifecycle],
})
export class TemporalModule {}
