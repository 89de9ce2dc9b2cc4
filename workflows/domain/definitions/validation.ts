// Pure validators shared by the workflow's update validator, the API and the console.
// Messages follow class-validator's wording so API 400s read the same whichever layer refused.
import { durationError, isDuration } from '../durations';
import type { DecisionSpec, FieldError, FieldSpec, ProcessDefinition, StepDefinition } from './types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Validate one value against its spec; `path` is the field name reported. */
function validateField(spec: FieldSpec, value: unknown, path: string): FieldError[] {
  if (isEmpty(value)) {
    return spec.required ? [{ field: path, message: `${path} should not be empty` }] : [];
  }
  const err = (message: string): FieldError[] => [{ field: path, message: `${path} ${message}` }];
  switch (spec.type) {
    case 'string':
    case 'text': {
      if (typeof value !== 'string') return err('must be a string');
      if (spec.min !== undefined && value.trim().length < spec.min) return err(`must be longer than or equal to ${spec.min} characters`);
      if (spec.max !== undefined && value.length > spec.max) return err(`must be shorter than or equal to ${spec.max} characters`);
      return [];
    }
    case 'number':
    case 'integer': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return err(`must be a ${spec.type === 'integer' ? 'integer' : 'number'}`);
      if (spec.type === 'integer' && !Number.isInteger(value)) return err('must be an integer number');
      if (spec.min !== undefined && value < spec.min) return err(`must not be less than ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) return err(`must not be greater than ${spec.max}`);
      return [];
    }
    case 'boolean': {
      if (typeof value !== 'boolean') return err('must be a boolean value');
      if (spec.mustBeTrue && value !== true) return err('must be true');
      return [];
    }
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) {
        return err('must be a valid ISO 8601 date string');
      }
      return [];
    }
    case 'uuid':
      return typeof value === 'string' && UUID.test(value) ? [] : err('must be a UUID');
    case 'enum': {
      const options = spec.options ?? [];
      return typeof value === 'string' && options.includes(value)
        ? []
        : err(`must be one of the following values: ${options.join(', ')}`);
    }
    case 'object': {
      if (!isPlainObject(value)) return err('must be an object');
      return validateFields(spec.fields ?? [], value, `${path}.`);
    }
  }
}

/** Validate an object against field specs; unknown properties are refused like forbidNonWhitelisted. */
export function validateFields(specs: readonly FieldSpec[], value: Record<string, unknown>, prefix = ''): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(value)) {
    if (!known.has(key)) errors.push({ field: `${prefix}${key}`, message: `property ${prefix}${key} should not exist` });
  }
  for (const spec of specs) errors.push(...validateField(spec, value[spec.name], `${prefix}${spec.name}`));
  return errors;
}

export function findStep(definition: ProcessDefinition, stepId: string): StepDefinition | undefined {
  return definition.steps.find((s) => s.id === stepId);
}

export function findDecision(definition: ProcessDefinition, stepId: string, decision: string): DecisionSpec | undefined {
  return findStep(definition, stepId)?.decisions.find((d) => d.id === decision);
}

/** Is the decision declared for the step, and is its data complete and valid? */
export function validateDecision(
  definition: ProcessDefinition,
  stepId: string,
  decision: string,
  data: unknown,
): FieldError[] {
  const step = findStep(definition, stepId);
  if (!step) return [{ field: 'stepId', message: `stepId "${stepId}" is not a step of ${definition.type}` }];
  const spec = step.decisions.find((d) => d.id === decision);
  if (!spec) {
    return [{ field: 'decision', message: `decision must be one of the following values: ${step.decisions.map((d) => d.id).join(', ')}` }];
  }
  if (data !== undefined && data !== null && !isPlainObject(data)) return [{ field: 'data', message: 'data must be an object' }];
  return validateFields(spec.data, (data as Record<string, unknown> | null | undefined) ?? {});
}

/** Per-start duration overrides: `{ [stepId]: { due?, reminders?, escalation? } }`. */
export function validateDurations(definition: ProcessDefinition, durations: unknown, field = 'durations'): FieldError[] {
  if (durations === undefined) return [];
  if (!isPlainObject(durations)) return [{ field, message: `${field} must be an object keyed by step id` }];
  const errors: FieldError[] = [];
  for (const [stepId, value] of Object.entries(durations)) {
    const path = `${field}.${stepId}`;
    const step = findStep(definition, stepId);
    if (!step) {
      errors.push({ field: path, message: `${path}: "${stepId}" is not a step of ${definition.type}` });
      continue;
    }
    if (!isPlainObject(value)) {
      errors.push({ field: path, message: `${path} must be an object with due, reminders or escalation` });
      continue;
    }
    for (const key of Object.keys(value)) {
      if (!['due', 'reminders', 'escalation'].includes(key)) errors.push({ field: `${path}.${key}`, message: `property ${path}.${key} should not exist` });
    }
    if (value.due !== undefined && !isDuration(value.due)) errors.push({ field: `${path}.due`, message: `${path}.due ${durationError(value.due)}` });
    if (value.escalation !== undefined && !isDuration(value.escalation)) {
      errors.push({ field: `${path}.escalation`, message: `${path}.escalation ${durationError(value.escalation)}` });
    }
    if (value.reminders !== undefined) {
      const r = value.reminders;
      const bad = Array.isArray(r) ? r.findIndex((x) => !isDuration(x)) : -1;
      if (!Array.isArray(r)) {
        errors.push({ field: `${path}.reminders`, message: `${path}.reminders must be an array of durations` });
      } else if (bad >= 0) {
        errors.push({ field: `${path}.reminders[${bad}]`, message: `${path}.reminders[${bad}] ${durationError(r[bad])}` });
      } else if (r.length > (step.reminders?.length ?? 0)) {
        errors.push({ field: `${path}.reminders`, message: `${path}.reminders must contain at most ${step.reminders?.length ?? 0} elements` });
      }
    }
  }
  return errors;
}
