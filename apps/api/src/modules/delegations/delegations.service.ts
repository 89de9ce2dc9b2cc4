import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { authorizeScope, type Actor, type Role, type TaskScope } from '@hpc/workflows/domain';
import { toActor } from '../../auth/actor.mapper';
import { AppException } from '../../common/errors';
import type { ListQuery, Page } from '../../common/list-query';
import { UsersRepository } from '../../persistence/repositories';
import { delegatedActor, delegationErrors, isRunning, type DelegationRecord } from './delegation.util';
import type { CreateDelegationDto, DelegationView } from './dtos/delegation.dto';

interface Row {
  id: number;
  delegator_id: string;
  delegator_name: string;
  delegate_id: string;
  delegate_name: string;
  roles: Role[];
  operation_id: string | null;
  sector: string | null;
  starts_at: Date;
  ends_at: Date;
  reason: string;
  ended_at: Date | null;
  ended_by: string | null;
  created_at: Date;
}

const SELECT = `SELECT d.*, a.display_name AS delegator_name, b.display_name AS delegate_name
  FROM delegations d JOIN users a ON a.id = d.delegator_id JOIN users b ON b.id = d.delegate_id`;

const SORT_COLUMNS: Record<string, string> = { id: 'd.id', startsAt: 'd.starts_at', endsAt: 'd.ends_at' };

function record(r: Row): DelegationRecord {
  return {
    id: r.id, delegatorId: r.delegator_id, delegateId: r.delegate_id, roles: r.roles, operationId: r.operation_id, sector: r.sector,
    startsAt: r.starts_at.toISOString(), endsAt: r.ends_at.toISOString(), endedAt: r.ended_at ? r.ended_at.toISOString() : null,
  };
}

function view(r: Row, nowMs = Date.now()): DelegationView {
  const d = record(r);
  return {
    id: r.id, delegatorId: r.delegator_id, delegatorName: r.delegator_name, delegateId: r.delegate_id, delegateName: r.delegate_name,
    roles: r.roles, operationId: r.operation_id, sector: r.sector, startsAt: d.startsAt, endsAt: d.endsAt, reason: r.reason,
    endedAt: d.endedAt, endedBy: r.ended_by, running: isRunning(d, nowMs), createdAt: r.created_at.toISOString(),
  };
}

/** Delegations: a user hands some of their roles in a scope to another user for a period. */
@Injectable()
export class DelegationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly users: UsersRepository,
  ) {}

  private async activeActor(id: string): Promise<Actor | null> {
    const u = await this.users.findById(id);
    return u && u.active ? toActor(u) : null;
  }

  async create(auth: Actor, dto: CreateDelegationDto): Promise<DelegationView> {
    const delegate = await this.activeActor(dto.delegateId);
    if (!delegate) throw AppException.validation(['delegateId does not reference an active user']);
    const errors = delegationErrors(auth, dto.delegateId, dto, Date.now());
    if (errors.length > 0) throw AppException.validation(errors);
    const rows: { id: number }[] = await this.dataSource.query(
      `INSERT INTO delegations (delegator_id, delegate_id, roles, operation_id, sector, starts_at, ends_at, reason)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id`,
      [auth.id, dto.delegateId, [...new Set(dto.roles)], dto.operationId ?? null, dto.sector ?? null, dto.startsAt, dto.endsAt, dto.reason],
    );
    return this.get(auth, rows[0].id);
  }

  private async row(id: number): Promise<Row> {
    const rows: Row[] = await this.dataSource.query(`${SELECT} WHERE d.id = $1`, [id]);
    if (rows.length === 0) throw AppException.notFound('delegation', String(id));
    return rows[0];
  }

  /** Admin and the two people involved read a delegation; anyone else gets 404 (its existence is not theirs to know). */
  async get(auth: Actor, id: number): Promise<DelegationView> {
    const r = await this.row(id);
    if (!auth.roles.includes('admin') && r.delegator_id !== auth.id && r.delegate_id !== auth.id) throw AppException.notFound('delegation', String(id));
    return view(r);
  }

  async list(auth: Actor, q: ListQuery): Promise<Page<DelegationView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!auth.roles.includes('admin')) {
      params.push(auth.id);
      where.push(`(d.delegator_id = $${params.length} OR d.delegate_id = $${params.length})`);
    }
    for (const key of ['delegatorId', 'delegateId'] as const) {
      const v = q.filter[key];
      if (typeof v === 'string') {
        params.push(v);
        where.push(`d.${key === 'delegatorId' ? 'delegator_id' : 'delegate_id'} = $${params.length}`);
      }
    }
    if (q.filter.running === true) where.push(`d.ended_at IS NULL AND d.starts_at <= now() AND now() < d.ends_at`);
    const clause = where.length ? `WHERE ${where.join(' AND ')}` : '';
    const [{ count }]: { count: string }[] = await this.dataSource.query(`SELECT count(*) FROM delegations d ${clause}`, params);
    const rows: Row[] = await this.dataSource.query(
      `${SELECT} ${clause} ORDER BY ${SORT_COLUMNS[q.sort.field] ?? 'd.id'} ${q.sort.order === 'ASC' ? 'ASC' : 'DESC'}, d.id DESC OFFSET ${q.skip} LIMIT ${q.take}`,
      params,
    );
    return { items: rows.map((r) => view(r)), total: Number(count) };
  }

  /** The delegator (or an admin) ends a delegation early. */
  async end(auth: Actor, id: number): Promise<DelegationView> {
    const r = await this.row(id);
    const isAdmin = auth.roles.includes('admin');
    if (!isAdmin && r.delegator_id !== auth.id) {
      if (r.delegate_id === auth.id) throw AppException.forbidden('only the delegator or an admin may end a delegation');
      throw AppException.notFound('delegation', String(id));
    }
    const d = record(r);
    if (d.endedAt || Date.parse(d.endsAt) <= Date.now()) throw AppException.conflict(`delegation #${id} has already ended`);
    await this.dataSource.query(`UPDATE delegations SET ended_at = now(), ended_by = $2 WHERE id = $1 AND ended_at IS NULL`, [id, auth.id]);
    return view(await this.row(id));
  }

  /** Delegations running now in which `userId` is the delegate, each with the Actor it lends (delegator still active). */
  async runningFor(delegate: Actor): Promise<Actor[]> {
    const rows: Row[] = await this.dataSource.query(
      `${SELECT} WHERE d.delegate_id = $1 AND d.ended_at IS NULL AND d.starts_at <= now() AND now() < d.ends_at ORDER BY d.id`,
      [delegate.id],
    );
    const actors: Actor[] = [];
    for (const r of rows) {
      const delegator = await this.activeActor(r.delegator_id);
      if (delegator) actors.push(delegatedActor(delegate, delegator, record(r)));
    }
    return actors;
  }

  /**
   * The Actor the decision choke point hands to the workflow: the caller themselves when their own roles and
   * scopes reach the task, else the first running delegation that does (its roles, the delegator's narrowed
   * scopes, `onBehalfOf`), else the caller (who is then refused as usual).
   */
  async actorFor(auth: Actor, task: { roles: readonly Role[]; scope: TaskScope }): Promise<Actor> {
    if (authorizeScope(auth, task.roles, task.scope).allowed) return auth;
    for (const actor of await this.runningFor(auth)) {
      if (authorizeScope(actor, task.roles, task.scope).allowed) return actor;
    }
    return auth;
  }
}

export interface DelegatedTaskView {
  id: string;
  processId: string;
  processType: string;
  stepId: string;
  title: string;
  operationId: string | null;
  sector: string | null;
  dueAt: string | null;
  delegationId: number;
  onBehalfOf: string;
}

/** Open tasks the caller may decide through a running delegation (their inbox for the delegator's work). */
export async function delegatedTasks(dataSource: DataSource, actors: Actor[]): Promise<DelegatedTaskView[]> {
  const out: DelegatedTaskView[] = [];
  const seen = new Set<string>();
  for (const actor of actors) {
    const ops = [...new Set([...actor.operationScopes, ...actor.clusterScopes.map((s) => s.operationId)])];
    if (ops.length === 0 || actor.roles.length === 0) continue;
    const rows: { id: string; process_id: string; process_type: string; step_id: string; title: string; roles: Role[]; operation_id: string | null; sector: string | null; organisation_id: string | null; due_at: Date | null }[] =
      await dataSource.query(
        `SELECT id, process_id, process_type, step_id, title, roles, operation_id, sector, organisation_id, due_at FROM tasks
         WHERE status = 'open' AND roles && $1::text[] AND operation_id = ANY($2::uuid[]) ORDER BY due_at NULLS LAST, id LIMIT 500`,
        [actor.roles, ops],
      );
    for (const t of rows) {
      if (seen.has(t.id) || !authorizeScope(actor, t.roles, { operationId: t.operation_id, sector: t.sector, organisationId: t.organisation_id }).allowed) continue;
      seen.add(t.id);
      out.push({
        id: t.id, processId: t.process_id, processType: t.process_type, stepId: t.step_id, title: t.title, operationId: t.operation_id, sector: t.sector,
        dueAt: t.due_at ? t.due_at.toISOString() : null, delegationId: actor.onBehalfOf!.delegationId, onBehalfOf: actor.onBehalfOf!.displayName,
      });
    }
  }
  return out;
}
