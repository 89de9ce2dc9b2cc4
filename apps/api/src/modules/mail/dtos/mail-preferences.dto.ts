import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsOptional, MaxLength, ValidateIf } from 'class-validator';
import { MAIL_KINDS, MAIL_LOCALES } from '../../../../../../activities/mail/mail.templates';

/** The caller's mail settings and out-of-office flag; absent fields stay as they are. */
export class MailPreferencesDto {
  @ApiPropertyOptional({ nullable: true, description: 'Where mails go; null for no mail' })
  @IsOptional()
  @ValidateIf((_o, v) => v !== null)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ enum: MAIL_LOCALES })
  @IsOptional()
  @IsIn(MAIL_LOCALES)
  locale?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  mailEnabled?: boolean;

  @ApiPropertyOptional({ enum: MAIL_KINDS, isArray: true, description: 'Kinds that wait for the daily digest; the others are mailed one by one' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAIL_KINDS.length)
  @IsIn(MAIL_KINDS, { each: true })
  digestKinds?: string[];

  @ApiPropertyOptional({ description: 'Out of office: escalations go to your delegate or the others in scope' })
  @IsOptional()
  @IsBoolean()
  away?: boolean;
}

export interface MailPreferencesView {
  userId: string;
  email: string | null;
  locale: string;
  mailEnabled: boolean;
  digestKinds: string[];
  away: boolean;
}
