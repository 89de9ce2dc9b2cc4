import { explainError, fieldErrorForForm, fieldErrorMap, fieldErrorsOf, fieldOfMessage, localizeFieldError } from './errors';

/** Shaped like react-admin's HttpError (status + parsed body). */
class HttpError extends Error {
  constructor(message: string, readonly status: number, readonly body: unknown) {
    super(message);
  }
}

/** Shows what was asked: the key and, in order, the arguments that matter here. */
const translate = (key: string, options?: Record<string, unknown>) => {
  if (key === 'hpc.errors.field') return `${options?.field}: ${options?.rule}`;
  const args = ['message', 'min', 'max'].filter((k) => options?.[k] !== undefined).map((k) => String(options![k]));
  return [key, ...args].join('|');
};

describe('API errors in plain words', () => {
  it('finds the field a validation message names', () => {
    expect(fieldOfMessage('username must be a string')).toBe('username');
    expect(fieldOfMessage('clusterScopes.0.sector must be one of the following values: a, b')).toBe('clusterScopes.0.sector');
    expect(fieldOfMessage('each value in roles must be one of …')).toBeNull();
    expect(fieldErrorsOf({ message: 'no longer open', details: { decidedBy: 'x' } })).toEqual({});
    expect(fieldErrorsOf({ message: ['displayName should not be empty', 'property foo should not exist'], details: [{ field: 'roles', message: 'roles must be an array' }] })).toEqual({
      roles: 'roles must be an array',
      displayName: 'displayName should not be empty',
    });
  });

  it('turns validator rules the console knows into short translated messages', () => {
    expect(localizeFieldError('coordinatorName should not be empty', translate)).toBe('ra.validation.required');
    expect(localizeFieldError('workPlanAdopted must be true', translate)).toBe('hpc.validation.must_be_true');
    expect(localizeFieldError('score must not be greater than 100', translate)).toBe('ra.validation.maxValue|100');
    expect(localizeFieldError('name must be longer than or equal to 3 characters', translate)).toBe('ra.validation.minLength|3');
    expect(localizeFieldError('sector must be one of the following values: protection, health', translate)).toBe('hpc.validation.one_of');
    expect(localizeFieldError('targetDate must be in the future', translate)).toBe('hpc.validation.future');
    expect(localizeFieldError('something the console has never seen', translate)).toBe('something the console has never seen');
    // react-admin's own forms get a key (translated under the input), with arguments where the rule has some.
    expect(fieldErrorForForm('operationId should not be empty')).toBe('ra.validation.required');
    expect(fieldErrorForForm('name must be shorter than or equal to 200 characters')).toEqual({ message: 'ra.validation.maxLength', args: { max: 200, _: 'name must be shorter than or equal to 200 characters' } });
    expect(fieldErrorMap([{ field: 'data.coordinatorName', message: 'coordinatorName should not be empty' }], translate)).toEqual({ coordinatorName: 'ra.validation.required' });
  });

  it('explains each status with the API message', () => {
    const body = (message: string | string[], details?: unknown) => ({ statusCode: 0, message, details });
    const closed = body('task t is no longer open (decided by Hana at 2026-01-01T00:00:00Z)', { decidedBy: { displayName: 'Hana' } });
    expect(explainError(new HttpError('x', 409, closed), translate)).toEqual({
      status: 409,
      message: 'hpc.errors.conflict|task t is no longer open (decided by Hana at 2026-01-01T00:00:00Z)',
      fields: {},
      conflict: { decidedBy: { displayName: 'Hana' }, decidedAt: null },
    });
    expect(explainError(new HttpError('x', 403, body('this step needs one of the roles: hc')), translate).message).toBe('hpc.errors.forbidden|this step needs one of the roles: hc');
    const invalid = explainError(new HttpError('x', 400, body(['data.coordinatorName should not be empty'], [{ field: 'data.coordinatorName', message: 'coordinatorName should not be empty' }])), translate);
    // The field is named by its label in the user's language, never by its id.
    expect(invalid).toEqual({ status: 400, message: 'hpc.errors.invalid|hpc.defs.fields.coordinatorName: ra.validation.required', fields: { coordinatorName: 'ra.validation.required' } });
    const labelled = explainError(new HttpError('x', 400, body(['operationId should not be empty'])), translate, (path) => `Label of ${path}`);
    expect(labelled.message).toBe('hpc.errors.invalid|Label of operationId: ra.validation.required');
    expect(labelled.message).not.toContain('operationId should not be empty');
    expect(explainError(new TypeError('Failed to fetch'), translate)).toEqual({ status: null, message: 'hpc.errors.network', fields: {} });
  });
});
