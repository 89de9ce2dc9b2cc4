// An allocation's page: envelope, split and approved per sector (bars), the localisation share against its target
// (and the GPC 25 % for Protection), the proposals with their scores, amounts and the step each waits on; the HC
// endorses the selected proposals in one action (each its own decision); the decisions as CSV.
import {
  Alert, Box, Button, Card, CardContent, Checkbox, Chip, LinearProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography,
} from '@mui/material';
import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Title, useGetList, useNotify, useTranslate } from 'react-admin';
import { useDefinitionLabels } from '../../definitions';
import { API_URL, httpClient } from '../../httpClient';
import { session } from '../../session';
import { GRANT_PROPOSAL } from '../../../../workflows/processes/pooled-fund-allocation/pooled-fund-allocation.definition';

interface Share { approvedUsd: string; localUsd: string; sharePct: string; targetPct: number; belowTarget: boolean }
interface Proposal {
  id: string; title: string; status: string; outcome: string | null; sector: string | null; organisationName: string | null; organisationType: string | null;
  requestedUsd: string | null; approvedUsd: string | null; score: string | null; currentSteps: string[];
}
interface Allocation {
  id: string; title: string; status: string; fund: string; window: string; envelopeUsd: string; approvedUsd: string; remainingUsd: string;
  bySector: Record<string, { splitUsd: string | null; approvedUsd: string }>;
  localisation: Share & { protection: Share | null };
  proposalList: Proposal[];
}

const enc = encodeURIComponent;
/** Bars are drawn from exact decimal strings: cents as integers, never float sums. */
const cents = (s: string | null | undefined) => (s ? Number(s.replace('.', '')) : 0);
const usd = (s: string | null | undefined) => (s ? `${Number(s.split('.')[0]).toLocaleString('en-GB')}.${s.split('.')[1] ?? '00'}` : '—');

function Gauge({ label, share, testId }: { label: string; share: Share; testId: string }) {
  const pct = Math.min(100, Number(share.sharePct));
  return (
    <Box sx={{ minWidth: 260 }} data-testid={testId} data-share={share.sharePct} data-target={share.targetPct} data-below={share.belowTarget}>
      <Typography variant="subtitle2">{label}: {share.sharePct} % / {share.targetPct} %</Typography>
      <Box sx={{ position: 'relative' }}>
        <LinearProgress variant="determinate" value={pct} color={share.belowTarget ? 'warning' : 'success'} sx={{ height: 12, borderRadius: 1 }} aria-label={label} />
        <Box sx={{ position: 'absolute', top: -3, bottom: -3, left: `${share.targetPct}%`, borderLeft: '2px solid', borderColor: 'text.primary' }} />
      </Box>
      <Typography variant="caption">{usd(share.localUsd)} / {usd(share.approvedUsd)} USD</Typography>
    </Box>
  );
}

export function AllocationPage() {
  const { id = '' } = useParams();
  const t = useTranslate();
  const labels = useDefinitionLabels();
  const notify = useNotify();
  const [a, setA] = useState<Allocation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [hcTasks, setHcTasks] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<string[]>([]);
  const load = useCallback(async () => {
    try {
      const { json } = await httpClient(`${API_URL}/pooled-funds/allocations/${enc(id)}`);
      setA(json as Allocation);
      const tasks = await httpClient(`${API_URL}/tasks?filter=${enc(JSON.stringify({ processType: GRANT_PROPOSAL, stepId: 'proposal-hc-endorsement' }))}&range=[0,499]`);
      setHcTasks(Object.fromEntries((tasks.json as { id: string; processId: string }[]).map((x) => [x.processId, x.id])));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!a) return <LinearProgress />;
  const label = (key: string, fallback: string) => t(key, { _: fallback });
  const sectors = Object.entries(a.bySector);
  const max = Math.max(1, ...sectors.map(([, v]) => Math.max(cents(v.splitUsd), cents(v.approvedUsd))));

  const bulk = async () => {
    try {
      const { json } = await httpClient(`${API_URL}/pooled-funds/allocations/${enc(a.id)}/bulk-endorse`, { method: 'POST', body: JSON.stringify({ taskIds: selected.map((p) => hcTasks[p]) }) });
      const r = json as { endorsed: number; results: { status: number; message: string | null }[] };
      const refused = r.results.filter((x) => x.status !== 200);
      notify(`${r.endorsed} / ${r.results.length}${refused.length ? ` — ${refused.map((x) => x.message).join('; ')}` : ''}`, { type: refused.length ? 'warning' : 'success' });
      setSelected([]);
      await load();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  const csv = async () => {
    const res = await fetch(`${API_URL}/pooled-funds/allocations/${enc(a.id)}/decisions.csv`, { headers: { Authorization: `Bearer ${session.token() ?? ''}` } });
    if (!res.ok) return notify(`CSV: ${res.status}`, { type: 'error' });
    const url = URL.createObjectURL(await res.blob());
    const link = document.createElement('a');
    link.href = url;
    link.download = 'allocation-decisions.csv';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Box sx={{ p: 2 }}>
      <Title title={a.title} />
      <Typography variant="h5">{a.title}</Typography>
      <Stack direction="row" spacing={1} sx={{ my: 1 }}>
        <Chip label={label(`hpc.defs.options.fund.${a.fund}`, a.fund)} />
        <Chip label={label(`hpc.defs.options.window.${a.window}`, a.window)} />
        <Chip label={a.status} variant="outlined" />
        <Button component={Link} to={`/processes/${enc(a.id)}/show`} size="small">{label('hpc.process_types.pooled-fund-allocation', 'Allocation')}</Button>
        <Button size="small" onClick={csv}>CSV</Button>
      </Stack>
      <Stack direction={{ xs: 'column', md: 'row' }} spacing={2}>
        <Card sx={{ flex: 1 }}>
          <CardContent>
            <Typography variant="subtitle1" data-testid="allocation-envelope">{label('hpc.defs.fields.envelopeUsd', 'Envelope (USD)')}: {usd(a.envelopeUsd)} — {label('hpc.defs.fields.recommendedUsd', 'Recommended (USD)')}: {usd(a.approvedUsd)} — {usd(a.remainingUsd)}</Typography>
            {sectors.map(([sector, v]) => (
              <Box key={sector} sx={{ my: 1 }} data-testid={`sector-${sector}`} data-split={v.splitUsd ?? ''} data-approved={v.approvedUsd}>
                <Typography variant="caption">{label(`hpc.sectors.${sector}`, sector)}: {usd(v.approvedUsd)} / {usd(v.splitUsd)}</Typography>
                <Box sx={{ position: 'relative', height: 14, bgcolor: 'action.hover', borderRadius: 1 }}>
                  <Box sx={{ position: 'absolute', insetInlineStart: 0, top: 0, bottom: 0, width: `${(cents(v.splitUsd) / max) * 100}%`, border: '1px dashed', borderColor: 'text.secondary', borderRadius: 1 }} />
                  <Box sx={{ position: 'absolute', insetInlineStart: 0, top: 2, bottom: 2, width: `${(cents(v.approvedUsd) / max) * 100}%`, bgcolor: 'primary.main', borderRadius: 1 }} />
                </Box>
              </Box>
            ))}
          </CardContent>
        </Card>
        <Card sx={{ flex: 1 }}>
          <CardContent>
            <Stack spacing={2}>
              <Gauge testId="localisation-gauge" label={label('hpc.defs.pooled-fund-allocation.steps.allocation-totals.title', 'Localisation share')} share={a.localisation} />
              {a.localisation.protection && <Gauge testId="localisation-gauge-protection" label={label('hpc.sectors.protection', 'Protection')} share={a.localisation.protection} />}
            </Stack>
          </CardContent>
        </Card>
      </Stack>
      <Stack direction="row" spacing={2} alignItems="center" sx={{ mt: 2 }}>
        <Typography variant="h6">{label('hpc.defs.pooled-fund-allocation.steps.proposal-decisions.title', 'Proposals')}</Typography>
        {Object.keys(hcTasks).length > 0 && (
          <Button variant="contained" disabled={selected.length === 0} onClick={bulk} data-testid="bulk-endorse">
            {label('hpc.defs.grant-proposal.decisions.proposal-hc-endorsement.endorse', 'Endorse')} ({selected.length})
          </Button>
        )}
      </Stack>
      <Table size="small" aria-label="proposals">
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            <TableCell>{label('hpc.defs.fields.title', 'Title')}</TableCell>
            <TableCell>{label('hpc.defs.fields.organisationId', 'Organisation')}</TableCell>
            <TableCell>{label('hpc.defs.fields.sector', 'Sector')}</TableCell>
            <TableCell align="right">{label('hpc.defs.fields.requestedUsd', 'Requested (USD)')}</TableCell>
            <TableCell align="right">{label('hpc.defs.fields.recommendedUsd', 'Recommended (USD)')}</TableCell>
            <TableCell align="right">{label('hpc.defs.fields.scores', 'Score')}</TableCell>
            <TableCell>{label('hpc.defs.grant-proposal.title', 'Step')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {a.proposalList.map((p) => (
            <TableRow key={p.id} data-testid="proposal-row" data-status={p.status} data-steps={p.currentSteps.join(' ')}>
              <TableCell padding="checkbox">
                {hcTasks[p.id] && (
                  <Checkbox checked={selected.includes(p.id)} onChange={(e) => setSelected((s) => (e.target.checked ? [...s, p.id] : s.filter((x) => x !== p.id)))} inputProps={{ 'aria-label': p.title }} />
                )}
              </TableCell>
              <TableCell><Link to={`/processes/${enc(p.id)}/show`}>{p.title}</Link></TableCell>
              <TableCell>{p.organisationName} {p.organisationType && <Chip size="small" label={label(`hpc.organisation_types.${p.organisationType}`, p.organisationType)} />}</TableCell>
              <TableCell>{p.sector ? label(`hpc.sectors.${p.sector}`, p.sector) : ''}</TableCell>
              <TableCell align="right">{usd(p.requestedUsd)}</TableCell>
              <TableCell align="right">{usd(p.approvedUsd)}</TableCell>
              <TableCell align="right">{p.score ?? '—'}</TableCell>
              <TableCell>
                {p.status === 'running'
                  ? p.currentSteps.map((s) => labels.stepTitle(GRANT_PROPOSAL, s)).join(', ')
                  : p.outcome ? labels.outcomeLabel(GRANT_PROPOSAL, p.outcome) : p.status}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

export function AllocationList() {
  const t = useTranslate();
  const { data, isPending } = useGetList('processes', { filter: { type: 'pooled-fund-allocation' }, pagination: { page: 1, perPage: 100 }, sort: { field: 'startedAt', order: 'DESC' } });
  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('hpc.process_types.pooled-fund-allocation', { _: 'Pooled fund allocation' })} />
      {isPending ? <LinearProgress /> : (
        <Table size="small" aria-label="allocations">
          <TableBody>
            {(data ?? []).map((p) => (
              <TableRow key={p.id}>
                <TableCell><Link to={`/pooled-funds/${enc(String(p.id))}`}>{p.title}</Link></TableCell>
                <TableCell>{p.status}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Box>
  );
}
