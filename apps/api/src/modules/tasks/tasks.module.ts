import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module';
import { TasksController } from './tasks.controller';
import { TasksService } from './tasks.service';

@Module({ imports: [ProcessesModule], controllers: [TasksController], providers: [TasksService] })
export class TasksModule {}
