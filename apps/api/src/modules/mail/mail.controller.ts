import { Body, Controller, Get, Param, ParseUUIDPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@hpc/workflows/domain';
import { CurrentUser, Roles } from '../../auth/decorators';
import { MailPreferencesDto, type MailPreferencesView } from './dtos/mail-preferences.dto';
import { MailService } from './mail.service';

/** Mail settings: the caller's own, or any user's for an admin (e.g. to set the address). */
@ApiTags('mail')
@ApiBearerAuth()
@Controller('mail/preferences')
export class MailController {
  constructor(private readonly mail: MailService) {}

  @Get()
  @ApiOperation({ summary: 'Your e-mail address, language, digest kinds and out-of-office flag' })
  mine(@CurrentUser() auth: Actor): Promise<MailPreferencesView> {
    return this.mail.get(auth.id);
  }

  @Put()
  @ApiOperation({ summary: 'Change your mail settings or out-of-office flag' })
  updateMine(@CurrentUser() auth: Actor, @Body() dto: MailPreferencesDto): Promise<MailPreferencesView> {
    return this.mail.update(auth.id, dto);
  }

  @Get(':userId')
  @Roles('admin')
  get(@Param('userId', ParseUUIDPipe) userId: string): Promise<MailPreferencesView> {
    return this.mail.get(userId);
  }

  @Put(':userId')
  @Roles('admin')
  update(@Param('userId', ParseUUIDPipe) userId: string, @Body() dto: MailPreferencesDto): Promise<MailPreferencesView> {
    return this.mail.update(userId, dto);
  }
}
