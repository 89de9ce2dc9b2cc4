// Live updates for the console (issue 13, item 5): POST /api/live/ticket, then GET /api/live?ticket=…
// as server-sent events, fed by PostgreSQL LISTEN on hpc_changes (the projection notifies per batch).
import { Module } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ProcessesModule } from '../processes/processes.module';
import { LiveController } from './live.controller';
import { LiveTickets } from './live-tickets';
import { LiveService } from './live.service';

@Module({
  imports: [ProcessesModule],
  controllers: [LiveController],
  providers: [LiveService, { provide: LiveTickets, inject: [DataSource], useFactory: (ds: DataSource) => new LiveTickets(ds) }],
})
export class LiveModule {}
