// API and validation errors in plain words, in the user's language where we know the rule.
// No react-admin import: an HttpError is recognised by its shape, so this stays unit-testable.

export interface ApiErrorBody {
  statusCode?: number;
  error?: string;
  message?: string | string[];
  code?: string;
  /** Field problems on a 400; other statuses may carry an object here (e.g. who decided, on a 409). */
  details?: { field: string; message: string }[] | Record<string, unknown>;
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

/** The `[{field, message}]` entries of an error body, whatever else `details` may hold. */
function fieldDetails(body: ApiErrorBody): { field: string; message: string }[] {
  return Array.isArray(body.details) ? body.details.filter((d) => d && typeof d.field === 'string' && typeof d.message === 'string') : [];
}

/** Builds react-admin's `body.errors` (field → message) from the API's error body. */
export function fieldErrorsOf(body: ApiErrorBody | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!body) return out;
  for (const d of fieldDetails(body)) {
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

/** react-admin's HttpError (or anything shaped like it): a status and the parsed body. */
function isHttpError(error: unknown): error is { status: number; body?: unknown; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

export interface ExplainedError {
  status: number | null;
  message: string;
  fields: Record<string, string>;
}

/** What went wrong with a request, for an Alert: 400 field messages, 403, 404, 409 with the API's words. */
export function explainError(error: unknown, translate: Translate): ExplainedError {
  if (isHttpError(error)) {
    const body = (error.body ?? {}) as ApiErrorBody;
    const apiMessage = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? error.message);
    const fields = fieldErrorMap(fieldDetails(body), translate);
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
