// The HPC cycle page of one operation and year: the phase bar (done / current with its deadline / next), the
// clusters × tasks matrix of the current phase (overdue cells in red), the needs table and the JIAF consolidation
// (sortable, CSV export), the projects per cluster, and OCHA's "Trigger next phase" with its deadline.
import {
  Alert, Box, Button, Card, CardContent, Chip, MenuItem, Stack, Step, StepLabel, Stepper, Table, TableBody, TableCell, TableHead,
  TableRow, TableSortLabel, TextField, Typography,
} from '@mui/material';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Title, useGetList, useNotify, usePermissions, useTranslate } from 'react-admin';
import { API_URL, httpClient } from '../../httpClient';
import { useLiveInterval } from '../../live';
import { useDefinitionLabels } from '../../definitions';
import { dayIn, endOfDayIn } from './deadline';
import { session } from '../../session';
import { HPC_CYCLE } from '../../../../workflows/processes/hpc-cycle/hpc-cycle.definition';
import { HRP_PROJECT } from '../../../../workflows/processes/hrp-project/hrp-project.definition';

interface PhaseItem { phase: string; status: 'done' | 'current' | 'next' | 'upcoming'; deadline: string | null }
interface Summary {
  id: string; title: string; status: string; year: number; variant: string; expected: string | null; phase: string | null;
  deadline: string | null; phases: PhaseItem[]; triggerTaskId: string | null; timeZone: string;
}
interface Cell { taskId: string; status: string; overdue: boolean; dueAt: string | null; decidedBy: string | null }
interface Matrix { phase: string | null; deadline: string | null; columns: string[]; rows: { sector: string; cells: Record<string, Cell | null> }[]; tasks: { stepId: string; taskId: string; status: string; overdue: boolean; dueAt: string | null }[] }
interface JiafRow { adminArea: string; populationGroup: string; peopleInNeed: number; severity: number; drivenBy: string; drivers: string[] }
interface Jiaf { rows: JiafRow[]; totalPeopleInNeed: number; clusters: string[] }
interface NeedsRow { sector: string; adminArea: string; populationGroup: string; peopleInNeed: number; severity: number }
interface Project { id: string; title: string; sector: string | null; organisationName: string | null; requirementsUsd: string | null; status: string; outcome: string | null; currentSteps: string[] }

const enc = encodeURIComponent;


/**
 * One read of the cycle (`part`: '', '/matrix', '/needs', …), kept fresh like the case page: keyed under
 * `processes` so every live change refetches it, polled while the live stream is down.
 */
function useCycleRead<T>(id: string, part: string, query = '') {
  const interval = useLiveInterval(5_000);
  return useQuery<T, Error>({
    queryKey: ['processes', HPC_CYCLE, id, part, query],
    queryFn: async () => (await httpClient(`${API_URL}/hpc/cycles/${enc(id)}${part}${query}`)).json as T,
    refetchInterval: interval,
  });
}

function useLabels() {
  const t = useTranslate();
  const labels = useDefinitionLabels();
  return {
    t,
    phase: (p: string) => t(`hpc.defs.options.phase.${p}`, { _: p }),
    // Step titles from the definitions (English) or their translations.
    step: (s: string) => labels.stepTitle(HPC_CYCLE, s),
    projectStep: (s: string) => labels.stepTitle(HRP_PROJECT, s),
    taskStatus: (s: string) => t(`hpc.task_statuses.${s}`, { _: s }),
    sector: (s: string) => t(`hpc.sectors.${s}`, { _: s }),
  };
}

function PhaseBar({ summary }: { summary: Summary }) {
  const { phase } = useLabels();
  const day = dayIn(summary.timeZone);
  const active = summary.phases.findIndex((p) => p.status === 'current' || p.status === 'next');
  return (
    <Stepper activeStep={active < 0 ? summary.phases.length : active} alternativeLabel aria-label="phases">
      {summary.phases.map((p) => (
        <Step key={p.phase} completed={p.status === 'done'} data-testid={`phase-${p.phase}`} data-status={p.status}>
          <StepLabel optional={p.status === 'current' ? <Typography variant="caption">{day(p.deadline)}</Typography> : p.status === 'next' ? <Typography variant="caption">→</Typography> : undefined}>
            {phase(p.phase)}
          </StepLabel>
        </Step>
      ))}
    </Stepper>
  );
}

function TriggerForm({ summary, onDone }: { summary: Summary; onDone: () => void }) {
  const { t, phase, step } = useLabels();
  const notify = useNotify();
  const [chosen, setChosen] = useState(summary.expected ?? '');
  const [deadline, setDeadline] = useState('');
  useEffect(() => setChosen(summary.expected ?? ''), [summary.expected]);
  if (!summary.triggerTaskId) return null;
  const submit = async () => {
    try {
      await httpClient(`${API_URL}/hpc/cycles/${enc(summary.id)}/trigger`, {
        method: 'POST',
        body: JSON.stringify({ phase: chosen, ...(deadline ? { deadline: endOfDayIn(deadline, summary.timeZone) } : {}) }),
      });
      notify(t('hpc.defs.hpc-cycle.decisions.phase-trigger.start', { _: 'Start the phase' }), { type: 'success' });
      onDone();
    } catch (e) {
      notify((e as Error).message, { type: 'error' });
    }
  };
  return (
    <Stack direction="row" spacing={2} alignItems="center" sx={{ my: 2 }}>
      <TextField select size="small" label={t('hpc.defs.fields.phase', { _: 'Phase' })} value={chosen} onChange={(e) => setChosen(e.target.value)} sx={{ minWidth: 220 }}>
        {summary.phases.map((p) => <MenuItem key={p.phase} value={p.phase}>{phase(p.phase)}</MenuItem>)}
      </TextField>
      <TextField size="small" type="date" label={t('hpc.defs.fields.deadline', { _: 'Phase deadline' })} value={deadline} onChange={(e) => setDeadline(e.target.value)} slotProps={{ inputLabel: { shrink: true }, htmlInput: { 'data-testid': 'trigger-deadline' } }} />
      <Button variant="contained" onClick={submit} disabled={!chosen} data-testid="trigger-phase">{step('phase-trigger')}</Button>
    </Stack>
  );
}

function MatrixTable({ matrix, timeZone }: { matrix: Matrix; timeZone: string }) {
  const day = dayIn(timeZone);
  const { t, step, sector, taskStatus } = useLabels();
  if (matrix.columns.length === 0 && matrix.tasks.length === 0) return null;
  return (
    <Box sx={{ overflowX: 'auto' }}>
      {matrix.columns.length > 0 && (
        <Table size="small" aria-label="clusters × tasks">
          <TableHead>
            <TableRow>
              <TableCell>{t('hpc.defs.fields.sector', { _: 'Sector' })}</TableCell>
              {matrix.columns.map((c) => <TableCell key={c}>{step(c)}</TableCell>)}
            </TableRow>
          </TableHead>
          <TableBody>
            {matrix.rows.map((r) => (
              <TableRow key={r.sector}>
                <TableCell>{sector(r.sector)}</TableCell>
                {matrix.columns.map((c) => {
                  const cell = r.cells[c];
                  return (
                    <TableCell key={c} data-testid={`cell-${r.sector}-${c}`} data-status={cell?.status ?? 'none'} data-overdue={cell?.overdue ? 'true' : 'false'}
                      sx={cell?.overdue ? { bgcolor: 'error.light', color: 'error.contrastText' } : undefined}>
                      {cell ? (
                        <Link to={`/tasks/${enc(cell.taskId)}/show`}>
                          {taskStatus(cell.status)}{cell.overdue ? ' ⚠' : ''} {cell.decidedBy ?? day(cell.dueAt)}
                        </Link>
                      ) : '—'}
                    </TableCell>
                  );
                })}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Stack direction="row" spacing={1} sx={{ mt: 1, flexWrap: 'wrap' }}>
        {matrix.tasks.map((task) => (
          <Chip key={task.taskId} data-testid={`task-${task.stepId}`} data-status={task.status} component={Link} to={`/tasks/${enc(task.taskId)}/show`} clickable color={task.overdue ? 'error' : task.status === 'open' ? 'primary' : 'default'}
            label={`${step(task.stepId)} · ${taskStatus(task.status)}`} />
        ))}
      </Stack>
    </Box>
  );
}

type SortKey = 'adminArea' | 'populationGroup' | 'peopleInNeed' | 'severity' | 'drivenBy';
type NeedsSortKey = 'sector' | 'adminArea' | 'populationGroup' | 'peopleInNeed' | 'severity';

/** Saves a CSV the API writes (with the user's token). */
async function downloadCsv(url: string, filename: string): Promise<void> {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${session.token() ?? ''}` } });
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  a.download = filename;
  a.click();
  URL.revokeObjectURL(href);
}

/** A column header that sorts the table (ascending, then descending). */
function SortHead<K extends string>({ k, label, sort, onSort, align }: { k: K; label: string; sort: { key: K; order: 'ASC' | 'DESC' }; onSort: (s: { key: K; order: 'ASC' | 'DESC' }) => void; align?: 'right' }) {
  return (
    <TableCell align={align} sortDirection={sort.key === k ? (sort.order === 'ASC' ? 'asc' : 'desc') : false}>
      <TableSortLabel active={sort.key === k} direction={sort.key === k && sort.order === 'DESC' ? 'desc' : 'asc'}
        onClick={() => onSort({ key: k, order: sort.key === k && sort.order === 'ASC' ? 'DESC' : 'ASC' })}>{label}</TableSortLabel>
    </TableCell>
  );
}

function JiafTable({ id }: { id: string }) {
  const { t, sector, step } = useLabels();
  const [sort, setSort] = useState<{ key: SortKey; order: 'ASC' | 'DESC' }>({ key: 'adminArea', order: 'ASC' });
  const { data: jiaf } = useCycleRead<Jiaf>(id, '/jiaf', `?sort=${sort.key}&order=${sort.order}`);
  const csv = () => downloadCsv(`${API_URL}/hpc/cycles/${enc(id)}/jiaf.csv?sort=${sort.key}&order=${sort.order}`, 'jiaf.csv');
  if (!jiaf || jiaf.rows.length === 0) return null;
  const head = (key: SortKey, label: string) => <SortHead k={key} label={label} sort={sort} onSort={setSort} />;
  return (
    <Card sx={{ mt: 2 }} data-testid="jiaf">
      <CardContent>
        <Stack direction="row" justifyContent="space-between" alignItems="center">
          <Typography variant="h6">{step('jiaf-consolidation')} — <span data-testid="jiaf-total">{jiaf.totalPeopleInNeed.toLocaleString('en-US')}</span></Typography>
          <Button onClick={csv}>CSV</Button>
        </Stack>
        <Table size="small">
          <TableHead>
            <TableRow>
              {head('adminArea', t('hpc.defs.fields.rows.adminArea', { _: 'Administrative area' }))}
              {head('populationGroup', t('hpc.defs.fields.rows.populationGroup', { _: 'Population group' }))}
              {head('peopleInNeed', t('hpc.defs.fields.rows.peopleInNeed', { _: 'People in need' }))}
              {head('severity', t('hpc.defs.fields.rows.severity', { _: 'Severity' }))}
              {head('drivenBy', t('hpc.defs.fields.sector', { _: 'Sector' }))}
            </TableRow>
          </TableHead>
          <TableBody>
            {jiaf.rows.map((r) => (
              <TableRow key={`${r.adminArea}|${r.populationGroup}`} data-testid="jiaf-row">
                <TableCell>{r.adminArea}</TableCell>
                <TableCell>{r.populationGroup}</TableCell>
                <TableCell align="right">{r.peopleInNeed.toLocaleString('en-US')}</TableCell>
                <TableCell align="right">{r.severity}</TableCell>
                <TableCell>{r.drivers.map(sector).join(', ')}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

function NeedsAndProjects({ id }: { id: string }) {
  const { t, sector, projectStep } = useLabels();
  const [needsSort, setNeedsSort] = useState<{ key: NeedsSortKey; order: 'ASC' | 'DESC' }>({ key: 'sector', order: 'ASC' });
  const needsQuery = `?sort=${needsSort.key}&order=${needsSort.order}`;
  const { data: needs = [] } = useCycleRead<NeedsRow[]>(id, '/needs', needsQuery);
  const { data: projects = { items: [], byCluster: {} } } = useCycleRead<{ items: Project[]; byCluster: Record<string, { projects: number; requirementsUsd: string }> }>(id, '/projects');
  return (
    <>
      {needs.length > 0 && (
        <Card sx={{ mt: 2 }} data-testid="needs">
          <CardContent>
            <Stack direction="row" justifyContent="space-between" alignItems="center">
              <Typography variant="h6">{t('hpc.defs.fields.rows', { _: 'Needs' })}</Typography>
              <Button onClick={() => downloadCsv(`${API_URL}/hpc/cycles/${enc(id)}/needs.csv${needsQuery}`, 'needs.csv')} data-testid="needs-csv">CSV</Button>
            </Stack>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <SortHead k="sector" label={t('hpc.defs.fields.sector', { _: 'Sector' })} sort={needsSort} onSort={setNeedsSort} />
                  <SortHead k="adminArea" label={t('hpc.defs.fields.rows.adminArea', { _: 'Administrative area' })} sort={needsSort} onSort={setNeedsSort} />
                  <SortHead k="populationGroup" label={t('hpc.defs.fields.rows.populationGroup', { _: 'Population group' })} sort={needsSort} onSort={setNeedsSort} />
                  <SortHead k="peopleInNeed" align="right" label={t('hpc.defs.fields.rows.peopleInNeed', { _: 'People in need' })} sort={needsSort} onSort={setNeedsSort} />
                  <SortHead k="severity" align="right" label={t('hpc.defs.fields.rows.severity', { _: 'Severity' })} sort={needsSort} onSort={setNeedsSort} />
                </TableRow>
              </TableHead>
              <TableBody>
                {needs.map((n, i) => (
                  <TableRow key={i} data-testid="needs-row">
                    <TableCell>{sector(n.sector)}</TableCell><TableCell>{n.adminArea}</TableCell><TableCell>{n.populationGroup}</TableCell>
                    <TableCell align="right">{n.peopleInNeed.toLocaleString()}</TableCell><TableCell align="right">{n.severity}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
      {projects.items.length > 0 && (
        <Card sx={{ mt: 2 }} data-testid="projects">
          <CardContent>
            <Typography variant="h6">{t('hpc.process_types.hrp-project', { _: 'Projects' })}</Typography>
            <Stack direction="row" spacing={1} sx={{ mb: 1 }}>
              {Object.entries(projects.byCluster).map(([s, v]) => <Chip key={s} label={`${sector(s)}: ${v.projects} · USD ${v.requirementsUsd}`} />)}
            </Stack>
            <Table size="small">
              <TableHead>
                <TableRow>
                  <TableCell>{t('hpc.defs.fields.title', { _: 'Title' })}</TableCell>
                  <TableCell>{t('hpc.defs.fields.sector', { _: 'Sector' })}</TableCell>
                  <TableCell>{t('hpc.defs.fields.organisationId', { _: 'Organisation' })}</TableCell>
                  <TableCell align="right">{t('hpc.defs.fields.requirementsUsd', { _: 'Requirements (USD)' })}</TableCell>
                  <TableCell>{t('resources.processes.fields.status', { _: 'Status' })}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {projects.items.map((p) => (
                  <TableRow key={p.id} data-testid="project-row">
                    <TableCell><Link to={`/processes/${enc(p.id)}/show`}>{p.title}</Link></TableCell>
                    <TableCell>{p.sector ? sector(p.sector) : ''}</TableCell>
                    <TableCell>{p.organisationName}</TableCell>
                    <TableCell align="right">{p.requirementsUsd}</TableCell>
                    <TableCell>{p.outcome ? t(`hpc.defs.outcomes.${p.outcome}`, { _: p.outcome }) : p.currentSteps.map(projectStep).join(', ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      )}
    </>
  );
}

/** /hpc/:id — one cycle. */
export function HpcCyclePage() {
  const { id = '' } = useParams();
  const { t, phase } = useLabels();
  const { permissions } = usePermissions<string[]>();
  const queryClient = useQueryClient();
  const { data: summary, error } = useCycleRead<Summary>(id, '');
  const { data: matrix } = useCycleRead<Matrix>(id, '/matrix');
  const load = () => void queryClient.invalidateQueries({ queryKey: ['processes', HPC_CYCLE, id] });
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (!summary) return null;
  const isOcha = Array.isArray(permissions) && permissions.includes('ocha');
  return (
    <Box sx={{ p: 2 }}>
      <Title title={summary.title} />
      <Typography variant="h5" component="h1" gutterBottom>{summary.title}</Typography>
      <PhaseBar summary={summary} />
      {summary.phase && summary.expected === null && (
        <Typography sx={{ mt: 2 }} data-testid="current-phase">{phase(summary.phase)} — {t('hpc.defs.fields.deadline', { _: 'Phase deadline' })}: {dayIn(summary.timeZone)(summary.deadline)}</Typography>
      )}
      {isOcha && <TriggerForm summary={summary} onDone={load} />}
      {matrix && <Card sx={{ mt: 2 }} data-testid="matrix"><CardContent><MatrixTable matrix={matrix} timeZone={summary.timeZone} /></CardContent></Card>}
      <JiafTable id={id} />
      <NeedsAndProjects id={id} />
    </Box>
  );
}

/** /hpc — the HPC cycles (one per operation and year). */
export function HpcCycleList() {
  const { t } = useLabels();
  const { data = [] } = useGetList('processes', { filter: { type: HPC_CYCLE }, pagination: { page: 1, perPage: 100 }, sort: { field: 'startedAt', order: 'DESC' } });
  return (
    <Box sx={{ p: 2 }}>
      <Title title={t('hpc.process_types.hpc-cycle', { _: 'HPC cycle' })} />
      <Table size="small">
        <TableBody>
          {data.map((p) => (
            <TableRow key={p.id}>
              <TableCell><Link to={`/hpc/${enc(String(p.id))}`}>{p.title}</Link></TableCell>
              <TableCell>{t(`hpc.process_statuses.${p.status}`, { _: p.status })}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
