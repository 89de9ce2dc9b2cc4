import { Inject, Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { UsersRepository } from '../persistence/repositories';
import type { UserDto } from '../modules/users/dtos/user.dto';
import { UsersService } from '../modules/users/users.service';
import type { LoginDto } from './dtos/login.dto';
import { verifyPassword } from './password';
import { TokenService } from './token.service';
import { UserStateService } from './user-state.service';

/** One message for every login failure, so it does not reveal which usernames exist. */
export const LOGIN_FAILED = 'invalid username or password';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly tokens: TokenService,
    private readonly userState: UserStateService,
  ) {}

  async login(dto: LoginDto): Promise<{ accessToken: string; user: UserDto }> {
    if (!this.config.localLogin) {
      throw AppException.forbidden(`sign-in by password is switched off: sign in with ${this.config.oidc?.providerName ?? 'your organisation'}`);
    }
    const user = await this.users.findForLogin(dto.username);
    const ok = await verifyPassword(user?.passwordHash, dto.password);
    if (!user || !ok || !user.active) throw new AppException(ErrorCode.Unauthenticated, LOGIN_FAILED);
    return this.issue(user.id);
  }

  /** The access token and user record for a user who has just proved who they are (password or OpenID Connect). */
  async issue(userId: string): Promise<{ accessToken: string; user: UserDto }> {
    // Fresh from the database: a token must carry the token version in force right now.
    this.userState.invalidate(userId);
    const state = await this.userState.current(userId);
    const user = state?.active ? await this.users.findById(userId) : null;
    if (!state || !state.active || !user) throw new AppException(ErrorCode.Unauthenticated, LOGIN_FAILED);
    const [dtoUser] = await this.usersService.toDtos([user]);
    return { accessToken: this.tokens.sign(state.actor, state.tokenVersion), user: dtoUser };
  }
}
