// THE transition function and its predicate language, on a small fixture definition (no process of the list).
import {
  evaluate,
  findResult,
  initialSteps,
  nextSteps,
  possibleInitialSteps,
  possibleTargets,
  stepKind,
  valueAt,
  type PredicateScope,
} from './transitions';
import type { DecisionSpec, ProcessDefinition, StepDefinition } from './types';

const decision = (id: string, next: DecisionSpec['next'], extra: Partial<DecisionSpec> = {}): DecisionSpec => ({ id, label: id, next, data: [], tone: 'neutral', ...extra });
const step = (id: string, decisions: DecisionSpec[], extra: Partial<StepDefinition> = {}): StepDefinition => ({
  id, title: id, description: id, roles: ['ocha'], scope: 'operation', decisions, ...extra,
});

const fixture: ProcessDefinition = {
  type: 'fixture',
  version: 1,
  title: 'Fixture',
  description: 'Conditional transitions',
  startRoles: ['ocha'],
  input: [],
  initialSteps: {
    rules: [
      { to: ['strategy'], when: { path: 'input.window', eq: 'standard' } },
      { to: ['strategy', 'reserve-check'], when: { path: 'input.window', in: ['reserve', 'emergency'] } },
    ],
  },
  steps: [
    step('strategy', [
      decision('submit', {
        rules: [
          { to: ['board'], when: { all: [{ path: 'input.window', eq: 'standard' }, { path: 'data.amount', gte: 1000 }] } },
          { end: 'rejected', when: { path: 'data.amount', lt: 0 } },
          { to: ['approval'] },
        ],
      }),
      decision('drop', { end: 'rejected' }, { tone: 'negative' }),
    ]),
    step('reserve-check', [decision('ok', [])]),
    step('board', [decision('endorse', ['approval', 'notice'])]),
    step('approval', [decision('approve', { rules: [{ end: 'approved', when: { path: 'case.board.votes', gt: 2 } }] })]),
    step('notice', [decision('done', [])]),
    step('tally', [], { kind: 'system', roles: [], scope: 'none', results: [decision('counted', ['approval'])], system: { compute: 'tally' } }),
  ],
  outcomes: [
    { id: 'approved', label: 'Approved', tone: 'positive' },
    { id: 'rejected', label: 'Rejected', tone: 'negative' },
  ],
};

describe('valueAt', () => {
  const scope: PredicateScope = {
    input: { window: 'standard', nested: { deep: { value: 0 } } },
    case: { 'handover-plan': { targetDate: '2027-01-15' } },
    data: null,
    subject: { sector: 'protection', leadAgencyId: null },
  };
  it('reads dotted paths, hyphenated keys included', () => {
    expect(valueAt(scope, 'input.window')).toBe('standard');
    expect(valueAt(scope, 'input.nested.deep.value')).toBe(0);
    expect(valueAt(scope, 'case.handover-plan.targetDate')).toBe('2027-01-15');
    expect(valueAt(scope, 'subject.leadAgencyId')).toBeNull();
    expect(valueAt(scope, 'input')).toEqual(scope.input);
  });
  it('is undefined when any part is missing, null or not an object', () => {
    expect(valueAt(scope, 'input.nope')).toBeUndefined();
    expect(valueAt(scope, 'input.nope.deeper')).toBeUndefined();
    expect(valueAt(scope, 'data.amount')).toBeUndefined();
    expect(valueAt(scope, 'subject.leadAgencyId.name')).toBeUndefined();
    expect(valueAt(scope, 'input.window.length')).toBeUndefined();
    expect(valueAt(scope, 'operation.type')).toBeUndefined();
    expect(valueAt({}, 'input.window')).toBeUndefined();
  });
});

describe('evaluate', () => {
  const scope: PredicateScope = { input: { window: 'reserve', count: 3, flag: false, none: null, text: '5' } };

  it('eq / ne / in compare exactly (no coercion)', () => {
    expect(evaluate({ path: 'input.window', eq: 'reserve' }, scope)).toBe(true);
    expect(evaluate({ path: 'input.window', eq: 'standard' }, scope)).toBe(false);
    expect(evaluate({ path: 'input.flag', eq: false }, scope)).toBe(true);
    expect(evaluate({ path: 'input.missing', eq: false }, scope)).toBe(false);
    expect(evaluate({ path: 'input.count', eq: '3' }, scope)).toBe(false);
    expect(evaluate({ path: 'input.window', ne: 'standard' }, scope)).toBe(true);
    expect(evaluate({ path: 'input.window', ne: 'reserve' }, scope)).toBe(false);
    expect(evaluate({ path: 'input.window', in: ['standard', 'reserve'] }, scope)).toBe(true);
    expect(evaluate({ path: 'input.window', in: [] }, scope)).toBe(false);
    expect(evaluate({ path: 'input.missing', in: ['reserve'] }, scope)).toBe(false);
  });

  it('exists: null and undefined do not exist; false and 0 do', () => {
    expect(evaluate({ path: 'input.flag', exists: true }, scope)).toBe(true);
    expect(evaluate({ path: 'input.none', exists: true }, scope)).toBe(false);
    expect(evaluate({ path: 'input.none', exists: false }, scope)).toBe(true);
    expect(evaluate({ path: 'input.missing', exists: false }, scope)).toBe(true);
    expect(evaluate({ path: 'input.count', exists: false }, scope)).toBe(false);
  });

  it('gt / gte / lt / lte hold only for numbers, and all the comparisons of one predicate must hold', () => {
    expect(evaluate({ path: 'input.count', gt: 2 }, scope)).toBe(true);
    expect(evaluate({ path: 'input.count', gt: 3 }, scope)).toBe(false);
    expect(evaluate({ path: 'input.count', gte: 3 }, scope)).toBe(true);
    expect(evaluate({ path: 'input.count', lt: 3 }, scope)).toBe(false);
    expect(evaluate({ path: 'input.count', lte: 3 }, scope)).toBe(true);
    expect(evaluate({ path: 'input.text', gt: 1 }, scope)).toBe(false);
    expect(evaluate({ path: 'input.missing', lt: 1 }, scope)).toBe(false);
    expect(evaluate({ path: 'input.count', gte: 1, lte: 5 }, scope)).toBe(true);
    expect(evaluate({ path: 'input.count', gte: 1, lte: 2 }, scope)).toBe(false);
    expect(evaluate({ path: 'input.count', exists: true, eq: 4 }, scope)).toBe(false);
  });

  it('all / any / not combine', () => {
    const yes = { path: 'input.window', eq: 'reserve' };
    const no = { path: 'input.window', eq: 'standard' };
    expect(evaluate({ all: [yes, yes] }, scope)).toBe(true);
    expect(evaluate({ all: [yes, no] }, scope)).toBe(false);
    expect(evaluate({ any: [no, yes] }, scope)).toBe(true);
    expect(evaluate({ any: [no, no] }, scope)).toBe(false);
    expect(evaluate({ not: no }, scope)).toBe(true);
    expect(evaluate({ not: { any: [no, { all: [yes, { not: yes }] }] } }, scope)).toBe(true);
    expect(evaluate({ all: [] }, scope)).toBe(true);
    expect(evaluate({ any: [] }, scope)).toBe(false);
  });

  it('a path-only predicate asks whether the value is set (a missing one does not hold)', () => {
    expect(evaluate({ path: 'input.missing' }, scope)).toBe(false);
  });
});

describe('nextSteps', () => {
  it('follows plain targets and ends', () => {
    expect(nextSteps(fixture, 'board', 'endorse')).toEqual({ steps: ['approval', 'notice'], end: null });
    expect(nextSteps(fixture, 'notice', 'done')).toEqual({ steps: [], end: null });
    expect(nextSteps(fixture, 'strategy', 'drop')).toEqual({ steps: [], end: 'rejected' });
  });

  it('takes the first rule whose condition holds, over input and the decision\'s data', () => {
    const standard = { input: { window: 'standard' } };
    expect(nextSteps(fixture, 'strategy', 'submit', { ...standard, data: { amount: 5000 } })).toEqual({ steps: ['board'], end: null });
    expect(nextSteps(fixture, 'strategy', 'submit', { ...standard, data: { amount: 999 } })).toEqual({ steps: ['approval'], end: null });
    expect(nextSteps(fixture, 'strategy', 'submit', { input: { window: 'reserve' }, data: { amount: 5000 } })).toEqual({ steps: ['approval'], end: null });
    expect(nextSteps(fixture, 'strategy', 'submit', { ...standard, data: { amount: -1 } })).toEqual({ steps: [], end: 'rejected' });
    // No data: the unconditional rule.
    expect(nextSteps(fixture, 'strategy', 'submit')).toEqual({ steps: ['approval'], end: null });
  });

  it('reads earlier case data; throws when no rule matches', () => {
    expect(nextSteps(fixture, 'approval', 'approve', { case: { board: { votes: 3 } } })).toEqual({ steps: [], end: 'approved' });
    expect(() => nextSteps(fixture, 'approval', 'approve', { case: { board: { votes: 1 } } })).toThrow('fixture/approval/approve: no transition rule matches');
  });

  it('follows the results of steps that are not tasks', () => {
    expect(nextSteps(fixture, 'tally', 'counted')).toEqual({ steps: ['approval'], end: null });
  });

  it('refuses undeclared steps and decisions', () => {
    expect(() => nextSteps(fixture, 'nope', 'submit')).toThrow('fixture: undeclared step "nope"');
    expect(() => nextSteps(fixture, 'board', 'approve')).toThrow('fixture/board: undeclared decision "approve"');
    // A step that ends with results declares only those: an undeclared result is not its first one.
    expect(findResult(fixture.steps[5], 'recounted')).toBeUndefined();
    expect(() => nextSteps(fixture, 'tally', 'recounted')).toThrow('fixture/tally: undeclared decision "recounted"');
  });

  it('returns a copy: callers cannot change the definition', () => {
    const t = nextSteps(fixture, 'board', 'endorse');
    (t.steps as string[]).push('x');
    expect(nextSteps(fixture, 'board', 'endorse').steps).toEqual(['approval', 'notice']);
  });
});

describe('initialSteps', () => {
  it('returns a plain list as is', () => {
    expect(initialSteps({ ...fixture, initialSteps: ['strategy'] })).toEqual(['strategy']);
  });
  it('evaluates the rules over the input', () => {
    expect(initialSteps(fixture, { input: { window: 'standard' } })).toEqual(['strategy']);
    expect(initialSteps(fixture, { input: { window: 'emergency' } })).toEqual(['strategy', 'reserve-check']);
  });
  it('throws when no rule matches, or a rule would end the case at its start', () => {
    expect(() => initialSteps(fixture, { input: { window: 'other' } })).toThrow('fixture/start: no transition rule matches');
    expect(() => initialSteps({ ...fixture, initialSteps: { rules: [{ end: 'rejected' }] } })).toThrow('fixture: a case cannot end at its start');
  });
});

describe('possibleTargets / possibleInitialSteps', () => {
  it('lists every step and end any rule may lead to', () => {
    const submit = fixture.steps[0].decisions[0];
    expect(possibleTargets(submit.next)).toEqual({ steps: ['board', 'approval'], ends: ['rejected'] });
    expect(possibleTargets(['a', 'b'])).toEqual({ steps: ['a', 'b'], ends: [] });
    expect(possibleTargets({ end: 'approved' })).toEqual({ steps: [], ends: ['approved'] });
  });
  it('lists every step the start may open, once', () => {
    expect(possibleInitialSteps(fixture)).toEqual(['strategy', 'reserve-check']);
    expect(possibleInitialSteps({ ...fixture, initialSteps: ['board'] })).toEqual(['board']);
  });
});

describe('stepKind / findResult', () => {
  it('defaults to a task; finds decisions and results', () => {
    expect(stepKind(fixture.steps[0])).toBe('task');
    expect(stepKind(fixture.steps[5])).toBe('system');
    expect(findResult(fixture.steps[0], 'drop')?.id).toBe('drop');
    expect(findResult(fixture.steps[5], 'counted')?.id).toBe('counted');
    expect(findResult(fixture.steps[0], 'counted')).toBeUndefined();
  });
});

describe('predicate shorthand', () => {
  it('a path alone is true only when the value is set and not false', () => {
    expect(evaluate({ path: 'input.x' }, { input: { x: 'yes' } })).toBe(true);
    expect(evaluate({ path: 'input.x' }, { input: { x: false } })).toBe(false);
    expect(evaluate({ path: 'input.x' }, { input: {} })).toBe(false);
    expect(evaluate({ path: 'input.x' }, { input: { x: null } })).toBe(false);
  });
});
