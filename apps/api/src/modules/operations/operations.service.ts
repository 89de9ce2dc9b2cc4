import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { followDutySchedules } from '../../../../../activities/duties/duties.activities';
import { OPERATION_TYPES, operationSettingsOf, roleCoversScope, type Actor, type OperationSettings } from '@hpc/workflows/domain';
import { UserStateService } from '../../auth/user-state.service';
import { AppException } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import type { OperationEntity } from '../../persistence/entities';
import { OperationsRepository, UsersRepository } from '../../persistence/repositories';
import { TEMPORAL_CLIENT } from '../../temporal/temporal.module';
import { canonicalTimeZone, type UpdateOperationSettingsDto } from './dtos/operation-settings.dto';
import type { CreateOperationDto, OperationDto, UpdateOperationDto } from './dtos/operation.dto';

export const OPERATIONS_LIST: ListSpec = {
  resource: 'operations',
  sortable: ['id', 'name', 'countryIso3', 'type', 'createdAt'],
  defaultSort: ['name', 'ASC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'uuid' },
    type: { type: 'enum', values: OPERATION_TYPES },
    countryIso3: { type: 'string', maxLength: 3 },
  },
};

export const NOT_YOUR_OPERATION = "only an admin or the operation's own OCHA may change it: this operation is not among your operations";

@Injectable()
export class OperationsService {
  private readonly logger = new Logger('Operations');

  constructor(
    private readonly operations: OperationsRepository,
    private readonly users: UsersRepository,
    private readonly userState: UserStateService,
    private readonly dataSource: DataSource,
    @Optional() @Inject(TEMPORAL_CLIENT) private readonly temporal: Client | null = null,
  ) {}

  async list(_auth: Actor, query: ListQuery): Promise<Page<OperationDto>> {
    const page = await this.operations.list(query);
    return { items: page.items.map(toOperationDto), total: page.total };
  }

  async get(_auth: Actor, id: string): Promise<OperationDto> {
    return toOperationDto(await this.find(id));
  }

  async create(auth: Actor, dto: CreateOperationDto): Promise<OperationDto> {
    const op = await this.operations.insert({ name: dto.name.trim(), countryIso3: dto.countryIso3, type: dto.type });
    // The OCHA office that opens an operation runs it: without this it could not edit what it just created.
    if (!auth.roles.includes('admin') && auth.roles.includes('ocha')) {
      await this.users.addOperationScope(auth.id, op.id);
      this.userState.invalidate(auth.id);
    }
    return toOperationDto(op);
  }

  async update(auth: Actor, id: string, dto: UpdateOperationDto): Promise<OperationDto> {
    this.assertMayEdit(auth, await this.find(id));
    const changes = { ...dto, ...(dto.name !== undefined ? { name: dto.name.trim() } : {}) };
    const op = await this.operations.update(id, changes);
    if (!op) throw AppException.notFound('operation', id);
    return toOperationDto(op);
  }

  /** Each given field replaces the stored one; absent fields keep their value (or the default). */
  async updateSettings(auth: Actor, id: string, dto: UpdateOperationSettingsDto): Promise<OperationDto> {
    const current = await this.find(id);
    this.assertMayEdit(auth, current);
    const settings: Partial<OperationSettings> = { ...current.settings };
    if (dto.timeZone !== undefined) settings.timeZone = canonicalTimeZone(dto.timeZone)!;
    if (dto.weekendDays !== undefined) settings.weekendDays = [...dto.weekendDays].sort((a, b) => a - b);
    if (dto.holidays !== undefined) settings.holidays = [...new Set(dto.holidays)].sort();
    if (dto.planningCycleStartMonth !== undefined) settings.planningCycleStartMonth = dto.planningCycleStartMonth;
    if (dto.planningFormat !== undefined) settings.planningFormat = dto.planningFormat;
    if (dto.durationOverrides !== undefined) settings.durationOverrides = dto.durationOverrides;
    if (dto.pauseDutiesInTransition !== undefined) settings.pauseDutiesInTransition = dto.pauseDutiesInTransition;
    const op = await this.operations.update(id, { settings });
    if (!op) throw AppException.notFound('operation', id);
    // The clusters in transition follow the new setting at once (their duty schedules paused or resumed); should
    // Temporal be unreachable now, the setting is saved and the worker's next start applies it (reconcile).
    if (this.temporal && operationSettingsOf(current.settings).pauseDutiesInTransition !== operationSettingsOf(op.settings).pauseDutiesInTransition) {
      await followDutySchedules(this.temporal, this.dataSource, { operationId: id }).catch((err: Error) =>
        this.logger.warn(`duty schedules of operation ${id} not updated now (applied at the worker's next start): ${err.message}`));
    }
    return toOperationDto(op);
  }

  private async find(id: string): Promise<OperationEntity> {
    const op = await this.operations.findById(id);
    if (!op) throw AppException.notFound('operation', id);
    return op;
  }

  /** Admin anywhere; OCHA only in the operations of its operationScopes. */
  private assertMayEdit(auth: Actor, op: OperationEntity): void {
    const scope = { operationId: op.id };
    if (roleCoversScope(auth, 'admin', scope) || roleCoversScope(auth, 'ocha', scope)) return;
    throw AppException.forbidden(NOT_YOUR_OPERATION);
  }
}

export function toOperationDto(op: OperationEntity): OperationDto {
  return {
    id: op.id,
    name: op.name,
    countryIso3: op.countryIso3,
    type: op.type,
    settings: operationSettingsOf(op.settings),
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
  };
}
