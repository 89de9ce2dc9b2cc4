// Phase deadlines live in the operation's calendar: a day picked in the console ends at midnight in the
// operation's time zone, and a deadline is shown as the day it falls on there.
import { TZDate } from '@date-fns/tz';

/** The day (YYYY-MM-DD) an instant falls on in the time zone; '' for none. */
export const dayIn = (timeZone: string) => (iso: string | null): string =>
  iso ? new TZDate(Date.parse(iso), timeZone).toISOString().slice(0, 10) : '';

/** A day picked for a deadline ends at 23:59:59 in the operation's time zone (as an ISO instant). */
export function endOfDayIn(date: string, timeZone: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(new TZDate(y, m - 1, d, 23, 59, 59, timeZone).getTime()).toISOString();
}
