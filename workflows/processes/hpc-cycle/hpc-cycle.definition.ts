// PROCESSES.md §3 (revision 2): the humanitarian programme cycle of one operation and year. OCHA triggers each
// phase (`phase-trigger`, decision `start`, data: the phase and its deadline); phases run in order and are never
// skipped (the `phase-in-order` guard says which phase comes first). Every step of a phase is due at the phase's
// deadline (`case.hpc.deadline`, set when the phase is triggered; default from the operation's planning calendar).
import { ALL_SECTORS, GPC_PROTECTION_RISKS } from '../../domain/reference';
import type { DecisionSpec, FieldSpec, ProcessDefinition, StepDefinition } from '../../domain/definitions/types';

export const HPC_CYCLE = 'hpc-cycle';

/** The phases in their order (`hno` only for `hno-hrp`, `project-vetting` only for project-based costing). */
export const HPC_PHASES = [
  'kickoff',
  'needs-analysis',
  'hno',
  'response-planning',
  'project-vetting',
  'plan-endorsement',
  'monitoring',
  'after-action-review',
] as const;
export type HpcPhase = (typeof HPC_PHASES)[number];

/** The steps that belong to each phase (the matrix of a phase is its clusters × these steps). */
export const PHASE_STEPS: Readonly<Record<HpcPhase, readonly string[]>> = {
  kickoff: ['scope-agreement'],
  'needs-analysis': ['cluster-needs', 'jiaf-computation', 'jiaf-consolidation'],
  hno: ['hno-endorsement', 'hno-revision'],
  'response-planning': ['cluster-response-plan'],
  'project-vetting': ['project-partners', 'project-vetting', 'project-decisions'],
  'plan-endorsement': ['hnrp-endorsement', 'hrp-endorsement'],
  monitoring: ['periodic-monitoring', 'pmr-publication', 'monitoring-review'],
  'after-action-review': ['after-action-review'],
};

export const COSTING_METHODS = ['project-based', 'unit-based'] as const;
export const RISK_RATINGS = ['absent', '1', '2', '3', '4', '5'] as const;

/** Every step of a phase is due at the phase's deadline. */
const atPhaseDeadline = { anchor: 'case.hpc.deadline', due: { after: '0 days', from: 'anchor' } } as const;

/** The case moves on to the phase trigger; `expect-phase` records which phase must come next. */
function toTrigger(args: { after?: HpcPhase; phase?: HpcPhase }): Pick<DecisionSpec, 'next' | 'effects'> {
  return { next: ['phase-trigger'], effects: [{ name: 'expect-phase', args }] };
}

const fanOutResults = (next: Pick<DecisionSpec, 'next' | 'effects'>): DecisionSpec[] => [
  { id: 'complete', label: 'Every cluster is in', data: [], tone: 'positive', system: true, ...next },
  { id: 'deadline', label: 'Phase deadline reached (late clusters expired)', data: [], tone: 'neutral', system: true, ...next },
  { id: 'closed', label: 'Closed by OCHA with the clusters that are in', data: [], tone: 'neutral', system: true, ...next },
];

const needsRow: readonly FieldSpec[] = [
  { name: 'adminArea', label: 'Administrative area', type: 'string', required: true, min: 1, max: 200 },
  { name: 'populationGroup', label: 'Population group', type: 'string', required: true, min: 1, max: 200 },
  { name: 'peopleInNeed', label: 'People in need', type: 'integer', required: true, min: 0, max: 1_000_000_000 },
  { name: 'severity', label: 'Severity', type: 'integer', required: true, min: 1, max: 5 },
];

const protectionRiskRow: readonly FieldSpec[] = [
  { name: 'adminArea', label: 'Administrative area', type: 'string', required: true, min: 1, max: 200 },
  { name: 'risk', label: 'Protection risk', type: 'enum', required: true, options: GPC_PROTECTION_RISKS.map((r) => r.id) },
  { name: 'rating', label: 'Rating', type: 'enum', required: true, options: RISK_RATINGS },
];

const endorsement = (id: string, title: string, description: string): StepDefinition => ({
  id,
  title,
  description,
  roles: ['hc'],
  scope: 'operation',
  ...atPhaseDeadline,
  decisions: [
    { id: 'endorse', label: 'Endorse', data: [], tone: 'positive', ...toTrigger({ after: 'plan-endorsement' }) },
    { id: 'return', label: 'Return to response planning', data: [], tone: 'neutral', commentRequired: true, ...toTrigger({ phase: 'response-planning' }) },
  ],
});

export const hpcCycleDefinition: ProcessDefinition = {
  type: HPC_CYCLE,
  version: 1,
  title: 'Humanitarian programme cycle',
  description:
    'The yearly HNRP (or HNO + HRP) of an operation, phase by phase as OCHA triggers them: kickoff, needs analysis and JIAF consolidation, response planning, project vetting, endorsement, quarterly monitoring, revision and the after-action review; or the flash appeal of a sudden-onset emergency.',
  startRoles: ['ocha'],
  input: [
    { name: 'operationId', label: 'Operation', type: 'uuid', ref: 'operation', required: true },
    { name: 'year', label: 'Year', type: 'integer', required: true, min: 2000, max: 2100 },
    { name: 'variant', label: 'Variant', type: 'enum', required: true, options: ['annual', 'flash'] },
  ],
  initialSteps: {
    rules: [
      { to: ['flash-appeal', 'mira'], when: { path: 'input.variant', eq: 'flash' } },
      { to: ['phase-trigger'] },
    ],
  },
  actions: [
    { id: 'close-cluster-needs', label: 'Close the needs analysis with the clusters that are in', roles: ['ocha'], scope: 'operation', closes: { step: 'cluster-needs', result: 'closed' }, commentRequired: true },
    { id: 'close-cluster-response-plan', label: 'Close response planning with the clusters that are in', roles: ['ocha'], scope: 'operation', closes: { step: 'cluster-response-plan', result: 'closed' }, commentRequired: true },
    { id: 'close-periodic-monitoring', label: 'Close the monitoring round with the clusters that are in', roles: ['ocha'], scope: 'operation', closes: { step: 'periodic-monitoring', result: 'closed' }, commentRequired: true },
  ],
  steps: [
    {
      id: 'phase-trigger',
      title: 'Trigger the next phase',
      description: 'OCHA starts the next phase of the cycle and sets its deadline (default: the planning calendar). Phases run in order and cannot be skipped.',
      roles: ['ocha'],
      scope: 'operation',
      decisions: [
        {
          id: 'start',
          label: 'Start the phase',
          data: [
            { name: 'phase', label: 'Phase', type: 'enum', required: true, options: HPC_PHASES },
            { name: 'deadline', label: 'Phase deadline', type: 'date', required: false, future: true },
          ],
          tone: 'positive',
          guards: ['phase-in-order'],
          effects: ['phase-started'],
          // One run per phase: the history of a year-long case stays bounded.
          checkpoint: true,
          next: {
            rules: [
              { to: ['scope-agreement'], when: { path: 'data.phase', eq: 'kickoff' } },
              { to: ['cluster-needs'], when: { path: 'data.phase', eq: 'needs-analysis' } },
              { to: ['hno-endorsement'], when: { path: 'data.phase', eq: 'hno' } },
              { to: ['cluster-response-plan'], when: { path: 'data.phase', eq: 'response-planning' } },
              { to: ['project-partners'], when: { path: 'data.phase', eq: 'project-vetting' } },
              { to: ['hrp-endorsement'], when: { all: [{ path: 'data.phase', eq: 'plan-endorsement' }, { path: 'operation.settings.planningFormat', eq: 'hno-hrp' }] } },
              { to: ['hnrp-endorsement'], when: { path: 'data.phase', eq: 'plan-endorsement' } },
              { to: ['periodic-monitoring'], when: { path: 'data.phase', eq: 'monitoring' } },
              { to: ['after-action-review'] },
            ],
          },
        },
      ],
    },
    {
      id: 'scope-agreement',
      title: 'Scope of the cycle',
      description: 'The HC agrees the scope of the cycle: the costing method (project-based cycles vet projects) and the calendar; or returns it to OCHA, who revises and triggers the kickoff again.',
      roles: ['hc'],
      scope: 'operation',
      ...atPhaseDeadline,
      decisions: [
        {
          id: 'approve',
          label: 'Approve',
          data: [
            { name: 'costingMethod', label: 'Costing method', type: 'enum', required: true, options: COSTING_METHODS },
            { name: 'projectHcApproval', label: 'Projects also need the HC\'s approval', type: 'boolean', required: false },
            {
              name: 'calendar',
              label: 'Calendar of the cycle',
              type: 'object',
              required: false,
              fields: [
                { name: 'needsAnalysis', label: 'Needs analysis deadline', type: 'date', required: false },
                { name: 'hno', label: 'HNO deadline', type: 'date', required: false },
                { name: 'responsePlanning', label: 'Response planning deadline', type: 'date', required: false },
                { name: 'projectVetting', label: 'Project vetting deadline', type: 'date', required: false },
                { name: 'planEndorsement', label: 'Plan endorsement deadline', type: 'date', required: false },
              ],
            },
          ],
          tone: 'positive',
          ...toTrigger({ after: 'kickoff' }),
        },
        { id: 'return', label: 'Return to OCHA', data: [], tone: 'neutral', commentRequired: true, ...toTrigger({ phase: 'kickoff' }) },
      ],
    },
    {
      id: 'cluster-needs',
      kind: 'fan-out',
      title: 'Cluster needs analysis',
      description: 'Each active cluster submits its people in need and severity per area and population group; Protection also rates the 15 GPC protection risks per area.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      fanOut: { members: 'active-clusters', join: 'all-or-deadline' },
      ...atPhaseDeadline,
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: [],
          data: [
            { name: 'rows', label: 'Needs', type: 'list', required: true, min: 1, max: 2000, fields: needsRow },
            {
              name: 'protectionRisks',
              label: 'GPC protection risks',
              type: 'list',
              requiredWhen: { path: 'subject.sector', eq: 'protection' },
              min: GPC_PROTECTION_RISKS.length,
              max: 3000,
              fields: protectionRiskRow,
            },
          ],
          tone: 'positive',
          guards: ['protection-risks-complete'],
        },
      ],
      results: fanOutResults({ next: ['jiaf-computation'] }),
    },
    {
      id: 'jiaf-computation',
      kind: 'system',
      title: 'JIAF intersectoral figures',
      description: 'Per area and population group, the intersectoral people in need is the maximum of the sectoral figures (not their sum), with the cluster that drives it.',
      roles: [],
      scope: 'none',
      system: { compute: 'hpc-jiaf' },
      decisions: [],
      results: [{ id: 'done', label: 'Computed', next: ['jiaf-consolidation'], data: [], tone: 'neutral', system: true }],
    },
    {
      id: 'jiaf-consolidation',
      title: 'JIAF consolidation',
      description: 'OCHA reviews the intersectoral consolidation of the needs and completes the analysis.',
      roles: ['ocha'],
      scope: 'operation',
      ...atPhaseDeadline,
      decisions: [{ id: 'complete', label: 'Complete', data: [], tone: 'positive', ...toTrigger({ after: 'needs-analysis' }) }],
    },
    {
      id: 'hno-endorsement',
      title: 'HNO endorsement',
      description: 'The HC endorses the Humanitarian Needs Overview, or returns it to OCHA for revision.',
      roles: ['hc'],
      scope: 'operation',
      ...atPhaseDeadline,
      decisions: [
        { id: 'endorse', label: 'Endorse', data: [], tone: 'positive', ...toTrigger({ after: 'hno' }) },
        { id: 'return', label: 'Return for revision', next: ['hno-revision'], data: [], tone: 'neutral', commentRequired: true },
      ],
    },
    {
      id: 'hno-revision',
      title: 'HNO revision',
      description: 'OCHA revises the Humanitarian Needs Overview and resubmits it to the HC.',
      roles: ['ocha'],
      scope: 'operation',
      ...atPhaseDeadline,
      decisions: [{ id: 'resubmit', label: 'Resubmit', next: ['hno-endorsement'], data: [], tone: 'positive' }],
    },
    {
      id: 'cluster-response-plan',
      kind: 'fan-out',
      title: 'Cluster response plan',
      description: 'Each active cluster submits the people it targets (at most its people in need) and its financial requirements.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      fanOut: { members: 'active-clusters', join: 'all-or-deadline' },
      ...atPhaseDeadline,
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: [],
          data: [
            { name: 'peopleTargeted', label: 'People targeted', type: 'integer', required: true, min: 0, max: 1_000_000_000 },
            { name: 'requirementsUsd', label: 'Requirements (USD)', type: 'money', required: true, min: 0 },
            { name: 'objectives', label: 'Cluster objectives', type: 'text', required: false, max: 20_000 },
          ],
          tone: 'positive',
          guards: ['targeted-within-need'],
        },
      ],
      results: fanOutResults(toTrigger({ after: 'response-planning' })),
    },
    {
      id: 'project-partners',
      kind: 'system',
      title: 'Partners who may submit projects',
      description: 'The member organisations of each active cluster: their partners may submit projects of that sector.',
      roles: [],
      scope: 'none',
      system: { compute: 'hpc-project-partners' },
      decisions: [],
      results: [{ id: 'done', label: 'Resolved', next: ['project-vetting'], data: [], tone: 'neutral', system: true }],
    },
    {
      id: 'project-vetting',
      kind: 'window',
      title: 'Project submissions',
      description: 'Partners of the clusters\' member organisations submit projects until the phase deadline; each project is vetted as its own case.',
      roles: ['partner'],
      scope: 'organisation',
      window: {
        duration: '30 days',
        durationFrom: 'case.hpc.windowDuration',
        kinds: [
          {
            id: 'project',
            label: 'Project',
            roles: ['partner'],
            invitedFrom: 'case.project-partners.bySector',
            invitedPer: 'sector',
            fields: [
              { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
              { name: 'title', label: 'Title', type: 'string', required: true, min: 1, max: 300 },
              { name: 'requirementsUsd', label: 'Requirements (USD)', type: 'money', required: true, min: 0 },
              { name: 'peopleTargeted', label: 'People targeted', type: 'integer', required: false, min: 0, max: 1_000_000_000 },
              { name: 'summary', label: 'Summary', type: 'text', required: false, max: 20_000 },
            ],
            child: {
              type: 'hrp-project',
              input: {
                operationId: 'input.operationId',
                year: 'input.year',
                organisationId: 'submission.organisationId',
                submissionId: 'submission.id',
                hcApproval: 'case.scope-agreement.projectHcApproval',
              },
            },
          },
        ],
      },
      decisions: [],
      results: [{ id: 'closed', label: 'Submissions closed', next: ['project-decisions'], data: [], tone: 'neutral', system: true }],
    },
    {
      id: 'project-decisions',
      kind: 'children',
      title: 'Project decisions',
      description: 'The cycle waits until every submitted project is approved, rejected or withdrawn.',
      roles: [],
      scope: 'none',
      children: { wait: 'all' },
      decisions: [],
      results: [{ id: 'complete', label: 'Every project decided', data: [], tone: 'positive', system: true, ...toTrigger({ after: 'project-vetting' }) }],
    },
    endorsement('hnrp-endorsement', 'HNRP endorsement', 'The HC endorses the Humanitarian Needs and Response Plan, or returns it to response planning.'),
    endorsement('hrp-endorsement', 'HRP endorsement', 'The HC endorses the Humanitarian Response Plan, or returns it to response planning.'),
    {
      id: 'periodic-monitoring',
      kind: 'fan-out',
      title: 'Periodic monitoring',
      description: 'Each active cluster reports its progress against the plan for the quarter.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      fanOut: { members: 'active-clusters', join: 'all-or-deadline' },
      ...atPhaseDeadline,
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: [],
          data: [
            { name: 'peopleReached', label: 'People reached', type: 'integer', required: true, min: 0, max: 1_000_000_000 },
            { name: 'fundingReceivedUsd', label: 'Funding received (USD)', type: 'money', required: false, min: 0 },
            { name: 'progress', label: 'Progress', type: 'text', required: true, min: 1, max: 20_000 },
          ],
          tone: 'positive',
        },
      ],
      results: fanOutResults({ next: ['pmr-publication'] }),
    },
    {
      id: 'pmr-publication',
      title: 'Periodic monitoring report',
      description: 'The HC (for the HCT) decides whether the periodic monitoring report is published.',
      roles: ['hc'],
      scope: 'operation',
      due: { after: '14 days', from: 'opened' },
      decisions: [
        { id: 'publish', label: 'Publish', next: ['monitoring-review'], data: [], tone: 'positive' },
        { id: 'skip', label: 'Skip', next: ['monitoring-review'], data: [], tone: 'neutral' },
      ],
    },
    {
      id: 'monitoring-review',
      title: 'Next quarter, revision or end of monitoring',
      description: 'OCHA continues monitoring for another quarter, triggers a revision of the plan (back to response planning), or ends monitoring for the after-action review.',
      roles: ['ocha'],
      scope: 'operation',
      due: { after: '14 days', from: 'opened' },
      decisions: [
        // One run per quarter: the history stays bounded.
        { id: 'continue', label: 'Next quarter', next: ['periodic-monitoring'], data: [], tone: 'neutral', effects: ['next-quarter'], checkpoint: true },
        { id: 'revision', label: 'Revise the plan', data: [], tone: 'neutral', commentRequired: true, ...toTrigger({ phase: 'response-planning' }) },
        { id: 'end-monitoring', label: 'End monitoring', data: [], tone: 'positive', ...toTrigger({ after: 'monitoring' }) },
      ],
    },
    {
      id: 'after-action-review',
      title: 'After-action review',
      description: 'OCHA completes the after-action review of the cycle; the cycle ends.',
      roles: ['ocha'],
      scope: 'operation',
      ...atPhaseDeadline,
      decisions: [
        {
          id: 'complete',
          label: 'Complete',
          next: { end: 'completed' },
          data: [{ name: 'lessons', label: 'Lessons learned', type: 'text', required: false, max: 20_000 }],
          tone: 'positive',
        },
      ],
    },
    // Flash variant (sudden onset): the appeal by day 5, the MIRA by day 14, the revision about 30 days later.
    {
      id: 'flash-appeal',
      title: 'Flash appeal',
      description: 'OCHA drafts the flash appeal, due 5 days after the start.',
      roles: ['ocha'],
      scope: 'operation',
      due: { after: '5 days', from: 'opened' },
      decisions: [
        {
          id: 'submit',
          label: 'Submit to the HC',
          next: ['flash-appeal-endorsement'],
          data: [
            { name: 'requirementsUsd', label: 'Requirements (USD)', type: 'money', required: true, min: 0 },
            { name: 'peopleTargeted', label: 'People targeted', type: 'integer', required: true, min: 0, max: 1_000_000_000 },
          ],
          tone: 'positive',
        },
      ],
    },
    {
      id: 'flash-appeal-endorsement',
      title: 'Flash appeal endorsement',
      description: 'The HC endorses the flash appeal drafted by OCHA, or returns it.',
      roles: ['hc'],
      scope: 'operation',
      due: { after: '2 days', from: 'opened' },
      decisions: [
        { id: 'endorse', label: 'Endorse', next: ['flash-revision'], data: [], tone: 'positive' },
        { id: 'return', label: 'Return to OCHA', next: ['flash-appeal'], data: [], tone: 'neutral', commentRequired: true },
      ],
    },
    {
      id: 'mira',
      title: 'Multi-cluster initial rapid assessment (MIRA)',
      description: 'OCHA completes the multi-cluster initial rapid assessment, due day 14.',
      roles: ['ocha'],
      scope: 'operation',
      due: { after: '14 days', from: 'opened' },
      decisions: [{ id: 'complete', label: 'Complete', next: [], data: [], tone: 'positive' }],
    },
    {
      id: 'flash-revision',
      title: 'Flash appeal revision',
      description: 'The HC endorses the revised flash appeal, about 30 days after the appeal; the annual cycle may then start.',
      roles: ['hc'],
      scope: 'operation',
      due: { after: '30 days', from: 'opened' },
      decisions: [{ id: 'endorse', label: 'Endorse', data: [], tone: 'positive', ...toTrigger({ phase: 'kickoff' }) }],
    },
  ],
  outcomes: [
    { id: 'completed', label: 'Completed', tone: 'positive' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
