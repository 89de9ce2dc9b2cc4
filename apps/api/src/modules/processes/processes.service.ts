import { Inject, Injectable, Optional } from '@nestjs/common';
import { ApiMetrics } from '../metrics/api-metrics';
import { type Client } from '@temporalio/client';
import type { PayloadCodec } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { actUpdate, cancelUpdate, retryIncidentUpdate, startArgs, stateQuery, submitUpdate, type SubmitResult } from '@hpc/workflows/contracts';
import { auditActorOf, initialSteps, operationSettingsOf, valueAt, type Actor, type FieldSpec, type ProcessView, type Role, type TaskView } from '@hpc/workflows/domain';
import { getDefinition, getProcess, PROCESS_TYPES, validateProcessInput, type OperationContext, type ProcessModule } from '@hpc/workflows/processes';
import type { ProcessDefinition } from '@hpc/workflows/domain';
import { AuthorizationService } from '../../auth/authorization.service';
import { AppException, ErrorCode } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { OperationEntity, ProcessEntity } from '../../persistence/entities';
import {
  AuditEventsRepository,
  ClustersRepository,
  OperationsRepository,
  OrganisationsRepository,
  ProcessesRepository,
  TasksRepository,
  UsersRepository,
} from '../../persistence/repositories';
import { anonymousKeySecret, submissionKey } from '../../../../../activities/submissions/submission-keys';
import { decodeHistoryPayloads } from '../../temporal/payload-codec';
import { PAYLOAD_CODEC, TEMPORAL_CLIENT } from '../../temporal/temporal.module';
import { toAppException } from '../../temporal/temporal-errors';
import { AUDIT_EVENT_VIEW_JSON, PROCESS_VIEW_JSON, toAuditEventView, toProcessView, toTaskView, type AuditEventView } from './process-views';
import type { JsonPage } from '../../persistence/repositories/json-rows';
import { mayReadProcess, readableOf, readScopeSql, readsEverything, type ReadableRow } from './read-scope';
import { START_CHECKS } from './start-checks';

export const PROCESSES_LIST: ListSpec = {
  resource: 'processes',
  sortable: ['id', 'type', 'status', 'title', 'startedAt', 'updatedAt', 'nextDueAt', 'overdueCount'],
  defaultSort: ['startedAt', 'DESC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'string' },
    type: { type: 'enum', values: [...PROCESS_TYPES] },
    status: { type: 'enum', values: ['running', 'completed', 'cancelled'] },
    operationId: { type: 'uuid' },
    clusterId: { type: 'uuid' },
    sector: { type: 'string' },
    awaitingRole: { type: 'string' },
    parentProcessId: { type: 'string', maxLength: 400 },
    incident: { type: 'boolean' },
  },
};

export const HISTORY_LIST: ListSpec = {
  resource: 'audit-events',
  sortable: ['seq'],
  defaultSort: ['seq', 'ASC'],
  filters: {},
  maxPageSize: 5000,
};

/** Roles that see every submission of a case they may read; partners see their organisation's. */
const READ_ALL: readonly Role[] = ['admin', 'auditor', 'ocha', 'hc', 'erc', 'cluster_lead', 'advisory_board', 'fund_signatory'];

export interface ProcessDetail extends ProcessView {
  tasks: TaskView[];
  definition: ProcessDefinition | null;
}

/** Validation messages for a start: `input.<field> ...` (type/input errors stay as they are). */
function startMessages(errors: { field: string; message: string }[]): string[] {
  return errors.map((e) => (e.field === 'type' || e.field === 'input' ? e.message : `input.${e.message}`));
}

@Injectable()
export class ProcessesService {
  private readonly anonymousKey: Buffer;

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly processes: ProcessesRepository,
    private readonly tasks: TasksRepository,
    private readonly events: AuditEventsRepository,
    private readonly operations: OperationsRepository,
    private readonly clusters: ClustersRepository,
    private readonly organisations: OrganisationsRepository,
    private readonly users: UsersRepository,
    private readonly authz: AuthorizationService,
    @Inject(PAYLOAD_CODEC) private readonly codec: PayloadCodec | null = null,
    // Optional: scripts that build the service by hand (bench) count nothing.
    @Optional() private readonly metrics?: ApiMetrics,
  ) {
    // A key only this server knows: the anonymous dedupe hash cannot be recomputed from an organisation id.
    this.anonymousKey = anonymousKeySecret(config.jwt.secret);
  }

  /**
   * Read scope (mayReadProcess): scoped roles read the cases of their operations, partners those involving their
   * organisation and open calls. `process` is a row, a live state, or only an id (the row is then loaded).
   */
  async assertCanRead(auth: Actor, process: { id: string } & Partial<ReadableRow>): Promise<void> {
    if (readsEverything(auth)) return;
    const row: ReadableRow | null = process.type !== undefined ? (process as ReadableRow) : await this.processes.findById(process.id);
    const base = row ? readableOf(row, []) : { operationId: null };
    if (mayReadProcess(auth, base)) return;
    if (row && auth.roles.includes('partner') && auth.organisationId && (await this.processes.involvesOrganisation(row.id, auth.organisationId))) return;
    throw AppException.forbidden('this case is outside your read scope: it is not of your operations or clusters and does not involve your organisation');
  }

  private module(type: string): ProcessModule {
    const m = getProcess(type);
    if (!m) throw AppException.validation(`type must be one of the following values: ${PROCESS_TYPES.join(', ')}`);
    return m;
  }

  /** The operation as a case sees it: calendar, planning cycle and duration overrides, name for titles. */
  static operationContext(op: OperationEntity): OperationContext {
    return { id: op.id, name: op.name, type: op.type, settings: operationSettingsOf(op.settings) };
  }

  async start(auth: Actor, type: string, input: Record<string, unknown>): Promise<ProcessView> {
    const module = this.module(type);
    if (module.systemOnly) {
      throw AppException.forbidden(`${type} is started only by the system (a ${type} case opens when its subject needs it), never by hand`);
    }
    this.authz.assertAnyRole(auth, module.definition.startRoles);
    const errors = validateProcessInput(type, input, Date.now());
    if (errors.length > 0) throw AppException.validation(startMessages(errors), { fields: errors });
    await this.checkReferences(module.definition.input, input);
    const operation = typeof input.operationId === 'string' ? await this.operations.findById(input.operationId) : null;
    // hc and ocha start cases of their own operations only.
    this.authz.assertScope(auth, module.definition.startRoles, { operationId: operation?.id ?? null, sector: typeof input.sector === 'string' ? input.sector : null });
    for (const name of module.startChecks ?? []) {
      const check = START_CHECKS[name];
      if (!check) throw new Error(`${type}: start check "${name}" is not registered`);
      await check({ input, operation, findCluster: (op, sector) => this.clusters.findByOperationAndSector(op, sector) });
    }

    const workflowId = module.workflowId(input);
    const startedBy = auditActorOf(auth);
    const args = startArgs(input, startedBy, operation ? ProcessesService.operationContext(operation) : null);
    try {
      await this.temporal.workflow.start(type, {
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
    this.metrics?.starts.inc({ process_type: type });
    const definition = module.definition;
    const now = new Date().toISOString();
    const subject = module.subject(args.input);
    const opening = initialSteps(definition, { input: args.input as Record<string, unknown>, subject });
    return {
      id: workflowId,
      type,
      definitionVersion: definition.version,
      title: module.title(args.input, args.operation ?? null),
      status: 'running',
      outcome: null,
      operationId: subject.operationId,
      clusterId: subject.clusterId,
      sector: subject.sector,
      subject,
      input: args.input as Record<string, unknown>,
      currentSteps: opening,
      awaitingRoles: [...new Set(definition.steps.filter((s) => opening.includes(s.id)).flatMap((s) => [...s.roles]))],
      startedBy,
      startedAt: now,
      updatedAt: now,
      endedAt: null,
      lastSeq: 0,
      parentProcessId: null,
    };
  }

  /** Every field that references a record (`ref`) must name an existing one: 400 naming the field otherwise. */
  private async checkReferences(fields: readonly FieldSpec[], input: Record<string, unknown>, prefix = 'input.'): Promise<void> {
    for (const f of fields) {
      const v = input[f.name];
      if (typeof v !== 'string' || !f.ref) continue;
      const found =
        f.ref === 'operation' ? await this.operations.findById(v)
          : f.ref === 'organisation' ? await this.organisations.findById(v)
            : f.ref === 'cluster' ? await this.clusters.findById(v)
              : await this.users.findById(v);
      if (!found) throw AppException.validation(`${prefix}${f.name} does not reference an existing ${f.ref}`);
    }
  }

  async list(auth: Actor, query: ListQuery): Promise<Page<ProcessView>> {
    const page = await this.processes.list(query, readScopeSql(auth));
    return { items: page.items.map(toProcessView), total: page.total };
  }

  /** `list` as JSON text built by PostgreSQL (same read scope, filters, order and total), passed through by the controller. */
  listJson(auth: Actor, query: ListQuery): Promise<JsonPage> {
    return this.processes.listJson(query, readScopeSql(auth), PROCESS_VIEW_JSON);
  }

  /** The read model, or — for a case started a moment ago and not yet projected — the workflow's live state. */
  async get(auth: Actor, id: string): Promise<ProcessDetail> {
    const row = await this.processes.findById(id);
    if (row) {
      await this.assertCanRead(auth, row);
      const tasks = await this.tasks.findByProcess(id);
      return { ...toProcessView(row), tasks: tasks.map(toTaskView), definition: getDefinition(row.type, row.definitionVersion) ?? null };
    }
    const live = await this.liveState(id);
    if (!live) throw AppException.notFound('process', id);
    await this.assertCanRead(auth, live.process);
    return { ...live.process, tasks: live.openTasks, definition: getDefinition(live.process.type, live.process.definitionVersion) ?? null };
  }

  /** The child cases this case started (grant proposals of an allocation, projects of a cycle, …). */
  async children(auth: Actor, id: string, query: ListQuery): Promise<Page<ProcessView>> {
    await this.requireRow(auth, id);
    query.filter.parentProcessId = id;
    return this.list(auth, query);
  }

  private async liveState(id: string) {
    try {
      return await this.temporal.workflow.getHandle(id).query(stateQuery);
    } catch {
      return null;
    }
  }

  async requireRow(auth: Actor, id: string): Promise<ProcessEntity> {
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

  /** `history` as JSON text built by PostgreSQL (same read check, same page), passed through by the controller. */
  async historyJson(auth: Actor, id: string, query: ListQuery): Promise<JsonPage> {
    const row = await this.requireRow(auth, id);
    const afterSeq = query.sort.order === 'ASC' ? query.skip : 0;
    const page = await this.events.findByProcessJson(id, { afterSeq, limit: query.take }, AUDIT_EVENT_VIEW_JSON);
    return { ...page, total: row.lastSeq, flag: false };
  }

  /** Temporal's own event history of the case (current run), for auditors and admins. */
  async temporalHistory(auth: Actor, id: string): Promise<unknown> {
    this.authz.assertAnyRole(auth, ['auditor', 'admin']);
    await this.requireRow(auth, id);
    try {
      // Decoded like the Temporal UI shows it through the codec endpoint (payloads are encrypted at rest).
      const history = await decodeHistoryPayloads(await this.temporal.workflow.getHandle(id).fetchHistory(), this.codec);
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

  /** A case-level action (e.g. `call-review`): the workflow's validator authorises it like a decision. */
  async act(auth: Actor, id: string, action: string, comment: string | undefined, idempotencyKey?: string): Promise<ProcessView> {
    const row = await this.requireRow(auth, id);
    const definition = getDefinition(row.type, row.definitionVersion);
    const spec = definition?.actions?.find((a) => a.id === action);
    if (!spec) throw AppException.validation(`action must be one of the following values: ${(definition?.actions ?? []).map((a) => a.id).join(', ') || '(none for this process)'}`);
    this.authz.assertScope(auth, spec.roles, { operationId: row.operationId, sector: row.sector });
    try {
      return await this.temporal.workflow.getHandle(id).executeUpdate(actUpdate, {
        args: [{ action, comment, actor: auth }],
        updateId: `act:${id}:${action}:${auth.id}:${idempotencyKey ?? new Date().toISOString().slice(0, 16)}`,
      });
    } catch (err) {
      throw toAppException(err, id);
    }
  }

  /** Retry the case's incident after a fix (admin; audited). */
  async retryIncident(auth: Actor, id: string, comment?: string): Promise<ProcessView> {
    this.authz.assertAnyRole(auth, ['admin']);
    const row = await this.requireRow(auth, id);
    if (!row.incident) throw AppException.conflict(`process ${id} has no incident to retry`);
    try {
      return await this.temporal.workflow.getHandle(id).executeUpdate(retryIncidentUpdate, {
        args: [{ actor: auth, comment }],
        updateId: `retry:${id}:${row.incident.at}:${auth.id}`,
      });
    } catch (err) {
      throw toAppException(err, id);
    }
  }

  /**
   * A submission into the case's open window: one route for proposals, projects and survey answers. An
   * anonymous kind is authorised here and reaches the workflow WITHOUT the user: only a keyed hash of
   * (case, organisation, level) travels, so nothing in Temporal or the database links the answer to a person.
   */
  async submit(auth: Actor, id: string, kind: string, data: Record<string, unknown>): Promise<SubmitResult> {
    const row = await this.processes.findById(id);
    if (!row) throw AppException.notFound('process', id);
    const definition = getDefinition(row.type, row.definitionVersion);
    const spec = definition?.steps.flatMap((s) => s.window?.kinds ?? []).find((k) => k.id === kind);
    if (!spec) throw AppException.validation(`kind must be one of the following values: ${(definition?.steps.flatMap((s) => s.window?.kinds ?? []) ?? []).map((k) => k.id).join(', ') || '(none for this process)'}`);
    this.authz.assertScope(auth, spec.roles, { operationId: row.operationId, sector: row.sector, organisationId: auth.organisationId });
    if (spec.eligibleOrganisationsOnly) {
      const org = auth.organisationId ? await this.organisations.findById(auth.organisationId) : null;
      if (!org || !(org as { riskLevel?: string | null }).riskLevel) {
        throw AppException.forbidden('your organisation is not eligible: it has no risk level from the fund\'s due diligence');
      }
    }
    await this.checkReferences(spec.fields, data, 'data.');
    // Invitations are checked here for every kind (the workflow never learns who sends an anonymous answer).
    if (spec.invitedFrom) {
      const from = valueAt({ case: row.data ?? {}, input: row.input, subject: row.subject }, spec.invitedFrom);
      // invitedPer: the lists are keyed by a data field (e.g. member organisations per sector), as the workflow reads them.
      const per = spec.invitedPer ? String(data[spec.invitedPer] ?? '') : null;
      const invited = per !== null ? (from as Record<string, unknown> | undefined)?.[per] : from;
      if (!auth.organisationId || !Array.isArray(invited) || !invited.includes(auth.organisationId)) {
        throw AppException.forbidden(per !== null ? `your organisation is not invited for ${spec.invitedPer} ${per || '(none)'}` : 'your organisation is not invited to this round');
      }
    }
    let args;
    if (spec.anonymous) {
      if (!auth.organisationId) throw AppException.forbidden('anonymous answers are given on behalf of an organisation: your user has none');
      const values = (spec.onePer ?? []).map((f) => String(data[f] ?? ''));
      const anonymousKey = submissionKey({ anonymous: true, secret: this.anonymousKey, processId: id, organisationId: auth.organisationId, values });
      args = { kind, data, anonymousKey };
    } else {
      args = { kind, data, actor: auth };
    }
    try {
      // The Update id is random: a user id in it would sit in Temporal's history beside an anonymous answer.
      return await this.temporal.workflow.getHandle(id).executeUpdate(submitUpdate, { args: [args] });
    } catch (err) {
      throw toAppException(err, id);
    }
  }

  /** Submissions of a case: partners see their organisation's; coordination roles see all; anonymous ones never show who. */
  async submissions(auth: Actor, id: string): Promise<unknown[]> {
    const row = await this.requireRow(auth, id);
    const org = this.authz.hasAnyRole(auth, READ_ALL) ? null : auth.organisationId;
    const rows = await this.processes.submissionsOf(row.id, org);
    return rows.map((r) => ({
      id: r.id, stepId: r.step_id, kind: r.kind, submittedBy: r.submitted_by, organisationId: r.organisation_id, data: r.data,
      childProcessId: r.child_process_id, status: r.status, at: r.at.toISOString(),
    }));
  }
}
