// The dashboard's worst offenders of duty compliance (GET /api/duties/worst-offenders): the clusters the user may
// read with the most missed, then late, recurring-duty occurrences in the last 12 months; each opens the grid.
import { Card, CardContent, CardHeader, Grid, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import { API_URL, httpClient } from '../httpClient';

interface Offender { clusterId: string; operationId: string; operationName: string; sector: string; coordinatorName: string | null; missed: number; late: number; onTime: number }

/** Shown to the roles that read compliance; a partner (whose scope holds no cluster) gets nothing. */
export const DutyOffenders = ({ permissions }: { permissions: string[] }) => {
  const t = useTranslate();
  const [rows, setRows] = useState<Offender[] | null>(null);
  const reads = permissions.some((r) => ['admin', 'auditor', 'erc', 'ocha', 'hc', 'cluster_lead'].includes(r));
  useEffect(() => {
    if (!reads) return;
    let live = true;
    httpClient(`${API_URL}/duties/worst-offenders?limit=5`).then(({ json }) => live && setRows(json as Offender[])).catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [reads]);
  if (!reads || rows === null) return null;
  return (
    <Grid size={{ xs: 12 }}>
      <Card data-testid="dashboard-duty-offenders">
        <CardHeader title={t('hpc.duties.worst_offenders')} />
        <CardContent>
          {rows.length === 0 ? (
            <Typography color="text.secondary">{t('hpc.duties.none_missed')}</Typography>
          ) : (
            <Table size="small" aria-label={t('hpc.duties.worst_offenders')}>
              <TableHead>
                <TableRow>
                  <TableCell>{t('hpc.duties.cluster')}</TableCell>
                  <TableCell>{t('hpc.duties.cluster_lead')}</TableCell>
                  <TableCell align="right">{t('hpc.duties.missed')}</TableCell>
                  <TableCell align="right">{t('hpc.duties.late')}</TableCell>
                  <TableCell align="right">{t('hpc.duties.on_time')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {rows.map((o) => (
                  <TableRow key={o.clusterId}>
                    <TableCell>
                      <Link to={`/duties/compliance?operationId=${encodeURIComponent(o.operationId)}`}>{t(`hpc.sectors.${o.sector}`, { _: o.sector })}</Link> · {o.operationName}
                    </TableCell>
                    <TableCell>{o.coordinatorName ?? '—'}</TableCell>
                    <TableCell align="right">{o.missed}</TableCell>
                    <TableCell align="right">{o.late}</TableCell>
                    <TableCell align="right">{o.onTime}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>
    </Grid>
  );
};
