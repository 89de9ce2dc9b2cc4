import { Module } from '@nestjs/common';
import { DelegationsController } from './delegations.controller';
import { DelegationsService } from './delegations.service';

@Module({ controllers: [DelegationsController], providers: [DelegationsService], exports: [DelegationsService] })
export class DelegationsModule {}
