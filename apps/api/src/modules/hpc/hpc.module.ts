import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module';
import { HpcController } from './hpc.controller';
import { HpcService } from './hpc.service';

// A phase trigger goes through the one decision path: HpcService takes the TasksModule's own TasksService (ModuleRef).
@Module({ imports: [ProcessesModule], controllers: [HpcController], providers: [HpcService] })
export class HpcModule {}
