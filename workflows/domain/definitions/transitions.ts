// THE transition function and the predicate language it uses: the engine, the validators and the console ask it.
import type { DecisionSpec, DecisionTarget, Predicate, ProcessDefinition, StepDefinition, TransitionRule } from './types';
import { findStep } from './validation';

/** What a predicate can read: `input.*`, `data.*` (the decision's data), `case.*`, `subject.*`, `operation.*`. */
export interface PredicateScope {
  input?: Record<string, unknown>;
  data?: Record<string, unknown> | null;
  case?: Record<string, unknown>;
  subject?: Record<string, unknown>;
  operation?: Record<string, unknown> | null;
}

/** The value at a dotted path (`case.handover-plan.targetDate`); undefined when any part is missing. */
export function valueAt(scope: PredicateScope, path: string): unknown {
  const [root, ...rest] = path.split('.');
  let v: unknown = (scope as Record<string, unknown>)[root];
  for (const key of rest) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

export function evaluate(p: Predicate, scope: PredicateScope): boolean {
  if ('all' in p) return p.all.every((q) => evaluate(q, scope));
  if ('any' in p) return p.any.some((q) => evaluate(q, scope));
  if ('not' in p) return !evaluate(p.not, scope);
  const v = valueAt(scope, p.path);
  // A path alone asks whether the value is set and not false (an easy shorthand, never "always true").
  const compares = ['exists', 'eq', 'ne', 'in', 'gt', 'gte', 'lt', 'lte'].some((k) => (p as Record<string, unknown>)[k] !== undefined);
  if (!compares) return v !== undefined && v !== null && v !== false;
  if (p.exists !== undefined && (v !== undefined && v !== null) !== p.exists) return false;
  if ('eq' in p && p.eq !== undefined && v !== p.eq) return false;
  if ('ne' in p && p.ne !== undefined && v === p.ne) return false;
  if (p.in !== undefined && !p.in.includes(v)) return false;
  const n = typeof v === 'number' ? v : Number.NaN;
  if (p.gt !== undefined && !(n > p.gt)) return false;
  if (p.gte !== undefined && !(n >= p.gte)) return false;
  if (p.lt !== undefined && !(n < p.lt)) return false;
  if (p.lte !== undefined && !(n <= p.lte)) return false;
  return true;
}

export type Transition = { steps: string[]; end: null } | { steps: []; end: string };

function resolveTarget(owner: string, target: DecisionTarget, scope: PredicateScope): Transition {
  if (Array.isArray(target)) return { steps: [...(target as readonly string[])], end: null };
  if ('end' in target) return { steps: [], end: target.end };
  const rules = (target as { rules: readonly TransitionRule[] }).rules;
  const rule = rules.find((r) => !r.when || evaluate(r.when, scope));
  if (!rule) throw new Error(`${owner}: no transition rule matches`);
  return 'end' in rule ? { steps: [], end: rule.end } : { steps: [...rule.to], end: null };
}

export function stepKind(step: StepDefinition): NonNullable<StepDefinition['kind']> {
  return step.kind ?? 'task';
}

/** The decision or result spec a step ends with (`decisions` for tasks and votes, `results` for the other kinds). */
export function findResult(step: StepDefinition, result: string): DecisionSpec | undefined {
  return step.decisions.find((d) => d.id === result) ?? step.results?.find((d) => d.id === result);
}

/** THE transition function: where a declared result of a declared step leads. Throws on anything undeclared. */
export function nextSteps(definition: ProcessDefinition, stepId: string, result: string, scope: PredicateScope = {}): Transition {
  const step = findStep(definition, stepId);
  if (!step) throw new Error(`${definition.type}: undeclared step "${stepId}"`);
  const spec = findResult(step, result);
  if (!spec) throw new Error(`${definition.type}/${stepId}: undeclared decision "${result}"`);
  return resolveTarget(`${definition.type}/${stepId}/${result}`, spec.next, scope);
}

/** The steps a case opens at start. */
export function initialSteps(definition: ProcessDefinition, scope: PredicateScope = {}): string[] {
  const init = definition.initialSteps;
  if (Array.isArray(init)) return [...(init as readonly string[])];
  const t = resolveTarget(`${definition.type}/start`, init as { rules: readonly TransitionRule[] }, scope);
  if (t.end !== null) throw new Error(`${definition.type}: a case cannot end at its start`);
  return t.steps;
}

/** Every step id a target may lead to (any rule), for diagrams and definition checks. */
export function possibleTargets(target: DecisionTarget): { steps: string[]; ends: string[] } {
  if (Array.isArray(target)) return { steps: [...(target as readonly string[])], ends: [] };
  if ('end' in target) return { steps: [], ends: [target.end] };
  const rules = (target as { rules: readonly TransitionRule[] }).rules;
  return {
    steps: rules.flatMap((r) => ('to' in r ? [...r.to] : [])),
    ends: rules.flatMap((r) => ('end' in r ? [r.end] : [])),
  };
}

/** Every step the definition can open at start (any rule). */
export function possibleInitialSteps(definition: ProcessDefinition): string[] {
  const init = definition.initialSteps;
  if (Array.isArray(init)) return [...(init as readonly string[])];
  return [...new Set(possibleTargets(init as { rules: readonly TransitionRule[] }).steps)];
}
