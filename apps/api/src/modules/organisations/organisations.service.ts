import { Injectable } from '@nestjs/common';
import { ORGANISATION_TYPES, type Actor } from '../../../../../workflows/domain';
import { AppException } from '../../common/errors';
import type { ListQuery, ListSpec, Page } from '../../common/list-query';
import type { OrganisationEntity } from '../../persistence/entities';
import { OrganisationsRepository } from '../../persistence/repositories';
import type { CreateOrganisationDto, OrganisationDto } from './dtos/organisation.dto';

export const ORGANISATIONS_LIST: ListSpec = {
  resource: 'organisations',
  sortable: ['id', 'name', 'type', 'createdAt'],
  defaultSort: ['name', 'ASC'],
  filters: {
    q: { type: 'string' },
    id: { type: 'ids', item: 'uuid' },
    type: { type: 'enum', values: ORGANISATION_TYPES },
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
    return toOrganisationDto(await this.organisations.insert({ name: dto.name.trim(), type: dto.type }));
  }
}

export function toOrganisationDto(o: OrganisationEntity): OrganisationDto {
  return { id: o.id, name: o.name, type: o.type, createdAt: o.createdAt.toISOString(), updatedAt: o.updatedAt.toISOString() };
}
