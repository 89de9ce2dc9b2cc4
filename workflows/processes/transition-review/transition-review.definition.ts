// PROCESSES.md §2 (revision 2): the 90-day outline, the architecture review (sudden-onset / mixed), the
// yearly review before the planning cycle reported to the ERC, handover and deactivation.
import { OPERATION_TYPES, ALL_SECTORS } from '../../domain/reference';
import type { DecisionSpec, ProcessDefinition } from '../../domain/definitions/types';

export const TRANSITION_REVIEW = 'transition-review';

const reviewDecisions: readonly DecisionSpec[] = [
  // One run per review year: the case continues as new once the next review and the report are open.
  { id: 'continue', label: 'Continue the cluster', next: ['annual-review', 'erc-annual-report'], data: [], tone: 'neutral', checkpoint: true },
  { id: 'transition', label: 'Transition to national coordination', next: ['handover-plan'], data: [], tone: 'positive', effects: ['cluster-in-transition'] },
  { id: 'deactivate', label: 'Deactivate', next: ['deactivation-confirmation'], data: [], tone: 'negative' },
];

export const transitionReviewDefinition: ProcessDefinition = {
  type: TRANSITION_REVIEW,
  version: 2,
  title: 'Cluster transition review',
  description:
    'The transition/deactivation outline due 90 days after activation, the coordination architecture review, and the yearly review reported to the ERC, until handover and deactivation.',
  // Started only by the system, when a cluster becomes active (never by hand with invented dates).
  startRoles: [],
  input: [
    { name: 'clusterId', label: 'Cluster', type: 'uuid', ref: 'cluster', required: true },
    { name: 'activatedAt', label: 'Activated at', type: 'date', required: true },
    { name: 'operationType', label: 'Operation type', type: 'enum', required: true, options: OPERATION_TYPES },
    { name: 'operationId', label: 'Operation', type: 'uuid', ref: 'operation', required: true },
    { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
  ],
  // Sudden-onset and mixed: the 3-month architecture review opens at activation, beside the outline.
  // Protracted: the first review is the annual review before the planning cycle.
  initialSteps: {
    rules: [
      { to: ['transition-outline', 'architecture-review'], when: { path: 'input.operationType', in: ['sudden-onset', 'mixed'] } },
      { to: ['transition-outline', 'annual-review'] },
    ],
  },
  actions: [{ id: 'call-review', label: 'Call a review now', roles: ['ocha', 'hc'], scope: 'operation', opens: 'annual-review', commentRequired: true }],
  steps: [
    {
      id: 'transition-outline',
      title: 'Transition and deactivation strategy outline',
      description: 'The cluster lead submits the outline of the transition/deactivation strategy, due 90 days after activation.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      anchor: 'input.activatedAt',
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          // The outline is shown on the review; the review never waits for it.
          next: [],
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
      description: 'The HC reviews the coordination architecture within three months of activation: continue the cluster, transition, or deactivate.',
      roles: ['hc'],
      scope: 'operation',
      anchor: 'input.activatedAt',
      decisions: reviewDecisions,
      due: { after: '3 months', from: 'anchor' },
    },
    {
      id: 'annual-review',
      title: 'Annual coordination architecture review',
      description: 'The yearly review of the cluster before the operation\'s next planning cycle.',
      roles: ['hc'],
      scope: 'operation',
      decisions: reviewDecisions,
      // The last day of the month before the planning cycle starts (default 31 May), opening 60 days before.
      due: { annual: { month: 'planning-cycle-start', monthOffset: -1, day: 'last' } },
      opensBefore: '60 days',
      reminders: [{ from: 'due', before: '30 days' }],
    },
    {
      id: 'erc-annual-report',
      title: 'Report the review result to the ERC',
      description: 'The HC reports the result of the review to the Emergency Relief Coordinator.',
      roles: ['hc'],
      scope: 'operation',
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: ['erc-acknowledgement'],
          data: [{ name: 'summary', label: 'Summary', type: 'text', required: true, min: 1, max: 20_000 }],
          tone: 'positive',
        },
      ],
      due: { after: '30 days', from: 'opened' },
    },
    {
      id: 'erc-acknowledgement',
      title: 'ERC acknowledgement of the annual report',
      description: 'The Emergency Relief Coordinator acknowledges the annual report.',
      roles: ['erc'],
      scope: 'none',
      decisions: [{ id: 'acknowledge', label: 'Acknowledge', next: [], data: [], tone: 'positive' }],
      due: { after: '30 days', from: 'opened' },
    },
    {
      id: 'handover-plan',
      title: 'Handover plan',
      description: 'The cluster lead plans the handover to the national counterpart, including who takes over the provider-of-last-resort duties.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: ['handover-approval'],
          data: [
            { name: 'nationalCounterpart', label: 'National counterpart', type: 'string', required: true, min: 1, max: 200 },
            { name: 'targetDate', label: 'Target date', type: 'date', required: true, future: true },
            { name: 'lastResortDutiesTransferredTo', label: 'Provider-of-last-resort duties transferred to', type: 'string', required: true, min: 1, max: 200 },
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
      scope: 'operation',
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
      anchor: 'case.handover-plan.targetDate',
      decisions: [{ id: 'confirm', label: 'Confirm', next: ['deactivation-confirmation'], data: [], tone: 'positive' }],
      due: { after: '0 days', from: 'anchor' },
    },
    {
      id: 'deactivation-confirmation',
      title: 'Deactivation confirmation',
      description: 'The HC confirms the deactivation, recording which activation criterion no longer holds; members, leads, OCHA and the ERC are notified.',
      roles: ['hc'],
      scope: 'operation',
      decisions: [
        {
          id: 'confirm',
          label: 'Confirm deactivation',
          next: { end: 'deactivated' },
          data: [
            { name: 'criteriaNoLongerMet', label: 'Activation criteria no longer met', type: 'enum-list', required: true, min: 1, options: ['responseGaps', 'nationalCapacityInsufficient'] },
            { name: 'rationale', label: 'Rationale', type: 'text', required: true, min: 1, max: 10_000 },
          ],
          tone: 'negative',
          effects: ['cluster-deactivated'],
        },
      ],
      due: { after: '14 days', from: 'opened' },
    },
  ],
  outcomes: [
    { id: 'deactivated', label: 'Deactivated', tone: 'neutral' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
