// Pure validators shared by the workflow's update validator, the API and the console.
// Messages follow class-validator's wording so API 400s read the same whichever layer refused.
import { durationError, isDuration } from '../durations';
import type { DecisionSpec, FieldError, FieldSpec, ProcessDefinition, StepDefinition } from './types';
import { evaluate, type PredicateScope } from './transitions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** 2026-02-30 parses (and rolls over to 2 March): the date part must name a real day. */
function realCalendarDate(value: string): boolean {
  const [y, m, d] = value.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/** Money as a decimal string with at most two decimals (never a float): "1250000.50". */
export const MONEY = /^(0|[1-9]\d{0,14})(\.\d{1,2})?$/;

/** Context of a validation: what `requiredWhen` predicates read, and "now" for `future` dates. */
export interface ValidationContext {
  scope?: PredicateScope;
  nowMs?: number;
}

/** Validate one value against its spec; `path` is the field name reported. */
function validateField(spec: FieldSpec, value: unknown, path: string, ctx: ValidationContext): FieldError[] {
  if (isEmpty(value)) {
    const required = spec.required || (spec.requiredWhen !== undefined && evaluate(spec.requiredWhen, ctx.scope ?? {}));
    return required ? [{ field: path, message: `${path} should not be empty` }] : [];
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
      // class-validator's wording (IsInt, IsNumber); the console translates "must be an integer" (admin-ui errors.ts).
      if (typeof value !== 'number' || !Number.isFinite(value)) return err(spec.type === 'integer' ? 'must be an integer number' : 'must be a number');
      if (spec.type === 'integer' && !Number.isInteger(value)) return err('must be an integer number');
      if (spec.min !== undefined && value < spec.min) return err(`must not be less than ${spec.min}`);
      if (spec.max !== undefined && value > spec.max) return err(`must not be greater than ${spec.max}`);
      return [];
    }
    case 'money': {
      if (typeof value !== 'string' || !MONEY.test(value)) return err('must be an amount as a decimal string with at most 2 decimals (e.g. "1250000.50")');
      const cents = moneyToCents(value);
      if (spec.min !== undefined && cents < BigInt(Math.round(spec.min * 100))) return err(`must not be less than ${spec.min}`);
      if (spec.max !== undefined && cents > BigInt(Math.round(spec.max * 100))) return err(`must not be greater than ${spec.max}`);
      return [];
    }
    case 'boolean': {
      if (typeof value !== 'boolean') return err('must be a boolean value');
      if (spec.mustBeTrue && value !== true) return err('must be true');
      return [];
    }
    case 'date': {
      if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value)) || !realCalendarDate(value)) {
        return err('must be a valid ISO 8601 date string');
      }
      if (spec.future && ctx.nowMs !== undefined && Date.parse(value) <= ctx.nowMs) return err('must be a date in the future');
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
    case 'enum-list': {
      const options = spec.options ?? [];
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !options.includes(v))) {
        return err(`must be a list of values among: ${options.join(', ')}`);
      }
      if (new Set(value).size !== value.length) return err('must not contain duplicates');
      if (spec.min !== undefined && value.length < spec.min) return err(`must contain at least ${spec.min} element${spec.min === 1 ? '' : 's'}`);
      if (spec.max !== undefined && value.length > spec.max) return err(`must contain at most ${spec.max} elements`);
      return [];
    }
    case 'object': {
      if (!isPlainObject(value)) return err('must be an object');
      return validateFields(spec.fields ?? [], value, `${path}.`, ctx);
    }
    case 'list': {
      if (!Array.isArray(value)) return err('must be a list');
      if (spec.min !== undefined && value.length < spec.min) return err(`must contain at least ${spec.min} element${spec.min === 1 ? '' : 's'}`);
      const max = spec.max ?? 5000;
      if (value.length > max) return err(`must contain at most ${max} elements`);
      const errors: FieldError[] = [];
      value.forEach((row, i) => {
        if (!isPlainObject(row)) errors.push({ field: `${path}[${i}]`, message: `${path}[${i}] must be an object` });
        else errors.push(...validateFields(spec.fields ?? [], row, `${path}[${i}].`, ctx));
      });
      return errors.slice(0, 20);
    }
  }
}

/** Validate an object against field specs; unknown properties are refused like forbidNonWhitelisted. */
export function validateFields(specs: readonly FieldSpec[], value: Record<string, unknown>, prefix = '', ctx: ValidationContext = {}): FieldError[] {
  const errors: FieldError[] = [];
  const known = new Set(specs.map((s) => s.name));
  for (const key of Object.keys(value)) {
    if (!known.has(key)) errors.push({ field: `${prefix}${key}`, message: `property ${prefix}${key} should not exist` });
  }
  for (const spec of specs) errors.push(...validateField(spec, value[spec.name], `${prefix}${spec.name}`, ctx));
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
  opts: ValidationContext & { comment?: unknown } = {},
): FieldError[] {
  const step = findStep(definition, stepId);
  if (!step) return [{ field: 'stepId', message: `stepId "${stepId}" is not a step of ${definition.type}` }];
  const offered = step.decisions.filter((d) => !d.system);
  const spec = offered.find((d) => d.id === decision);
  if (!spec) {
    return [{ field: 'decision', message: `decision must be one of the following values: ${offered.map((d) => d.id).join(', ')}` }];
  }
  if (data !== undefined && data !== null && !isPlainObject(data)) return [{ field: 'data', message: 'data must be an object' }];
  const record = (data as Record<string, unknown> | null | undefined) ?? {};
  const errors = validateFields(spec.data, record, '', { ...opts, scope: { ...(opts.scope ?? {}), data: record } });
  if (spec.commentRequired && (typeof opts.comment !== 'string' || opts.comment.trim() === '')) {
    errors.push({ field: 'comment', message: `comment should not be empty (a reason is required to ${spec.label.toLowerCase()})` });
  }
  return errors;
}

/** Money helpers: exact cents as bigint, never floats. */
export function moneyToCents(value: string): bigint {
  const [whole, frac = ''] = value.split('.');
  return BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
}

export function centsToMoney(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${abs / 100n}.${frac}`;
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
      if (!['due', 'reminders', 'escalation', 'opensBefore'].includes(key)) errors.push({ field: `${path}.${key}`, message: `property ${path}.${key} should not exist` });
    }
    if (value.due !== undefined && !isDuration(value.due)) errors.push({ field: `${path}.due`, message: `${path}.due ${durationError(value.due)}` });
    if (value.opensBefore !== undefined && !isDuration(value.opensBefore)) {
      errors.push({ field: `${path}.opensBefore`, message: `${path}.opensBefore ${durationError(value.opensBefore)}` });
    }
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
