import { Module } from '@nestjs/common';
import { MailController } from './mail.controller';
import { MailDispatchService } from './mail-dispatch.service';
import { MailService } from './mail.service';

@Module({ controllers: [MailController], providers: [MailService, MailDispatchService], exports: [MailDispatchService] })
export class MailModule {}
