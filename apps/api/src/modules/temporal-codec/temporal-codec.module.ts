import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { temporalCodecCors, temporalUiOrigins } from './temporal-codec.cors';
import { TemporalCodecController } from './temporal-codec.controller';

@Module({ controllers: [TemporalCodecController] })
export class TemporalCodecModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(temporalCodecCors(temporalUiOrigins())).forRoutes({ path: 'temporal-codec/{*path}', method: RequestMethod.ALL });
  }
}
