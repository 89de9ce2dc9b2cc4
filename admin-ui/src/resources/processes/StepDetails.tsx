import { useFormat } from '../../i18n/format';
import { Alert, Box, Button, Card, CardContent, Divider, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { useTranslate } from 'react-admin';
import type { ProcessDefinition } from '../../../../workflows/domain';
import { ActorName } from '../../components/ActorName';
import { FactsTable } from '../../components/FactsTable';
import { useDefinitionLabels } from '../../definitions';
import type { Task } from '../../types';
import { formatDuration } from '../../util/time';
import type { StepDecisionRecord, StepState } from '../../util/diagram';

/** The clicked step: what it is for, who may decide it, and who decided what and when. */
export const StepDetails = ({
  definition,
  stepId,
  state,
  decisions,
  openTasks,
}: {
  definition: ProcessDefinition;
  stepId: string | null;
  state: StepState | undefined;
  decisions: StepDecisionRecord[];
  openTasks: Task[];
}) => {
  const translate = useTranslate();
  const labels = useDefinitionLabels();
  const format = useFormat();
  if (!stepId) {
    return (
      <Card variant="outlined">
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {translate('hpc.diagram.click_step')}
          </Typography>
        </CardContent>
      </Card>
    );
  }
  const step = definition.steps.find((s) => s.id === stepId);
  if (!step) return null;
  return (
    <Card variant="outlined" data-testid="step-details">
      <CardContent>
        <Typography variant="overline">{translate(`hpc.diagram.states.${state ?? 'idle'}`)}</Typography>
        <Typography variant="h6">{labels.stepTitle(definition.type, step.id)}</Typography>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {labels.stepDescription(definition.type, step.id)}
        </Typography>
        <Typography variant="body2" gutterBottom>
          {translate('hpc.diagram.decided_by_roles', { roles: step.roles.map((r) => translate(`hpc.roles.${r}`, { _: r })).join(', ') })}
          {step.due && 'after' in step.due ? ` · ${translate('hpc.diagram.due_after', { after: formatDuration(step.due.after, translate) })}` : ''}
        </Typography>
        {openTasks.map((t) => (
          <Alert
            key={t.id}
            severity={t.overdue ? 'error' : 'info'}
            sx={{ my: 1 }}
            action={
              <Button component={Link} to={`/tasks/${encodeURIComponent(t.id)}/show`} size="small" color="inherit" data-testid="open-task">
                {translate('hpc.diagram.open_task')}
              </Button>
            }
          >
            {translate(t.overdue ? 'hpc.diagram.open_overdue' : 'hpc.diagram.open_until', { due: format.dateTime(t.dueAt) })}
          </Alert>
        ))}
        <Divider sx={{ my: 1 }} />
        {decisions.length === 0 ? (
          <Typography variant="body2" color="text.secondary">
            {translate('hpc.diagram.no_decision')}
          </Typography>
        ) : (
          decisions.map((d, i) => (
            <Box key={`${d.taskId}-${i}`} sx={{ mb: 1.5 }} data-testid="step-decision">
              <Typography variant="body2">
                <strong>{labels.decisionLabel(definition.type, d.stepId, d.decision)}</strong> — <ActorName actor={d.actor as never} />
              </Typography>
              <Typography variant="caption" color="text.secondary">
                {format.dateTime(d.at)}
              </Typography>
              {d.comment && (
                <Typography dir="auto" variant="body2" sx={{ fontStyle: 'italic', whiteSpace: 'pre-wrap' }}>
                  “{d.comment}”
                </Typography>
              )}
              {d.data && Object.keys(d.data).length > 0 && <FactsTable facts={d.data} dense />}
            </Box>
          ))
        )}
      </CardContent>
    </Card>
  );
};
