import { useFormat } from '../../i18n/format';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import HourglassEmptyIcon from '@mui/icons-material/HourglassEmpty';
import { Accordion, AccordionDetails, AccordionSummary, Box, Chip, Divider, Stack, Typography } from '@mui/material';
import { useMemo } from 'react';
import { useTranslate } from 'react-admin';
import { ActorName } from '../../components/ActorName';
import { FactsTable } from '../../components/FactsTable';
import { useDefinitionLabels } from '../../definitions';
import type { AuditEvent } from '../../types';
import { buildTimeline } from '../../util/timeline';

const EventRow = ({ event, processType }: { event: AuditEvent; processType: string }) => {
  const translate = useTranslate();
  const fmt = useFormat().dateTime;
  const labels = useDefinitionLabels();
  return (
    <Box sx={{ py: 1 }} data-testid="timeline-event" data-type={event.type}>
      <Stack direction="row" spacing={1} alignItems="baseline" useFlexGap flexWrap="wrap">
        <Typography variant="caption" color="text.secondary" sx={{ minWidth: 150 }}>
          #{event.seq} · {fmt(event.at)}
        </Typography>
        <Typography variant="body2" sx={{ fontWeight: event.type === 'decision' ? 600 : 400 }}>
          {translate(`hpc.audit.types.${event.type}`, { _: event.type })}
        </Typography>
        {event.decision && event.stepId && (
          <Chip size="small" color="primary" variant="outlined" label={labels.decisionLabel(processType, event.stepId, event.decision)} />
        )}
        <Typography variant="body2" color="text.secondary">
          <ActorName actor={event.actor as never} />
        </Typography>
      </Stack>
      {event.comment && (
        <Typography dir="auto" variant="body2" sx={{ pl: { sm: '158px' }, whiteSpace: 'pre-wrap', fontStyle: 'italic' }}>
          “{event.comment}”
        </Typography>
      )}
      {event.data && Object.keys(event.data).length > 0 && (
        <Box sx={{ pl: { sm: '150px' } }}>
          <FactsTable facts={event.data} dense />
        </Box>
      )}
    </Box>
  );
};

/** The audit trail grouped by step, quiet periods collapsed to one line, system-only groups folded. */
export const Timeline = ({ events, processType }: { events: AuditEvent[]; processType: string }) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const items = useMemo(() => buildTimeline(events), [events]);
  const fmt = useFormat().dateTime;
  if (!events.length) return <Typography variant="body2">{translate('hpc.common.nothing')}</Typography>;
  const last = items[items.length - 1];
  return (
    <Box data-testid="timeline">
      {items.map((item) =>
        item.kind === 'quiet' ? (
          <Divider key={item.key} sx={{ my: 1 }} data-testid="quiet-period">
            <Chip
              size="small"
              icon={<HourglassEmptyIcon />}
              label={translate('hpc.timeline.quiet', { smart_count: item.days })}
              variant="outlined"
            />
          </Divider>
        ) : (
          <Accordion key={item.key} defaultExpanded={item.hasDecision || item === last || item.events.length <= 2} disableGutters variant="outlined">
            <AccordionSummary expandIcon={<ExpandMoreIcon />}>
              <Stack direction="row" spacing={1} alignItems="center" useFlexGap flexWrap="wrap">
                <Typography variant="subtitle2">
                  {item.stepId ? labels.stepTitle(processType, item.stepId) : translate('hpc.timeline.case')}
                </Typography>
                <Typography variant="caption" color="text.secondary">
                  {fmt(item.startedAt)}
                  {item.endedAt !== item.startedAt ? ` → ${fmt(item.endedAt)}` : ''} · {translate('hpc.timeline.events', { smart_count: item.events.length })}
                </Typography>
              </Stack>
            </AccordionSummary>
            <AccordionDetails sx={{ pt: 0 }}>
              {item.events.map((e) => (
                <EventRow key={e.seq} event={e} processType={processType} />
              ))}
            </AccordionDetails>
          </Accordion>
        ),
      )}
    </Box>
  );
};
