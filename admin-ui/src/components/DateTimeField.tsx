import { useRecordContext } from 'react-admin';
import { useFormat } from '../i18n/format';

/** A record's date in the console's language and the user's time zone (react-admin's DateField follows the browser). */
export const DateTimeField = ({ source, showTime = false, emptyText = '—' }: { source: string; showTime?: boolean; emptyText?: string; label?: string; sortable?: boolean }) => {
  const record = useRecordContext();
  const format = useFormat();
  const value = record?.[source] as string | null | undefined;
  if (!value) return <span>{emptyText}</span>;
  return <time dateTime={value}>{showTime ? format.dateTime(value) : format.date(value)}</time>;
};
