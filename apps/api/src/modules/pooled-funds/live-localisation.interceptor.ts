// The allocation's live localisation share on every HC task of an allocation and of its proposals: the task
// views the API answers (inbox, one task) carry `context.localisation`, computed from the read model at read time.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, type Observable, switchMap } from 'rxjs';
import type { TaskView } from '../../../../../workflows/domain';
import { POOLED_FUND_ALLOCATION } from '../../../../../workflows/processes/pooled-fund-allocation';
import { ProcessesRepository } from '../../persistence/repositories';
import { POOLED_TYPES } from './localised-tasks';
import { PooledFundsService } from './pooled-funds.service';

const TASK_ROUTES = /^\/api\/tasks(?:\/[^/?]+)?(?:\?|$)/;

@Injectable()
export class LiveLocalisationInterceptor implements NestInterceptor {
  constructor(
    private readonly pooled: PooledFundsService,
    private readonly processes: ProcessesRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request>();
    if (req.method !== 'GET' || !TASK_ROUTES.test(req.originalUrl ?? req.url)) return next.handle();
    return next.handle().pipe(switchMap((body) => from(this.enrich(body))));
  }

  private async enrich(body: unknown): Promise<unknown> {
    const tasks = (Array.isArray(body) ? body : [body]) as TaskView[];
    const hcTasks = tasks.filter((t) => t && typeof t === 'object' && POOLED_TYPES.includes(t.processType) && (t.roles ?? []).includes('hc'));
    if (hcTasks.length === 0) return body;
    const shares = new Map<string, unknown>();
    for (const t of hcTasks) {
      const row = await this.processes.findById(t.processId);
      const allocationId = row?.type === POOLED_FUND_ALLOCATION ? row.id : row?.parentProcessId;
      if (!allocationId) continue;
      if (!shares.has(allocationId)) {
        const allocation = allocationId === row?.id ? row : await this.processes.findById(allocationId);
        shares.set(allocationId, allocation ? { allocationId, ...(await this.pooled.totals(allocation)).localisation } : null);
      }
      const share = shares.get(allocationId);
      if (share) t.context = { ...(t.context ?? {}), localisation: share };
    }
    return body;
  }
}
