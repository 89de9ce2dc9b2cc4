import { Module } from '@nestjs/common';
import { DelegationsModule } from '../delegations/delegations.module';
import { ProcessesModule } from '../processes/processes.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({ imports: [ProcessesModule, DelegationsModule], controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
