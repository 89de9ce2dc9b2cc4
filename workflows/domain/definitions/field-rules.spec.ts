// The validators and the predicate language at their edges, where the definition language's documented contract
// decides (types.ts: inclusive bounds, a path alone, comparisons; class-validator's wording of the messages).
// The same validators on the real definitions, against domain/PROCESSES.md: workflows/processes/field-rules.spec.ts.
import { validateDefinitionInput } from './index';
import { evaluate, type PredicateScope } from './transitions';
import type { FieldSpec, ProcessDefinition } from './types';
import { validateFields } from './validation';

const NOW = Date.parse('2026-11-30T10:00:00Z');

const check = (spec: Omit<FieldSpec, 'name' | 'label'>, value: unknown) => validateFields([{ name: 'f', label: 'F', ...spec } as FieldSpec], { f: value }).map((e) => e.message);

describe('an enum without options accepts nothing (types.ts: options are the allowed values)', () => {
  it('enum and enum-list refuse any value and name no option', () => {
    expect(check({ type: 'enum' }, 'anything')).toEqual(['f must be one of the following values: ']);
    expect(check({ type: 'enum-list' }, ['anything'])).toEqual(['f must be a list of values among: ']);
  });
});

describe('bounds are inclusive (types.ts: "inclusive bounds")', () => {
  it('strings: the length at the bound is accepted; surrounding blanks do not count towards the minimum', () => {
    expect(check({ type: 'string', min: 2, max: 3 }, 'ab')).toEqual([]);
    expect(check({ type: 'string', min: 2, max: 3 }, 'abc')).toEqual([]);
    expect(check({ type: 'string', min: 2 }, ' a ')).toEqual(['f must be longer than or equal to 2 characters']);
  });
  it('lists: as many rows as the maximum are accepted', () => {
    const rows = { type: 'list' as const, max: 2, fields: [{ name: 'a', label: 'A', type: 'string' as const }] };
    expect(check(rows, [{ a: 'x' }, { a: 'y' }])).toEqual([]);
    expect(check(rows, [{}, {}, {}])).toEqual(['f must contain at most 2 elements']);
  });
  it('lists: a row that is null or a list is no object', () => {
    const rows = { type: 'list' as const, fields: [{ name: 'a', label: 'A', type: 'string' as const }] };
    expect(check(rows, [null, ['x']])).toEqual(['f[0] must be an object', 'f[1] must be an object']);
  });
  it('lists: the minimum is named in the message', () => {
    const rows = { type: 'list' as const, min: 3, fields: [{ name: 'a', label: 'A', type: 'string' as const }] };
    expect(check(rows, [{ a: 'x' }])).toEqual(['f must contain at least 3 elements']);
  });
  it('null is empty: a required field given null is missing', () => {
    expect(check({ type: 'string', required: true }, null)).toEqual(['f should not be empty']);
  });
  it('money: any whole amount is an amount', () => {
    for (const v of ['5', '10', '7.5']) expect(check({ type: 'money', min: 0 }, v)).toEqual([]);
  });
  it('numbers are not integers unless the field says so', () => {
    expect(check({ type: 'number', min: 0, max: 10 }, 7.5)).toEqual([]);
    expect(check({ type: 'integer' }, '3')).toEqual(['f must be an integer number']);
  });
});

describe('input predicates and start-time rules', () => {
  const def: ProcessDefinition = {
    type: 'fixture', version: 1, title: 'Fixture', description: 'Input rules', startRoles: ['ocha'], initialSteps: ['s'], outcomes: [],
    input: [
      { name: 'window', label: 'Window', type: 'enum', required: true, options: ['standard', 'reserve'] },
      { name: 'justification', label: 'Justification', type: 'text', requiredWhen: { path: 'input.window', eq: 'reserve' } },
      { name: 'deadline', label: 'Deadline', type: 'date', future: true },
    ],
    steps: [{ id: 's', title: 's', description: 's', roles: ['ocha'], scope: 'operation', decisions: [{ id: 'ok', label: 'OK', next: [], data: [], tone: 'neutral' }] }],
  };

  it('requiredWhen reads the input being validated', () => {
    expect(validateDefinitionInput(def, { window: 'reserve' })).toEqual([{ field: 'justification', message: 'justification should not be empty' }]);
    expect(validateDefinitionInput(def, { window: 'standard' })).toEqual([]);
  });
  it('a future date of the input is checked against now', () => {
    expect(validateDefinitionInput(def, { window: 'standard', deadline: '2026-11-01' }, { nowMs: NOW })).toEqual([{ field: 'deadline', message: 'deadline must be a date in the future' }]);
  });
});

describe('predicates: every comparison given counts, and only those given', () => {
  const scope: PredicateScope = { input: { count: 3, window: 'reserve' } };
  it('lte alone compares (it is not the "path alone" shorthand)', () => {
    expect(evaluate({ path: 'input.count', lte: 2 }, scope)).toBe(false);
    expect(evaluate({ path: 'input.count', lte: 3 }, scope)).toBe(true);
  });
  it('ne holds for a missing value', () => {
    expect(evaluate({ path: 'input.missing', ne: 'reserve' }, scope)).toBe(true);
  });
  it('a comparison written as undefined is not given', () => {
    expect(evaluate({ path: 'input.window', exists: true, eq: undefined }, scope)).toBe(true);
    expect(evaluate({ path: 'input.window', exists: true, ne: undefined }, scope)).toBe(true);
  });
});
