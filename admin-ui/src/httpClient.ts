// One fetch wrapper for the whole console: bearer token, JSON, and API errors turned into plain words.
import { fetchUtils, HttpError } from 'react-admin';
import { fieldErrorForForm, fieldErrorsOf, messageOf, type ApiErrorBody } from './components/errors';
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
      const hasFields = Object.keys(fieldErrors).length > 0;
      // react-admin translates both: each input shows its rule in the user's language under its own label,
      // and the notification says the form needs attention instead of repeating field ids.
      const errors = hasFields
        ? { ...Object.fromEntries(Object.entries(fieldErrors).map(([f, m]) => [f, fieldErrorForForm(m)])), root: { serverError: message } }
        : undefined;
      throw new HttpError(hasFields && error.status === 400 ? 'ra.message.invalid_form' : message, error.status, { ...body, errors });
    }
    throw error;
  }
}
