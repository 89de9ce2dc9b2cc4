import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { IdempotencyKeys } from '../common/idempotency-keys';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersModule } from '../modules/users/users.module';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { AuthorizationService } from './authorization.service';
import { LoginThrottlerGuard, loginThrottlers } from './login-throttler.guard';
import { OidcController } from './oidc/oidc.controller';
import { OidcService } from './oidc/oidc.service';
import { TokenService } from './token.service';
import { UserStateService } from './user-state.service';

/** Global: the one auth guard (APP_GUARD), TokenService, UserStateService, AuthorizationService and the per-user IdempotencyKeys. */
@Global()
@Module({
  imports: [
    UsersModule,
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => loginThrottlers(config),
    }),
  ],
  controllers: [AuthController, OidcController],
  providers: [TokenService, UserStateService, IdempotencyKeys, AuthService, OidcService, AuthorizationService, LoginThrottlerGuard, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [TokenService, UserStateService, IdempotencyKeys, AuthorizationService],
})
export class AuthModule {}
