// Recurring duty: the definition is data; the occurrences are started by the cluster's Temporal Schedule
// (activities/duties), never by a person.
import { sectorLabel } from '../cluster-activation';
import type { ProcessModule } from '../types';
import { dutySpec } from './duties';
import { RECURRING_DUTY, recurringDutyDefinition } from './recurring-duty.definition';

export { RECURRING_DUTY, recurringDutyDefinition } from './recurring-duty.definition';
export * from './duties';

export interface RecurringDutyInput {
  clusterId: string;
  operationId: string;
  sector: string;
  duty: string;
}

/** The schedule starts occurrences under this id (Temporal appends the scheduled time). */
export function recurringDutyId(input: RecurringDutyInput): string {
  return `${RECURRING_DUTY}:${input.clusterId}:${input.duty}`;
}

export const recurringDuty: ProcessModule<RecurringDutyInput> = {
  type: RECURRING_DUTY,
  definition: recurringDutyDefinition,
  systemOnly: true,
  workflowId: recurringDutyId,
  subject: (i) => ({ operationId: i.operationId, clusterId: i.clusterId, sector: i.sector, duty: i.duty }),
  title: (i, op) => `${dutySpec(i.duty)?.label ?? i.duty} — ${sectorLabel(i.sector)}${op ? `, ${op.name}` : ''}`,
};
