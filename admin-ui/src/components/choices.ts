// Choice lists for selects, labelled through i18n keys (react-admin translates choice names).
import { ALL_SECTORS, CLUSTER_STATUSES, OPERATION_TYPES, ORGANISATION_TYPES, ROLES } from '../../../workflows/domain';

const choices = (ids: readonly string[], prefix: string) => ids.map((id) => ({ id, name: `${prefix}.${id}` }));

export const roleChoices = choices(ROLES, 'hpc.roles');
export const sectorChoices = choices(ALL_SECTORS, 'hpc.sectors');
export const operationTypeChoices = choices(OPERATION_TYPES, 'hpc.operation_types');
export const organisationTypeChoices = choices(ORGANISATION_TYPES, 'hpc.organisation_types');
export const clusterStatusChoices = choices(CLUSTER_STATUSES, 'hpc.cluster_statuses');
export const PROCESS_STATUSES = ['running', 'completed', 'cancelled'] as const;
export const processStatusChoices = choices(PROCESS_STATUSES, 'hpc.process_statuses');
export const TASK_STATUSES = ['open', 'decided', 'cancelled'] as const;
export const taskStatusChoices = choices(TASK_STATUSES, 'hpc.task_statuses');
