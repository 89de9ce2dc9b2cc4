import { Inject, Injectable } from '@nestjs/common';
import { type Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { cancelUpdate, getRegistration, stateQuery } from '../../../../../workflows/contracts';
import {
  auditActorOf,
  CLUSTER_ACTIVATION,
  getDefinition,
  PROCESS_TYPES,
  validateProcessInput,
  type Actor,
  type ProcessDefinition,
  type ProcessView,
  type Role,
  type TaskView,
} from '../../../../../workflows/domain';
import { AuthorizationService } from '../../auth/authorization.service';
import { AppException, ErrorCode } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { ProcessEntity } from '../../persistence/entities';
import { AuditEventsRepository, ClustersRepository, OperationsRepository, ProcessesRepository, TasksRepository } from '../../persistence/repositories';
import { TEMPORAL_CLIENT } from '../../temporal/temporal.module';
import { toAppException } from '../../temporal/temporal-errors';
import { toAuditEventView, toProcessView, toTaskView, type AuditEventView } from './process-views';

export const PROCESSES_LIST: ListSpec = {
  resource: 'processes',
  sortable: ['id', 'type', 'status', 'title', 'startedAt', 'updatedAt'],
  defaultSort: ['startedAt', 'DESC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'string' },
    type: { type: 'enum', values: PROCESS_TYPES },
    status: { type: 'enum', values: ['running', 'completed', 'cancelled'] },
    operationId: { type: 'uuid' },
    clusterId: { type: 'uuid' },
    sector: { type: 'string' },
    awaitingRole: { type: 'string' },
  },
};

export const HISTORY_LIST: ListSpec = {
  resource: 'audit-events',
  sortable: ['seq'],
  defaultSort: ['seq', 'ASC'],
  filters: {},
  maxPageSize: 5000,
};

/** Roles that read every case; the others read what their scope lets them (see assertCanRead). */
const READ_ALL: readonly Role[] = ['admin', 'auditor', 'ocha', 'hc', 'erc', 'cluster_lead'];

export interface ProcessDetail extends ProcessView {
  tasks: TaskView[];
  definition: ProcessDefinition | null;
}

@Injectable()
export class ProcessesService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processes: ProcessesRepository,
    private readonly tasks: TasksRepository,
    private readonly events: AuditEventsRepository,
    private readonly operations: OperationsRepository,
    private readonly clusters: ClustersRepository,
    private readonly authz: AuthorizationService,
  ) {}

  /** Partners without a coordination role see only cases that involve their organisation. */
  private organisationRestriction(auth: Actor): string | null {
    if (this.authz.hasAnyRole(auth, READ_ALL)) return null;
    return auth.organisationId ?? '00000000-0000-0000-0000-000000000000';
  }

  async assertCanRead(auth: Actor, process: Pick<ProcessEntity, 'id'>): Promise<void> {
    const org = this.organisationRestriction(auth);
    if (org && !(await this.processes.hasTaskForOrganisation(process.id, org))) {
      throw AppException.forbidden('this case does not involve your organisation');
    }
  }

  async start(auth: Actor, type: string, input: Record<string, unknown>): Promise<ProcessView> {
    const registration = getRegistration(type);
    if (!registration) throw AppException.validation(`type must be one of the following values: ${PROCESS_TYPES.join(', ')}`);
    this.authz.assertAnyRole(auth, registration.startRoles);
    const errors = validateProcessInput(type, input);
    if (errors.length > 0) {
      throw AppException.validation(errors.map((e) => (e.field === 'type' || e.field === 'input' ? e.message : `input.${e.message}`)), { fields: errors });
    }
    await this.checkReferences(type, input);

    const workflowId = registration.workflowId(input);
    const startedBy = auditActorOf(auth);
    const args = registration.buildStartArgs(input, startedBy);
    try {
      await this.temporal.workflow.start(registration.workflowType, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [args],
        // one open case per business id; a closed one may be started again
        workflowIdConflictPolicy: 'FAIL',
        searchAttributes: { HpcProcessType: [type], HpcStatus: ['running'] },
      });
    } catch (err) {
      throw toAppException(err, workflowId);
    }
    const definition = registration.definition;
    const now = new Date().toISOString();
    return {
      id: workflowId,
      type,
      definitionVersion: definition.version,
      title: definition.title,
      status: 'running',
      outcome: null,
      operationId: typeof input.operationId === 'string' ? input.operationId : null,
      clusterId: typeof input.clusterId === 'string' ? input.clusterId : null,
      sector: typeof input.sector === 'string' ? input.sector : null,
      subject: {},
      input: args.input as Record<string, unknown>,
      currentSteps: [...definition.initialSteps],
      awaitingRoles: [...new Set(definition.steps.filter((s) => definition.initialSteps.includes(s.id)).flatMap((s) => s.roles))],
      startedBy,
      startedAt: now,
      updatedAt: now,
      endedAt: null,
      lastSeq: 0,
    };
  }

  /** References in the input must exist (400 naming the field), and the subject must be startable (409). */
  private async checkReferences(type: string, input: Record<string, unknown>): Promise<void> {
    if (typeof input.operationId === 'string' && !(await this.operations.findById(input.operationId))) {
      throw AppException.validation(`input.operationId does not reference an existing operation`);
    }
    if (typeof input.clusterId === 'string' && !(await this.clusters.findById(input.clusterId))) {
      throw AppException.validation(`input.clusterId does not reference an existing cluster`);
    }
    if (type === CLUSTER_ACTIVATION && typeof input.operationId === 'string' && typeof input.sector === 'string') {
      const cluster = await this.clusters.findByOperationAndSector(input.operationId, input.sector);
      if (cluster && (cluster.status === 'active' || cluster.status === 'in-transition')) {
        throw AppException.conflict(`the ${input.sector} cluster of this operation is already ${cluster.status}`);
      }
    }
  }

  async list(auth: Actor, query: ListQuery): Promise<Page<ProcessView>> {
    const page = await this.processes.list(query, this.organisationRestriction(auth));
    return { items: page.items.map(toProcessView), total: page.total };
  }

  /** The read model, or — for a case started a moment ago and not yet projected — the workflow's live state. */
  async get(auth: Actor, id: string): Promise<ProcessDetail> {
    const row = await this.processes.findById(id);
    if (row) {
      await this.assertCanRead(auth, row);
      const tasks = await this.tasks.findByProcess(id);
      return { ...toProcessView(row), tasks: tasks.map(toTaskView), definition: getDefinition(row.type) ?? null };
    }
    const live = await this.liveState(id);
    if (!live) throw AppException.notFound('process', id);
    await this.assertCanRead(auth, live.process);
    return { ...live.process, tasks: live.openTasks, definition: getDefinition(live.process.type) ?? null };
  }

  private async liveState(id: string) {
    try {
      return await this.temporal.workflow.getHandle(id).query(stateQuery);
    } catch {
      return null;
    }
  }

  private async requireRow(auth: Actor, id: string): Promise<ProcessEntity> {
    const row = await this.processes.findById(id);
    if (!row) throw AppException.notFound('process', id);
    await this.assertCanRead(auth, row);
    return row;
  }

  async history(auth: Actor, id: string, query: ListQuery): Promise<Page<AuditEventView>> {
    const row = await this.requireRow(auth, id);
    const afterSeq = query.sort.order === 'ASC' ? query.skip : 0;
    const events = await this.events.findByProcess(id, { afterSeq, limit: query.take });
    return { items: events.map(toAuditEventView), total: row.lastSeq };
  }

  /** Temporal's own event history of the case (current run), for auditors and admins. */
  async temporalHistory(auth: Actor, id: string): Promise<unknown> {
    this.authz.assertAnyRole(auth, ['auditor', 'admin']);
    await this.requireRow(auth, id);
    try {
      const history = await this.temporal.workflow.getHandle(id).fetchHistory();
      return JSON.parse(historyToJSON(history));
    } catch (err) {
      throw toAppException(err, id);
    }
  }

  async cancel(auth: Actor, id: string, reason: string): Promise<ProcessView> {
    this.authz.assertAnyRole(auth, ['admin']);
    const row = await this.requireRow(auth, id);
    if (row.status !== 'running') throw new AppException(ErrorCode.Conflict, `process ${id} is already ${row.status}`);
    try {
      return await this.temporal.workflow.getHandle(id).executeUpdate(cancelUpdate, {
        args: [{ reason, actor: auth }],
        updateId: `cancel:${id}:${auth.id}`,
      });
    } catch (err) {
      throw toAppException(err, id);
    }
  }
}
