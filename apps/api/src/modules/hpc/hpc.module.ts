import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module';
import { TasksService } from '../tasks/tasks.service';
import { HpcController } from './hpc.controller';
import { HpcService } from './hpc.service';

// TasksService is provided here too: a phase trigger goes through the one decision path (authorisation, idempotency).
@Module({ imports: [ProcessesModule], controllers: [HpcController], providers: [HpcService, TasksService] })
export class HpcModule {}
