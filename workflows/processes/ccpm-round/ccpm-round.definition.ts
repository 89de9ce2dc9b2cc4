// PROCESSES.md §5 (revision 2): ids of steps, decisions, roles and outcomes are the public contract.
import { ALL_SECTORS } from '../../domain/reference';
import type { FieldSpec, ProcessDefinition } from '../../domain/definitions/types';
import { CCPM_ANSWER_FIELDS, CCPM_FUNCTION_IDS, COORDINATION_LEVELS } from './questionnaire';

export const CCPM_ROUND = 'ccpm-round';

const level: FieldSpec = { name: 'level', label: 'Coordination level', type: 'enum', required: true, options: COORDINATION_LEVELS };

export const ccpmRoundDefinition: ProcessDefinition = {
  type: CCPM_ROUND,
  version: 1,
  title: 'CCPM round',
  description:
    'Cluster Coordination Performance Monitoring: HC launch, planning, an anonymous survey of the invited member organisations and the coordinator, the preliminary report (medians), the validation workshop, adoption and the quarterly action-plan monitoring until the next round.',
  startRoles: ['ocha', 'cluster_lead'],
  input: [
    { name: 'clusterId', label: 'Cluster', type: 'uuid', ref: 'cluster', required: true },
    { name: 'year', label: 'Year', type: 'integer', required: true, min: 2000, max: 2100 },
    { name: 'operationId', label: 'Operation', type: 'uuid', ref: 'operation', required: true },
    { name: 'sector', label: 'Sector', type: 'enum', required: true, options: ALL_SECTORS },
    // Set by the system (activation + 4 months, or a year after the last launch): the launch waits until then.
    { name: 'launchAt', label: 'Launch on', type: 'string', required: false, min: 10, max: 40 },
  ],
  initialSteps: ['ccpm-launch'],
  // The coordinator may close the survey before its deadline (e.g. every invited organisation has answered), with a reason.
  actions: [{ id: 'close-survey', label: 'Close the survey now', roles: ['cluster_lead'], scope: 'cluster', closes: { step: 'ccpm-survey', result: 'closed' }, commentRequired: true }],
  steps: [
    {
      id: 'ccpm-launch',
      title: 'Launch the CCPM round',
      description: 'The HC (on behalf of the HCT) approves the round, its timeframe and the coordination levels that take part.',
      roles: ['hc'],
      scope: 'operation',
      anchor: 'input.launchAt',
      due: { after: '14 days', from: 'anchor' },
      opensBefore: '14 days',
      reminders: [{ from: 'due', before: '3 days' }],
      decisions: [
        {
          id: 'approve',
          label: 'Approve',
          next: ['ccpm-planning'],
          data: [
            { name: 'timeframe', label: 'Timeframe', type: 'string', required: true, min: 1, max: 200 },
            { name: 'participation', label: 'Participation (coordination levels)', type: 'enum-list', required: true, options: COORDINATION_LEVELS, min: 1 },
          ],
          tone: 'positive',
          effects: ['round-launched'],
        },
      ],
    },
    {
      id: 'ccpm-planning',
      title: 'Plan the CCPM survey',
      description: 'The cluster coordinator confirms the invited member organisations and the survey window (default 14 days).',
      roles: ['cluster_lead'],
      scope: 'cluster',
      due: { after: '14 days', from: 'opened' },
      decisions: [
        {
          id: 'confirm',
          label: 'Confirm',
          next: ['ccpm-survey'],
          data: [
            {
              name: 'invitedOrganisations',
              label: 'Invited member organisations',
              type: 'list',
              required: true,
              min: 1,
              max: 500,
              fields: [{ name: 'organisationId', label: 'Organisation', type: 'uuid', ref: 'organisation', required: true }],
            },
            { name: 'surveyWindow', label: 'Survey window', type: 'string', required: false, min: 1, max: 40 },
          ],
          tone: 'positive',
          guards: ['survey-window'],
          effects: ['record-invitations'],
        },
      ],
    },
    {
      id: 'ccpm-survey',
      kind: 'window',
      title: 'CCPM survey',
      description:
        'Invited organisations answer once per coordination level (a second answer replaces the first), the coordinator answers the coordinator questionnaire; answers are anonymous. Closes by itself at the deadline.',
      roles: ['partner', 'cluster_lead'],
      scope: 'cluster',
      decisions: [],
      window: {
        duration: '14 days',
        durationFrom: 'case.surveyWindow',
        kinds: [
          {
            id: 'partner-answer',
            label: 'Partner answer',
            roles: ['partner'],
            anonymous: true,
            onePer: ['level'],
            invitedFrom: 'case.invitedOrganisationIds',
            fields: [level, ...CCPM_ANSWER_FIELDS],
          },
          {
            id: 'coordinator-answer',
            label: 'Coordinator questionnaire',
            roles: ['cluster_lead'],
            anonymous: true,
            onePer: ['level'],
            fields: [level, ...CCPM_ANSWER_FIELDS],
          },
        ],
        // Weekly while open: invited organisations that have not answered for every level taking part are
        // reminded (derived from the anonymous keys, never stored), and the coordinator gets the count, never who.
        reminders: [
          { kind: 'partner-answer', every: '7 days', to: 'not-submitted', expectedFrom: 'case.ccpm-launch.participation' },
          { kind: 'partner-answer', every: '7 days', to: 'count', roles: ['cluster_lead'] },
        ],
      },
      results: [{ id: 'closed', label: 'Survey closed', next: ['preliminary-report'], data: [], tone: 'neutral', system: true }],
    },
    {
      id: 'preliminary-report',
      kind: 'system',
      title: 'Preliminary report',
      description: 'The median of each sub-category over the partners\' and the coordinator\'s answers, each function\'s score and band.',
      roles: [],
      scope: 'none',
      decisions: [],
      system: { compute: 'ccpm-scores' },
      results: [{ id: 'done', label: 'Computed', next: ['validation-workshop'], data: [], tone: 'neutral', system: true }],
    },
    {
      id: 'validation-workshop',
      title: 'Validation workshop',
      description: 'The cluster validates the scores with the members present (attendance recorded) and agrees the action plan.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      due: { after: '21 days', from: 'opened' },
      decisions: [
        {
          id: 'validate',
          label: 'Validate',
          next: ['report-adoption'],
          data: [
            { name: 'attendance', label: 'Member organisations present', type: 'integer', required: true, min: 1, max: 1000 },
            {
              name: 'agreedScores',
              label: 'Agreed scores',
              type: 'list',
              required: true,
              min: 1,
              max: CCPM_FUNCTION_IDS.length,
              fields: [
                { name: 'function', label: 'Function', type: 'enum', required: true, options: CCPM_FUNCTION_IDS },
                { name: 'percent', label: 'Score (%)', type: 'number', required: true, min: 0, max: 100 },
              ],
            },
            {
              name: 'actionPlan',
              label: 'Action plan',
              type: 'list',
              required: true,
              min: 1,
              max: 200,
              fields: [
                { name: 'function', label: 'Function', type: 'enum', required: true, options: CCPM_FUNCTION_IDS },
                { name: 'action', label: 'Action', type: 'text', required: true, min: 1, max: 2000 },
                { name: 'owner', label: 'Owner', type: 'string', required: true, min: 1, max: 200 },
                { name: 'dueDate', label: 'Due date', type: 'date', required: true },
              ],
            },
          ],
          tone: 'positive',
        },
      ],
    },
    {
      id: 'report-adoption',
      title: 'Adopt the CCPM report',
      description: 'The cluster adopts the report and its action plan; the operation\'s HC is informed.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      due: { after: '7 days', from: 'opened' },
      decisions: [
        {
          id: 'adopt',
          label: 'Adopt',
          next: ['action-plan-monitoring', 'next-round'],
          data: [],
          tone: 'positive',
          effects: [{ name: 'notify', args: { roles: ['hc'], key: 'adopted', message: 'CCPM report adopted' } }],
        },
      ],
    },
    {
      id: 'action-plan-monitoring',
      title: 'Action plan progress',
      description: 'Every quarter the cluster reports the action plan\'s progress to the HCT, until the next round.',
      roles: ['cluster_lead'],
      scope: 'cluster',
      due: { after: '3 months', from: 'opened' },
      reminders: [{ from: 'due', before: '7 days' }],
      decisions: [
        {
          id: 'submit',
          label: 'Submit progress',
          next: ['action-plan-monitoring'],
          data: [{ name: 'progress', label: 'Progress', type: 'text', required: true, min: 1, max: 10_000 }],
          tone: 'positive',
          effects: [{ name: 'notify', args: { roles: ['hc', 'ocha'], key: 'progress', message: 'CCPM action plan progress reported' } }],
        },
      ],
    },
    {
      id: 'next-round',
      kind: 'system',
      title: 'Next CCPM round',
      description: 'A year after this round\'s launch the next round starts (while the cluster is active) and this one ends.',
      roles: [],
      scope: 'none',
      decisions: [],
      anchor: 'case.launchedAt',
      due: { after: '12 months', from: 'anchor' },
      opensBefore: '1 day',
      system: { compute: 'ccpm-next-round' },
      results: [
        {
          id: 'started',
          label: 'Next round started',
          next: { end: 'completed' },
          data: [],
          tone: 'neutral',
          system: true,
          effects: [
            {
              name: 'start-process',
              args: {
                type: 'ccpm-round',
                outlivesParent: true,
                input: { clusterId: 'subject.clusterId', year: 'case.next-round.year', operationId: 'subject.operationId', sector: 'subject.sector' },
              },
            },
          ],
        },
        { id: 'cluster-inactive', label: 'The cluster is no longer active', next: { end: 'completed' }, data: [], tone: 'neutral', system: true },
      ],
    },
  ],
  outcomes: [
    { id: 'completed', label: 'Completed', tone: 'positive' },
    { id: 'cancelled', label: 'Cancelled', tone: 'neutral' },
  ],
};
