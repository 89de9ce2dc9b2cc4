// Runs the mail dispatcher every MAIL_DISPATCH_INTERVAL_MS (default 15 s; 0 = off; off under NODE_ENV=test unless
// set) beside the API. Decisions never wait for it: the projection only queues rows; claims make parallel
// dispatchers (several API instances) safe.
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { MailActivitiesService, mailSettingsFromEnv } from '../../../../../activities/mail/mail.activities';

@Injectable()
export class MailDispatchService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('MailDispatch');
  readonly mail: MailActivitiesService;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(dataSource: DataSource) {
    this.mail = new MailActivitiesService(dataSource, mailSettingsFromEnv());
  }

  onApplicationBootstrap(): void {
    const configured = process.env.MAIL_DISPATCH_INTERVAL_MS;
    const interval = configured !== undefined ? Number(configured) : process.env.NODE_ENV === 'test' ? 0 : 15_000;
    if (!Number.isFinite(interval) || interval <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.mail.dispatchMail().catch((err: Error) => this.logger.warn(`mail dispatch failed: ${err.message}`)).finally(() => (this.running = null));
    }, interval);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
    this.mail.close();
  }
}
