// A valid value for every required field of a definition's input, built from the definition the API serves,
// so suites that only need "some valid case" follow the definitions as they change.

export interface Field {
  name: string;
  type: string;
  required?: boolean;
  options?: readonly string[];
  fields?: readonly Field[];
  ref?: string;
  min?: number;
}

export function sampleInput(fields: readonly Field[], refs: Record<string, string>, prefer: Record<string, unknown> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    if (prefer[f.name] !== undefined) out[f.name] = prefer[f.name];
    else if (!f.required) continue;
    else if (f.type === 'uuid') out[f.name] = refs[f.ref ?? ''];
    else if (f.type === 'boolean') out[f.name] = true;
    else if (f.type === 'enum') out[f.name] = f.options?.[0];
    else if (f.type === 'enum-list') out[f.name] = f.options?.slice(0, 1);
    else if (f.type === 'object') out[f.name] = sampleInput(f.fields ?? [], refs);
    else if (f.type === 'list') out[f.name] = [sampleInput(f.fields ?? [], refs)];
    else if (['number', 'integer', 'money'].includes(f.type)) out[f.name] = f.min ?? 1;
    else if (f.type === 'date') out[f.name] = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    else out[f.name] = 'Mass displacement; needs exceed national capacity';
  }
  return out;
}
