// API and validation errors in plain words, in the user's language where we know the rule.
import { HttpError } from 'react-admin';
import type { ApiErrorBody } from '../httpClient';

type Translate = (key: string, options?: any) => string;

/** A validator message ("coordinatorName should not be empty") → a short sentence for under the input. */
export function localizeFieldError(message: string, translate: Translate): string {
  if (/should not be empty$/.test(message)) return translate('ra.validation.required');
  if (/ must be true$/.test(message)) return translate('hpc.validation.must_be_true');
  return message;
}

/** Field errors keyed by path, from `[{field, message}]` (a `data.` prefix is the decision's data). */
export function fieldErrorMap(errors: readonly { field: string; message: string }[], translate: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const path = e.field.replace(/^data\./, '').replace(/^input\./, '');
    if (!out[path]) out[path] = localizeFieldError(e.message, translate);
  }
  return out;
}

export interface ExplainedError {
  status: number | null;
  message: string;
  fields: Record<string, string>;
}

/** What went wrong with a request, for an Alert: 400 field messages, 403, 404, 409 with the API's words. */
export function explainError(error: unknown, translate: Translate): ExplainedError {
  if (error instanceof HttpError) {
    const body = (error.body ?? {}) as ApiErrorBody;
    const apiMessage = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? error.message);
    const details = body.details ?? [];
    const fields = fieldErrorMap(details, translate);
    switch (error.status) {
      case 400:
        return { status: 400, message: translate('hpc.errors.invalid', { message: apiMessage }), fields };
      case 401:
        return { status: 401, message: translate('hpc.auth.session_expired'), fields };
      case 403:
        return { status: 403, message: translate('hpc.errors.forbidden', { message: apiMessage }), fields };
      case 404:
        return { status: 404, message: translate('hpc.errors.not_found', { message: apiMessage }), fields };
      case 409:
        return { status: 409, message: translate('hpc.errors.conflict', { message: apiMessage }), fields };
      default:
        return { status: error.status, message: translate('hpc.errors.server', { message: apiMessage }), fields };
    }
  }
  return { status: null, message: translate('hpc.errors.network'), fields: {} };
}
