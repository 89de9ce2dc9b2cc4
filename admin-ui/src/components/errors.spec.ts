import { explainError, fieldErrorMap, fieldErrorsOf, fieldOfMessage, localizeFieldError } from './errors';

/** Shaped like react-admin's HttpError (status + parsed body). */
class HttpError extends Error {
  constructor(message: string, readonly status: number, readonly body: unknown) {
    super(message);
  }
}

const translate = (key: string, options?: Record<string, unknown>) => `${key}${options?.message !== undefined ? `|${options.message}` : ''}`;

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
    expect(localizeFieldError('score must not be greater than 100', translate)).toBe('score must not be greater than 100');
    expect(fieldErrorMap([{ field: 'data.coordinatorName', message: 'coordinatorName should not be empty' }], translate)).toEqual({ coordinatorName: 'ra.validation.required' });
  });

  it('explains each status with the API message', () => {
    const body = (message: string | string[], details?: unknown) => ({ statusCode: 0, message, details });
    const closed = body('task t is no longer open (decided by Hana at 2026-01-01T00:00:00Z)', { decidedBy: { displayName: 'Hana' } });
    expect(explainError(new HttpError('x', 409, closed), translate)).toEqual({
      status: 409,
      message: 'hpc.errors.conflict|task t is no longer open (decided by Hana at 2026-01-01T00:00:00Z)',
      fields: {},
    });
    expect(explainError(new HttpError('x', 403, body('this step needs one of the roles: hc')), translate).message).toBe('hpc.errors.forbidden|this step needs one of the roles: hc');
    const invalid = explainError(new HttpError('x', 400, body(['data.coordinatorName should not be empty'], [{ field: 'data.coordinatorName', message: 'coordinatorName should not be empty' }])), translate);
    expect(invalid).toEqual({ status: 400, message: 'hpc.errors.invalid|data.coordinatorName should not be empty', fields: { coordinatorName: 'ra.validation.required' } });
    expect(explainError(new TypeError('Failed to fetch'), translate)).toEqual({ status: null, message: 'hpc.errors.network', fields: {} });
  });
});
