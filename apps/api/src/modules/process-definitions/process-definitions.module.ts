import { Module } from '@nestjs/common';
import { ProcessDefinitionsController } from './process-definitions.controller';

@Module({ controllers: [ProcessDefinitionsController] })
export class ProcessDefinitionsModule {}
