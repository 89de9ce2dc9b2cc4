// PROCESSES.md §2: the 90-day transition outline, the architecture review and the yearly review loop.
import { OPERATION_TYPES, ALL_SECTORS } from '../reference';
import type { DecisionSpec, ProcessDefinition } from './types';

export const TRANSITION_REVIEW = 'transition-review';

const reviewDecisions: readonly DecisionSpec[] = [
  { id: 'continue', label: 'Continue the cluster', next: ['annual-review', 'erc-annual-report'], data: [], tone: 'neutral' },
  { id: 'transition', label: 'Transition to national coordination', next: ['handover-plan'], data: [], tone: 'positive', effects: ['cluster-in-transition'] },
  { id: 'deactivate', label: 'Deactivate', next: ['deactivation-confirmation'], data: [], tone: 'negative' },
];

export const transitionReviewDefinition: ProcessDefinition = {
  type: TRANSITION_REVIEW,
  version: 1,
  title: 'Cluster transition review',
  description:
    'The transition/deactivation outline due 90 days after activation, the coordination architecture review, and the yearly review reported to the ERC, until handover and deactivation.',
  startRoles: ['hc', 'ocha'],
  input: [
    { name: 'clusterId', label: 'Cluster', type: 'uuid', required: true },
    { name: 'activatedAt', label: 'Activated at', type: 'date', required: true },
    { name: 'operationType', label: 'Operation type', type: 'enum', required: true, options: OPERATION_TYPES },
    { name: 'operationId', label: 'Operation (filled from the cluster when absent)', type: 'uuid', required: false },
    { name: 'sector', label: 'Sector (filled from the cluster when absent)', type: 'enum', required: false, options: ALL_SECTORS },
  ],
  initialSteps: ['transition-outline'],
  steps: [
    {
      id: 'transition-outline',
      title: 'Transition and deactivation strategy outline',
      description: 'The cluster lead submits the outline of the transition/deactivation strategy, due 90 days after activation.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: ['architecture-review'],
          data: [
            { name: 'summary', label: 'Summary', type: 'text', required: true, min: 1, max: 20_000 },
            { name: 'proposedPath', label: 'Proposed path', type: 'enum', required: true, options: ['continue', 'transition', 'deactivate'] },
          ],
          tone: 'positive',
        },
      ],
      due: { after: '90 days', from: 'anchor' },
      reminders: [
        { from: 'anchor', after: '60 days' },
        { from: 'anchor', after: '80 days' },
      ],
      escalation: { to: ['hc'], at: { from: 'anchor', after: '90 days' } },
    },
    {
      id: 'architecture-review',
      title: 'Coordination architecture review',
      description: 'The HC reviews the coordination architecture: continue the cluster, transition, or deactivate.',
      roles: ['hc'],
      scope: 'none',
      decisions: reviewDecisions,
      due: { after: '3 months', from: 'anchor' },
    },
    {
      id: 'annual-review',
      title: 'Annual coordination architecture review',
      description: 'The yearly review of the cluster before the next planning cycle.',
      roles: ['hc'],
      scope: 'none',
      decisions: reviewDecisions,
      due: { after: '1 year', from: 'anchor' },
      reminders: [{ from: 'due', before: '30 days' }],
    },
    {
      id: 'erc-annual-report',
      title: 'Report the review result to the ERC',
      description: 'The HC reports the result of the review to the Emergency Relief Coordinator.',
      roles: ['hc'],
      scope: 'none',
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: [],
          data: [{ name: 'summary', label: 'Summary', type: 'text', required: true, min: 1, max: 20_000 }],
          tone: 'positive',
        },
      ],
      due: { after: '30 days', from: 'opened' },
    },
    {
      id: 'handover-plan',
      title: 'Handover plan',
      description: 'The cluster lead plans the handover to the national counterpart.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: ['handover-approval'],
          data: [
            { name: 'nationalCounterpart', label: 'National counterpart', type: 'string', required: true, min: 1, max: 200 },
            { name: 'targetDate', label: 'Target date', type: 'date', required: true },
          ],
          tone: 'positive',
        },
      ],
      due: { after: '30 days', from: 'opened' },
    },
    {
      id: 'handover-approval',
      title: 'Handover approval',
      description: 'The HC approves the handover plan or returns it.',
      roles: ['hc'],
      scope: 'none',
      decisions: [
        { id: 'approve', label: 'Approve', next: ['handover-complete'], data: [], tone: 'positive' },
        { id: 'return', label: 'Return', next: ['handover-plan'], data: [], tone: 'neutral' },
      ],
      due: { after: '14 days', from: 'opened' },
    },
    {
      id: 'handover-complete',
      title: 'Handover complete',
      description: 'The cluster lead confirms the handover is complete (due on the plan\'s target date).',
      roles: ['cluster_lead'],
      scope: 'cluster',
      decisions: [{ id: 'confirm', label: 'Confirm', next: ['deactivation-confirmation'], data: [], tone: 'positive' }],
      // anchor = the handover plan's targetDate
      due: { after: '0 days', from: 'anchor' },
    },
    {
      id: 'deactivation-confirmation',
      title: 'Deactivation confirmation',
      description: 'The HC confirms the deactivation; partners and the ERC are notified and the cluster\'s schedules stop.',
      roles: ['hc'],
      scope: 'none',
      decisions: [
        { id: 'confirm', label: 'Confirm deactivation', next: { end: 'deactivated' }, data: [], tone: 'negative', effects: ['cluster-deactivated'] },
      ],
      due: { after: '14 days', from: 'opened' },
    },
  ],
  outcomes: [
    { id: 'deactivated', label: 'Deactivated', tone: 'neutral' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
