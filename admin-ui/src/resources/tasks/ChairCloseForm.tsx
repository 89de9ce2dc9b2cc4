// The chair's task of a vote: the engine's own decision `close-vote` with the recorded attendance (not a
// decision of the definition, so the generated DecisionForm does not draw it).
import { Alert, Box, Button, CircularProgress, Typography } from '@mui/material';
import { useRef, useState } from 'react';
import { useDataProvider, useNotify, useRedirect, useRefresh, useTranslate } from 'react-admin';
import type { FieldSpec } from '../../../../workflows/domain';
import { explainError } from '../../components/errors';
import { SpecFieldInput, type Values } from '../../components/SpecFieldInput';
import type { HpcDataProvider } from '../../dataProvider';
import type { Task } from '../../types';

export const CLOSE_VOTE = 'close-vote';
/** Mirrors the engine's CHAIR_CLOSE data (workflows/engine/engine.ts): the API checks it again. */
const ATTENDANCE: FieldSpec = { name: 'attendance', label: 'Members present', type: 'integer', required: true, min: 0, max: 10_000 };

/** Is this the chair's task of a vote (its only decision closes the vote)? */
export const isChairTask = (task: Pick<Task, 'memberKey' | 'decisions'>) => task.memberKey === 'chair' || (task.decisions.length === 1 && task.decisions[0] === CLOSE_VOTE);

export const ChairCloseForm = ({ task }: { task: Task }) => {
  const translate = useTranslate();
  const dataProvider = useDataProvider<HpcDataProvider>();
  const notify = useNotify();
  const refresh = useRefresh();
  const redirect = useRedirect();
  const [values, setValues] = useState<Values>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const key = useRef<string>(`${task.id}:${Date.now()}`);

  const send = async () => {
    const raw = values.attendance;
    const attendance = typeof raw === 'number' ? raw : Number(raw);
    if (raw === undefined || raw === '' || !Number.isInteger(attendance) || attendance < 0) {
      setErrors({ attendance: translate('hpc.engine.tasks.attendance_required') });
      return;
    }
    setPending(true);
    setError(null);
    try {
      await dataProvider.decide(task.id, { decision: CLOSE_VOTE, data: { attendance } }, key.current);
      notify('hpc.engine.tasks.closed', { type: 'success' });
      refresh();
      redirect('list', 'tasks');
    } catch (e) {
      const explained = explainError(e, translate);
      if (explained.status !== null) key.current = `${task.id}:${Date.now()}`;
      setError(explained.message);
    } finally {
      setPending(false);
    }
  };

  return (
    <Box component="form" noValidate data-testid="chair-close-form" onSubmit={(e) => { e.preventDefault(); void send(); }}>
      <Typography variant="h6" gutterBottom>{translate('hpc.engine.tasks.chair')}</Typography>
      <SpecFieldInput spec={ATTENDANCE} path="attendance" values={values} errors={errors} disabled={pending} onChange={(p, v) => { setValues({ [p]: v }); setErrors({}); }} />
      {error && <Alert severity="error" sx={{ my: 2 }} role="alert" data-testid="decision-error">{error}</Alert>}
      <Button type="submit" variant="contained" sx={{ mt: 2 }} disabled={pending} data-testid={`decision-${CLOSE_VOTE}`} startIcon={pending ? <CircularProgress size={16} color="inherit" /> : undefined}>
        {translate('hpc.engine.tasks.close')}
      </Button>
    </Box>
  );
};
