// The envelope check in front of THE decision route: an HFU `recommend` on a grant proposal's hfu-sr-decision task
// is refused (409 naming the remaining envelope or sector split) before it reaches the case, and recommendations of
// one allocation are serialised until each is recorded. Everything else passes through untouched.
import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { from, lastValueFrom, type Observable } from 'rxjs';
import { processIdOfTask } from '@hpc/workflows/contracts';
import { authorizeDecision, type Actor, type Role } from '@hpc/workflows/domain';
import { MONEY } from '@hpc/workflows/domain/definitions/validation';
import { GRANT_PROPOSAL } from '@hpc/workflows/processes/pooled-fund-allocation';
import { TasksRepository } from '../../persistence/repositories';
import { PooledFundsService } from './pooled-funds.service';

const DECISION_ROUTE = /^\/api\/tasks\/([^/?]+)\/decision(?:\?|$)/;

@Injectable()
export class EnvelopeCheckInterceptor implements NestInterceptor {
  constructor(
    private readonly pooled: PooledFundsService,
    private readonly tasks: TasksRepository,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const req = context.switchToHttp().getRequest<Request & { user?: Actor }>();
    const m = req.method === 'POST' ? DECISION_ROUTE.exec(req.originalUrl ?? req.url) : null;
    if (!m) return next.handle();
    const taskId = decodeURIComponent(m[1]);
    const body = (req.body ?? {}) as { decision?: unknown; data?: { recommendedUsd?: unknown } };
    const processId = processIdOfTask(taskId);
    const amount = body.data?.recommendedUsd;
    if (body.decision !== 'recommend' || !processId?.startsWith(`${GRANT_PROPOSAL}:`) || taskId.split('~')[1] !== 'hfu-sr-decision' || typeof amount !== 'string' || !MONEY.test(amount) || !req.user) {
      return next.handle();
    }
    return from(this.checked(req.user, taskId, processId, amount, next));
  }

  private async checked(user: Actor, taskId: string, processId: string, amount: string, next: CallHandler): Promise<unknown> {
    const task = await this.tasks.findById(taskId);
    // Someone who may not decide it gets the choke point's own refusal (403, recusal), never the envelope's figures.
    const allowed = task && task.status === 'open' && authorizeDecision(user, {
      roles: task.roles as Role[],
      scope: task,
      assigneeId: task.assigneeId,
      recusalOrganisationId: task.recusalOrganisationId,
      leadAgencyId: task.leadAgencyId,
    }).allowed;
    if (!allowed) return lastValueFrom(next.handle());
    return this.pooled.withEnvelopeCheck(processId, amount, () => lastValueFrom(next.handle()));
  }
}
