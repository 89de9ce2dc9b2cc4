import { useFormat } from '../i18n/format';
import { Typography } from '@mui/material';
import { useRecordContext, useTranslate } from 'react-admin';
import { daysUntil } from '../util/time';

/** A due date with how far off it is; overdue in red. */
export const DueField = ({ source = 'dueAt' }: { source?: string; label?: string }) => {
  const record = useRecordContext();
  const translate = useTranslate();
  const format = useFormat();
  const due = record?.[source] as string | null | undefined;
  if (!due) return <span>—</span>;
  const open = record?.status === undefined || record?.status === 'open';
  const days = daysUntil(due);
  const overdue = open && (record?.overdue === true || days < 0);
  return (
    <Typography variant="body2" component="span" color={overdue ? 'error' : 'text.primary'} fontWeight={overdue ? 600 : undefined}>
      {format.dateTime(due)}
      {open && (
        <Typography variant="caption" component="span" display="block" color={overdue ? 'error' : 'text.secondary'}>
          {overdue
            ? translate('hpc.tasks.overdue_by', { smart_count: Math.max(1, -days) })
            : translate('hpc.tasks.due_in', { smart_count: days })}
        </Typography>
      )}
    </Typography>
  );
};
