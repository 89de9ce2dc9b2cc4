import { Alert, Box, Button, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import { useDataProvider, useNotify, useRedirect, useRefresh, useTranslate } from 'react-admin';
import { validateDecision, type DecisionSpec, type ProcessDefinition, type StepDefinition } from '../../../../workflows/domain';
import { describeFieldErrors, explainError, fieldErrorMap, type ExplainedError } from '../../components/errors';
import { compactValues, setPath, SpecFieldInput, type Values } from '../../components/SpecFieldInput';
import type { HpcDataProvider } from '../../dataProvider';
import { useDefinitionLabels } from '../../definitions';
import { useFormat } from '../../i18n/format';
import type { Task } from '../../types';

const toneColor = (tone: DecisionSpec['tone']) => (tone === 'positive' ? 'success' : tone === 'negative' ? 'error' : 'primary');

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

/** The outcome a decision ends the case with, if it does (a plain end, or an end among its rules). */
export function endOf(decision: DecisionSpec): string | null {
  const next = decision.next as unknown;
  if (next && typeof next === 'object' && !Array.isArray(next)) {
    if ('end' in next) return (next as { end: string }).end;
    const rules = (next as { rules?: readonly ({ end?: string } | { to?: readonly string[] })[] }).rules ?? [];
    const ends = rules.map((r) => ('end' in r ? r.end : undefined)).filter((e): e is string => !!e);
    // Only a decision whose every branch ends the case "ends the case"; conditional ends are named where they apply.
    return ends.length > 0 && ends.length === rules.length ? ends[0] : null;
  }
  return null;
}

/** The steps a decision opens next (none for an end or a conditional transition). */
export function nextStepsOf(decision: DecisionSpec): string[] {
  return Array.isArray(decision.next) ? [...(decision.next as readonly string[])] : [];
}

/** Irreversible enough to ask first: a negative decision, or one that ends the case. */
export function needsConfirmation(decision: DecisionSpec): boolean {
  return decision.tone === 'negative' || endOf(decision) !== null;
}

const commentRequired = (d: DecisionSpec) => !!(d as { commentRequired?: boolean }).commentRequired;

/**
 * The decision form generated from the step definition: one button per allowed decision, a comment,
 * and each decision's data fields, validated with the same rules the API applies. A negative decision
 * or one that ends the case opens a dialog that says what will happen (and asks the reason where the
 * definition requires one) before anything is sent.
 */
export const DecisionForm = ({ task, definition, step }: { task: Task; definition: ProcessDefinition; step: StepDefinition }) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const format = useFormat();
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
  const [confirming, setConfirming] = useState<DecisionSpec | null>(null);
  const [reasonError, setReasonError] = useState(false);
  // One key per attempt: a double click reuses it (one decision); a refused attempt gets a fresh one.
  const inFlight = useRef(false);
  const attemptKey = useRef<string | null>(null);

  const allowed = step.decisions.filter((d) => task.decisions.includes(d.id));
  const withData = allowed.filter((d) => d.data.length > 0);
  const decisionName = (d: DecisionSpec) => labels.decisionLabel(task.processType, step.id, d.id);
  const fieldLabel = (path: string) => {
    // A list row's field (`rows[2].severity`): its column's label and the row's number.
    const row = /\[(\d+)\]/.exec(path);
    const clean = path.replace(/\[\d+\]/g, '');
    const spec = allowed.flatMap((d) => d.data).find((f) => f.name === clean.split('.')[0]);
    const nested = clean.includes('.') ? spec?.fields?.find((f) => f.name === clean.split('.').slice(1).join('.')) : spec;
    if (path === 'comment') return translate('hpc.tasks.reason');
    const label = labels.fieldLabel({ name: clean, label: nested?.label ?? spec?.label ?? clean }, clean);
    return row ? `${label} (${Number(row[1]) + 1})` : label;
  };

  /** Checks the form locally; returns false (and shows why) when the API would refuse it. */
  const check = (decision: DecisionSpec): boolean => {
    const data = compactValues(decision.data, values[decision.id] ?? {});
    // The reason (comment) is asked for in the confirmation dialog; here only the decision's data.
    const dataProblems = validateDecision(definition, step.id, decision.id, data).filter((p) => p.field !== 'comment');
    if (dataProblems.length) {
      const map = fieldErrorMap(dataProblems, translate);
      setFieldErrors({ [decision.id]: map });
      setError(`${translate('hpc.tasks.fix_fields')} ${describeFieldErrors(map, translate, fieldLabel)}`);
      return false;
    }
    return true;
  };

  /** The conflict in plain words: who decided first and when, read from the task itself. */
  const explainConflict = async (explained: ExplainedError): Promise<string> => {
    try {
      const { data: fresh } = await dataProvider.getOne<Task>('tasks', { id: task.id });
      if (fresh.status === 'cancelled') return translate('hpc.tasks.cancelled');
      const by = fresh.decidedBy ?? explained.conflict?.decidedBy;
      const actor = by && 'displayName' in by ? (by.displayName ?? '') : translate('hpc.common.system');
      return translate('hpc.tasks.conflict', {
        decision: fresh.decision ? labels.decisionLabel(task.processType, step.id, fresh.decision) : '—',
        actor,
        at: format.dateTime(fresh.decidedAt ?? explained.conflict?.decidedAt),
      });
    } catch {
      return translate('hpc.tasks.conflict_closed');
    }
  };

  const send = async (decision: DecisionSpec) => {
    if (inFlight.current) return;
    const data = compactValues(decision.data, values[decision.id] ?? {});
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
      setConfirming(null);
      notify('hpc.tasks.decision_recorded', { type: 'success', messageArgs: { decision: decisionName(decision) } });
      refresh();
      redirect('list', 'tasks');
    } catch (e) {
      const explained = explainError(e, translate, fieldLabel);
      // Only an unknown outcome (network) may be retried with the same key.
      if (explained.status !== null) attemptKey.current = null;
      setFieldErrors({ [decision.id]: explained.fields });
      setConfirming(null);
      // On a 409 the message says who decided and when; the form stays so it can be read, reload is one click.
      setConflict(explained.status === 409);
      setError(explained.status === 409 ? await explainConflict(explained) : explained.message);
    } finally {
      inFlight.current = false;
      setPending(null);
    }
  };

  const choose = (decision: DecisionSpec) => {
    setError(null);
    setReasonError(false);
    if (!check(decision)) return;
    if (needsConfirmation(decision) || commentRequired(decision)) setConfirming(decision);
    else void send(decision);
  };

  const confirm = () => {
    if (!confirming) return;
    if (commentRequired(confirming) && !comment.trim()) {
      setReasonError(true);
      return;
    }
    void send(confirming);
  };

  const end = confirming ? endOf(confirming) : null;
  const next = confirming ? nextStepsOf(confirming) : [];

  return (
    <Box component="form" onSubmit={(e) => e.preventDefault()} data-testid="decision-form" noValidate>
      <Typography variant="h6" gutterBottom>
        {translate('hpc.tasks.your_decision')}
      </Typography>
      {withData.map((d) => (
        <Box key={d.id} sx={{ mb: 2 }}>
          {allowed.length > 1 && (
            <Typography variant="subtitle2" color="text.secondary" gutterBottom>
              {translate('hpc.tasks.data_for', { decision: decisionName(d) })}
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
              onChange={(path, v) => setValues((prev) => ({ ...prev, [d.id]: setPath(prev[d.id] ?? {}, path, v) }))}
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
        slotProps={{ htmlInput: { name: 'comment', 'data-testid': 'field-comment', maxLength: 10000, dir: 'auto' } }}
        sx={{ mb: 2 }}
      />
      {error && (
        <Alert
          severity={conflict ? 'warning' : 'error'}
          sx={{ mb: 2 }}
          data-testid="decision-error"
          role="alert"
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
            onClick={() => choose(d)}
            data-testid={`decision-${d.id}`}
            startIcon={pending === d.id ? <CircularProgress size={16} color="inherit" /> : undefined}
          >
            {decisionName(d)}
          </Button>
        ))}
      </Stack>
      <Dialog open={!!confirming} onClose={() => (pending ? undefined : setConfirming(null))} aria-labelledby="confirm-decision-title" data-testid="confirm-decision">
        {confirming && (
          <>
            <DialogTitle id="confirm-decision-title">{translate('hpc.tasks.confirm_title', { decision: decisionName(confirming) })}</DialogTitle>
            <DialogContent>
              <DialogContentText component="div">
                {end && <p data-testid="confirm-ends">{translate('hpc.tasks.confirm_ends', { outcome: labels.outcomeLabel(task.processType, end) })}</p>}
                {!end && next.length > 0 && (
                  <p data-testid="confirm-next">{translate('hpc.tasks.confirm_next', { steps: format.list(next.map((s) => labels.stepTitle(task.processType, s))) })}</p>
                )}
                <p>{translate('hpc.tasks.confirm_final')}</p>
              </DialogContentText>
              {commentRequired(confirming) && (
                <TextField
                  autoFocus
                  required
                  label={translate('hpc.tasks.reason')}
                  helperText={reasonError ? translate('hpc.tasks.reason_required') : translate('hpc.tasks.reason_help')}
                  error={reasonError}
                  multiline
                  minRows={2}
                  fullWidth
                  value={comment}
                  onChange={(e) => {
                    setComment(e.target.value);
                    if (e.target.value.trim()) setReasonError(false);
                  }}
                  disabled={!!pending}
                  slotProps={{ htmlInput: { name: 'reason', 'data-testid': 'field-reason', maxLength: 10000, dir: 'auto' } }}
                  sx={{ mt: 1 }}
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button onClick={() => setConfirming(null)} disabled={!!pending} data-testid="confirm-cancel">
                {translate('ra.action.cancel')}
              </Button>
              <Button
                variant="contained"
                color={toneColor(confirming.tone)}
                onClick={confirm}
                disabled={!!pending}
                data-testid="confirm-decision-button"
                startIcon={pending ? <CircularProgress size={16} color="inherit" /> : undefined}
              >
                {translate('hpc.tasks.confirm_button', { decision: decisionName(confirming) })}
              </Button>
            </DialogActions>
          </>
        )}
      </Dialog>
    </Box>
  );
};
