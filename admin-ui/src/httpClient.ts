// One fetch wrapper for the whole console: bearer token, JSON, and API errors turned into plain words.
import { fetchUtils, HttpError } from 'react-admin';
import { fieldErrorsOf, messageOf, type ApiErrorBody } from './components/errors';
import { session } from './session';

export type { ApiErrorBody };

export const API_URL = '/api';

export async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = new Headers(options.headers ?? { Accept: 'application/json' });
  const token = session.token();
  if (token) headers.set('Authorization', `Bearer ${token}`);
  try {
    return await fetchUtils.fetchJson(url, { ...options, headers });
  } catch (error) {
    if (error instanceof HttpError) {
      const body = (error.body ?? {}) as ApiErrorBody;
      const message = messageOf(body, error.message);
      const fieldErrors = fieldErrorsOf(body);
      const errors = Object.keys(fieldErrors).length ? { ...fieldErrors, root: { serverError: message } } : undefined;
      throw new HttpError(message, error.status, { ...body, errors });
    }
    throw error;
  }
}
