// PROCESSES.md §4 (revision 2): a pooled-fund allocation. CBPF standard: the HFU's strategy (envelope split per
// sector, weighted scorecard), the Advisory Board's collective endorsement (the HFU chairs with attendance), the
// HC's approval, a call for proposals of 10 working days whose every proposal is its own `grant-proposal` case,
// then the localisation share and, below target, its justification and the HC's acknowledgement. CBPF reserve
// skips the Advisory Board (and the proposals skip the HC endorsement). CERF rapid response and underfunded run
// the ERC's steps, the disbursement and the 6-month implementation clock, an optional no-cost extension, the report.
import { ALL_SECTORS } from '../../domain/reference';
import type { DecisionSpec, FieldSpec, ProcessDefinition } from '../../domain/definitions/types';
import { FUND_WINDOWS, FUNDS } from './pooled-funds';

export const POOLED_FUND_ALLOCATION = 'pooled-fund-allocation';
export const GRANT_PROPOSAL = 'grant-proposal';

const strategyFields: readonly FieldSpec[] = [
  { name: 'priorities', label: 'Priorities', type: 'text', required: true, min: 1, max: 20_000 },
  {
    name: 'envelopeSplit',
    label: 'Envelope split per sector',
    type: 'list',
    required: true,
    min: 1,
    max: 15,
    fields: [
      { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
      { name: 'amountUsd', label: 'Amount (USD)', type: 'money', required: true, min: 0 },
    ],
  },
  {
    name: 'scorecard',
    label: 'Scorecard',
    type: 'list',
    required: true,
    min: 1,
    max: 20,
    fields: [
      { name: 'criterion', label: 'Criterion', type: 'string', required: true, min: 1, max: 200 },
      { name: 'weight', label: 'Weight', type: 'integer', required: true, min: 1, max: 100 },
    ],
  },
  { name: 'preStrategicReview', label: 'Pre-strategic review by the HFU', type: 'boolean', required: true },
  { name: 'windowWorkingDays', label: 'Submission window (working days)', type: 'integer', required: false, min: 1, max: 60 },
];

const proposalFields: readonly FieldSpec[] = [
  { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
  { name: 'title', label: 'Title', type: 'string', required: true, min: 1, max: 300 },
  { name: 'requestedUsd', label: 'Requested (USD)', type: 'money', required: true, min: 0.01 },
  { name: 'summary', label: 'Summary', type: 'text', required: false, max: 20_000 },
  { name: 'subGrantsUsd', label: 'Sub-grants to national partners (USD)', type: 'money', required: false, min: 0 },
];

const endCerf = (label: string): DecisionSpec => ({ id: 'reject', label, next: { end: 'rejected' }, data: [], tone: 'negative', commentRequired: true });

export const pooledFundAllocationDefinition: ProcessDefinition = {
  type: POOLED_FUND_ALLOCATION,
  version: 1,
  title: 'Pooled-fund allocation',
  description:
    'A country-based pooled fund allocation (standard or reserve: strategy, Advisory Board, HC approval, call for proposals, grant proposals, localisation) or a CERF allocation (rapid response or underfunded: ERC steps, disbursement, 6-month implementation, report).',
  startRoles: ['ocha'],
  input: [
    { name: 'fund', label: 'Fund', type: 'enum', required: true, options: FUNDS },
    { name: 'window', label: 'Window', type: 'enum', required: true, options: FUND_WINDOWS },
    { name: 'operationId', label: 'Operation', type: 'uuid', ref: 'operation', required: true },
    { name: 'title', label: 'Title', type: 'string', required: true, min: 1, max: 300 },
    { name: 'envelopeUsd', label: 'Envelope (USD)', type: 'money', required: true, min: 0.01 },
    { name: 'localisationTargetPct', label: 'Localisation target (%)', type: 'number', required: false, min: 0, max: 100 },
    { name: 'sectors', label: 'Sectors', type: 'enum-list', required: false, min: 1, options: ALL_SECTORS },
    { name: 'onsetDate', label: 'Onset of the emergency', type: 'date', required: false },
  ],
  onStart: ['allocation-started'],
  initialSteps: {
    rules: [
      { to: ['cerf-request'], when: { path: 'input.window', eq: 'rapid-response' } },
      { to: ['country-selection'], when: { path: 'input.window', eq: 'underfunded' } },
      { to: ['allocation-strategy'] },
    ],
  },
  steps: [
    {
      id: 'allocation-strategy',
      title: 'Allocation strategy',
      description: 'The HFU sets the priorities, the envelope split per sector (together the envelope), the weighted scorecard (weights total 100), whether proposals go through a pre-strategic review, and the submission window.',
      roles: ['ocha'],
      scope: 'operation',
      due: { after: '14 days', from: 'opened' },
      decisions: [
        {
          id: 'submit',
          label: 'Submit the strategy',
          data: strategyFields,
          tone: 'positive',
          guards: ['strategy-valid'],
          effects: ['strategy-submitted'],
          next: { rules: [{ to: ['strategy-approval'], when: { path: 'input.window', eq: 'reserve' } }, { to: ['ab-endorsement'] }] },
        },
      ],
    },
    {
      id: 'ab-endorsement',
      kind: 'vote',
      title: 'Advisory Board endorsement',
      description: 'The Advisory Board endorses the strategy or asks for a revision; the HFU chairs and closes the vote with the recorded attendance.',
      roles: ['advisory_board'],
      scope: 'operation',
      vote: { chair: ['ocha'] },
      due: { after: '14 days', from: 'opened' },
      decisions: [
        { id: 'endorse', label: 'Endorse', next: ['strategy-approval'], data: [], tone: 'positive' },
        { id: 'revise', label: 'Revise', next: ['allocation-strategy'], data: [], tone: 'neutral' },
      ],
    },
    {
      id: 'strategy-approval',
      title: 'Strategy approval',
      description: 'The HC approves the strategy (the call for proposals opens) or returns it to the HFU.',
      roles: ['hc'],
      scope: 'operation',
      due: { after: '7 days', from: 'opened' },
      decisions: [
        { id: 'approve', label: 'Approve', next: ['call-for-proposals'], data: [], tone: 'positive' },
        { id: 'return', label: 'Return to the HFU', next: ['allocation-strategy'], data: [], tone: 'neutral', commentRequired: true },
      ],
    },
    {
      id: 'call-for-proposals',
      kind: 'window',
      title: 'Call for proposals',
      description: 'Partners of eligible organisations (risk level set) submit proposals during the window (default 10 working days in the operation\'s calendar); each proposal is its own grant-proposal case.',
      roles: ['partner'],
      scope: 'organisation',
      window: {
        duration: '10 working days',
        durationFrom: 'case.allocation.windowDuration',
        kinds: [
          {
            id: 'proposal',
            label: 'Proposal',
            roles: ['partner'],
            eligibleOrganisationsOnly: true,
            fields: proposalFields,
            child: {
              type: GRANT_PROPOSAL,
              input: {
                operationId: 'input.operationId',
                allocationId: 'case.allocation.processId',
                window: 'input.window',
                organisationId: 'submission.organisationId',
                submissionId: 'submission.id',
                scorecard: 'case.allocation-strategy.scorecard',
                preStrategicReview: 'case.allocation-strategy.preStrategicReview',
              },
            },
          },
        ],
      },
      decisions: [],
      results: [{ id: 'closed', label: 'Submissions closed', next: ['proposal-decisions'], data: [], tone: 'neutral', system: true }],
    },
    {
      id: 'proposal-decisions',
      kind: 'children',
      title: 'Grant proposals',
      description: 'The allocation waits until every proposal is decided: the HC has signed its grant agreement, or it ended (rejected or withdrawn). Signed grants go on to countersignature, disbursement and reporting on their own.',
      roles: [],
      scope: 'none',
      children: { wait: 'all', until: 'decided' },
      decisions: [],
      results: [{ id: 'complete', label: 'Every proposal decided', next: ['allocation-totals'], data: [], tone: 'positive', system: true }],
    },
    {
      id: 'allocation-totals',
      kind: 'system',
      title: 'Allocation totals and localisation share',
      description: 'Approved USD per sector against the split, and the share granted directly to national and local NGOs against the target (and 25 % for Protection and its AoRs).',
      roles: [],
      scope: 'none',
      system: { compute: 'pooled-allocation-totals' },
      decisions: [],
      results: [
        { id: 'on-target', label: 'Localisation on target', next: { end: 'completed' }, data: [], tone: 'positive', system: true },
        { id: 'below-target', label: 'Localisation below target', next: ['localisation-justification'], data: [], tone: 'neutral', system: true },
      ],
    },
    {
      id: 'localisation-justification',
      title: 'Localisation justification',
      description: 'The HFU explains why the share granted directly to national and local NGOs is below the target.',
      roles: ['ocha'],
      scope: 'operation',
      due: { after: '14 days', from: 'opened' },
      decisions: [
        { id: 'submit', label: 'Submit the justification', next: ['localisation-acknowledgement'], data: [{ name: 'justification', label: 'Justification', type: 'text', required: true, min: 1, max: 20_000 }], tone: 'positive' },
      ],
    },
    {
      id: 'localisation-acknowledgement',
      title: 'Localisation acknowledgement',
      description: 'The HC acknowledges the localisation share below target and its justification; the allocation closes.',
      roles: ['hc'],
      scope: 'operation',
      due: { after: '7 days', from: 'opened' },
      decisions: [{ id: 'acknowledge', label: 'Acknowledge', next: { end: 'completed' }, data: [], tone: 'positive' }],
    },
    // CERF
    {
      id: 'cerf-request',
      title: 'CERF request',
      description: 'The HC submits the initial strategy with its justification and indicative budget to the ERC.',
      roles: ['hc'],
      scope: 'operation',
      due: { after: '3 days', from: 'opened' },
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: ['erc-endorsement'],
          data: [
            { name: 'justification', label: 'Justification', type: 'text', required: true, min: 1, max: 20_000 },
            { name: 'indicativeBudgetUsd', label: 'Indicative budget (USD)', type: 'money', required: true, min: 0.01 },
          ],
          tone: 'positive',
        },
      ],
    },
    {
      id: 'erc-endorsement',
      title: 'ERC endorsement',
      description: 'The ERC endorses the request: agencies prepare their applications.',
      roles: ['erc'],
      scope: 'none',
      due: { after: '3 days', from: 'opened' },
      decisions: [{ id: 'endorse', label: 'Endorse', next: ['cerf-application'], data: [], tone: 'positive' }, endCerf('Decline')],
    },
    {
      id: 'country-selection',
      title: 'Country selection',
      description: 'The ERC selects the countries of the underfunded round (about 8–10).',
      roles: ['erc'],
      scope: 'none',
      due: { after: '14 days', from: 'opened' },
      decisions: [
        { id: 'select', label: 'Select the country', next: ['envelope-notice'], data: [], tone: 'positive' },
        { id: 'not-selected', label: 'Not selected', next: { end: 'not-selected' }, data: [], tone: 'neutral' },
      ],
    },
    {
      id: 'envelope-notice',
      title: 'Envelope notice',
      description: 'The ERC notifies the country\'s envelope.',
      roles: ['erc'],
      scope: 'none',
      due: { after: '7 days', from: 'opened' },
      decisions: [
        { id: 'notify', label: 'Notify the envelope', next: ['cerf-application'], data: [{ name: 'envelopeUsd', label: 'Envelope (USD)', type: 'money', required: true, min: 0.01 }], tone: 'positive', guards: ['cerf-envelope'] },
      ],
    },
    {
      id: 'cerf-application',
      title: 'CERF application',
      description: 'OCHA compiles the agency projects (recipients: UN agencies and IOM only) within the envelope.',
      roles: ['ocha'],
      scope: 'operation',
      due: { after: '14 days', from: 'opened' },
      decisions: [
        {
          id: 'submit',
          label: 'Submit',
          next: ['cerf-recipients'],
          guards: ['cerf-within-envelope'],
          data: [
            {
              name: 'projects',
              label: 'Agency projects',
              type: 'list',
              required: true,
              min: 1,
              max: 50,
              fields: [
                { name: 'organisationId', label: 'Agency', type: 'uuid', ref: 'organisation', required: true },
                { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
                { name: 'amountUsd', label: 'Amount (USD)', type: 'money', required: true, min: 0.01 },
              ],
            },
          ],
          tone: 'positive',
        },
      ],
    },
    {
      id: 'cerf-recipients',
      kind: 'system',
      title: 'CERF recipients',
      description: 'Every recipient must be a UN agency or IOM; otherwise the application returns to OCHA.',
      roles: [],
      scope: 'none',
      system: { compute: 'pooled-cerf-recipients' },
      decisions: [],
      results: [
        { id: 'eligible', label: 'Every recipient eligible', next: ['cerf-review'], data: [], tone: 'positive', system: true },
        { id: 'ineligible', label: 'A recipient is not a UN agency or IOM', next: ['cerf-application'], data: [], tone: 'negative', system: true },
      ],
    },
    {
      id: 'cerf-review',
      title: 'CERF review',
      description: 'The CERF secretariat reviews the application, or returns it for redrafting.',
      roles: ['erc'],
      scope: 'none',
      due: { after: '7 days', from: 'opened' },
      decisions: [
        { id: 'approve', label: 'Approve', next: ['erc-decision'], data: [], tone: 'positive' },
        { id: 'redraft', label: 'Redraft', next: ['cerf-application'], data: [], tone: 'neutral', commentRequired: true },
      ],
    },
    {
      id: 'erc-decision',
      title: 'ERC decision',
      description: 'The ERC approves the grants.',
      roles: ['erc'],
      scope: 'none',
      due: { after: '3 days', from: 'opened' },
      decisions: [{ id: 'approve', label: 'Approve', next: ['disbursement'], data: [], tone: 'positive' }, endCerf('Reject')],
    },
    {
      id: 'disbursement',
      title: 'Disbursement',
      description: 'OCHA records the disbursement and the project start (up to 6 weeks earlier, never before the onset); the 6-month implementation clock starts.',
      roles: ['ocha'],
      scope: 'operation',
      due: { after: '7 days', from: 'opened' },
      decisions: [
        {
          id: 'disbursed',
          label: 'Disbursed',
          next: ['implementation'],
          data: [
            { name: 'date', label: 'Disbursed on', type: 'date', required: true },
            { name: 'amountUsd', label: 'Amount (USD)', type: 'money', required: true, min: 0.01 },
            { name: 'startDate', label: 'Project start', type: 'date', required: true },
          ],
          tone: 'positive',
          guards: ['cerf-start'],
          effects: ['cerf-clock'],
        },
      ],
    },
    {
      id: 'implementation',
      title: 'Implementation',
      description: 'Funds are spent within 6 months of the start; the HC may request a no-cost extension at least one month before the end. At the end the report is due.',
      roles: ['hc'],
      scope: 'operation',
      anchor: 'case.cerf.endDate',
      due: { after: '0 days', from: 'anchor' },
      onDue: { close: 'ended' },
      decisions: [
        {
          id: 'request-extension',
          label: 'Request a no-cost extension',
          next: ['no-cost-extension'],
          data: [{ name: 'newEndDate', label: 'New end date', type: 'date', required: true }],
          tone: 'neutral',
          commentRequired: true,
          guards: ['extension-in-time'],
        },
        { id: 'ended', label: 'Implementation period ended', next: ['cerf-report'], data: [], tone: 'neutral', system: true },
      ],
    },
    {
      id: 'no-cost-extension',
      title: 'No-cost extension',
      description: 'The ERC approves or refuses the no-cost extension; implementation continues to its (new) end.',
      roles: ['erc'],
      scope: 'none',
      due: { after: '7 days', from: 'opened' },
      decisions: [
        { id: 'approve', label: 'Approve', next: ['implementation'], data: [], tone: 'positive', effects: ['cerf-extended'] },
        { id: 'refuse', label: 'Refuse', next: ['implementation'], data: [], tone: 'negative', commentRequired: true },
      ],
    },
    {
      id: 'cerf-report',
      title: 'CERF report',
      description: 'The HC submits the narrative report, due 3 months after the end of implementation.',
      roles: ['hc'],
      scope: 'operation',
      anchor: 'case.cerf.endDate',
      due: { after: '3 months', from: 'anchor' },
      reminders: [{ from: 'due', before: '14 days' }],
      decisions: [{ id: 'submit', label: 'Submit the report', next: { end: 'completed' }, data: [{ name: 'narrative', label: 'Narrative', type: 'text', required: true, min: 1, max: 50_000 }], tone: 'positive' }],
    },
  ],
  // The envelope its proposals claim when the HFU recommends them; a rejected, withdrawn or cancelled proposal gives its claim back.
  ledgers: [{ id: 'envelope', label: 'Envelope', releasedOn: ['rejected', 'withdrawn', 'cancelled'] }],
  outcomes: [
    { id: 'completed', label: 'Completed', tone: 'positive' },
    { id: 'rejected', label: 'Rejected', tone: 'negative' },
    { id: 'not-selected', label: 'Not selected', tone: 'neutral' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
