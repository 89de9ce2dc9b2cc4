import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ProcessesModule } from '../processes/processes.module';
import { LiveLocalisationInterceptor } from './live-localisation.interceptor';
import { PooledFundsController } from './pooled-funds.controller';
import { PooledFundsService } from './pooled-funds.service';

@Module({
  imports: [ProcessesModule],
  controllers: [PooledFundsController],
  providers: [PooledFundsService, { provide: APP_INTERCEPTOR, useClass: LiveLocalisationInterceptor }],
})
export class PooledFundsModule {}
