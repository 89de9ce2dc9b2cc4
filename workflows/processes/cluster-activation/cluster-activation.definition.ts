// PROCESSES.md §1 (revision 2): ids of steps, decisions, roles and outcomes are the public contract.
import { ALL_SECTORS } from '../../domain/reference';
import type { FieldSpec, ProcessDefinition } from '../../domain/definitions/types';

export const CLUSTER_ACTIVATION = 'cluster-activation';

const protectionOrAor = { path: 'subject.sector', in: ['protection', 'gbv', 'child-protection', 'mine-action', 'hlp'] } as const;

const setupChecklist: readonly FieldSpec[] = [
  { name: 'termsOfReferenceAdopted', label: 'Terms of reference adopted', type: 'boolean', required: true, mustBeTrue: true },
  { name: 'strategicAdvisoryGroupFormed', label: 'Strategic advisory group formed', type: 'boolean', required: true, mustBeTrue: true },
  { name: 'nationalActorsInSag', label: 'National and local actors take part in the SAG', type: 'boolean', required: true, mustBeTrue: true },
  { name: 'partnerMappingDone', label: 'Partner mapping done', type: 'boolean', required: true, mustBeTrue: true },
  { name: 'workPlanAdopted', label: 'Work plan adopted', type: 'boolean', required: true, mustBeTrue: true },
  { name: 'informationSharingProtocolAgreed', label: 'Information-sharing protocol agreed', type: 'boolean', required: true, mustBeTrue: true },
  // Protection and its AoRs only (GPC minimum requirements).
  { name: 'referralPathwaysMapped', label: 'Referral pathways mapped', type: 'boolean', requiredWhen: protectionOrAor, mustBeTrue: true },
];

export const clusterActivationDefinition: ProcessDefinition = {
  type: CLUSTER_ACTIVATION,
  version: 2,
  title: 'Cluster activation',
  description:
    'Proposal by the HC/OCHA against the IASC criteria, HC endorsement, ERC approval, confirmation by the cluster lead agency itself and cluster set-up.',
  startRoles: ['hc', 'ocha'],
  input: [
    { name: 'operationId', label: 'Operation', type: 'uuid', ref: 'operation', required: true },
    { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
    { name: 'leadAgencyId', label: 'Cluster lead agency', type: 'uuid', ref: 'organisation', required: true },
    { name: 'coLeadAgencyId', label: 'Co-lead agency', type: 'uuid', ref: 'organisation', required: false },
    { name: 'rationale', label: 'Rationale', type: 'text', required: true, min: 1, max: 10_000 },
    {
      name: 'criteria',
      label: 'IASC activation criteria',
      type: 'object',
      required: true,
      fields: [
        { name: 'responseGaps', label: 'Response and coordination gaps exist', type: 'boolean', required: true, mustBeTrue: true },
        { name: 'nationalCapacityInsufficient', label: 'National response or coordination capacity is insufficient', type: 'boolean', required: true, mustBeTrue: true },
      ],
    },
  ],
  initialSteps: ['hc-endorsement'],
  // The cluster exists as `proposed` from the start; starting notifies the global cluster lead (the ERC office).
  onStart: ['cluster-proposed', { name: 'notify', args: { roles: ['erc'], key: 'started', message: 'Cluster activation proposed' } }],
  // A cancelled proposal leaves no cluster looking proposed.
  onCancel: ['cluster-not-activated'],
  steps: [
    {
      id: 'hc-endorsement',
      title: 'HC endorsement of the activation proposal',
      description: 'The Humanitarian Coordinator endorses the proposal, returns it to OCHA for revision, or rejects it.',
      roles: ['hc'],
      scope: 'operation',
      decisions: [
        { id: 'endorse', label: 'Endorse', next: ['erc-approval'], data: [], tone: 'positive' },
        { id: 'return', label: 'Return for revision', next: ['proposal-revision'], data: [], tone: 'neutral' },
        { id: 'reject', label: 'Reject', next: { end: 'not-activated' }, data: [], tone: 'negative', commentRequired: true, effects: ['cluster-not-activated'] },
      ],
      due: { after: '3 days', from: 'opened' },
    },
    {
      id: 'proposal-revision',
      title: 'Revise the activation proposal',
      description: 'OCHA revises the proposal (rationale, lead agency) and resubmits it, or withdraws it.',
      roles: ['ocha'],
      scope: 'operation',
      decisions: [
        {
          id: 'resubmit',
          label: 'Resubmit',
          next: ['hc-endorsement'],
          data: [
            { name: 'rationale', label: 'Rationale', type: 'text', required: false, min: 1, max: 10_000 },
            { name: 'leadAgencyId', label: 'Cluster lead agency', type: 'uuid', ref: 'organisation', required: false },
            { name: 'coLeadAgencyId', label: 'Co-lead agency', type: 'uuid', ref: 'organisation', required: false },
          ],
          tone: 'positive',
          patch: { rationale: 'data.rationale', leadAgencyId: 'data.leadAgencyId', coLeadAgencyId: 'data.coLeadAgencyId' },
          effects: ['cluster-proposed'],
        },
        { id: 'withdraw', label: 'Withdraw', next: { end: 'withdrawn' }, data: [], tone: 'negative', effects: ['cluster-not-activated'] },
      ],
      due: { after: '7 days', from: 'opened' },
    },
    {
      id: 'erc-approval',
      title: 'ERC approval',
      description: 'The Emergency Relief Coordinator approves or rejects the activation.',
      roles: ['erc'],
      scope: 'none',
      decisions: [
        { id: 'approve', label: 'Approve', next: ['cla-confirmation'], data: [], tone: 'positive' },
        { id: 'reject', label: 'Reject', next: { end: 'not-activated' }, data: [], tone: 'negative', commentRequired: true, effects: ['cluster-not-activated'] },
      ],
      due: { after: '24 hours', from: 'opened' },
      reminders: [{ from: 'opened', after: '12 hours' }],
    },
    {
      id: 'cla-confirmation',
      title: 'Cluster lead agency confirmation',
      description: 'The cluster lead agency itself confirms it takes the lead and names the coordinator and information manager.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      rules: ['lead-agency'],
      decisions: [
        {
          id: 'confirm',
          label: 'Confirm',
          next: ['cluster-setup'],
          data: [
            { name: 'coordinatorName', label: 'Cluster coordinator', type: 'string', required: true, min: 1, max: 200 },
            { name: 'informationManagerName', label: 'Information manager', type: 'string', required: true, min: 1, max: 200 },
          ],
          tone: 'positive',
          // The cluster becomes active; its transition review starts (and outlives this case).
          effects: [
            'cluster-active',
            {
              name: 'start-process',
              args: {
                type: 'transition-review',
                outlivesParent: true,
                input: {
                  clusterId: 'subject.clusterId',
                  activatedAt: 'case.activatedAt',
                  operationType: 'case.operationType',
                  operationId: 'subject.operationId',
                  sector: 'subject.sector',
                },
              },
            },
            // Its first CCPM round (4 months later; 3–6 per operation) and its recurring duties' schedules (§5, §6).
            'schedule-ccpm-round',
            'create-duty-schedules',
          ],
        },
        { id: 'decline', label: 'Decline', next: ['lead-reassignment'], data: [], tone: 'negative' },
      ],
      due: { after: '7 days', from: 'opened' },
    },
    {
      id: 'lead-reassignment',
      title: 'Reassign the cluster lead agency',
      description: 'The HC names another cluster lead agency, which is then asked to confirm, or abandons the activation.',
      roles: ['hc'],
      scope: 'operation',
      decisions: [
        {
          id: 'reassign',
          label: 'Reassign',
          next: ['cla-confirmation'],
          data: [{ name: 'leadAgencyId', label: 'New cluster lead agency', type: 'uuid', ref: 'organisation', required: true }],
          tone: 'positive',
          patch: { leadAgencyId: 'data.leadAgencyId' },
          effects: ['cluster-proposed'],
        },
        { id: 'abandon', label: 'Abandon the activation', next: { end: 'not-activated' }, data: [], tone: 'negative', commentRequired: true, effects: ['cluster-not-activated'] },
      ],
      due: { after: '7 days', from: 'opened' },
    },
    {
      id: 'cluster-setup',
      title: 'Cluster set-up',
      description: 'The cluster lead completes the set-up checklist.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      decisions: [{ id: 'complete', label: 'Complete', next: { end: 'activated' }, data: setupChecklist, tone: 'positive' }],
      due: { after: '30 days', from: 'opened' },
    },
  ],
  outcomes: [
    { id: 'activated', label: 'Activated', tone: 'positive' },
    { id: 'not-activated', label: 'Not activated', tone: 'negative' },
    { id: 'withdrawn', label: 'Withdrawn', tone: 'neutral' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
