import { Module } from '@nestjs/common';
import { MailController } from './mail.controller';
import { MailService } from './mail.service';

// Mails are sent by the worker's mail dispatcher workflow (workflows/mail/mail-dispatcher.ts), not by the API.
@Module({ controllers: [MailController], providers: [MailService] })
export class MailModule {}
