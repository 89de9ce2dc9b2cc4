import { clusterActivationDefinition, CLUSTER_ACTIVATION } from './cluster-activation.definition';
import { transitionReviewDefinition, TRANSITION_REVIEW } from './transition-review.definition';
import type { FieldError, ProcessDefinition } from './types';
import { findStep, validateDurations, validateFields } from './validation';

export * from './types';
export * from './validation';
export { clusterActivationDefinition, CLUSTER_ACTIVATION } from './cluster-activation.definition';
export { transitionReviewDefinition, TRANSITION_REVIEW } from './transition-review.definition';

/** Every process type the engine runs, by type id. */
export const PROCESS_DEFINITIONS: Readonly<Record<string, ProcessDefinition>> = {
  [CLUSTER_ACTIVATION]: clusterActivationDefinition,
  [TRANSITION_REVIEW]: transitionReviewDefinition,
};

export const PROCESS_TYPES = Object.keys(PROCESS_DEFINITIONS);

export function getDefinition(type: string): ProcessDefinition | undefined {
  return Object.prototype.hasOwnProperty.call(PROCESS_DEFINITIONS, type) ? PROCESS_DEFINITIONS[type] : undefined;
}

export const IASC_CRITERIA_MESSAGE =
  'criteria: both IASC criteria (responseGaps, nationalCapacityInsufficient) must hold for a cluster to be activated';

/** Validate a process start's input (fields, per-start duration overrides, per-type rules). */
export function validateProcessInput(type: string, input: unknown): FieldError[] {
  const definition = getDefinition(type);
  if (!definition) return [{ field: 'type', message: `type must be one of the following values: ${PROCESS_TYPES.join(', ')}` }];
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ field: 'input', message: 'input must be an object' }];
  const { durations, ...rest } = input as Record<string, unknown>;
  let errors = [...validateFields(definition.input, rest), ...validateDurations(definition, durations)];
  if (type === CLUSTER_ACTIVATION) {
    const criteria = (rest as { criteria?: Record<string, unknown> }).criteria;
    const unmet = errors.filter((e) => e.field.startsWith('criteria.') && e.message.endsWith('must be true'));
    if (unmet.length > 0 && criteria && typeof criteria === 'object') {
      errors = errors.filter((e) => !unmet.includes(e));
      errors.push({ field: 'criteria', message: IASC_CRITERIA_MESSAGE });
    }
  }
  return errors;
}

export type Transition = { steps: string[]; end: null } | { steps: []; end: string };

/** THE transition function: what a declared decision on a declared step leads to. Throws on anything undeclared. */
export function nextSteps(definition: ProcessDefinition, stepId: string, decision: string): Transition {
  const step = findStep(definition, stepId);
  if (!step) throw new Error(`${definition.type}: undeclared step "${stepId}"`);
  const spec = step.decisions.find((d) => d.id === decision);
  if (!spec) throw new Error(`${definition.type}/${stepId}: undeclared decision "${decision}"`);
  if (Array.isArray(spec.next)) return { steps: [...spec.next], end: null };
  return { steps: [], end: (spec.next as { end: string }).end };
}

/** Is a process type startable by any of these roles? */
export function canStart(type: string, roles: readonly string[]): boolean {
  const definition = getDefinition(type);
  return !!definition && definition.startRoles.some((r) => roles.includes(r));
}
