// A response-plan project: data only; the subject carries the project's figures so lists show them.
import type { ProcessModule } from '../types';
import { HRP_PROJECT, hrpProjectDefinition } from './hrp-project.definition';

export { HRP_PROJECT, hrpProjectDefinition } from './hrp-project.definition';

export interface HrpProjectInput {
  operationId: string;
  year: number;
  sector: string;
  organisationId: string;
  submissionId: string;
  title: string;
  requirementsUsd: string;
  peopleTargeted?: number;
  summary?: string;
  hcApproval?: boolean;
}

export function hrpProjectId(operationId: string, year: number | string, submissionId: string): string {
  return `${HRP_PROJECT}:${operationId}:${year}:${submissionId}`;
}

export const hrpProject: ProcessModule<HrpProjectInput> = {
  type: HRP_PROJECT,
  definition: hrpProjectDefinition,
  systemOnly: true,
  workflowId: (i) => hrpProjectId(i.operationId, i.year, i.submissionId),
  subject: (i) => ({
    operationId: i.operationId,
    clusterId: null,
    sector: i.sector,
    organisationId: i.organisationId,
    year: i.year,
    title: i.title,
    requirementsUsd: i.requirementsUsd,
    peopleTargeted: i.peopleTargeted ?? null,
  }),
  title: (i, op) => `Project — ${i.title}${op ? `, ${op.name} ${i.year}` : ''}`,
};
