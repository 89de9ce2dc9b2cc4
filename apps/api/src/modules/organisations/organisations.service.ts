import { Injectable } from '@nestjs/common';
import { ORGANISATION_TYPES, RISK_LEVELS, type Actor } from '@hpc/workflows/domain';
import { AppException } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import type { OrganisationEntity } from '../../persistence/entities';
import { OrganisationsRepository } from '../../persistence/repositories';
import type { CreateOrganisationDto, OrganisationDto, UpdateOrganisationDto } from './dtos/organisation.dto';

export const ORGANISATIONS_LIST: ListSpec = {
  resource: 'organisations',
  sortable: ['id', 'name', 'type', 'riskLevel', 'createdAt'],
  defaultSort: ['name', 'ASC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'uuid' },
    type: { type: 'enum', values: ORGANISATION_TYPES },
    riskLevel: { type: 'enum', values: RISK_LEVELS },
  },
};

@Injectable()
export class OrganisationsService {
  constructor(private readonly organisations: OrganisationsRepository) {}

  async list(_auth: Actor, query: ListQuery): Promise<Page<OrganisationDto>> {
    const page = await this.organisations.list(query);
    return { items: page.items.map(toOrganisationDto), total: page.total };
  }

  async get(_auth: Actor, id: string): Promise<OrganisationDto> {
    const org = await this.organisations.findById(id);
    if (!org) throw AppException.notFound('organisation', id);
    return toOrganisationDto(org);
  }

  async create(_auth: Actor, dto: CreateOrganisationDto): Promise<OrganisationDto> {
    return toOrganisationDto(await this.organisations.insert({ name: dto.name.trim(), type: dto.type, riskLevel: dto.riskLevel ?? null }));
  }

  async update(_auth: Actor, id: string, dto: UpdateOrganisationDto): Promise<OrganisationDto> {
    const changes: Partial<Pick<OrganisationEntity, 'name' | 'type' | 'riskLevel'>> = {};
    if (dto.name !== undefined) changes.name = dto.name.trim();
    if (dto.type !== undefined) changes.type = dto.type;
    if (dto.riskLevel !== undefined) changes.riskLevel = dto.riskLevel;
    const org = await this.organisations.update(id, changes);
    if (!org) throw AppException.notFound('organisation', id);
    return toOrganisationDto(org);
  }
}

export function toOrganisationDto(o: OrganisationEntity): OrganisationDto {
  return { id: o.id, name: o.name, type: o.type, riskLevel: o.riskLevel, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString() };
}
