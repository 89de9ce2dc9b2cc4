import { Injectable } from '@nestjs/common';
import { OPERATION_TYPES, type Actor } from '../../../../../workflows/domain';
import { AppException } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import type { OperationEntity } from '../../persistence/entities';
import { OperationsRepository } from '../../persistence/repositories';
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

@Injectable()
export class OperationsService {
  constructor(private readonly operations: OperationsRepository) {}

  async list(_auth: Actor, query: ListQuery): Promise<Page<OperationDto>> {
    const page = await this.operations.list(query);
    return { items: page.items.map(toOperationDto), total: page.total };
  }

  async get(_auth: Actor, id: string): Promise<OperationDto> {
    const op = await this.operations.findById(id);
    if (!op) throw AppException.notFound('operation', id);
    return toOperationDto(op);
  }

  async create(_auth: Actor, dto: CreateOperationDto): Promise<OperationDto> {
    return toOperationDto(await this.operations.insert({ name: dto.name.trim(), countryIso3: dto.countryIso3, type: dto.type }));
  }

  async update(_auth: Actor, id: string, dto: UpdateOperationDto): Promise<OperationDto> {
    const changes = { ...dto, ...(dto.name !== undefined ? { name: dto.name.trim() } : {}) };
    const op = await this.operations.update(id, changes);
    if (!op) throw AppException.notFound('operation', id);
    return toOperationDto(op);
  }
}

export function toOperationDto(op: OperationEntity): OperationDto {
  return {
    id: op.id,
    name: op.name,
    countryIso3: op.countryIso3,
    type: op.type,
    createdAt: op.createdAt.toISOString(),
    updatedAt: op.updatedAt.toISOString(),
  };
}
