import { useFormat } from '../i18n/format';
import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { outlineDue } from '../util/time';

/** Days until (or overdue of) the 90-day transition outline of an active cluster. */
export const OutlineDueField = ({ showDate = false }: { label?: string; showDate?: boolean }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const format = useFormat();
  if (!record || !['active', 'in-transition'].includes(record.status)) return <span>—</span>;
  const due = outlineDue(record.activatedAt);
  if (!due) return <span>—</span>;
  return (
    <Typography
      variant="body2"
      component="span"
      color={due.overdue ? 'error' : due.days <= 30 ? 'warning.main' : 'text.primary'}
      fontWeight={due.overdue ? 600 : undefined}
      data-testid="outline-due"
      title={format.date(due.dueAt)}
    >
      {showDate && `${format.date(due.dueAt)} · `}
      {due.overdue
        ? translate('hpc.clusters.outline_overdue', { smart_count: -due.days })
        : translate('hpc.clusters.outline_in', { smart_count: due.days })}
    </Typography>
  );
};
