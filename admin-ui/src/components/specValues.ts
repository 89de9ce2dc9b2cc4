// The values of a form generated from field specs: read and written by dotted path (a list's rows by index),
// compacted to what the user filled in before the validators and the API see them. No React here.
import type { FieldSpec } from '../../../workflows/domain';

export type Values = Record<string, unknown>;

export function getPath(values: Values, path: string): unknown {
  return path.split('.').reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Values)[k] : undefined), values);
}

export function setPath(values: Values, path: string, value: unknown): Values {
  const [head, ...rest] = path.split('.');
  const next = rest.length === 0 ? value : setPath((values[head] && typeof values[head] === 'object' ? values[head] : {}) as Values, rest.join('.'), value);
  // A list's rows are addressed by index (`rows.2.severity`) and stay a list.
  if (Array.isArray(values)) {
    const copy = [...(values as unknown[])];
    copy[Number(head)] = next;
    return copy as unknown as Values;
  }
  return { ...values, [head]: next };
}

/** Drops empty optional values so the validators and the API see only what the user filled in. */
export function compactValues(specs: readonly FieldSpec[], values: Values): Values {
  const out: Values = {};
  for (const spec of specs) {
    const v = values[spec.name];
    if (spec.type === 'object') {
      const nested = compactValues(spec.fields ?? [], (v && typeof v === 'object' ? v : {}) as Values);
      if (Object.keys(nested).length || spec.required) out[spec.name] = nested;
      continue;
    }
    if (spec.type === 'list' && Array.isArray(v)) {
      if (v.length || spec.required) out[spec.name] = v.map((row) => compactValues(spec.fields ?? [], (row && typeof row === 'object' ? row : {}) as Values));
      continue;
    }
    if (spec.type === 'boolean' && spec.required && v === undefined) {
      out[spec.name] = false;
      continue;
    }
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0 && !spec.required)) continue;
    out[spec.name] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}
