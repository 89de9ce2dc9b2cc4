// The API's Temporal client. The connection is lazy so the API boots even when Temporal is late;
// a background warm-up connects right away, and /api/health reports the state.
import {
  Global,
  Inject,
  Injectable,
  Logger,
  type MiddlewareConsumer,
  Module,
  type NestModule,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  RequestMethod,
} from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { checkNamespace, namespaceProblem } from './namespace-check';
import { RequestIdMiddleware } from './request-id';
import { hpcDataConverter, payloadCodecFromEnv, type AesGcmPayloadCodec } from './payload-codec';
import { temporalConnectionOptions } from './temporal-connection';
import { tracingClientInterceptors } from './tracing';

export type TemporalStatus = 'up' | 'down' | 'misconfigured';

export const TEMPORAL_CLIENT = 'TEMPORAL_CLIENT';
/** The payload codec (AesGcmPayloadCodec) or null when PAYLOAD_KEYS is unset: the codec endpoint and the raw history use it. */
export const PAYLOAD_CODEC = 'PAYLOAD_CODEC';
const TEMPORAL_CONNECTION = 'TEMPORAL_CONNECTION';

@Injectable()
export class TemporalLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Temporal');
  private closed = false;
  /** Calls still in flight; closing the channel under them makes grpc's retry timer throw. */
  private readonly inFlight = new Set<Promise<unknown>>();
  /** The namespace's search attributes: checked once ok, re-checked at most every 5 s while misconfigured. */
  private namespace: { ok: boolean; checkedAt: number } | null = null;
  private draining = false;

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
        await this.namespaceOk().catch(() => undefined);
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

  /** up, down, or misconfigured (reachable, but the namespace lacks the search attributes every start needs). */
  async status(timeoutMs = 2_000): Promise<TemporalStatus> {
    if (!(await this.isUp(timeoutMs))) return 'down';
    try {
      return (await this.namespaceOk(timeoutMs)) ? 'up' : 'misconfigured';
    } catch {
      return 'down';
    }
  }

  private async namespaceOk(timeoutMs = 2_000): Promise<boolean> {
    if (this.namespace && (this.namespace.ok || Date.now() - this.namespace.checkedAt < 5_000)) return this.namespace.ok;
    const { namespace, address } = this.config.temporal;
    const check = await this.track(checkNamespace(this.connection, namespace, { register: false, timeoutMs }));
    const problem = namespaceProblem(check, namespace, address);
    if (problem && this.namespace?.ok !== false) this.logger.error(problem);
    this.namespace = { ok: !problem, checkedAt: Date.now() };
    return !problem;
  }

  /** True once shutdown began: /api/health/ready answers 503 so a load balancer sends no new requests. */
  get isDraining(): boolean {
    return this.draining;
  }

  /**
   * On SIGTERM, before the HTTP server closes: readiness turns 503 and, with SHUTDOWN_DRAIN_MS, the API keeps
   * serving that long so a load balancer notices. Then the server stops accepting and waits for in-flight
   * requests (a decision waits for its Update), and only then is the Temporal connection closed.
   */
  async beforeApplicationShutdown(signal?: string): Promise<void> {
    this.draining = true;
    const drainMs = Number(process.env.SHUTDOWN_DRAIN_MS ?? 0);
    if (signal && Number.isFinite(drainMs) && drainMs > 0) {
      this.logger.log(`${signal}: not ready; draining for ${drainMs} ms before closing the HTTP server`);
      await new Promise((r) => setTimeout(r, Math.min(drainMs, 60_000)));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    this.draining = true;
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
      provide: PAYLOAD_CODEC,
      useFactory: () => payloadCodecFromEnv(process.env, (m) => new Logger('Temporal').warn(m)),
    },
    {
      provide: TEMPORAL_CLIENT,
      inject: [TEMPORAL_CONNECTION, APP_CONFIG, PAYLOAD_CODEC],
      useFactory: (connection: Connection, config: AppConfig, codec: AesGcmPayloadCodec | null) =>
        new Client({ connection, namespace: config.temporal.namespace, dataConverter: hpcDataConverter(codec), interceptors: tracingClientInterceptors() }),
    },
    TemporalLifecycle,
  ],
  exports: [TEMPORAL_CLIENT, PAYLOAD_CODEC, TemporalLifecycle],
})
export class TemporalModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(RequestIdMiddleware).forRoutes({ path: '{*path}', method: RequestMethod.ALL });
  }
}
