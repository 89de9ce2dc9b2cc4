import { Inject, Injectable, Optional } from '@nestjs/common';
import { ApiMetrics } from '../metrics/api-metrics';
import { type Client, WorkflowNotFoundError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { decideUpdate, processIdOfTask, type DecideResult } from '@hpc/workflows/contracts';
import { findStep, validateDecision, type Actor, type Role, type TaskView } from '@hpc/workflows/domain';
import { getDefinition, PROCESS_TYPES } from '@hpc/workflows/processes';
import { AuthorizationService } from '../../auth/authorization.service';
import { AppException, ErrorCode } from '../../common/errors';
import { bodyHash, decisionUpdateId, IdempotencyKeys, NO_KEY } from '../../common/idempotency-keys';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import type { TaskEntity } from '../../persistence/entities';
import { ProcessesRepository, TasksRepository } from '../../persistence/repositories';
import type { JsonPage } from '../../persistence/repositories/json-rows';
import type { TaskScope } from '../../persistence/repositories/tasks.repository';
import { TEMPORAL_CLIENT } from '../../temporal/temporal.module';
import { toAppException } from '../../temporal/temporal-errors';
import { DelegationsService } from '../delegations/delegations.service';
import { TASK_VIEW_JSON, toTaskView } from '../processes/process-views';
import { LOCALISED_TASK_SQL } from '../pooled-funds/localised-tasks';
import { ProcessesService } from '../processes/processes.service';
import { readsEverything } from '../processes/read-scope';
import type { DecideTaskDto } from './dtos/task.dto';

export const TASKS_LIST: ListSpec = {
  resource: 'tasks',
  sortable: ['id', 'dueAt', 'createdAt', 'updatedAt', 'decidedAt', 'stepId', 'processType', 'status', 'title'],
  defaultSort: ['dueAt', 'ASC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'string' },
    status: { type: 'enum', values: ['open', 'decided', 'cancelled', 'expired'] },
    processId: { type: 'string', maxLength: 400 },
    processType: { type: 'enum', values: [...PROCESS_TYPES] },
    stepId: { type: 'string' },
    overdue: { type: 'boolean' },
    operationId: { type: 'uuid' },
    sector: { type: 'string' },
    role: { type: 'string' },
    // true (default): the tasks the caller may decide; false: every task (auditors, admins, or one case's tasks)
    assigned: { type: 'boolean' },
  },
};

@Injectable()
export class TasksService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly tasks: TasksRepository,
    private readonly processes: ProcessesRepository,
    private readonly processesService: ProcessesService,
    private readonly authz: AuthorizationService,
    private readonly idempotencyKeys: IdempotencyKeys,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // Optional: scripts that build the service by hand (bench) decide in their own right only.
    @Optional() private readonly delegations?: DelegationsService,
    @Optional() private readonly metrics?: ApiMetrics,
  ) {}

  /**
   * The inbox by default: open tasks the caller may decide. `assigned=false` lists every task — for auditors
   * and admins, or for anyone who may read the case named by `processId`.
   */
  async list(auth: Actor, query: ListQuery): Promise<Page<TaskView>> {
    const page = await this.tasks.list(query, await this.listScope(auth, query));
    return { items: page.items.map(toTaskView), total: page.total };
  }

  /**
   * `list` as JSON text built by PostgreSQL (same scope, filters, order and total), passed through by the
   * controller. `flag`: a task on the page gets the live localisation share (LiveLocalisationInterceptor), so the
   * controller hands that page over parsed.
   */
  async listJson(auth: Actor, query: ListQuery): Promise<JsonPage> {
    return this.tasks.listJson(query, await this.listScope(auth, query), TASK_VIEW_JSON, LOCALISED_TASK_SQL);
  }

  /** Which tasks a list may show: the one decision for `list` and `listJson`. */
  private async listScope(auth: Actor, query: ListQuery): Promise<TaskScope> {
    if (query.filter.assigned !== false) {
      if (query.filter.status === undefined && query.filter.id === undefined) query.filter.status = 'open';
      return { assignedTo: auth };
    }
    if (readsEverything(auth)) return {};
    if (typeof query.filter.processId === 'string') {
      const process = await this.processes.findById(query.filter.processId);
      if (!process) throw AppException.notFound('process', query.filter.processId);
      await this.processesService.assertCanRead(auth, process);
      return {};
    }
    throw AppException.forbidden('only readers of every case (admin, auditor, erc, fund_signatory) may list all tasks; filter by processId to list one case');
  }

  async get(auth: Actor, id: string): Promise<TaskView> {
    const task = await this.requireTask(id);
    const decidable = this.authz.checkDecision(auth, { roles: task.roles as Role[], scope: task, assigneeId: task.assigneeId }).allowed;
    if (!decidable) await this.processesService.assertCanRead(auth, { id: task.processId });
    return toTaskView(task);
  }

  private async requireTask(id: string): Promise<TaskEntity> {
    const task = processIdOfTask(id) ? await this.tasks.findById(id) : null;
    if (!task) throw AppException.notFound('task', id);
    return task;
  }

  /**
   * THE decision choke point: authorise (role, scope, four-eyes), validate against the step definition,
   * then send the `decide` Update (id scoped to task, user and Idempotency-Key), which returns after the
   * decision is projected.
   */
  async decide(caller: Actor, id: string, dto: DecideTaskDto, idempotencyKey?: string): Promise<DecideResult> {
    const processId = processIdOfTask(id);
    if (!processId) throw AppException.notFound('task', id);
    const task = await this.tasks.findById(id);
    // Acting for someone through a running delegation: the workflow gets that narrowed Actor (with onBehalfOf).
    const auth = task && this.delegations ? await this.delegations.actorFor(caller, { roles: task.roles as Role[], scope: task }) : caller;
    // No row yet: a task opened a moment ago whose projection is still in flight. The workflow's update
    // validator runs the same authorisation and validation, so the Update itself decides (404 if unknown).
    if (task) await this.precheck(auth, task, dto);
    try {
      return await this.sendDecision(auth, processId, id, dto, idempotencyKey ?? NO_KEY);
    } catch (err) {
      if (!task && err instanceof WorkflowNotFoundError) throw AppException.notFound('task', id);
      throw toAppException(err, processId);
    }
  }

  /**
   * The `decide` Update under an id scoped to (task, user, key), after recording which body the key was first
   * used with (same key + other body → 422), within DECISION_TIMEOUT_MS (503 after it).
   */
  private async sendDecision(auth: Actor, processId: string, taskId: string, dto: DecideTaskDto, key: string): Promise<DecideResult> {
    const request = { decision: dto.decision, comment: dto.comment, data: dto.data };
    const { claim, since } = await this.idempotencyKeys.claim(auth.id, key, taskId, bodyHash(request));
    const timeoutMs = this.config.decisionTimeoutMs;
    try {
      const result = await this.temporal.withDeadline(Date.now() + timeoutMs, () =>
        this.temporal.workflow.getHandle(processId).executeUpdate(decideUpdate, {
          args: [{ taskId, ...request, actor: auth }],
          updateId: decisionUpdateId(taskId, auth.id, key, since),
        }),
      );
      this.metrics?.decisions.inc({ result: 'recorded' });
      return result;
    } catch (err) {
      this.metrics?.decisions.inc({ result: err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ? 'timeout' : 'refused' });
      if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
        throw new AppException(
          ErrorCode.DependencyUnavailable,
          `the case did not take the decision within ${timeoutMs / 1000} s; it may still be recorded: reload the task before deciding again, or retry with the same Idempotency-Key`,
        );
      }
      // Refused by the workflow, or no such case: nothing was recorded, so the key is free for a corrected request.
      const mapped = toAppException(err, processId);
      const refused = err instanceof WorkflowNotFoundError || (mapped instanceof AppException && mapped.getStatus() < 500);
      if (claim === 'first' && refused) await this.idempotencyKeys.release(auth.id, key, taskId);
      // The caller maps it: 404 when there is no task row either, 409 when the case has ended, the validator's refusal.
      throw err;
    }
  }

  /** Refuse early, from the read model, what the workflow would refuse: closed task, role/scope/four-eyes, bad data. */
  private async precheck(auth: Actor, task: TaskEntity, dto: DecideTaskDto): Promise<void> {
    const id = task.id;
    // Someone else closed it: refuse here. Our own earlier decision goes on to Temporal, which answers a
    // repeated update id with the first result (a double click is one decision).
    if (task.status !== 'open' && task.decidedBy?.kind === 'user' && task.decidedBy.id !== auth.id) {
      throw new AppException(ErrorCode.TaskNotOpen, `task ${id} is no longer open (decided by ${task.decidedBy.displayName} at ${task.decidedAt?.toISOString()})`, 409, {
        decidedBy: task.decidedBy,
        decidedAt: task.decidedAt?.toISOString() ?? null,
      });
    }
    if (task.status === 'cancelled' || task.status === 'expired') throw new AppException(ErrorCode.TaskNotOpen, `task ${id} is no longer open (${task.status})`);

    const process = await this.processes.findById(task.processId);
    const definition = getDefinition(task.processType, process?.definitionVersion);
    const step = definition ? findStep(definition, task.stepId) : undefined;
    const fourEyes = !!step?.fourEyes || !!step?.rules?.includes('four-eyes');
    this.authz.assertDecision(auth, {
      roles: task.roles as Role[],
      scope: task,
      fourEyes,
      previousDeciderId: fourEyes && task.status === 'open' ? await this.tasks.lastDeciderId(task.processId) : null,
      assigneeId: task.assigneeId,
      recusalOrganisationId: task.recusalOrganisationId,
      leadAgencyId: task.leadAgencyId,
    });
    // A vote's chair closes it with the engine's own decision; the workflow validates that one.
    if (definition && task.memberKey !== 'chair') {
      const errors = validateDecision(definition, task.stepId, dto.decision, dto.data, { comment: dto.comment, nowMs: Date.now(), scope: { subject: process?.subject ?? {}, input: process?.input ?? {} } });
      if (errors.length > 0) throw AppException.validation(errors.map((e) => e.message), { fields: errors });
    }
  }
}
