import { Alert, Box, Button, Card, CardContent, CircularProgress, MenuItem, TextField, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { Title, useDataProvider, useNotify, usePermissions, useRedirect, useTranslate } from 'react-admin';
import type { FieldSpec } from '../../../../workflows/domain';
import { canStart, validateProcessInput } from '../../processes';
import { describeFieldErrors, explainError, fieldErrorMap, humanize } from '../../components/errors';
import { compactValues, setPath, SpecFieldInput, type Values } from '../../components/SpecFieldInput';
import { DEFINITIONS, useDefinitionLabels } from '../../definitions';

/** Start a process: the types this user may start, each with a form generated from its input fields. */
export const ProcessCreate = () => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const dataProvider = useDataProvider();
  const notify = useNotify();
  const redirect = useRedirect();
  const { permissions = [] } = usePermissions<string[]>();
  const startable = useMemo(() => DEFINITIONS.filter((d) => canStart(d.type, permissions)), [permissions]);
  const [type, setType] = useState<string>('');
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const definition = startable.find((d) => d.type === (type || startable[0]?.type));

  const onChange = (path: string, value: unknown) => {
    setValues((prev) => setPath(prev, path, value));
    // A change answers the field's error and any rule on its parent object (e.g. `criteria`).
    setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([key]) => key !== path && !path.startsWith(`${key}.`))));
    setError(null);
  };

  /** A field's label in the user's language, for messages that name it ("Operation: Required"). */
  const labelOf = (path: string) => {
    const spec = path.split('.').reduce<{ fields?: readonly FieldSpec[]; found?: FieldSpec }>(
      (acc, name) => {
        const found = acc.fields?.find((f) => f.name === name);
        return { fields: found?.fields, found };
      },
      { fields: definition?.input },
    ).found;
    return labels.fieldLabel({ name: path.split('.').pop() ?? path, label: spec?.label ?? humanize(path) }, path);
  };

  const submit = async () => {
    if (!definition) return;
    setError(null);
    const input = compactValues(definition.input, values);
    const problems = validateProcessInput(definition.type, input);
    if (problems.length) {
      const map = fieldErrorMap(problems, translate);
      setErrors(map);
      setError(describeFieldErrors(map, translate, labelOf));
      return;
    }
    setPending(true);
    try {
      const { data } = await dataProvider.create('processes', { data: { type: definition.type, input } });
      notify('hpc.processes.started', { type: 'success' });
      redirect('show', 'processes', data.id);
    } catch (e) {
      const explained = explainError(e, translate, labelOf);
      setErrors(explained.fields);
      setError(explained.message);
    } finally {
      setPending(false);
    }
  };

  return (
    <Card sx={{ mt: 2, maxWidth: 760 }}>
      <Title title="hpc.processes.start" />
      <CardContent>
        {startable.length === 0 ? (
          <Alert severity="info">{translate('hpc.processes.cannot_start')}</Alert>
        ) : (
          <Box component="form" noValidate onSubmit={(e) => e.preventDefault()} data-testid="start-form">
            <TextField
              select
              fullWidth
              label={translate('resources.processes.fields.type')}
              value={definition?.type ?? ''}
              onChange={(e) => {
                setType(e.target.value);
                setValues({});
                setErrors({});
                setError(null);
              }}
              sx={{ mb: 2 }}
              slotProps={{ htmlInput: { name: 'type' } }}
            >
              {startable.map((d) => (
                <MenuItem key={d.type} value={d.type}>
                  {labels.processType(d.type)}
                </MenuItem>
              ))}
            </TextField>
            {definition && (
              <>
                <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
                  {translate(`hpc.defs.${definition.type}.description`, { _: definition.description })}
                </Typography>
                {definition.input.map((spec) => (
                  <SpecFieldInput key={spec.name} spec={spec} path={spec.name} values={values} errors={errors} onChange={onChange} disabled={pending} />
                ))}
              </>
            )}
            {error && (
              <Alert severity="error" sx={{ mb: 2 }} data-testid="start-error">
                {error}
              </Alert>
            )}
            <Button variant="contained" onClick={submit} disabled={pending || !definition} startIcon={pending ? <CircularProgress size={16} /> : undefined} data-testid="start-submit">
              {translate('hpc.processes.start')}
            </Button>
          </Box>
        )}
      </CardContent>
    </Card>
  );
};
