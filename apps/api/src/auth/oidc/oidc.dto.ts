import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsString, Matches } from 'class-validator';

export class OidcInfoDto {
  @ApiProperty({ description: 'OpenID Connect sign-in is configured' })
  enabled!: boolean;

  @ApiProperty({ nullable: true, type: String, description: 'shown as "Sign in with <providerName>"' })
  providerName!: string | null;

  @ApiProperty({ description: 'sign-in by username and password is on' })
  localLogin!: boolean;
}

export class OidcTicketDto {
  @ApiProperty({ description: 'the one-time ticket the callback put in the console URL' })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'ticket must be the 43-character ticket from the sign-in callback' })
  ticket!: string;
}

export class OidcSettingsDto {
  @ApiProperty({ description: 'a first sign-in by someone without an account (matched by verified e-mail) creates the account' })
  @IsBoolean()
  createUsers!: boolean;
}
