// Reference data shapes shared by the API, the workflows and the console (plain JSON only).

export const SECTORS = [
  'protection',
  'food-security',
  'health',
  'wash',
  'shelter',
  'cccm',
  'nutrition',
  'education',
  'logistics',
  'emergency-telecommunications',
  'early-recovery',
] as const;
/** Protection's Areas of Responsibility: sub-clusters, sector ids too. */
export const AREAS_OF_RESPONSIBILITY = ['gbv', 'child-protection', 'mine-action', 'hlp'] as const;
export const ALL_SECTORS = [...SECTORS, ...AREAS_OF_RESPONSIBILITY] as const;
export type Sector = (typeof ALL_SECTORS)[number];

export const OPERATION_TYPES = ['sudden-onset', 'protracted'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const ORGANISATION_TYPES = ['un-agency', 'ingo', 'nngo', 'lngo', 'government', 'red-cross'] as const;
export type OrganisationType = (typeof ORGANISATION_TYPES)[number];
/** National and local NGOs count towards localisation. */
export const LOCAL_ORGANISATION_TYPES: readonly OrganisationType[] = ['nngo', 'lngo'];

export const CLUSTER_STATUSES = ['proposed', 'active', 'in-transition', 'deactivated', 'not-activated'] as const;
export type ClusterStatus = (typeof CLUSTER_STATUSES)[number];

export interface ClusterScope {
  operationId: string;
  sector: string;
}
