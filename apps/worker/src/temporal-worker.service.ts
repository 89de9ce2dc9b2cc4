// Runs the Temporal worker inside the Nest application context; stops it gracefully on shutdown.
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { Client, Connection } from '@temporalio/client';
import { activitiesFrom, activityServices, reconcileDutySchedules } from '../../../activities';
import { hpcDataConverter } from '../../api/src/temporal/payload-codec';
import { APP_CONFIG, type AppConfig } from '../../api/src/config/app-config';
import { temporalConnectionOptions } from '../../api/src/temporal/temporal-connection';
import { ensureMailDispatcher, mailDispatchIntervalMs } from './mail-dispatcher';
import { createWorker } from './worker.factory';

/** TEMPORAL_MAX_CACHED_WORKFLOWS (optional, integer ≥ 2); undefined = the factory's default. */
export function cacheSizeFromEnv(raw: string | undefined): number | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 2) throw new Error(`TEMPORAL_MAX_CACHED_WORKFLOWS must be an integer ≥ 2 (got "${raw}")`);
  return n;
}

@Injectable()
export class TemporalWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Worker');
  private connection?: NativeConnection;
  private worker?: Worker;
  private running?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { temporal } = this.config;
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config));
    this.worker = await createWorker({
      connection: this.connection,
      namespace: temporal.namespace,
      taskQueue: temporal.taskQueue,
      dataSource: this.dataSource,
      activities: activitiesFrom(activityServices(this.dataSource, this.config.jwt.secret)),
      maxCachedWorkflows: cacheSizeFromEnv(process.env.TEMPORAL_MAX_CACHED_WORKFLOWS),
    });
    this.running = this.worker.run();
    this.running.catch((err) => this.logger.error(`worker stopped: ${err instanceof Error ? err.message : String(err)}`));
    this.logger.log(`polling task queue ${temporal.taskQueue} on ${temporal.address} (namespace ${temporal.namespace})`);
    // Recurring-duty schedules (activities/duties): a missing one of an active cluster is created, an orphan deleted.
    this.reconcileDuties().catch((err) => this.logger.error(`duty schedules not reconciled: ${err instanceof Error ? err.message : String(err)}`));
    this.startMailDispatcher().catch((err) => this.logger.error(`mail dispatcher not started: ${err instanceof Error ? err.message : String(err)}`));
  }

  /** The mail outbox is sent by a workflow of this task queue (MAIL_DISPATCH_INTERVAL_MS=0: not from here). */
  private async startMailDispatcher(): Promise<void> {
    const intervalMs = mailDispatchIntervalMs();
    if (intervalMs === 0) return;
    const connection = await Connection.connect(temporalConnectionOptions(this.config));
    try {
      const client = new Client({ connection, namespace: this.config.temporal.namespace, dataConverter: hpcDataConverter() });
      const id = await ensureMailDispatcher(client, this.config.temporal.taskQueue, { intervalMs });
      this.logger.log(`mail dispatcher ${id} running (a pass every ${intervalMs} ms)`);
    } finally {
      await connection.close();
    }
  }

  private async reconcileDuties(): Promise<void> {
    const connection = await Connection.connect(temporalConnectionOptions(this.config));
    try {
      const client = new Client({ connection, namespace: this.config.temporal.namespace, dataConverter: hpcDataConverter() });
      const r = await reconcileDutySchedules(client, this.dataSource, this.config.temporal.taskQueue);
      this.logger.log(`duty schedules reconciled: ${r.created.length} created, ${r.deleted.length} deleted`);
    } finally {
      await connection.close();
    }
  }

  /** Resolves when the worker stops (after shutdown, or on a fatal error). */
  whenStopped(): Promise<void> {
    return this.running ?? Promise.resolve();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close().catch(() => undefined);
  }
}
