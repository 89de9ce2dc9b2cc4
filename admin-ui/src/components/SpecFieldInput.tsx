import { Box, Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel, InputAdornment, MenuItem, TextField, Typography } from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import type { FieldSpec } from '../../../workflows/domain';
import { useDefinitionLabels } from '../definitions';

const REF_RESOURCES: Record<string, string> = { operation: 'operations', cluster: 'clusters', organisation: 'organisations', user: 'users' };

/** The resource a uuid field points at: its declared `ref`, else what its name says. */
export function referenceOf(spec: FieldSpec): string | null {
  if (spec.type !== 'uuid') return null;
  const declared = (spec as { ref?: string }).ref;
  if (declared) return REF_RESOURCES[declared] ?? null;
  if (spec.name === 'operationId') return 'operations';
  if (spec.name === 'clusterId') return 'clusters';
  if (/AgencyId$|^organisationId$/.test(spec.name)) return 'organisations';
  return null;
}

/** Operations, clusters and organisations are picked by name from the reference data, never typed as ids. */
const ReferenceSelect = ({ resource, common, value, onChange, required }: { resource: string; common: Record<string, unknown>; value: string; onChange: (v: string | undefined) => void; required: boolean }) => {
  const translate = useTranslate();
  const sortField = resource === 'clusters' ? 'sector' : resource === 'users' ? 'displayName' : 'name';
  const { data = [] } = useGetList(resource, { pagination: { page: 1, perPage: 500 }, sort: { field: sortField, order: 'ASC' } });
  const optionText = (r: any) => {
    if (resource === 'operations') return `${r.name} (${r.countryIso3})`;
    if (resource === 'clusters') return [translate(`hpc.sectors.${r.sector}`, { _: r.sector }), r.leadAgency, translate(`hpc.cluster_statuses.${r.status}`, { _: r.status })].filter(Boolean).join(' · ');
    if (resource === 'users') return r.displayName ?? r.username;
    return r.name;
  };
  return (
    <TextField {...common} select value={value} onChange={(e) => onChange(e.target.value || undefined)}>
      {!required && <MenuItem value="">—</MenuItem>}
      {data.map((r: any) => (
        <MenuItem key={r.id} value={r.id}>
          <bdi>{optionText(r)}</bdi>
        </MenuItem>
      ))}
    </TextField>
  );
};

export type Values = Record<string, unknown>;

interface Props {
  spec: FieldSpec;
  /** Dotted path of this field (nested object fields: `criteria.responseGaps`). */
  path: string;
  values: Values;
  errors: Record<string, string>;
  onChange: (path: string, value: unknown) => void;
  disabled?: boolean;
}

export function getPath(values: Values, path: string): unknown {
  return path.split('.').reduce<unknown>((acc, k) => (acc && typeof acc === 'object' ? (acc as Values)[k] : undefined), values);
}

export function setPath(values: Values, path: string, value: unknown): Values {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { ...values, [head]: value };
  const child = (values[head] && typeof values[head] === 'object' ? values[head] : {}) as Values;
  return { ...values, [head]: setPath(child, rest.join('.'), value) };
}

/** One input generated from a definition's field spec (decision data or process input). */
export const SpecFieldInput = ({ spec, path, values, errors, onChange, disabled }: Props) => {
  const labels = useDefinitionLabels();
  const label = labels.fieldLabel(spec, path);
  const value = getPath(values, path);
  const error = errors[path];
  const common = {
    label,
    fullWidth: true,
    required: !!spec.required,
    error: !!error,
    helperText: error ?? spec.description ?? ' ',
    disabled,
    slotProps: { htmlInput: { name: path, 'data-testid': `field-${path}` } },
  };
  const resource = referenceOf(spec);
  if (resource) {
    return <ReferenceSelect resource={resource} common={common} value={(value as string) ?? ''} onChange={(v) => onChange(path, v)} required={!!spec.required} />;
  }
  switch (spec.type as string) {
    case 'enum-list': {
      const chosen = Array.isArray(value) ? (value as string[]) : [];
      return (
        <FormControl error={!!error} required={!!spec.required} disabled={disabled} component="fieldset" sx={{ display: 'block', mb: 1 }}>
          <FormLabel component="legend">{label}</FormLabel>
          <FormGroup>
            {(spec.options ?? []).map((o) => (
              <FormControlLabel
                key={o}
                control={
                  <Checkbox
                    checked={chosen.includes(o)}
                    onChange={(e) => onChange(path, e.target.checked ? [...chosen, o] : chosen.filter((c) => c !== o))}
                    slotProps={{ input: { name: `${path}.${o}`, 'data-testid': `field-${path}-${o}` } as object }}
                  />
                }
                label={labels.optionLabel(spec, o)}
              />
            ))}
          </FormGroup>
          <FormHelperText>{error ?? spec.description ?? ' '}</FormHelperText>
        </FormControl>
      );
    }
    case 'money':
      return (
        <TextField
          {...common}
          type="number"
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => onChange(path, e.target.value === '' ? undefined : Number(e.target.value))}
          slotProps={{ ...common.slotProps, input: { startAdornment: <InputAdornment position="start">USD</InputAdornment> } }}
        />
      );
    case 'boolean':
      return (
        <FormControl error={!!error} required={!!spec.required} disabled={disabled} sx={{ display: 'block' }}>
          <FormControlLabel
            control={
              <Checkbox
                checked={value === true}
                onChange={(e) => onChange(path, e.target.checked)}
                slotProps={{ input: { name: path, 'data-testid': `field-${path}` } as object }}
              />
            }
            label={label}
          />
          {error && <FormHelperText>{error}</FormHelperText>}
        </FormControl>
      );
    case 'enum':
      return (
        <TextField {...common} select value={(value as string) ?? ''} onChange={(e) => onChange(path, e.target.value || undefined)}>
          {!spec.required && <MenuItem value="">—</MenuItem>}
          {(spec.options ?? []).map((o) => (
            <MenuItem key={o} value={o}>
              {labels.optionLabel(spec, o)}
            </MenuItem>
          ))}
        </TextField>
      );
    case 'number':
    case 'integer':
      return (
        <TextField
          {...common}
          type="number"
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => onChange(path, e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'date':
      return (
        <TextField
          {...common}
          type="date"
          value={(value as string) ?? ''}
          onChange={(e) => onChange(path, e.target.value || undefined)}
          slotProps={{ ...common.slotProps, inputLabel: { shrink: true } }}
        />
      );
    case 'object':
      return (
        <Box component="fieldset" sx={{ border: 1, borderColor: error ? 'error.main' : 'divider', borderRadius: 1, px: 2, pb: 1, mb: 2 }}>
          <Typography component="legend" variant="body2" sx={{ px: 0.5 }} color={error ? 'error' : 'text.secondary'}>
            {label}
          </Typography>
          {(spec.fields ?? []).map((f) => (
            <SpecFieldInput key={f.name} spec={f} path={`${path}.${f.name}`} values={values} errors={errors} onChange={onChange} disabled={disabled} />
          ))}
          {error && <FormHelperText error>{error}</FormHelperText>}
        </Box>
      );
    case 'text':
      return <TextField {...common} multiline minRows={3} value={(value as string) ?? ''} onChange={(e) => onChange(path, e.target.value)} />;
    default:
      return <TextField {...common} value={(value as string) ?? ''} onChange={(e) => onChange(path, e.target.value)} />;
  }
};

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
    if (spec.type === 'boolean' && spec.required && v === undefined) {
      out[spec.name] = false;
      continue;
    }
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0 && !spec.required)) continue;
    out[spec.name] = typeof v === 'string' ? v.trim() : v;
  }
  return out;
}
