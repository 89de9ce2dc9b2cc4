// A CCPM round's report (PROCESSES.md §5): per core function a chart of its sub-categories' scores (medians as a
// percentage of the scale) beside the cluster's previous round, the functions' comparison with that round, the
// scores agreed at the validation workshop and the action plan. Reads the case (GET /api/processes/:id) and the
// cluster's earlier rounds (GET /api/processes?filter=type,clusterId); the report itself is the engine's result
// of the `preliminary-report` step, computed from anonymous answers.
import { Alert, Box, Card, CardContent, Chip, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Link, useParams } from 'react-router-dom';
import { Loading, Title, useGetList, useGetOne, useTranslate } from 'react-admin';
import { CCPM_FUNCTIONS, CCPM_ROUND, type CcpmBand, type CcpmReport } from '../../../../workflows/processes/ccpm-round';
import { useFormat } from '../../i18n/format';

interface Round { id: string; title: string; status: string; clusterId: string | null; input: { year?: number }; data?: Record<string, unknown> }

const BAND_COLOURS: Record<CcpmBand, 'success' | 'info' | 'warning' | 'error'> = { good: 'success', satisfactory: 'info', unsatisfactory: 'warning', weak: 'error' };
const reportOf = (r: Round | undefined): CcpmReport | null => (r?.data?.['preliminary-report'] as CcpmReport | undefined) ?? null;
const yearOf = (r: Round | undefined): number | null => (typeof r?.input?.year === 'number' ? r.input.year : null);

/** The cluster's latest earlier round that has a report (the comparison's baseline). */
export function previousRound(current: Round, rounds: readonly Round[]): Round | null {
  const year = yearOf(current);
  if (year === null) return null;
  return rounds.filter((r) => r.id !== current.id && (yearOf(r) ?? Infinity) < year && reportOf(r) !== null).sort((a, b) => (yearOf(b) ?? 0) - (yearOf(a) ?? 0))[0] ?? null;
}

const Bar = ({ percent, muted, label }: { percent: number | null; muted?: boolean; label: string }) => (
  <Box role="img" aria-label={label} sx={{ flex: 1, height: 12, bgcolor: 'action.hover', borderRadius: 1, overflow: 'hidden' }}>
    {percent !== null && <Box sx={{ width: `${percent}%`, height: '100%', bgcolor: muted ? 'grey.500' : 'primary.main' }} />}
  </Box>
);

export const CcpmReportPage = () => {
  const { id = '' } = useParams();
  const t = useTranslate();
  const { number, plainDate } = useFormat();
  const { data: round, isPending, error } = useGetOne<Round>('processes', { id });
  const { data: rounds } = useGetList<Round>(
    'processes',
    { pagination: { page: 1, perPage: 50 }, sort: { field: 'startedAt', order: 'DESC' }, filter: { type: CCPM_ROUND, clusterId: round?.clusterId } },
    { enabled: !!round?.clusterId },
  );
  if (isPending) return <Loading />;
  if (error || !round) return <Alert severity="error">{(error as Error | null)?.message ?? id}</Alert>;
  const report = reportOf(round);
  const previous = previousRound(round, rounds ?? []);
  const before = reportOf(previous ?? undefined);
  const year = yearOf(round);
  const pct = (p: number | null | undefined) => (p === null || p === undefined ? '—' : `${number(p)} %`);
  const band = (b: CcpmBand | null | undefined) => (b ? <Chip size="small" color={BAND_COLOURS[b]} label={t(`hpc.ccpm.bands.${b}`)} /> : '—');
  const fnLabel = (fid: string) => t(`hpc.defs.options.function.${fid}`, { _: CCPM_FUNCTIONS.find((f) => f.id === fid)?.label ?? fid });
  const workshop = round.data?.['validation-workshop'] as { agreedScores?: { function: string; percent: number }[]; actionPlan?: { function: string; action: string; owner: string; dueDate: string }[] } | undefined;
  const agreed = (fid: string) => workshop?.agreedScores?.find((s) => s.function === fid)?.percent ?? null;

  return (
    <Card data-testid="ccpm-report">
      <Title title={t('hpc.ccpm.report')} />
      <CardContent>
        <Typography variant="h5" component="h1">{t('hpc.ccpm.report')}</Typography>
        <Typography variant="subtitle1"><Link to={`/processes/${encodeURIComponent(round.id)}/show`}>{round.title}</Link></Typography>
        {!report ? (
          <Alert severity="info" sx={{ mt: 2 }} data-testid="ccpm-not-computed">{t('hpc.ccpm.not_computed')}</Alert>
        ) : (
          <>
            <Typography sx={{ mt: 1 }} data-testid="ccpm-responses">{t('hpc.ccpm.responses', { partners: report.responses.partners, coordinator: report.responses.coordinator })}</Typography>
            {!before && <Typography variant="body2" color="text.secondary">{t('hpc.ccpm.no_previous')}</Typography>}
            <Table size="small" sx={{ mt: 2 }} aria-label={t('hpc.ccpm.report')} data-testid="ccpm-comparison">
              <TableHead>
                <TableRow>
                  <TableCell>{t('hpc.ccpm.function')}</TableCell>
                  {before && <TableCell align="right">{t('hpc.ccpm.previous', { year: yearOf(previous ?? undefined) ?? '' })}</TableCell>}
                  <TableCell align="right">{t('hpc.ccpm.this_round', { year: year ?? '' })}</TableCell>
                  {before && <TableCell align="right">{t('hpc.ccpm.change')}</TableCell>}
                  <TableCell>{t('hpc.ccpm.band')}</TableCell>
                  <TableCell align="right">{t('hpc.ccpm.agreed')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {report.functions.map((f) => {
                  const old = before?.functions.find((x) => x.id === f.id)?.percent ?? null;
                  const change = f.percent !== null && old !== null ? Math.round((f.percent - old) * 10) / 10 : null;
                  return (
                    <TableRow key={f.id} data-testid={`ccpm-function-${f.id}`}>
                      <TableCell>{fnLabel(f.id)}</TableCell>
                      {before && <TableCell align="right">{pct(old)}</TableCell>}
                      <TableCell align="right">{pct(f.percent)}</TableCell>
                      {before && <TableCell align="right">{change === null ? '—' : `${change > 0 ? '+' : ''}${number(change)}`}</TableCell>}
                      <TableCell>{band(f.band)}</TableCell>
                      <TableCell align="right">{pct(agreed(f.id))}</TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
            <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' }, gap: 2, mt: 3 }}>
              {CCPM_FUNCTIONS.map((f) => (
                <Card key={f.id} variant="outlined" data-testid={`ccpm-chart-${f.id}`}>
                  <CardContent>
                    <Typography variant="subtitle2" component="h2" gutterBottom>{fnLabel(f.id)}</Typography>
                    {f.subCategories.map((s) => {
                      const now = report.subCategories.find((x) => x.id === s.id);
                      const then = before?.subCategories.find((x) => x.id === s.id);
                      const question = t(`hpc.defs.fields.${s.field}`, { _: `${s.id} ${s.question}` });
                      return (
                        <Box key={s.id} sx={{ mb: 1 }} title={question}>
                          <Typography variant="caption" sx={{ display: 'block', overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{question}</Typography>
                          <Stack direction="row" spacing={1} alignItems="center">
                            <Bar percent={now?.percent ?? null} label={`${s.id} ${t('hpc.ccpm.this_round', { year: year ?? '' })}: ${pct(now?.percent)}`} />
                            <Typography variant="caption" sx={{ minWidth: 48, textAlign: 'end' }}>{pct(now?.percent)}</Typography>
                          </Stack>
                          {before && (
                            <Stack direction="row" spacing={1} alignItems="center">
                              <Bar muted percent={then?.percent ?? null} label={`${s.id} ${t('hpc.ccpm.previous', { year: yearOf(previous ?? undefined) ?? '' })}: ${pct(then?.percent)}`} />
                              <Typography variant="caption" color="text.secondary" sx={{ minWidth: 48, textAlign: 'end' }}>{pct(then?.percent)}</Typography>
                            </Stack>
                          )}
                        </Box>
                      );
                    })}
                  </CardContent>
                </Card>
              ))}
            </Box>
          </>
        )}
        {workshop?.actionPlan && workshop.actionPlan.length > 0 && (
          <>
            <Typography variant="h6" component="h2" sx={{ mt: 3 }}>{t('hpc.ccpm.action_plan')}</Typography>
            <Table size="small" aria-label={t('hpc.ccpm.action_plan')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('hpc.ccpm.function')}</TableCell>
                  <TableCell>{t('hpc.defs.fields.actionPlan.action', { _: 'Action' })}</TableCell>
                  <TableCell>{t('hpc.ccpm.owner')}</TableCell>
                  <TableCell>{t('hpc.ccpm.due')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {workshop.actionPlan.map((a, i) => (
                  <TableRow key={i}>
                    <TableCell>{fnLabel(a.function)}</TableCell>
                    <TableCell>{a.action}</TableCell>
                    <TableCell>{a.owner}</TableCell>
                    <TableCell>{plainDate(a.dueDate)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </>
        )}
      </CardContent>
    </Card>
  );
};

/** The CCPM rounds the user may read (newest first), each opening its report. */
export const CcpmRoundList = () => {
  const t = useTranslate();
  const { data, isPending } = useGetList<Round>('processes', { pagination: { page: 1, perPage: 100 }, sort: { field: 'startedAt', order: 'DESC' }, filter: { type: CCPM_ROUND } });
  if (isPending) return <Loading />;
  return (
    <Card>
      <Title title={t('hpc.ccpm.report')} />
      <CardContent>
        <Table size="small" aria-label={t('hpc.ccpm.report')}>
          <TableBody>
            {(data ?? []).map((r) => (
              <TableRow key={r.id}>
                <TableCell><Link to={`/ccpm/${encodeURIComponent(r.id)}`}>{r.title}</Link></TableCell>
                <TableCell>{t(`hpc.process_statuses.${r.status}`, { _: r.status })}</TableCell>
                <TableCell>{reportOf(r) ? t('hpc.ccpm.open_report') : t('hpc.ccpm.not_computed')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
};
