import { useFormat, type Formatters } from '../../i18n/format';
import { Alert, Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { Loading, useDataProvider, useTranslate } from 'react-admin';
import { explainError } from '../../components/errors';
import type { HpcDataProvider } from '../../dataProvider';

interface RawEvent {
  eventId?: string | number;
  eventTime?: string | { seconds?: string | number };
  eventType?: string | number;
  [key: string]: unknown;
}

function eventTime(t: RawEvent['eventTime'], format: Formatters): string {
  if (!t) return '';
  if (typeof t === 'string') return format.dateTime(t);
  if (t.seconds !== undefined) return format.dateTime(Number(t.seconds) * 1000);
  return '';
}

const eventTypeName = (t: RawEvent['eventType']) =>
  String(t ?? '')
    .replace(/^EVENT_TYPE_/, '')
    .toLowerCase()
    .replace(/_/g, ' ');

/** Temporal's own event history of the workflow (auditors and admins): engine-level evidence. */
export const TemporalHistory = ({ processId }: { processId: string }) => {
  const translate = useTranslate();
  const format = useFormat();
  const dataProvider = useDataProvider<HpcDataProvider>();
  const { data, isPending, error } = useQuery({
    queryKey: ['temporal-history', processId],
    queryFn: () => dataProvider.getTemporalHistory(processId),
    retry: false,
  });
  if (isPending) return <Loading />;
  if (error) return <Alert severity="error">{explainError(error, translate).message}</Alert>;
  const body = data as { events?: RawEvent[]; history?: { events?: RawEvent[] } } | RawEvent[];
  const events: RawEvent[] = Array.isArray(body) ? body : (body?.events ?? body?.history?.events ?? []);
  return (
    <Box data-testid="temporal-history">
      <Typography variant="body2" color="text.secondary" gutterBottom>
        {translate('hpc.history.temporal_intro', { smart_count: events.length })}
      </Typography>
      {/* The workflow id is engine-level evidence (what the Temporal UI searches by), shown here only. */}
      <Typography variant="body2" color="text.secondary" gutterBottom data-testid="workflow-id">
        {translate('resources.processes.fields.id')}: <Box component="code" dir="ltr" sx={{ fontSize: 12 }}>{processId}</Box>
      </Typography>
      <Table size="small">
        <TableHead>
          <TableRow>
            <TableCell>#</TableCell>
            <TableCell>{translate('hpc.history.event_type')}</TableCell>
            <TableCell>{translate('hpc.history.event_time')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {events.map((e, i) => (
            <TableRow key={String(e.eventId ?? i)}>
              <TableCell>{String(e.eventId ?? i + 1)}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace' }}>{eventTypeName(e.eventType)}</TableCell>
              <TableCell>{eventTime(e.eventTime, format)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <details style={{ marginTop: 16 }}>
        <summary>{translate('hpc.history.raw_json')}</summary>
        <Box component="pre" sx={{ fontSize: 11, maxHeight: 480, overflow: 'auto', background: '#f5f5f5', p: 1 }}>
          {JSON.stringify(data, null, 2)}
        </Box>
      </details>
    </Box>
  );
};
