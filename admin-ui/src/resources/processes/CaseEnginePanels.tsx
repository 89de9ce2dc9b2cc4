// Engine v2 on the case page: the incident the case waits on, the definition's case actions, the child
// cases it started and the submissions into its windows (with a form generated from the window kind).
import { Alert, AlertTitle, Box, Button, Card, CardContent, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, List, ListItem, ListItemText, Stack, TextField, Typography } from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useGetOne, useNotify, usePermissions, useRefresh, useTranslate } from 'react-admin';
import { authorizeScope, type FieldSpec, type SubmissionKind } from '../../../../workflows/domain';
import { ActorName } from '../../components/ActorName';
import { explainError } from '../../components/errors';
import { useCaseTitle } from '../../components/CaseTitle';
import { CaseLink, FactsTable } from '../../components/FactsTable';
import { compactValues, setPath, SpecFieldInput, type Values } from '../../components/SpecFieldInput';
import { StatusChip } from '../../components/TranslatedChip';
import { getDefinition, useDefinitionLabels } from '../../definitions';
import { API_URL, httpClient } from '../../httpClient';
import { makeFormatters, useFormat } from '../../i18n/format';
import { currentActor } from '../../session';
import type { Process } from '../../types';

const post = async (path: string, body: unknown) => (await httpClient(`${API_URL}${path}`, { method: 'POST', body: JSON.stringify(body) })).json;
const caseUrl = (id: string) => `/processes/${encodeURIComponent(id)}`;

/** A button with a confirmation dialog; `reasonRequired` asks for a reason that goes into the audit trail. */
const ConfirmButton = ({ label, title, help, reasonRequired, onConfirm, testId, color = 'primary' }: {
  label: string; title: string; help: string; reasonRequired: boolean; onConfirm: (reason: string) => Promise<void>; testId: string; color?: 'primary' | 'warning';
}) => {
  const translate = useTranslate();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const confirm = async () => {
    if (reasonRequired && !reason.trim()) return setError(translate('hpc.processes.reason_required'));
    setPending(true);
    try {
      await onConfirm(reason.trim());
      setOpen(false);
      setReason('');
    } catch (e) {
      setError(explainError(e, translate).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button variant="outlined" color={color} onClick={() => setOpen(true)} data-testid={testId}>{label}</Button>
      <Dialog open={open} onClose={() => setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>{title}</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>{help}</DialogContentText>
          <TextField
            autoFocus fullWidth multiline minRows={2} required={reasonRequired}
            label={translate('hpc.processes.reason')} value={reason}
            onChange={(e) => { setReason(e.target.value); setError(null); }}
            slotProps={{ htmlInput: { name: 'reason' } }}
          />
          {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</Button>
          <Button variant="contained" color={color} onClick={confirm} disabled={pending} data-testid={`${testId}-confirm`}>{label}</Button>
        </DialogActions>
      </Dialog>
    </>
  );
};

/** The error the case waits on: what failed, at which step, since when; admins retry it. */
export const IncidentBanner = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const format = useFormat();
  const labels = useDefinitionLabels();
  const notify = useNotify();
  const refresh = useRefresh();
  const { permissions = [] } = usePermissions<string[]>();
  const incident = process.incident;
  if (!incident) return null;
  return (
    <Alert
      severity="error" sx={{ mb: 2 }} data-testid="incident-banner"
      action={permissions.includes('admin') ? (
        <ConfirmButton
          label={translate('hpc.engine.incident.retry')} title={translate('hpc.engine.incident.retry_title')}
          help={translate('hpc.engine.incident.retry_help')} reasonRequired={false} testId="incident-retry" color="warning"
          onConfirm={async (comment) => {
            await post(`${caseUrl(process.id)}/incident/retry`, comment ? { comment } : {});
            notify('hpc.engine.incident.retried', { type: 'info' });
            refresh();
          }}
        />
      ) : undefined}
    >
      <AlertTitle>{translate('hpc.engine.incident.title')}</AlertTitle>
      <Typography variant="body2" dir="auto">{incident.message}</Typography>
      <Typography variant="caption" component="div">
        {incident.stepId ? `${translate('hpc.engine.incident.step')}: ${labels.stepTitle(process.type, incident.stepId)} · ` : ''}
        {translate('hpc.engine.incident.since', { at: format.dateTime(incident.at) })}
        {incident.attempts ? ` · ${translate('hpc.engine.incident.attempts', { n: incident.attempts })}` : ''}
      </Typography>
    </Alert>
  );
};

/** The definition's case actions (e.g. call an ad-hoc review now) for users who hold the action's roles. */
export const CaseActionButtons = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const actor = currentActor();
  const actions = getDefinition(process.type)?.actions ?? [];
  if (!actor || process.status !== 'running') return null;
  const scope = { operationId: process.operationId, sector: process.sector };
  const mine = actions.filter((a) => authorizeScope(actor, a.roles, scope).allowed);
  if (!mine.length) return null;
  return (
    <Stack direction="row" spacing={1} sx={{ mb: 2 }} useFlexGap flexWrap="wrap" data-testid="case-actions">
      {mine.map((a) => {
        const label = translate(`hpc.defs.${process.type}.actions.${a.id}`, { _: a.label });
        return (
          <ConfirmButton
            key={a.id} label={label} title={label} help={translate('hpc.engine.actions.help')}
            reasonRequired={!!a.commentRequired} testId={`case-action-${a.id}`}
            onConfirm={async (comment) => {
              await post(`${caseUrl(process.id)}/actions`, { action: a.id, comment: comment || undefined });
              notify('hpc.engine.actions.done', { type: 'info', messageArgs: { action: label } });
              refresh();
            }}
          />
        );
      })}
    </Stack>
  );
};

/** A child case's title in the user's language. */
const ChildTitle = ({ child }: { child: Process }) => <bdi>{useCaseTitle(child)}</bdi>;

/** The child cases this case started, with their titles, status and links. */
export const LinkedCases = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const children = useQuery({
    queryKey: ['processes', 'children', process.id, process.updatedAt],
    queryFn: async () => (await httpClient(`${API_URL}${caseUrl(process.id)}/children?range=${encodeURIComponent('[0,199]')}`)).json as Process[],
    retry: false,
  });
  const rows = children.data ?? [];
  if (!process.parentProcessId && !rows.length && !children.error) return null;
  return (
    <Card sx={{ mb: 2 }} data-testid="linked-cases">
      <CardContent>
        <Typography variant="h6" component="h3">{translate('hpc.engine.linked.title')}</Typography>
        {process.parentProcessId && (
          <Typography variant="body2">
            {translate('hpc.engine.linked.parent')}: <CaseLink id={process.parentProcessId} />
          </Typography>
        )}
        {children.error && <Alert severity="error">{explainError(children.error, translate).message}</Alert>}
        {rows.length > 0 && (
          <List dense>
            {rows.map((c) => (
              <ListItem key={c.id} disableGutters secondaryAction={<StatusChip prefix="hpc.process_statuses" value={c.status} />}>
                <ListItemText
                  primary={<Link to={caseUrl(c.id)} data-testid="linked-case"><ChildTitle child={c} /></Link>}
                  secondary={`${labels.processType(c.type)}${c.outcome ? ` → ${labels.outcomeLabel(c.type, c.outcome)}` : ''}`}
                />
              </ListItem>
            ))}
          </List>
        )}
      </CardContent>
    </Card>
  );
};

interface Submission {
  id: string; stepId: string; kind: string; submittedBy: unknown; organisationId: string | null;
  data: Record<string, unknown>; childProcessId: string | null; status: string; at: string;
}

const SubmitForm = ({ process, kind, onDone }: { process: Process; kind: SubmissionKind; onDone: () => void }) => {
  const translate = useTranslate();
  const notify = useNotify();
  const [values, setValues] = useState<Values>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const submit = async () => {
    const data = compactValues(kind.fields, values);
    const missing = kind.fields.filter((f: FieldSpec) => f.required && (data[f.name] === undefined || data[f.name] === ''));
    if (missing.length) return setError(translate('hpc.engine.submissions.missing', { fields: missing.map((f) => f.label).join(', ') }));
    setPending(true);
    try {
      await post(`${caseUrl(process.id)}/submissions`, { kind: kind.id, data });
      notify('hpc.engine.submissions.sent', { type: 'info' });
      setValues({});
      onDone();
    } catch (e) {
      setError(explainError(e, translate).message);
    } finally {
      setPending(false);
    }
  };
  return (
    <Box component="form" data-testid={`submit-${kind.id}`} onSubmit={(e) => { e.preventDefault(); void submit(); }} sx={{ mt: 2 }}>
      <Typography variant="subtitle1">{translate(`hpc.defs.${process.type}.kinds.${kind.id}`, { _: kind.label })}</Typography>
      {kind.anonymous && <Alert severity="info" sx={{ my: 1 }}>{translate('hpc.engine.submissions.anonymous_help')}</Alert>}
      <Stack spacing={2} sx={{ mt: 1 }}>
        {kind.fields.map((f) => (
          <SpecFieldInput key={f.name} spec={f} path={f.name} values={values} errors={{}} onChange={(p, v) => { setValues((s) => setPath(s, p, v)); setError(null); }} disabled={pending} />
        ))}
      </Stack>
      {error && <Alert severity="error" sx={{ mt: 2 }}>{error}</Alert>}
      <Button type="submit" variant="contained" sx={{ mt: 2 }} disabled={pending} data-testid="submission-send">{translate('hpc.engine.submissions.send')}</Button>
    </Box>
  );
};

/** Submissions into the case's windows: how many, the list the user may read, and a form while a window is open. */
export const SubmissionsPanel = ({ process }: { process: Process }) => {
  const translate = useTranslate();
  const qc = useQueryClient();
  const refresh = useRefresh();
  const definition = getDefinition(process.type);
  const windowSteps = (definition?.steps ?? []).filter((s) => s.window);
  const kindOf = (id: string) => windowSteps.flatMap((w) => w.window!.kinds).find((k) => k.id === id);
  const { data: operation } = useGetOne<{ id: string; settings?: { timeZone?: string } }>('operations', { id: process.operationId ?? '' }, { enabled: !!process.operationId && windowSteps.length > 0 });
  const format = useFormat();
  const list = useQuery({
    queryKey: ['processes', 'submissions', process.id, process.updatedAt],
    queryFn: async () => (await httpClient(`${API_URL}${caseUrl(process.id)}/submissions`)).json as Submission[],
    enabled: windowSteps.length > 0,
    retry: false,
  });
  if (!windowSteps.length) return null;
  const opZone = operation?.settings?.timeZone;
  const opFormat = opZone ? makeFormatters(format.locale, opZone) : format;
  const actor = currentActor();
  const openInstances = (process.steps ?? []).filter((i) => i.status === 'open' && windowSteps.some((s) => s.id === i.stepId));
  const rows = list.data ?? [];
  const total = (process.steps ?? []).reduce((n, i) => n + (i.submissions ?? 0), 0);
  return (
    <Card sx={{ mb: 2 }} data-testid="submissions-panel">
      <CardContent>
        <Typography variant="h6" component="h3">{translate('hpc.engine.submissions.title')}</Typography>
        <Typography variant="body2" data-testid="submissions-count">
          {translate('hpc.engine.submissions.count', { n: Math.max(total, rows.length) })}
        </Typography>
        {openInstances.map((i) => (
          <Typography key={i.id} variant="body2" data-testid="window-closes">
            {translate('hpc.engine.submissions.closes', { at: opFormat.dateTime(i.closesAt ?? i.dueAt) })}
          </Typography>
        ))}
        {list.error && <Alert severity="error">{explainError(list.error, translate).message}</Alert>}
        {rows.length > 0 && (
          <List dense>
            {rows.map((s) => (
              <ListItem key={s.id} disableGutters data-testid="submission" alignItems="flex-start">
                <ListItemText
                  primary={
                    <>
                      {translate(`hpc.defs.${process.type}.kinds.${s.kind}`, { _: kindOf(s.kind)?.label ?? s.kind })} · {format.dateTime(s.at)} ·{' '}
                      {s.submittedBy ? <ActorName actor={s.submittedBy as never} /> : translate('hpc.engine.submissions.anonymous')}
                      {s.childProcessId && <> · <Link to={caseUrl(s.childProcessId)}>{translate('hpc.engine.submissions.child')}</Link></>}
                    </>
                  }
                  secondary={<Box component="span" sx={{ display: 'block' }}><FactsTable facts={s.data} fields={kindOf(s.kind)?.fields} dense /></Box>}
                  slotProps={{ secondary: { component: 'div' } }}
                />
              </ListItem>
            ))}
          </List>
        )}
        {actor && process.status === 'running' && openInstances.flatMap((i) => {
          const step = windowSteps.find((s) => s.id === i.stepId)!;
          return step.window!.kinds
            .filter((k) => authorizeScope(actor, k.roles, { operationId: process.operationId, sector: process.sector, organisationId: actor.organisationId }).allowed)
            .map((k) => <SubmitForm key={`${i.id}:${k.id}`} process={process} kind={k} onDone={() => { void qc.invalidateQueries({ queryKey: ['processes', 'submissions'] }); refresh(); }} />);
        })}
      </CardContent>
    </Card>
  );
};
