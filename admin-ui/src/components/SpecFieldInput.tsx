import {
  Box, Button, Checkbox, FormControl, FormControlLabel, FormGroup, FormHelperText, FormLabel, IconButton, InputAdornment, MenuItem, Table, TableBody, TableCell, TableHead,
  TableRow, TextField, Typography,
} from '@mui/material';
import { useGetList, useTranslate } from 'react-admin';
import type { FieldSpec } from '../../../workflows/domain';
import { useDefinitionLabels } from '../definitions';
import { getPath, type Values } from './specValues';

export { compactValues, getPath, setPath, type Values } from './specValues';

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


interface Props {
  spec: FieldSpec;
  /** Dotted path of this field (nested object fields: `criteria.responseGaps`). */
  path: string;
  values: Values;
  errors: Record<string, string>;
  onChange: (path: string, value: unknown) => void;
  disabled?: boolean;
}

/** A list field's rows as a table: one input per column, a row added or removed by a button. */
const ListInput = ({ spec, path, values, errors, onChange, disabled, label }: Props & { label: string }) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const rows = Array.isArray(getPath(values, path)) ? (getPath(values, path) as Values[]) : [];
  const fields = spec.fields ?? [];
  // The validator names a row's field `rows[2].severity`; the inputs are addressed `rows.2.severity`.
  const cellErrors = Object.fromEntries(Object.entries(errors).map(([k, v]) => [k.replace(/\[(\d+)\]/g, '.$1'), v]));
  const error = errors[path];
  return (
    <Box component="fieldset" data-testid={`list-${path}`} sx={{ border: 1, borderColor: error ? 'error.main' : 'divider', borderRadius: 1, px: 2, pb: 1, mb: 2, overflowX: 'auto' }}>
      <Typography component="legend" variant="body2" sx={{ px: 0.5 }} color={error ? 'error' : 'text.secondary'}>
        {label}
        {spec.required ? ' *' : ''}
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            {fields.map((f) => (
              <TableCell key={f.name}>{labels.fieldLabel(f, `${path.replace(/\.\d+(?=\.|$)/g, '')}.${f.name}`)}</TableCell>
            ))}
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((_, i) => (
            <TableRow key={i} data-testid={`row-${path}`}>
              {fields.map((f) => (
                <TableCell key={f.name} sx={{ minWidth: 140, verticalAlign: 'top' }}>
                  <SpecFieldInput spec={f} path={`${path}.${i}.${f.name}`} values={values} errors={cellErrors} onChange={onChange} disabled={disabled} />
                </TableCell>
              ))}
              <TableCell sx={{ verticalAlign: 'top' }}>
                <IconButton
                  aria-label={translate('hpc.common.remove_row')}
                  disabled={disabled}
                  onClick={() => onChange(path, rows.filter((__, j) => j !== i))}
                >
                  ×
                </IconButton>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <Button size="small" disabled={disabled || (spec.max !== undefined && rows.length >= spec.max)} onClick={() => onChange(path, [...rows, {}])} data-testid={`add-${path}`}>
        {translate('hpc.common.add_row')}
      </Button>
      <FormHelperText error={!!error}>{error ?? spec.description ?? ' '}</FormHelperText>
    </Box>
  );
};

/** One input generated from a definition's field spec (decision data or process input). */
export const SpecFieldInput = ({ spec, path, values, errors, onChange, disabled }: Props) => {
  const labels = useDefinitionLabels();
  // A list row's field is labelled like its column (`rows.adminArea`, not `rows.2.adminArea`).
  const label = labels.fieldLabel(spec, path.replace(/\.\d+(?=\.|$)/g, ''));
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
      // Kept as the decimal string typed ("1250000.50"): money is never a float.
      return (
        <TextField
          {...common}
          value={value === undefined || value === null ? '' : String(value)}
          onChange={(e) => onChange(path, e.target.value.trim() === '' ? undefined : e.target.value.trim())}
          slotProps={{ ...common.slotProps, htmlInput: { ...common.slotProps.htmlInput, inputMode: 'decimal' }, input: { startAdornment: <InputAdornment position="start">USD</InputAdornment> } }}
        />
      );
    case 'list':
      return <ListInput spec={spec} path={path} values={values} errors={errors} onChange={onChange} disabled={disabled} label={label} />;
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
