import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersModule } from '../modules/users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthorizationService } from './authorization.service';
import { LOGIN_THROTTLER, LoginThrottlerGuard } from './login-throttler.guard';
import { TokenService } from './token.service';

/** Global: the one auth guard (APP_GUARD), TokenService and AuthorizationService for every module. */
@Global()
@Module({
  imports: [
    UsersModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => [{ name: LOGIN_THROTTLER, limit: config.loginRateLimit, ttl: config.loginRateTtlMs }],
    }),
  ],
  controllers: [AuthController],
  providers: [TokenService, AuthService, AuthorizationService, LoginThrottlerGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, AuthorizationService],
})
export class AuthModule {}
