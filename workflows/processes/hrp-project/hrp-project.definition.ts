// PROCESSES.md §3, project vetting: each project a partner submits during the cycle's `project-vetting` window is
// its own case: the cluster lead of its sector reviews it (never a lead of the submitting organisation), the
// partner revises it when returned, and the HC approves it where the cycle asks for it.
import { ALL_SECTORS } from '../../domain/reference';
import type { FieldSpec, ProcessDefinition } from '../../domain/definitions/types';

export const HRP_PROJECT = 'hrp-project';

const projectFields: readonly FieldSpec[] = [
  { name: 'title', label: 'Title', type: 'string', required: false, min: 1, max: 300 },
  { name: 'requirementsUsd', label: 'Requirements (USD)', type: 'money', required: false, min: 0 },
  { name: 'peopleTargeted', label: 'People targeted', type: 'integer', required: false, min: 0, max: 1_000_000_000 },
  { name: 'summary', label: 'Summary', type: 'text', required: false, max: 20_000 },
];

export const hrpProjectDefinition: ProcessDefinition = {
  type: HRP_PROJECT,
  version: 1,
  title: 'Response plan project',
  description: 'A partner\'s project in the response plan: cluster review (with recusal), revision by the partner, and the HC\'s approval where the cycle asks for it.',
  // Started only by the HPC cycle's project window, one case per submission.
  startRoles: [],
  input: [
    { name: 'operationId', label: 'Operation', type: 'uuid', ref: 'operation', required: true },
    { name: 'year', label: 'Year', type: 'integer', required: true, min: 2000, max: 2100 },
    { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
    { name: 'organisationId', label: 'Organisation', type: 'uuid', ref: 'organisation', required: true },
    { name: 'submissionId', label: 'Submission', type: 'uuid', required: true },
    { name: 'title', label: 'Title', type: 'string', required: true, min: 1, max: 300 },
    { name: 'requirementsUsd', label: 'Requirements (USD)', type: 'money', required: true, min: 0 },
    { name: 'peopleTargeted', label: 'People targeted', type: 'integer', required: false, min: 0, max: 1_000_000_000 },
    { name: 'summary', label: 'Summary', type: 'text', required: false, max: 20_000 },
    { name: 'hcApproval', label: 'HC approval required', type: 'boolean', required: false },
  ],
  initialSteps: ['project-cluster-review'],
  steps: [
    {
      id: 'project-cluster-review',
      title: 'Cluster review of the project',
      description: 'The cluster lead of the project\'s sector approves it, returns it to the partner for revision, or rejects it. A lead whose organisation submitted the project may not review it.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      rules: ['recusal'],
      due: { after: '10 working days', from: 'opened' },
      decisions: [
        {
          id: 'approve',
          label: 'Approve',
          tone: 'positive',
          data: [],
          next: { rules: [{ to: ['project-hc-approval'], when: { path: 'input.hcApproval', eq: true } }, { end: 'approved' }] },
        },
        { id: 'return', label: 'Return for revision', next: ['project-revision'], data: [], tone: 'neutral', commentRequired: true },
        { id: 'reject', label: 'Reject', next: { end: 'rejected' }, data: [], tone: 'negative', commentRequired: true },
      ],
    },
    {
      id: 'project-revision',
      title: 'Project revision',
      description: 'The partner revises the project and resubmits it, or withdraws it.',
      roles: ['partner'],
      scope: 'organisation',
      due: { after: '10 working days', from: 'opened' },
      decisions: [
        {
          id: 'resubmit',
          label: 'Resubmit',
          next: ['project-cluster-review'],
          data: projectFields,
          tone: 'positive',
          patch: { title: 'data.title', requirementsUsd: 'data.requirementsUsd', peopleTargeted: 'data.peopleTargeted' },
        },
        { id: 'withdraw', label: 'Withdraw', next: { end: 'withdrawn' }, data: [], tone: 'negative' },
      ],
    },
    {
      id: 'project-hc-approval',
      title: 'HC approval of the project',
      description: 'The HC approves or rejects the project.',
      roles: ['hc'],
      scope: 'operation',
      due: { after: '10 working days', from: 'opened' },
      decisions: [
        { id: 'approve', label: 'Approve', next: { end: 'approved' }, data: [], tone: 'positive' },
        { id: 'reject', label: 'Reject', next: { end: 'rejected' }, data: [], tone: 'negative', commentRequired: true },
      ],
    },
  ],
  outcomes: [
    { id: 'approved', label: 'Approved', tone: 'positive' },
    { id: 'rejected', label: 'Rejected', tone: 'negative' },
    { id: 'withdrawn', label: 'Withdrawn', tone: 'neutral' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
