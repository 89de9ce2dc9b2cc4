import { useFormat } from '../i18n/format';
import { Box, Card, CardContent, CardHeader, Chip, Grid, List, ListItem, ListItemButton, ListItemText, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { Loading, RecordContextProvider, Title, useGetList, usePermissions, useTranslate } from 'react-admin';
import { SubjectInline } from '../components/SubjectField';
import { canListAllTasks } from '../permissions';
import { useNavigate } from 'react-router-dom';
import { useEffect, useState } from 'react';
import { API_URL, httpClient } from '../httpClient';
import { PROCESS_STATUSES } from '../components/choices';
import { useDefinitionLabels } from '../definitions';
import type { Process, Task } from '../types';
import { casesByStatus, summariseTasks, type Count } from '../util/dashboard';
import { daysUntil } from '../util/time';
import { DutyOffenders } from './DutyOffenders';

const CountTable = ({ rows, label }: { rows: [string, Count][]; label: string }) => {
  const translate = useTranslate();
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          <TableCell>{label}</TableCell>
          <TableCell align="right">{translate('hpc.dashboard.open')}</TableCell>
          <TableCell align="right">{translate('hpc.dashboard.overdue')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.length === 0 && (
          <TableRow>
            <TableCell colSpan={3}>{translate('hpc.common.nothing')}</TableCell>
          </TableRow>
        )}
        {rows.map(([k, c]) => (
          <TableRow key={k}>
            <TableCell>{k}</TableCell>
            <TableCell align="right">{c.open}</TableCell>
            <TableCell align="right" sx={{ color: c.overdue ? 'error.main' : undefined, fontWeight: c.overdue ? 600 : undefined }}>
              {c.overdue}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
};

interface HpcOpenTaskCount { processId: string; operationId: string; operationName: string; phase: string; open: number; overdue: number }

/** Roles that take part in the HPC cycle (the others have no HPC task to count). */
const HPC_ROLES = ['admin', 'auditor', 'erc', 'ocha', 'hc', 'cluster_lead'];

/** Open HPC tasks by operation and phase, as far as the caller may read them (the API scopes the counts). */
const HpcOpenTasks = ({ permissions }: { permissions: string[] }) => {
  const translate = useTranslate();
  const navigate = useNavigate();
  const labels = useDefinitionLabels();
  const [rows, setRows] = useState<HpcOpenTaskCount[] | null>(null);
  const relevant = permissions.some((r) => HPC_ROLES.includes(r));
  useEffect(() => {
    if (!relevant) return;
    let live = true;
    httpClient(`${API_URL}/hpc/cycles/open-tasks`)
      .then((r) => live && setRows(r.json as HpcOpenTaskCount[]))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [relevant]);
  if (!relevant || rows === null) return null;
  // The trigger and the flash steps are named by their step; the phases by the phase.
  const phaseLabel = (phase: string) =>
    phase === 'phase-trigger' ? labels.stepTitle('hpc-cycle', 'phase-trigger') : phase === 'flash' ? labels.stepTitle('hpc-cycle', 'flash-appeal') : translate(`hpc.defs.options.phase.${phase}`, { _: phase });
  return (
    <Grid size={{ xs: 12 }}>
      <Card data-testid="dashboard-hpc">
        <CardHeader title={translate('hpc.dashboard.hpc_tasks')} />
        <CardContent>
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>{translate('hpc.dashboard.operation')}</TableCell>
                <TableCell>{translate('hpc.dashboard.phase')}</TableCell>
                <TableCell align="right">{translate('hpc.dashboard.open')}</TableCell>
                <TableCell align="right">{translate('hpc.dashboard.overdue')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {rows.length === 0 && (
                <TableRow>
                  <TableCell colSpan={4}>{translate('hpc.common.nothing')}</TableCell>
                </TableRow>
              )}
              {rows.map((r) => (
                <TableRow key={`${r.processId}|${r.phase}`} data-testid="dashboard-hpc-row" hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/hpc/${encodeURIComponent(r.processId)}`)}>
                  <TableCell>
                    <bdi>{r.operationName}</bdi> · {r.processId.split(':').pop()}
                  </TableCell>
                  <TableCell>{phaseLabel(r.phase)}</TableCell>
                  <TableCell align="right">{r.open}</TableCell>
                  <TableCell align="right" sx={{ color: r.overdue ? 'error.main' : undefined, fontWeight: r.overdue ? 600 : undefined }}>
                    {r.overdue}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
    </Grid>
  );
};

/** Open and overdue work by process and role, cases by status, HPC tasks by operation and phase, and the next deadlines. */
export const Dashboard = () => {
  const translate = useTranslate();
  const format = useFormat();
  const labels = useDefinitionLabels();
  const navigate = useNavigate();
  const { permissions = [] } = usePermissions<string[]>();
  const listsAll = canListAllTasks(permissions);
  // Auditors and admins see every open task; the others their own inbox.
  const tasks = useGetList<Task>('tasks', { filter: listsAll ? { status: 'open', assigned: false } : { status: 'open' }, pagination: { page: 1, perPage: 500 }, sort: { field: 'dueAt', order: 'ASC' } });
  const processes = useGetList<Process>('processes', { pagination: { page: 1, perPage: 1000 }, sort: { field: 'startedAt', order: 'DESC' } });
  if (tasks.isPending || processes.isPending) return <Loading />;
  const summary = summariseTasks(tasks.data ?? []);
  const cases = casesByStatus(processes.data ?? []);
  return (
    <Box sx={{ mt: 2 }} data-testid="dashboard">
      <Title title="hpc.dashboard.title" />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card>
            <CardHeader title={translate(listsAll ? 'hpc.dashboard.tasks_by_process' : 'hpc.dashboard.my_tasks_by_process')} subheader={translate('hpc.dashboard.total', { open: summary.total.open, overdue: summary.total.overdue })} />
            <CardContent>
              <CountTable
                label={translate('resources.tasks.fields.processType')}
                rows={Object.entries(summary.byProcess).map(([k, c]) => [labels.processType(k), c])}
              />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card>
            <CardHeader title={translate('hpc.dashboard.tasks_by_role')} />
            <CardContent>
              <CountTable label={translate('resources.tasks.fields.roles')} rows={Object.entries(summary.byRole).map(([k, c]) => [translate(`hpc.roles.${k}`, { _: k }), c])} />
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card>
            <CardHeader title={translate('hpc.dashboard.cases_by_status')} />
            <CardContent>
              <Table size="small">
                <TableHead>
                  <TableRow>
                    <TableCell>{translate('resources.processes.fields.type')}</TableCell>
                    {PROCESS_STATUSES.map((s) => (
                      <TableCell key={s} align="right">
                        {translate(`hpc.process_statuses.${s}`)}
                      </TableCell>
                    ))}
                  </TableRow>
                </TableHead>
                <TableBody>
                  {Object.keys(cases).length === 0 && (
                    <TableRow>
                      <TableCell colSpan={PROCESS_STATUSES.length + 1}>{translate('hpc.common.nothing')}</TableCell>
                    </TableRow>
                  )}
                  {Object.entries(cases).map(([type, row]) => (
                    <TableRow key={type} hover sx={{ cursor: 'pointer' }} onClick={() => navigate(`/processes?filter=${encodeURIComponent(JSON.stringify({ type }))}`)}>
                      <TableCell>{labels.processType(type)}</TableCell>
                      {PROCESS_STATUSES.map((s) => (
                        <TableCell key={s} align="right">
                          {row[s] ?? 0}
                        </TableCell>
                      ))}
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </Grid>
        <Grid size={{ xs: 12, md: 6 }}>
          <Card>
            <CardHeader title={translate('hpc.dashboard.next_deadlines')} />
            <CardContent>
              {summary.nextDeadlines.length === 0 ? (
                <Typography variant="body2">{translate('hpc.common.nothing')}</Typography>
              ) : (
                <List dense>
                  {summary.nextDeadlines.map((t) => {
                    const days = daysUntil(t.dueAt!);
                    return (
                      // A list holds list items: the button sits inside one.
                      <ListItem key={t.id} disablePadding>
                      <ListItemButton onClick={() => navigate(`/tasks/${encodeURIComponent(t.id)}/show`)}>
                        <ListItemText
                          primary={labels.stepTitle(t.processType, t.stepId, t.title)}
                          secondary={
                            <RecordContextProvider value={t}>
                              {labels.processType(t.processType)} · <SubjectInline /> · {format.dateTime(t.dueAt)}
                            </RecordContextProvider>
                          }
                          slotProps={{ secondary: { component: 'span' } }}
                        />
                        <Chip
                          size="small"
                          color={t.overdue || days < 0 ? 'error' : days <= 3 ? 'warning' : 'default'}
                          label={t.overdue || days < 0 ? translate('hpc.tasks.overdue_by', { smart_count: Math.max(1, -days) }) : translate('hpc.tasks.due_in', { smart_count: days })}
                        />
                      </ListItemButton>
                      </ListItem>
                    );
                  })}
                </List>
              )}
            </CardContent>
          </Card>
        </Grid>
        <HpcOpenTasks permissions={Array.isArray(permissions) ? permissions : []} />
        <DutyOffenders permissions={Array.isArray(permissions) ? permissions : []} />
      </Grid>
    </Box>
  );
};
