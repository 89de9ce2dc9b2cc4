import { Alert, Box, Button, CircularProgress, Stack, TextField, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import { useDataProvider, useNotify, useRedirect, useRefresh, useTranslate } from 'react-admin';
import { validateDecision, type DecisionSpec, type ProcessDefinition, type StepDefinition } from '../../../../workflows/domain';
import { explainError, fieldErrorMap } from '../../components/errors';
import { compactValues, SpecFieldInput, type Values } from '../../components/SpecFieldInput';
import type { HpcDataProvider } from '../../dataProvider';
import { useDefinitionLabels } from '../../definitions';
import type { Task } from '../../types';

const toneColor = (tone: DecisionSpec['tone']) => (tone === 'positive' ? 'success' : tone === 'negative' ? 'error' : 'primary');

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/**
 * The decision form generated from the step definition: one button per allowed decision, a comment,
 * and each decision's data fields, validated with the same rules the API applies.
 */
export const DecisionForm = ({ task, definition, step }: { task: Task; definition: ProcessDefinition; step: StepDefinition }) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const dataProvider = useDataProvider<HpcDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const [values, setValues] = useState<Record<string, Values>>({});
  const [comment, setComment] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, Record<string, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  // One key per attempt: a double click reuses it (one decision); a refused attempt gets a fresh one.
  const inFlight = useRef(false);
  const attemptKey = useRef<string | null>(null);

  const allowed = step.decisions.filter((d) => task.decisions.includes(d.id));
  const withData = allowed.filter((d) => d.data.length > 0);

  const submit = async (decision: DecisionSpec) => {
    if (inFlight.current) return;
    setError(null);
    const data = compactValues(decision.data, values[decision.id] ?? {});
    const problems = validateDecision(definition, step.id, decision.id, data);
    if (problems.length) {
      setFieldErrors({ [decision.id]: fieldErrorMap(problems, translate) });
      setError(translate('hpc.tasks.fix_fields'));
      return;
    }
    setFieldErrors({});
    inFlight.current = true;
    setPending(decision.id);
    attemptKey.current ??= newKey();
    try {
      await dataProvider.decide(
        task.id,
        { decision: decision.id, ...(comment.trim() ? { comment: comment.trim() } : {}), ...(decision.data.length ? { data } : {}) },
        attemptKey.current,
      );
      attemptKey.current = null;
      notify('hpc.tasks.decision_recorded', { type: 'success', messageArgs: { decision: labels.decisionLabel(task.processType, step.id, decision.id) } });
      refresh();
      redirect('list', 'tasks');
    } catch (e) {
      const explained = explainError(e, translate);
      // Only an unknown outcome (network) may be retried with the same key.
      if (explained.status !== null) attemptKey.current = null;
      setFieldErrors({ [decision.id]: explained.fields });
      setError(explained.message);
      // On a 409 the message says who decided; the form stays so it can be read, reload is one click.
      setConflict(explained.status === 409);
    } finally {
      inFlight.current = false;
      setPending(null);
    }
  };

  return (
    <Box component="form" onSubmit={(e) => e.preventDefault()} data-testid="decision-form" noValidate>
      <Typography variant="h6" gutterBottom>
        {translate('hpc.tasks.your_decision')}
      </Typography>
      {withData.map((d) => (
        <Box key={d.id} sx={{ mb: 2 }}>
          {allowed.length > 1 && (
            <Typography variant="subtitle2" color="text.secondary" gutterBottom>
              {translate('hpc.tasks.data_for', { decision: labels.decisionLabel(task.processType, step.id, d.id) })}
            </Typography>
          )}
          {d.data.map((f) => (
            <SpecFieldInput
              key={f.name}
              spec={f}
              path={f.name}
              values={values[d.id] ?? {}}
              errors={fieldErrors[d.id] ?? {}}
              disabled={!!pending}
              onChange={(path, v) => setValues((prev) => ({ ...prev, [d.id]: { ...(prev[d.id] ?? {}), [path]: v } }))}
            />
          ))}
        </Box>
      ))}
      <TextField
        label={translate('hpc.tasks.comment')}
        helperText={translate('hpc.tasks.comment_help')}
        multiline
        minRows={2}
        fullWidth
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        disabled={!!pending}
        slotProps={{ htmlInput: { name: 'comment', 'data-testid': 'field-comment', maxLength: 10000 } }}
        sx={{ mb: 2 }}
      />
      {error && (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          data-testid="decision-error"
          action={
            conflict ? (
              <Button color="inherit" size="small" onClick={() => refresh()}>
                {translate('ra.action.refresh')}
              </Button>
            ) : undefined
          }
        >
          {error}
        </Alert>
      )}
      <Stack direction="row" spacing={1} useFlexGap flexWrap="wrap">
        {allowed.map((d) => (
          <Button
            key={d.id}
            variant={d.tone === 'positive' ? 'contained' : 'outlined'}
            color={toneColor(d.tone)}
            disabled={!!pending}
            onClick={() => submit(d)}
            data-testid={`decision-${d.id}`}
            startIcon={pending === d.id ? <CircularProgress size={16} color="inherit" /> : undefined}
          >
            {labels.decisionLabel(task.processType, step.id, d.id)}
          </Button>
        ))}
      </Stack>
    </Box>
  );
};
