import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { AuthModule } from './auth/auth.module';
import { AllExceptionsFilter } from './common/all-exceptions.filter';
import type { AppConfig } from './config/app-config';
import { AppConfigModule } from './config/config.module';
import { AuditModule } from './modules/audit/audit.module';
import { ClustersModule } from './modules/clusters/clusters.module';
import { DelegationsModule } from './modules/delegations/delegations.module';
import { HealthModule } from './modules/health/health.module';
import { HpcModule } from './modules/hpc/hpc.module';
import { LiveModule } from './modules/live/live.module';
import { MailModule } from './modules/mail/mail.module';
import { MetricsModule } from './modules/metrics/metrics.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { OperationsModule } from './modules/operations/operations.module';
import { OrganisationsModule } from './modules/organisations/organisations.module';
import { PooledFundsModule } from './modules/pooled-funds/pooled-funds.module';
import { ProcessDefinitionsModule } from './modules/process-definitions/process-definitions.module';
import { ProcessesModule } from './modules/processes/processes.module';
import { TasksModule } from './modules/tasks/tasks.module';
import { TemporalCodecModule } from './modules/temporal-codec/temporal-codec.module';
import { UsersModule } from './modules/users/users.module';
import { DutiesModule } from './modules/duties/duties.module';
import { dataSourceOptions } from './persistence/data-source';
import { RepositoriesModule } from './persistence/repositories/repositories.module';
import { TemporalModule } from './temporal/temporal.module';

/** Feature modules: add yours here (one line). */
export const FEATURE_MODULES: Type[] = [
  HealthModule,
  UsersModule,
  OrganisationsModule,
  OperationsModule,
  ClustersModule,
  ProcessDefinitionsModule,
  ProcessesModule,
  TasksModule,
  DelegationsModule,
  AuditModule,
  NotificationsModule,
  MailModule,
  LiveModule,
  HpcModule,
  PooledFundsModule,
  TemporalCodecModule,
  DutiesModule,
  MetricsModule,
];

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'req.body.password'],
            // One short line per request: every header of every request and response cost CPU on each call.
            serializers: {
              req: (req: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: req.id, method: req.method, url: req.url, remoteAddress: req.remoteAddress }),
              res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
            },
            autoLogging: { ignore: (req) => typeof req.url === 'string' && /^\/api\/health(\/(live|ready))?(\?|$)/.test(req.url) },
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1_000 }),
        RepositoriesModule,
        TemporalModule,
        AuthModule,
        ...FEATURE_MODULES,
      ],
      providers: [{ provide: APP_FILTER, useClass: AllExceptionsFilter }],
    };
  }
}
