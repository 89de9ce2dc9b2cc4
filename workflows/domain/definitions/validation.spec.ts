// The validators the workflow's update validator, the API and the console share: field types, rules and
// messages (named field, the rule in class-validator's words), on fixture specs of the definition language.
import { validateDefinitionInput } from './index';
import type { DecisionSpec, FieldSpec, ProcessDefinition } from './types';
import { centsToMoney, MONEY, moneyToCents, validateDecision, validateDurations, validateFields } from './validation';

const NOW = Date.parse('2026-11-30T10:00:00Z');
const check = (spec: Omit<FieldSpec, 'name' | 'label'>, value: unknown, ctx: Parameters<typeof validateFields>[3] = {}) =>
  validateFields([{ name: 'f', label: 'F', ...spec } as FieldSpec], value === undefined ? {} : { f: value }, '', ctx);
const messages = (spec: Omit<FieldSpec, 'name' | 'label'>, value: unknown, ctx: Parameters<typeof validateFields>[3] = {}) => check(spec, value, ctx).map((e) => e.message);

describe('money: decimal strings, exact cents', () => {
  it.each(['0', '0.1', '0.10', '12.5', '1250000.50', '999999999999999.99'])('accepts %j', (v) => {
    expect(MONEY.test(v)).toBe(true);
    expect(check({ type: 'money' }, v)).toEqual([]);
  });
  it.each([[12.5], ['01'], ['1.234'], ['-1'], ['1e3'], [' 1'], ['1,000'], ['.5'], ['5.'], ['1000000000000000']])('refuses %j', (v) => {
    expect(messages({ type: 'money' }, v)).toEqual(['f must be an amount as a decimal string with at most 2 decimals (e.g. "1250000.50")']);
  });
  it('checks bounds in cents', () => {
    expect(messages({ type: 'money', min: 0.01 }, '0')).toEqual(['f must not be less than 0.01']);
    expect(messages({ type: 'money', min: 0.01 }, '0.01')).toEqual([]);
    expect(messages({ type: 'money', max: 100 }, '100.01')).toEqual(['f must not be greater than 100']);
    expect(messages({ type: 'money', max: 100 }, '100.00')).toEqual([]);
  });
  it('converts exactly: "0.10" + "0.20" = "0.30"', () => {
    expect(moneyToCents('0.10')).toBe(10n);
    expect(moneyToCents('0.1')).toBe(10n);
    expect(moneyToCents('12')).toBe(1200n);
    expect(moneyToCents('1250000.50')).toBe(125000050n);
    expect(centsToMoney(moneyToCents('0.10') + moneyToCents('0.20'))).toBe('0.30');
    expect(0.1 + 0.2).not.toBe(0.3); // why money is never a float
    expect(centsToMoney(moneyToCents('999999999999999.99') + 1n)).toBe('1000000000000000.00');
    expect(centsToMoney(0n)).toBe('0.00');
    expect(centsToMoney(5n)).toBe('0.05');
    expect(centsToMoney(-5n)).toBe('-0.05');
    expect(centsToMoney(-12345n)).toBe('-123.45');
    for (const v of ['0.00', '0.05', '7.30', '1250000.50']) expect(centsToMoney(moneyToCents(v))).toBe(v);
  });
});

describe('enum-list', () => {
  const spec = { type: 'enum-list' as const, options: ['a', 'b', 'c'], min: 1, max: 2 };
  it('accepts distinct listed values within the bounds', () => {
    expect(check(spec, ['a'])).toEqual([]);
    expect(check(spec, ['c', 'a'])).toEqual([]);
  });
  it('refuses other values, non-lists, duplicates, too few and too many', () => {
    expect(messages(spec, ['d'])).toEqual(['f must be a list of values among: a, b, c']);
    expect(messages(spec, 'a')).toEqual(['f must be a list of values among: a, b, c']);
    expect(messages(spec, ['a', 1])).toEqual(['f must be a list of values among: a, b, c']);
    expect(messages(spec, ['a', 'a'])).toEqual(['f must not contain duplicates']);
    expect(messages(spec, [])).toEqual(['f must contain at least 1 element']);
    expect(messages({ ...spec, min: 2 }, ['a'])).toEqual(['f must contain at least 2 elements']);
    expect(messages(spec, ['a', 'b', 'c'])).toEqual(['f must contain at most 2 elements']);
  });
  it('an empty list of a required field is refused by min, not silently accepted', () => {
    expect(messages({ ...spec, required: true }, [])).toEqual(['f must contain at least 1 element']);
    expect(messages({ ...spec, required: true }, undefined)).toEqual(['f should not be empty']);
  });
});

describe('list rows', () => {
  const rows: Omit<FieldSpec, 'name' | 'label'> = {
    type: 'list',
    min: 1,
    max: 3,
    fields: [
      { name: 'adminArea', label: 'Area', type: 'string', required: true },
      { name: 'severity', label: 'Severity', type: 'integer', required: true, min: 1, max: 5 },
    ],
  };
  it('validates each row and names it by index', () => {
    expect(check(rows, [{ adminArea: 'North', severity: 3 }])).toEqual([]);
    expect(check(rows, [{ adminArea: 'North', severity: 3 }, { severity: 6 }, 'x'])).toEqual([
      { field: 'f[1].adminArea', message: 'f[1].adminArea should not be empty' },
      { field: 'f[1].severity', message: 'f[1].severity must not be greater than 5' },
      { field: 'f[2]', message: 'f[2] must be an object' },
    ]);
    expect(check(rows, [{ adminArea: 'North', severity: 2, extra: true }])).toEqual([{ field: 'f[0].extra', message: 'property f[0].extra should not exist' }]);
  });
  it('bounds the number of rows (5000 by default) and the errors reported (20)', () => {
    expect(messages(rows, [])).toEqual(['f must contain at least 1 element']);
    expect(messages(rows, [{}, {}, {}, {}])).toEqual(['f must contain at most 3 elements']);
    expect(messages(rows, {})).toEqual(['f must be a list']);
    const unbounded = { ...rows, max: undefined, min: undefined };
    expect(messages(unbounded, Array.from({ length: 5001 }, () => ({ adminArea: 'A', severity: 1 })))).toEqual(['f must contain at most 5000 elements']);
    expect(check(unbounded, Array.from({ length: 30 }, () => ({})))).toHaveLength(20);
  });
});

describe('other field types', () => {
  it('strings: type and length (blank is empty)', () => {
    expect(messages({ type: 'string', min: 2 }, 'a')).toEqual(['f must be longer than or equal to 2 characters']);
    expect(messages({ type: 'string', max: 3 }, 'abcd')).toEqual(['f must be shorter than or equal to 3 characters']);
    expect(messages({ type: 'text' }, 5)).toEqual(['f must be a string']);
    expect(messages({ type: 'string', required: true }, '   ')).toEqual(['f should not be empty']);
  });
  it('numbers and integers', () => {
    expect(messages({ type: 'number', min: 0 }, -1)).toEqual(['f must not be less than 0']);
    expect(messages({ type: 'number' }, Number.NaN)).toEqual(['f must be a number']);
    expect(messages({ type: 'number' }, '3')).toEqual(['f must be a number']);
    expect(messages({ type: 'integer' }, 1.5)).toEqual(['f must be an integer number']);
    expect(messages({ type: 'integer', max: 5 }, 6)).toEqual(['f must not be greater than 5']);
  });
  it('booleans, checklist items, uuids, enums, objects', () => {
    expect(messages({ type: 'boolean' }, 'true')).toEqual(['f must be a boolean value']);
    expect(messages({ type: 'boolean', mustBeTrue: true }, false)).toEqual(['f must be true']);
    expect(messages({ type: 'uuid' }, 'x')).toEqual(['f must be a UUID']);
    expect(check({ type: 'uuid' }, '3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b')).toEqual([]);
    expect(messages({ type: 'enum', options: ['x', 'y'] }, 'z')).toEqual(['f must be one of the following values: x, y']);
    expect(check({ type: 'object', fields: [{ name: 'a', label: 'A', type: 'boolean', required: true }] }, { b: 1 })).toEqual([
      { field: 'f.b', message: 'property f.b should not exist' },
      { field: 'f.a', message: 'f.a should not be empty' },
    ]);
    expect(messages({ type: 'object', fields: [] }, [])).toEqual(['f must be an object']);
  });
});

describe('dates', () => {
  it('accept ISO 8601 dates and date-times only', () => {
    for (const v of ['2027-01-15', '2027-01-15T10:00Z', '2027-01-15T10:00:00.123+03:00']) expect(check({ type: 'date' }, v)).toEqual([]);
    for (const v of ['15/01/2027', 'next week', '2027-13-01', 20270115]) expect(messages({ type: 'date' }, v)).toEqual(['f must be a valid ISO 8601 date string']);
  });
  it('future: strictly after now', () => {
    const future = { type: 'date' as const, future: true };
    expect(check(future, '2026-12-01', { nowMs: NOW })).toEqual([]);
    expect(messages(future, '2026-11-30', { nowMs: NOW })).toEqual(['f must be a date in the future']);
    expect(messages(future, new Date(NOW).toISOString(), { nowMs: NOW })).toEqual(['f must be a date in the future']);
  });
  it('a required future date is required (issue 17, bug 4: targetDate was optional)', () => {
    expect(messages({ type: 'date', required: true, future: true }, undefined, { nowMs: NOW })).toEqual(['f should not be empty']);
    expect(messages({ type: 'date', required: true, future: true }, '', { nowMs: NOW })).toEqual(['f should not be empty']);
  });
});

describe('requiredWhen', () => {
  const spec = { type: 'boolean' as const, requiredWhen: { path: 'subject.sector', in: ['protection', 'gbv'] } };
  it('is required only where the predicate holds over the case', () => {
    expect(messages(spec, undefined, { scope: { subject: { sector: 'protection' } } })).toEqual(['f should not be empty']);
    expect(check(spec, undefined, { scope: { subject: { sector: 'wash' } } })).toEqual([]);
    expect(check(spec, undefined)).toEqual([]);
    expect(check(spec, true, { scope: { subject: { sector: 'gbv' } } })).toEqual([]);
  });
});

const d = (id: string, extra: Partial<DecisionSpec> = {}): DecisionSpec => ({ id, label: id.charAt(0).toUpperCase() + id.slice(1), next: [], data: [], tone: 'neutral', ...extra });
const def: ProcessDefinition = {
  type: 'fixture',
  version: 1,
  title: 'Fixture',
  description: 'Validation',
  startRoles: ['ocha'],
  input: [
    { name: 'operationId', label: 'Operation', type: 'uuid', required: true },
    { name: 'amount', label: 'Amount', type: 'money', required: true, min: 1 },
  ],
  initialSteps: ['review'],
  steps: [
    {
      id: 'review',
      title: 'Review',
      description: 'Review',
      roles: ['hc'],
      scope: 'operation',
      decisions: [
        d('approve', {
          data: [
            { name: 'path', label: 'Path', type: 'enum', required: true, options: ['keep', 'handover'] },
            { name: 'counterpart', label: 'Counterpart', type: 'string', requiredWhen: { path: 'data.path', eq: 'handover' } },
            { name: 'referral', label: 'Referral', type: 'boolean', requiredWhen: { path: 'subject.sector', eq: 'protection' } },
          ],
        }),
        d('reject', { commentRequired: true, tone: 'negative', next: { end: 'rejected' } }),
        d('missed', { system: true, next: { end: 'rejected' } }),
      ],
      due: { after: '3 days', from: 'opened' },
      reminders: [{ from: 'opened', after: '1 day' }],
      onDue: { close: 'missed' },
    },
  ],
  outcomes: [{ id: 'rejected', label: 'Rejected', tone: 'negative' }],
};

describe('validateDecision', () => {
  it('offers only declared, non-system decisions of declared steps', () => {
    expect(validateDecision(def, 'nope', 'approve', {})).toEqual([{ field: 'stepId', message: 'stepId "nope" is not a step of fixture' }]);
    expect(validateDecision(def, 'review', 'endorse', {})).toEqual([{ field: 'decision', message: 'decision must be one of the following values: approve, reject' }]);
    // A deadline outcome is the engine's: never taken by a person.
    expect(validateDecision(def, 'review', 'missed', {})).toEqual([{ field: 'decision', message: 'decision must be one of the following values: approve, reject' }]);
  });

  it('refuses data that is not an object', () => {
    expect(validateDecision(def, 'review', 'approve', 'x')).toEqual([{ field: 'data', message: 'data must be an object' }]);
    expect(validateDecision(def, 'review', 'approve', ['keep'])).toEqual([{ field: 'data', message: 'data must be an object' }]);
  });

  it.each([[undefined], [null]])('checks everything when data is absent (%p) (issue 17, bug 5)', (data) => {
    expect(validateDecision(def, 'review', 'approve', data)).toEqual([{ field: 'path', message: 'path should not be empty' }]);
    expect(validateDecision(def, 'review', 'approve', data, { scope: { subject: { sector: 'protection' } } })).toEqual([
      { field: 'path', message: 'path should not be empty' },
      { field: 'referral', message: 'referral should not be empty' },
    ]);
    expect(validateDecision(def, 'review', 'reject', data)).toEqual([{ field: 'comment', message: 'comment should not be empty (a reason is required to reject)' }]);
  });

  it('requiredWhen reads the decision\'s own data and the case', () => {
    expect(validateDecision(def, 'review', 'approve', { path: 'keep' })).toEqual([]);
    expect(validateDecision(def, 'review', 'approve', { path: 'handover' })).toEqual([{ field: 'counterpart', message: 'counterpart should not be empty' }]);
    expect(validateDecision(def, 'review', 'approve', { path: 'handover', counterpart: 'Ministry' })).toEqual([]);
    expect(validateDecision(def, 'review', 'approve', { path: 'keep', referral: true }, { scope: { subject: { sector: 'protection' } } })).toEqual([]);
  });

  it('commentRequired: a blank or non-string comment is no reason', () => {
    for (const comment of [undefined, '', '   ', 42]) {
      expect(validateDecision(def, 'review', 'reject', {}, { comment })).toEqual([{ field: 'comment', message: 'comment should not be empty (a reason is required to reject)' }]);
    }
    expect(validateDecision(def, 'review', 'reject', {}, { comment: 'Out of scope' })).toEqual([]);
    // Not required elsewhere.
    expect(validateDecision(def, 'review', 'approve', { path: 'keep' }, {})).toEqual([]);
  });

  it('reports the unknown property and the rule together', () => {
    expect(validateDecision(def, 'review', 'approve', { path: 'stay', extra: 1 })).toEqual([
      { field: 'extra', message: 'property extra should not exist' },
      { field: 'path', message: 'path must be one of the following values: keep, handover' },
    ]);
  });
});

describe('validateDefinitionInput / validateDurations', () => {
  const input = { operationId: '3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b', amount: '250000.00' };
  it('validates the input fields and splits the per-start durations off', () => {
    expect(validateDefinitionInput(def, input)).toEqual([]);
    expect(validateDefinitionInput(def, { ...input, durations: { review: { due: '2 hours', reminders: ['1 hour'] } } })).toEqual([]);
    expect(validateDefinitionInput(def, { ...input, amount: 250000 })).toEqual([
      { field: 'amount', message: 'amount must be an amount as a decimal string with at most 2 decimals (e.g. "1250000.50")' },
    ]);
    expect(validateDefinitionInput(def, { ...input, amount: '0.99' })).toEqual([{ field: 'amount', message: 'amount must not be less than 1' }]);
    expect(validateDefinitionInput(def, [])).toEqual([{ field: 'input', message: 'input must be an object' }]);
  });
  it('names the step, the key and the rule of a bad override', () => {
    expect(validateDurations(def, undefined)).toEqual([]);
    expect(validateDurations(def, 'x')).toEqual([{ field: 'durations', message: 'durations must be an object keyed by step id' }]);
    expect(validateDurations(def, { nope: {} })).toEqual([{ field: 'durations.nope', message: 'durations.nope: "nope" is not a step of fixture' }]);
    expect(validateDurations(def, { review: 3 })).toEqual([{ field: 'durations.review', message: 'durations.review must be an object with due, reminders or escalation' }]);
    expect(validateDurations(def, { review: { later: '1 day' } })).toEqual([{ field: 'durations.review.later', message: 'property durations.review.later should not exist' }]);
    expect(validateDurations(def, { review: { due: 'soon' } }).map((e) => e.field)).toEqual(['durations.review.due']);
    expect(validateDurations(def, { review: { reminders: ['1 hour', 'x'] } }).map((e) => e.field)).toEqual(['durations.review.reminders[1]']);
    expect(validateDurations(def, { review: { reminders: ['1 hour', '2 hours'] } })).toEqual([
      { field: 'durations.review.reminders', message: 'durations.review.reminders must contain at most 1 elements' },
    ]);
    expect(validateDurations(def, { review: { reminders: '1 hour' } })).toEqual([{ field: 'durations.review.reminders', message: 'durations.review.reminders must be an array of durations' }]);
  });
});

describe('impossible dates', () => {
  it('refuses a date that does not exist (no roll-over into the next month)', () => {
    const spec = [{ name: 'targetDate', label: 'Target date', type: 'date' as const, required: true }];
    expect(validateFields(spec, { targetDate: '2026-02-30' })).toEqual([{ field: 'targetDate', message: 'targetDate must be a valid ISO 8601 date string' }]);
    expect(validateFields(spec, { targetDate: '2028-02-29' })).toEqual([]);
    expect(validateFields(spec, { targetDate: '2026-04-31T10:00:00Z' })).toEqual([{ field: 'targetDate', message: 'targetDate must be a valid ISO 8601 date string' }]);
  });
});
