import { type DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { AppConfig } from '../../api/src/config/app-config';
import { AppConfigModule } from '../../api/src/config/config.module';
import { dataSourceOptions } from '../../api/src/persistence/data-source';
import { TemporalWorkerService } from './temporal-worker.service';

@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.databaseUrl), retryAttempts: 3, retryDelay: 1_000 }),
      ],
      providers: [TemporalWorkerService],
    };
  }
}
