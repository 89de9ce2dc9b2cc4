// An operation's calendar and planning settings (PATCH /api/operations/:id/settings): the time zone deadlines
// are computed in, weekend days and public holidays (working days), the planning cycle's first month and format,
// and whether the clusters' recurring duties pause while a cluster is in transition.
import { Alert, Autocomplete, Box, Button, Card, CardContent, Checkbox, FormControlLabel, FormGroup, FormLabel, MenuItem, Stack, TextField, Typography } from '@mui/material';
import { useMemo, useState } from 'react';
import { useNotify, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { authorizeScope, PLANNING_FORMATS } from '../../../../workflows/domain';
import { explainError } from '../../components/errors';
import { API_URL, httpClient } from '../../httpClient';
import { intlLocale, useFormat } from '../../i18n/format';
import { currentActor } from '../../session';

interface Settings {
  timeZone: string;
  weekendDays: number[];
  holidays: string[];
  planningCycleStartMonth: number;
  planningFormat: string;
  pauseDutiesInTransition?: boolean;
}

const timeZones = (): string[] => (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? ['UTC'];

/** May this user change the operation's settings (admin, or OCHA of this operation)? */
export const mayEditSettings = (operationId: string) => {
  const actor = currentActor();
  return !!actor && authorizeScope(actor, ['admin', 'ocha'], { operationId }).allowed;
};

export const OperationSettingsCard = () => {
  const operation = useRecordContext<{ id: string; settings?: Settings }>();
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const { locale } = useFormat();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState<Settings | null>(null);
  const [holidays, setHolidays] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const tag = intlLocale(locale);
  const weekday = useMemo(() => new Intl.DateTimeFormat(tag, { weekday: 'long', timeZone: 'UTC' }), [tag]);
  const month = useMemo(() => new Intl.DateTimeFormat(tag, { month: 'long', timeZone: 'UTC' }), [tag]);
  // 2023-01-01 was a Sunday (day 0).
  const dayName = (d: number) => weekday.format(Date.UTC(2023, 0, 1 + d));
  const monthName = (m: number) => month.format(Date.UTC(2023, m - 1, 1));
  if (!operation?.settings) return null;
  const s = operation.settings;
  const may = mayEditSettings(operation.id);

  const start = () => {
    setDraft({ ...s, weekendDays: [...s.weekendDays], holidays: [...s.holidays] });
    setHolidays(s.holidays.join('\n'));
    setError(null);
    setEditing(true);
  };
  const save = async () => {
    if (!draft) return;
    setPending(true);
    setError(null);
    try {
      const body = {
        timeZone: draft.timeZone,
        weekendDays: [...draft.weekendDays].sort(),
        holidays: holidays.split(/[\s,;]+/).map((h) => h.trim()).filter(Boolean),
        planningCycleStartMonth: draft.planningCycleStartMonth,
        planningFormat: draft.planningFormat,
        pauseDutiesInTransition: draft.pauseDutiesInTransition === true,
      };
      await httpClient(`${API_URL}/operations/${encodeURIComponent(operation.id)}/settings`, { method: 'PATCH', body: JSON.stringify(body) });
      notify('hpc.engine.settings.saved', { type: 'success' });
      setEditing(false);
      refresh();
    } catch (e) {
      setError(explainError(e, translate).message);
    } finally {
      setPending(false);
    }
  };

  return (
    <Card variant="outlined" sx={{ mt: 2 }} data-testid="operation-settings">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center">
          <Typography variant="h6" component="h3">{translate('hpc.engine.settings.title')}</Typography>
          {may && !editing && <Button onClick={start} data-testid="edit-settings">{translate('hpc.engine.settings.edit')}</Button>}
        </Stack>
        {!editing || !draft ? (
          <Box component="dl" sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, m: 0 }}>
            <dt>{translate('hpc.engine.settings.timeZone')}</dt><dd data-testid="settings-timeZone">{s.timeZone}</dd>
            <dt>{translate('hpc.engine.settings.weekendDays')}</dt><dd>{s.weekendDays.map(dayName).join(', ') || '—'}</dd>
            <dt>{translate('hpc.engine.settings.holidays')}</dt><dd>{s.holidays.join(', ') || '—'}</dd>
            <dt>{translate('hpc.engine.settings.planningCycleStartMonth')}</dt><dd>{monthName(s.planningCycleStartMonth)}</dd>
            <dt>{translate('hpc.engine.settings.planningFormat')}</dt><dd>{translate(`hpc.planning_formats.${s.planningFormat}`, { _: s.planningFormat })}</dd>
            <dt>{translate('hpc.engine.settings.pauseDutiesInTransition')}</dt><dd data-testid="settings-pauseDuties">{translate(s.pauseDutiesInTransition ? 'hpc.common.yes' : 'hpc.common.no')}</dd>
          </Box>
        ) : (
          <Stack component="form" spacing={2} sx={{ mt: 1 }} onSubmit={(e) => { e.preventDefault(); void save(); }}>
            <Autocomplete
              options={timeZones()} value={draft.timeZone} disableClearable
              onChange={(_, v) => v && setDraft({ ...draft, timeZone: v })}
              renderInput={(params) => <TextField {...params} label={translate('hpc.engine.settings.timeZone')} slotProps={{ htmlInput: { ...params.inputProps, 'data-testid': 'settings-timezone-input' } }} />}
            />
            <Box>
              <FormLabel>{translate('hpc.engine.settings.weekendDays')}</FormLabel>
              <FormGroup row>
                {[0, 1, 2, 3, 4, 5, 6].map((d) => (
                  <FormControlLabel key={d} label={dayName(d)} control={
                    <Checkbox
                      checked={draft.weekendDays.includes(d)} slotProps={{ input: { 'aria-label': dayName(d) } }} data-testid={`weekend-${d}`}
                      onChange={(e) => setDraft({ ...draft, weekendDays: e.target.checked ? [...draft.weekendDays, d] : draft.weekendDays.filter((x) => x !== d) })}
                    />
                  } />
                ))}
              </FormGroup>
            </Box>
            <TextField
              multiline minRows={3} label={translate('hpc.engine.settings.holidays')} helperText={translate('hpc.engine.settings.holidays_help')}
              value={holidays} onChange={(e) => { setHolidays(e.target.value); setError(null); }} slotProps={{ htmlInput: { 'data-testid': 'settings-holidays', dir: 'ltr' } }}
            />
            <TextField select label={translate('hpc.engine.settings.planningCycleStartMonth')} value={draft.planningCycleStartMonth} onChange={(e) => setDraft({ ...draft, planningCycleStartMonth: Number(e.target.value) })}>
              {Array.from({ length: 12 }, (_, i) => i + 1).map((m) => <MenuItem key={m} value={m}>{monthName(m)}</MenuItem>)}
            </TextField>
            <TextField select label={translate('hpc.engine.settings.planningFormat')} value={draft.planningFormat} onChange={(e) => setDraft({ ...draft, planningFormat: e.target.value })}>
              {PLANNING_FORMATS.map((f) => <MenuItem key={f} value={f}>{translate(`hpc.planning_formats.${f}`, { _: f })}</MenuItem>)}
            </TextField>
            <FormControlLabel
              label={translate('hpc.engine.settings.pauseDutiesInTransition')}
              control={<Checkbox checked={draft.pauseDutiesInTransition === true} data-testid="settings-pause-duties" onChange={(e) => setDraft({ ...draft, pauseDutiesInTransition: e.target.checked })} />}
            />
            {error && <Alert severity="error" role="alert" data-testid="settings-error">{error}</Alert>}
            <Stack direction="row" spacing={1}>
              <Button type="submit" variant="contained" disabled={pending} data-testid="save-settings">{translate('ra.action.save')}</Button>
              <Button onClick={() => setEditing(false)} disabled={pending}>{translate('ra.action.cancel')}</Button>
            </Stack>
          </Stack>
        )}
      </CardContent>
    </Card>
  );
};
