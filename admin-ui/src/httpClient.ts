// One fetch wrapper for the whole console: bearer token, JSON, and API errors turned into plain words.
import { fetchUtils, HttpError } from 'react-admin';
import { session } from './session';

export const API_URL = '/api';

export interface ApiErrorBody {
  statusCode?: number;
  error?: string;
  message?: string | string[];
  code?: string;
  details?: { field: string; message: string }[];
  /** react-admin reads field errors from here to show them under the inputs. */
  errors?: Record<string, unknown>;
}

/** Guesses the field a ValidationPipe message is about: "username must be a string" → username. */
export function fieldOfMessage(message: string): string | null {
  const m = /^(?:property\s+)?([A-Za-z_][\w.[\]]*)\s/.exec(message);
  if (!m) return null;
  const field = m[1];
  // "each value in roles must be…" and friends do not start with the field.
  if (['each', 'the', 'a', 'an', 'task', 'this', 'process'].includes(field.toLowerCase())) return null;
  return field.replace(/\[\d+\]/g, '');
}

/** Builds react-admin's `body.errors` (field → message) from the API's error body. */
export function fieldErrorsOf(body: ApiErrorBody | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body) return out;
  for (const d of body.details ?? []) {
    if (d && d.field && !out[d.field]) out[d.field] = d.message;
  }
  const messages = Array.isArray(body.message) ? body.message : [];
  for (const msg of messages) {
    const f = fieldOfMessage(msg);
    if (f && !out[f] && !msg.startsWith('property ')) out[f] = msg;
  }
  return out;
}

/** The API's message as one readable sentence. */
export function messageOf(body: ApiErrorBody | undefined, fallback: string): string {
  if (!body) return fallback;
  if (Array.isArray(body.message)) return body.message.join('; ');
  if (typeof body.message === 'string' && body.message) return body.message;
  return fallback;
}

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
