// PROCESSES.md §6 (revision 2): one occurrence of a cluster's recurring duty, started by its Temporal Schedule.
import type { DecisionSpec, FieldSpec, ProcessDefinition, StepDefinition } from '../../domain/definitions/types';
import { DUTY_IDS, QUARTERLY_DUTY_IDS } from './duties';

export const RECURRING_DUTY = 'recurring-duty';

const evidence: readonly FieldSpec[] = [
  { name: 'evidence', label: 'Evidence (a note or a link)', type: 'text', required: true, min: 1, max: 5000 },
];

function decisions(): DecisionSpec[] {
  return [
    { id: 'done', label: 'Done', next: { end: 'done' }, data: evidence, tone: 'positive' },
    { id: 'missed', label: 'Missed', next: { end: 'missed' }, data: [], tone: 'negative', commentRequired: true },
    // Taken by the engine when the next occurrence opens and this one is still open.
    { id: 'missed-by-system', label: 'Missed (the next occurrence opened)', next: { end: 'missed' }, data: [], tone: 'negative', system: true },
  ];
}

function dutyStep(id: string, title: string, every: string, due: string): StepDefinition {
  return {
    id,
    title,
    description: `The cluster lead carries out the duty and records the evidence, or records why it was missed. Still open when the next occurrence opens (${every} later), it is missed.`,
    roles: ['cluster_lead'],
    scope: 'cluster',
    decisions: decisions(),
    // The period starts when the schedule meant it to (case.scheduledAt; a late or backfilled start keeps its period).
    anchor: 'case.scheduledAt',
    due: { after: due, from: 'anchor' },
    reminders: [{ from: 'due', before: '3 days' }, { from: 'due', before: '1 day' }],
    escalation: { to: ['ocha'], at: { from: 'due', after: '3 days' } },
    onDue: { close: 'missed-by-system', at: { from: 'anchor', after: every } },
  };
}

export const recurringDutyDefinition: ProcessDefinition = {
  type: RECURRING_DUTY,
  version: 1,
  title: 'Recurring duty',
  description: 'One occurrence of a cluster duty (5W, funding, GPC data, protection analysis, briefings), opened by the cluster\'s schedule: done with evidence, or missed.',
  startRoles: [],
  input: [
    { name: 'clusterId', label: 'Cluster', type: 'uuid', ref: 'cluster', required: true },
    { name: 'operationId', label: 'Operation', type: 'uuid', ref: 'operation', required: true },
    { name: 'sector', label: 'Sector', type: 'string', required: true, min: 1, max: 100 },
    { name: 'duty', label: 'Duty', type: 'enum', required: true, options: DUTY_IDS },
  ],
  // Monthly duties are due the 10th (the schedule opens them on the 1st), quarterly ones within the quarter's first month.
  initialSteps: { rules: [{ to: ['quarterly-duty'], when: { path: 'input.duty', in: QUARTERLY_DUTY_IDS } }, { to: ['monthly-duty'] }] },
  steps: [dutyStep('monthly-duty', 'Monthly duty', '1 month', '10 days'), dutyStep('quarterly-duty', 'Quarterly duty', '3 months', '30 days')],
  outcomes: [
    { id: 'done', label: 'Done', tone: 'positive' },
    { id: 'missed', label: 'Missed', tone: 'negative' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
