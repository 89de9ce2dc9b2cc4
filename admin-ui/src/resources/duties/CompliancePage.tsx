// Duty compliance of one operation (PROCESSES.md §6): a cluster × duty grid of the last 12 months (on time /
// late / missed / open), with the cluster lead's name, and its CSV export. Reads GET /api/duties/compliance.
import { Alert, Box, Button, Card, CardContent, Chip, MenuItem, Stack, Table, TableBody, TableCell, TableHead, TableRow, TextField, Tooltip } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { Title, useGetList, useLocaleState, useTranslate } from 'react-admin';
import { intlLocale } from '../../i18n/format';
import { API_URL, httpClient } from '../../httpClient';
import { session } from '../../session';
import { dutySpec } from '../../../../workflows/processes/recurring-duty/duties';

const dutyLabel = (id: string) => dutySpec(id)?.label ?? id;

type Status = 'on-time' | 'late' | 'missed' | 'open' | 'cancelled';
interface Row { clusterId: string; sector: string; clusterStatus: string; coordinatorName: string | null; duty: string; cells: { month: string; status: Status; processId: string }[]; counts: Record<string, number> }
interface View { operationId: string; months: string[]; rows: Row[] }

const COLOURS: Record<Status, 'success' | 'warning' | 'error' | 'info' | 'default'> = { 'on-time': 'success', late: 'warning', missed: 'error', open: 'info', cancelled: 'default' };
const enc = encodeURIComponent;

export const CompliancePage = () => {
  const t = useTranslate();
  const [locale] = useLocaleState();
  const { data: operations } = useGetList('operations', { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } });
  const [search] = useSearchParams();
  const [operationId, setOperationId] = useState(search.get('operationId') ?? '');
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!operationId && operations && operations.length > 0) setOperationId(String(operations[0].id));
  }, [operations, operationId]);
  useEffect(() => {
    if (!operationId) return;
    setError(null);
    httpClient(`${API_URL}/duties/compliance?operationId=${enc(operationId)}`)
      .then(({ json }) => setView(json as View))
      .catch((e: Error) => setError(e.message));
  }, [operationId]);
  // Month columns in the user's language ("2026-11" → "Nov 2026").
  const monthLabel = (m: string) => new Intl.DateTimeFormat(intlLocale(locale), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.parse(`${m}-01T00:00:00Z`));
  const status = (s: Status) => t(`hpc.duty_status.${s}`);
  const csv = async () => {
    const res = await fetch(`${API_URL}/duties/compliance.csv?operationId=${enc(operationId)}`, { headers: { Authorization: `Bearer ${session.token() ?? ''}` } });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = 'duty-compliance.csv';
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Card>
      <Title title={t('hpc.duties.compliance')} />
      <CardContent>
        <Stack direction="row" spacing={2} alignItems="center" sx={{ mb: 2 }}>
          <TextField select size="small" label={t('resources.operations.name', { smart_count: 1, _: 'Operation' })} value={operationId} onChange={(e) => setOperationId(e.target.value)} sx={{ minWidth: 260 }}>
            {(operations ?? []).map((o) => <MenuItem key={o.id} value={String(o.id)}>{o.name}</MenuItem>)}
          </TextField>
          <Button onClick={csv} disabled={!operationId} data-testid="compliance-csv">{t('hpc.duties.csv')}</Button>
        </Stack>
        {error ? <Alert severity="error">{error}</Alert> : null}
        {view ? (
          <Box sx={{ overflowX: 'auto' }}>
            <Table size="small" aria-label={t('hpc.duties.compliance')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('hpc.duties.cluster')}</TableCell>
                  <TableCell>{t('hpc.duties.cluster_lead')}</TableCell>
                  <TableCell>{t('hpc.duties.duty')}</TableCell>
                  {view.months.map((m) => <TableCell key={m} align="center">{monthLabel(m)}</TableCell>)}
                </TableRow>
              </TableHead>
              <TableBody>
                {view.rows.map((r) => (
                  <TableRow key={`${r.clusterId}:${r.duty}`}>
                    <TableCell><Link to={`/clusters/${r.clusterId}/show`}>{t(`hpc.sectors.${r.sector}`, { _: r.sector })}</Link></TableCell>
                    <TableCell>{r.coordinatorName ?? '—'}</TableCell>
                    <TableCell>{t(`hpc.defs.options.duty.${r.duty}`, { _: dutyLabel(r.duty) })}</TableCell>
                    {view.months.map((m) => (
                      <TableCell key={m} align="center">
                        {r.cells.filter((c) => c.month === m).map((c) => (
                          <Tooltip key={c.processId} title={status(c.status)}>
                            <Chip size="small" color={COLOURS[c.status]} label={status(c.status)} component={Link} to={`/processes/${enc(c.processId)}/show`} clickable />
                          </Tooltip>
                        ))}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </Box>
        ) : null}
      </CardContent>
    </Card>
  );
};
