import { Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/errors';
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
    private readonly users: UsersRepository,
    private readonly usersService: UsersService,
    private readonly tokens: TokenService,
    private readonly userState: UserStateService,
  ) {}

  async login(dto: LoginDto): Promise<{ accessToken: string; user: UserDto }> {
    const user = await this.users.findForLogin(dto.username);
    const ok = await verifyPassword(user?.passwordHash, dto.password);
    if (!user || !ok || !user.active) throw new AppException(ErrorCode.Unauthenticated, LOGIN_FAILED);
    // Fresh from the database: a token must carry the token version in force right now.
    this.userState.invalidate(user.id);
    const state = await this.userState.current(user.id);
    if (!state || !state.active) throw new AppException(ErrorCode.Unauthenticated, LOGIN_FAILED);
    const [dtoUser] = await this.usersService.toDtos([user]);
    return { accessToken: this.tokens.sign(state.actor, state.tokenVersion), user: dtoUser };
  }
}
