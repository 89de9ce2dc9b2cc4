import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Actor } from '@hpc/workflows/domain';
import { UserDto } from '../modules/users/dtos/user.dto';
import { UsersService } from '../modules/users/users.service';
import { AuthService } from './auth.service';
import { CurrentUser, Public } from './decorators';
import { LoginDto, LoginResponseDto } from './dtos/login.dto';
import { LoginThrottlerGuard } from './login-throttler.guard';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UsersService,
  ) {}

  @Public()
  @UseGuards(LoginThrottlerGuard)
  @Post('auth/login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'invalid username or password' })
  @ApiTooManyRequestsResponse({ description: 'too many login attempts' })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.auth.login(dto);
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOkResponse({ type: UserDto })
  me(@CurrentUser() actor: Actor): Promise<UserDto> {
    return this.users.me(actor);
  }
}
