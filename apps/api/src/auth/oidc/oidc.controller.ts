import { Body, Controller, Get, HttpCode, Logger, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiFoundResponse, ApiOkResponse, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser, Public, Roles } from '../decorators';
import { LoginResponseDto } from '../dtos/login.dto';
import { OidcInfoDto, OidcSettingsDto, OidcTicketDto } from './oidc.dto';
import { OidcRefusal, OidcService } from './oidc.service';

/** Where the console picks up the outcome of a sign-in through the provider (its login page reads these). */
const CONSOLE_LOGIN = '/#/login';
/** Binds a sign-in to the browser that started it: its state, sent back only to these routes. */
const STATE_COOKIE = 'hpc_oidc_state';
const COOKIE_PATH = '/api/auth/oidc';

function stateCookie(req: Request): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === STATE_COOKIE) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return null;
}

@ApiTags('auth')
@Controller('auth/oidc')
export class OidcController {
  private readonly logger = new Logger(OidcController.name);

  constructor(private readonly oidc: OidcService) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: OidcInfoDto })
  info(): OidcInfoDto {
    return this.oidc.info();
  }

  @Public()
  @Get('start')
  @ApiFoundResponse({ description: "redirect to the provider's sign-in page (404 when OpenID Connect is not configured)" })
  async start(@Req() req: Request, @Res() res: Response): Promise<void> {
    let target: string;
    try {
      const { url, state } = await this.oidc.start();
      target = url;
      res.cookie(STATE_COOKIE, state, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: COOKIE_PATH, maxAge: 10 * 60_000 });
    } catch (err) {
      if ((err as { getStatus?: () => number }).getStatus?.() === 404) throw err;
      target = `${CONSOLE_LOGIN}?oidc_error=provider`;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, target);
  }

  @Public()
  @Get('callback')
  @ApiFoundResponse({ description: 'redirect to the console with a one-time ticket (oidc_ticket) or the reason of a refusal (oidc_error)' })
  async callback(@Query() query: Record<string, string | undefined>, @Req() req: Request, @Res() res: Response): Promise<void> {
    let target: string;
    try {
      target = `${CONSOLE_LOGIN}?oidc_ticket=${await this.oidc.callback(query, stateCookie(req))}`;
    } catch (err) {
      if ((err as { getStatus?: () => number }).getStatus?.() === 404) throw err;
      const code = err instanceof OidcRefusal ? err.code : 'provider';
      this.logger.warn(`OpenID Connect sign-in refused (${code}): ${(err as Error).message}`);
      target = `${CONSOLE_LOGIN}?oidc_error=${code}`;
    }
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, target);
  }

  @Public()
  @Post('ticket')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ description: 'ticket unknown, expired or already used' })
  async redeem(@Body() dto: OidcTicketDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponseDto> {
    const result = await this.oidc.redeem(dto.ticket, stateCookie(req));
    res.clearCookie(STATE_COOKIE, { path: COOKIE_PATH });
    return result;
  }

  @Roles('admin')
  @Get('settings')
  @ApiBearerAuth()
  @ApiOkResponse({ type: OidcSettingsDto })
  async settings(): Promise<OidcSettingsDto> {
    return { createUsers: await this.oidc.createUsers() };
  }

  @Roles('admin')
  @Put('settings')
  @ApiBearerAuth()
  @ApiOkResponse({ type: OidcSettingsDto })
  async updateSettings(@Body() dto: OidcSettingsDto, @CurrentUser() admin: Actor): Promise<OidcSettingsDto> {
    await this.oidc.setCreateUsers(dto.createUsers, admin.id);
    return { createUsers: await this.oidc.createUsers() };
  }
}
