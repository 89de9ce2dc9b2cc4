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

/**
 * A validator's rule (class-validator's wording, or the definition validators', which copy it) as a
 * translation key and its arguments; null when the console does not know the rule.
 */
export function ruleOf(message: string): { key: string; args?: Record<string, unknown> } | null {
  const num = (re: RegExp) => Number(re.exec(message)?.[1]);
  if (/should not be empty/.test(message)) return { key: 'ra.validation.required' };
  if (/both IASC criteria/.test(message)) return { key: 'hpc.validation.iasc' };
  if (/ must be true$/.test(message)) return { key: 'hpc.validation.must_be_true' };
  if (/must be longer than or equal to (\d+)/.test(message)) return { key: 'ra.validation.minLength', args: { min: num(/equal to (\d+)/) } };
  if (/must be shorter than or equal to (\d+)/.test(message)) return { key: 'ra.validation.maxLength', args: { max: num(/equal to (\d+)/) } };
  if (/must not be less than (-?[\d.]+)/.test(message)) return { key: 'ra.validation.minValue', args: { min: num(/less than (-?[\d.]+)/) } };
  if (/must not be greater than (-?[\d.]+)/.test(message)) return { key: 'ra.validation.maxValue', args: { max: num(/greater than (-?[\d.]+)/) } };
  if (/must be one of the following values|must be one of/.test(message)) return { key: 'hpc.validation.one_of' };
  if (/must be an integer/.test(message)) return { key: 'hpc.validation.integer' };
  if (/must be a number/.test(message)) return { key: 'ra.validation.number' };
  if (/must be in the future/.test(message)) return { key: 'hpc.validation.future' };
  if (/must be a valid ISO 8601 date|must be a date/.test(message)) return { key: 'hpc.validation.date' };
  if (/must be a UUID|does not exist|unknown (operation|cluster|organisation|user)/i.test(message)) return { key: 'hpc.validation.choose' };
  if (/must contain at most|too long/.test(message)) return { key: 'hpc.validation.too_long' };
  if (/must contain at least|too short/.test(message)) return { key: 'hpc.validation.too_short' };
  if (/^[A-Z]{3}|ISO 3166/.test(message) && /iso3|country/i.test(message)) return { key: 'hpc.validation.iso3' };
  return null;
}

/** A validator message ("coordinatorName should not be empty") → a short sentence for under the input. */
export function localizeFieldError(message: string, translate: Translate): string {
  const rule = ruleOf(message);
  return rule ? translate(rule.key, rule.args) : message;
}

/** react-admin's forms translate what they show under an input: hand them a key with its arguments where we know the rule. */
export function fieldErrorForForm(message: string): string | { message: string; args: Record<string, unknown> } {
  const rule = ruleOf(message);
  if (!rule) return message;
  return rule.args ? { message: rule.key, args: { ...rule.args, _: message } } : rule.key;
}

/** Field errors keyed by path, from `[{field, message}]` (a `data.` prefix is the decision's data). */
export function fieldErrorMap(errors: readonly { field: string; message: string }[], translate: Translate): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const path = e.field.replace(/^data\./, '').replace(/^input\./, '');
    // The label says which field: drop the id the validator starts its sentence with.
    const rule = e.message.startsWith(e.field) ? e.message.slice(e.field.length).replace(/^:?\s+/, '') : e.message;
    if (!out[path]) out[path] = localizeFieldError(rule, translate);
  }
  return out;
}

/** "Coordinator: Required; Information manager: Required": each problem with the field's label in the user's language. */
export function describeFieldErrors(fields: Record<string, string>, translate: Translate, labelOf: (path: string) => string): string {
  return Object.entries(fields)
    .map(([path, rule]) => translate('hpc.errors.field', { field: labelOf(path), rule }))
    .join('; ');
}

/** react-admin's HttpError (or anything shaped like it): a status and the parsed body. */
function isHttpError(error: unknown): error is { status: number; body?: unknown; message: string } {
  return typeof error === 'object' && error !== null && typeof (error as { status?: unknown }).status === 'number';
}

export interface ExplainedError {
  status: number | null;
  message: string;
  fields: Record<string, string>;
  /** On a 409: who decided the task first, and when (from the API's details). */
  conflict?: ConflictDetails;
}

export interface ConflictDetails {
  decidedBy?: { kind?: string; displayName?: string; username?: string } | null;
  decidedAt?: string | null;
}

/** What went wrong with a request, for an Alert: 400s name each field by its label and rule, 409s who decided. */
export function explainError(
  error: unknown,
  translate: Translate,
  labelOf: (path: string) => string = (path) => translate(`hpc.defs.fields.${path}`, { _: humanize(path) }),
): ExplainedError {
  if (isHttpError(error)) {
    const body = (error.body ?? {}) as ApiErrorBody;
    const apiMessage = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? error.message);
    const details = fieldDetails(body);
    // ValidationPipe lists its messages without details: recover the field from each sentence.
    const fromMessages = (Array.isArray(body.message) ? body.message : [])
      .map((m) => ({ field: fieldOfMessage(m), message: m }))
      .filter((e): e is { field: string; message: string } => !!e.field && !e.message.startsWith('property '));
    const fields = fieldErrorMap(details.length ? details : fromMessages, translate);
    switch (error.status) {
      case 400: {
        const named = Object.keys(fields).length ? describeFieldErrors(fields, translate, labelOf) : apiMessage;
        return { status: 400, message: translate('hpc.errors.invalid', { message: named }), fields };
      }
      case 401:
        return { status: 401, message: translate('hpc.auth.session_expired'), fields };
      case 403:
        return { status: 403, message: translate('hpc.errors.forbidden', { message: apiMessage }), fields };
      case 404:
        return { status: 404, message: translate('hpc.errors.not_found', { message: apiMessage }), fields };
      case 409:
        return { status: 409, message: translate('hpc.errors.conflict', { message: apiMessage }), fields, conflict: conflictOf(body) };
      default:
        return { status: error.status, message: translate('hpc.errors.server', { message: apiMessage }), fields };
    }
  }
  return { status: null, message: translate('hpc.errors.network'), fields: {} };
}

function conflictOf(body: ApiErrorBody): ConflictDetails | undefined {
  const d = body.details;
  if (!d || Array.isArray(d) || typeof d !== 'object') return undefined;
  const { decidedBy, decidedAt } = d as ConflictDetails;
  return decidedBy || decidedAt ? { decidedBy: decidedBy ?? null, decidedAt: decidedAt ?? null } : undefined;
}

/** "coordinatorName" → "Coordinator name": the last-resort label of a field without a translation. */
export function humanize(key: string): string {
  const last = key.split('.').pop() ?? key;
  const words = last.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
