// The definition language (types, validators, the transition function). The definitions themselves live
// in their process folders (workflows/processes/<type>/) and are listed once in workflows/processes/index.ts.
import type { FieldError, ProcessDefinition } from './types';
import { validateDurations, validateFields, type ValidationContext } from './validation';

export * from './types';
export * from './validation';
export * from './transitions';

/** Validate a process start's input against its definition (fields and per-start duration overrides). */
export function validateDefinitionInput(definition: ProcessDefinition, input: unknown, ctx: ValidationContext = {}): FieldError[] {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return [{ field: 'input', message: 'input must be an object' }];
  const { durations, ...rest } = input as Record<string, unknown>;
  return [...validateFields(definition.input, rest, '', { ...ctx, scope: { ...(ctx.scope ?? {}), input: rest } }), ...validateDurations(definition, durations)];
}
