// Field rules of the real definitions at their edges: the expected values come from domain/PROCESSES.md
// (revision 2: bounds, required data, dates, per-start durations), never from the implementation. They pin the
// validators (workflows/domain/definitions/validation.ts) where only a real rule tells a mutant apart.
import { findDecision, validateDecision, validateDurations } from '../domain/definitions/validation';
import { validateDefinitionInput } from '../domain/definitions';
import { ccpmRoundDefinition } from './ccpm-round/ccpm-round.definition';
import { CCPM_FUNCTION_IDS } from './ccpm-round/questionnaire';
import { clusterActivationDefinition } from './cluster-activation/cluster-activation.definition';
import { grantProposalDefinition } from './grant-proposal/grant-proposal.definition';
import { hpcCycleDefinition } from './hpc-cycle/hpc-cycle.definition';
import { transitionReviewDefinition } from './transition-review/transition-review.definition';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const OPERATION = '3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b';
const ORGANISATION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const fields = (errors: { field: string }[]) => errors.map((e) => e.field);

describe('cluster-activation input (PROCESSES.md §1): organisations are named by id', () => {
  const input = {
    operationId: OPERATION, sector: 'health', leadAgencyId: ORGANISATION, rationale: 'Gaps',
    criteria: { responseGaps: true, nationalCapacityInsufficient: true },
  };

  it('accepts the ids of an operation and an organisation', () => {
    expect(validateDefinitionInput(clusterActivationDefinition, input)).toEqual([]);
    expect(validateDefinitionInput(clusterActivationDefinition, { ...input, coLeadAgencyId: ORGANISATION.toUpperCase() })).toEqual([]);
  });

  it.each([
    ['a prefix', `x${ORGANISATION}`],
    ['a suffix', `${ORGANISATION}0`],
    ['a list holding an id', [ORGANISATION]],
  ])('refuses an id with %s', (_what, leadAgencyId) => {
    expect(validateDefinitionInput(clusterActivationDefinition, { ...input, leadAgencyId })).toEqual([{ field: 'leadAgencyId', message: 'leadAgencyId must be a UUID' }]);
  });

  it('refuses an input that is not an object', () => {
    for (const value of [null, 'cluster', 42]) {
      expect(validateDefinitionInput(clusterActivationDefinition, value)).toEqual([{ field: 'input', message: 'input must be an object' }]);
    }
  });
});

describe('transition-review (PROCESSES.md §2): handover and deactivation data', () => {
  const plan = { nationalCounterpart: 'Ministry of Health', lastResortDutiesTransferredTo: 'Ministry of Health' };
  const handover = (targetDate: unknown) => validateDecision(transitionReviewDefinition, 'handover-plan', 'submit', { ...plan, targetDate }, { nowMs: NOW });

  it('the handover target date is a date in the future, with or without a time and an offset', () => {
    for (const targetDate of ['2027-03-31', '2027-03-31T09:00', '2027-03-31T09:00:00Z', '2027-03-31T09:00:00-05:00', '2027-03-31T09:00+0300']) {
      expect({ targetDate, errors: handover(targetDate) }).toEqual({ targetDate, errors: [] });
    }
    expect(handover('2026-11-29')).toEqual([{ field: 'targetDate', message: 'targetDate must be a date in the future' }]);
  });

  it.each([
    ['a zone without a time', '2027-03-31Z'],
    ['a five-digit year without a sign', '12027-03-31'],
    ['an hour that does not exist', '2027-03-31T25:00Z'],
    ['a list holding a date', ['2027-03-31']],
  ])('refuses %s as the target date', (_what, targetDate) => {
    expect(handover(targetDate)).toEqual([{ field: 'targetDate', message: 'targetDate must be a valid ISO 8601 date string' }]);
  });

  const confirm = (criteriaNoLongerMet: unknown) => validateDecision(transitionReviewDefinition, 'deactivation-confirmation', 'confirm', { criteriaNoLongerMet, rationale: 'Capacity restored' });
  it('deactivation records which activation criteria no longer hold: at least one, both allowed', () => {
    expect(confirm(['responseGaps'])).toEqual([]);
    expect(confirm(['responseGaps', 'nationalCapacityInsufficient'])).toEqual([]);
    expect(confirm([])).toEqual([{ field: 'criteriaNoLongerMet', message: 'criteriaNoLongerMet must contain at least 1 element' }]);
    expect(fields(confirm(['funding']))).toEqual(['criteriaNoLongerMet']);
    expect(fields(confirm(null))).toEqual(['criteriaNoLongerMet']);
  });

  describe('per-start duration overrides: every duration is configurable', () => {
    it('accepts a due time, reminders, an escalation and an opening time', () => {
      expect(validateDurations(transitionReviewDefinition, {
        'transition-outline': { due: '120 days', reminders: ['90 days', '110 days'], escalation: '120 days' },
        'annual-review': { opensBefore: '90 days', reminders: ['45 days'] },
      })).toEqual([]);
    });

    it('names the key of a bad escalation or opening time', () => {
      expect(validateDurations(transitionReviewDefinition, { 'transition-outline': { escalation: 'soon' } }).map((e) => e.field)).toEqual(['durations.transition-outline.escalation']);
      expect(validateDurations(transitionReviewDefinition, { 'annual-review': { opensBefore: 'early' } })).toEqual([
        { field: 'durations.annual-review.opensBefore', message: expect.stringMatching(/^durations\.annual-review\.opensBefore \S/) },
      ]);
      expect(validateDurations(transitionReviewDefinition, { 'annual-review': { reminders: ['soon'] } }).map((e) => e.field)).toEqual(['durations.annual-review.reminders[0]']);
    });

    it('gives a step without reminders none', () => {
      expect(validateDurations(transitionReviewDefinition, { 'handover-approval': { reminders: ['7 days'] } })).toEqual([
        { field: 'durations.handover-approval.reminders', message: 'durations.handover-approval.reminders must contain at most 0 elements' },
      ]);
    });

    it('reports one error for an override of an unknown step or of a step that is not an object', () => {
      expect(fields(validateDurations(transitionReviewDefinition, { 'outline-review': { reminders: ['7 days'] } }))).toEqual(['durations.outline-review']);
      expect(fields(validateDurations(transitionReviewDefinition, { 'handover-plan': '10 days' }))).toEqual(['durations.handover-plan']);
      expect(fields(validateDurations(transitionReviewDefinition, { 'handover-plan': ['10 days'] }))).toEqual(['durations.handover-plan']);
      expect(fields(validateDurations(transitionReviewDefinition, { 'handover-plan': null }))).toEqual(['durations.handover-plan']);
    });
  });
});

describe('hpc-cycle needs analysis (PROCESSES.md §3): people in need ≥ 0, severity 1–5', () => {
  const row = { adminArea: 'North', populationGroup: 'IDPs', peopleInNeed: 1200, severity: 3 };
  const submit = (r: Record<string, unknown>) => validateDecision(hpcCycleDefinition, 'cluster-needs', 'submit', { rows: [r] }, { scope: { subject: { sector: 'health' } } });

  it('accepts the bounds themselves', () => {
    expect(submit({ ...row, peopleInNeed: 0 })).toEqual([]);
    expect(submit({ ...row, severity: 1 })).toEqual([]);
    expect(submit({ ...row, severity: 5 })).toEqual([]);
  });

  it('refuses what lies beyond them, and people in need that are not a whole number', () => {
    expect(fields(submit({ ...row, peopleInNeed: -1 }))).toEqual(['rows[0].peopleInNeed']);
    expect(fields(submit({ ...row, severity: 0 }))).toEqual(['rows[0].severity']);
    expect(fields(submit({ ...row, severity: 6 }))).toEqual(['rows[0].severity']);
    expect(submit({ ...row, peopleInNeed: 10.5 })).toEqual([{ field: 'rows[0].peopleInNeed', message: 'rows[0].peopleInNeed must be an integer number' }]);
    expect(submit({ ...row, peopleInNeed: '1200' })).toEqual([{ field: 'rows[0].peopleInNeed', message: 'rows[0].peopleInNeed must be an integer number' }]);
  });
});

describe('ccpm-round validation workshop (PROCESSES.md §5): agreed scores per function', () => {
  const plan = [{ function: CCPM_FUNCTION_IDS[0], action: 'Map partners', owner: 'Coordinator', dueDate: '2027-03-31' }];
  const validate = (agreedScores: unknown[]) => validateDecision(ccpmRoundDefinition, 'validation-workshop', 'validate', { attendance: 12, agreedScores, actionPlan: plan });

  it('takes one score for each of the six core functions plus accountability, a median included', () => {
    expect(CCPM_FUNCTION_IDS).toHaveLength(7);
    expect(validate(CCPM_FUNCTION_IDS.map((f, i) => ({ function: f, percent: i === 0 ? 62.5 : 80 })))).toEqual([]);
  });
});

describe('grant-proposal (PROCESSES.md §4): what happened is recorded as it happened', () => {
  it('a disbursement is recorded on its past date', () => {
    expect(validateDecision(grantProposalDefinition, 'disbursement', 'disbursed', { tranche: 1, amountUsd: '50000.00', date: '2026-11-02' }, { nowMs: NOW })).toEqual([]);
  });

  it('closure records whether the audit was done: "not done" is an answer, not a missing tick', () => {
    expect(validateDecision(grantProposalDefinition, 'closure', 'close', { auditDone: false, refundUsd: '0' })).toEqual([]);
    expect(fields(validateDecision(grantProposalDefinition, 'closure', 'close', { refundUsd: '0' }))).toEqual(['auditDone']);
  });
});

describe('findDecision', () => {
  it('finds a declared decision of a declared step, nothing otherwise', () => {
    expect(findDecision(clusterActivationDefinition, 'erc-approval', 'approve')?.next).toEqual(['cla-confirmation']);
    expect(findDecision(clusterActivationDefinition, 'erc-approval', 'endorse')).toBeUndefined();
    expect(findDecision(clusterActivationDefinition, 'erc-endorsement', 'approve')).toBeUndefined();
  });
});

