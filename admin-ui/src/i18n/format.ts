// Dates, numbers and money in the console's chosen language (not the browser's), always in the
// user's own time zone with the zone named, so "12 Mar 2026, 16:05 GMT+3" is unambiguous.
import { useMemo } from 'react';
import { useLocaleState } from 'react-admin';

/**
 * The Intl locale for a console language: English as the UN writes it (British: "30 Nov 2026, 05:57"),
 * and Latin digits in Arabic, as the counts inside translated sentences are (polyglot does not localise them).
 */
export function intlLocale(locale: string): string {
  if (locale === 'en') return 'en-GB';
  return locale === 'ar' ? 'ar-u-nu-latn' : locale;
}

/** The user's time zone as the browser reports it (IANA name), UTC when unknown. */
export function userTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export interface Formatters {
  locale: string;
  timeZone: string;
  /** Date and time with the zone, e.g. "12 Mar 2026, 16:05 UTC". */
  dateTime(iso: string | number | Date | null | undefined): string;
  /** Date only, in the user's zone. */
  date(iso: string | number | Date | null | undefined): string;
  number(n: number, options?: Intl.NumberFormatOptions): string;
  currency(n: number, currency?: string): string;
  /** An exact amount (a decimal string or a number) as money: "US$1,250,000.50", cents kept, never rounded through a float. */
  money(amount: string | number, currency?: string): string;
  /** A calendar date ("2026-03-01") as written in the language, the same day in every time zone. */
  plainDate(isoDate: string): string;
  /** A list joined the way the language joins lists ("A, B and C"). */
  list(items: readonly string[]): string;
}

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

export function makeFormatters(locale: string, timeZone: string = userTimeZone()): Formatters {
  const tag = intlLocale(locale);
  const dateTimeFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeStyle: 'short', timeZone });
  // timeStyle cannot be combined with timeZoneName: the zone is appended from its own formatter.
  const zoneFmt = new Intl.DateTimeFormat(tag, { timeZone, timeZoneName: 'short' });
  const dateFmt = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  const listFmt = new Intl.ListFormat(tag, { style: 'long', type: 'conjunction' });
  const zoneName = (d: Date) => zoneFmt.formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  return {
    locale,
    timeZone,
    dateTime(v) {
      const d = toDate(v);
      return d ? `${dateTimeFmt.format(d)} ${zoneName(d)}` : '—';
    },
    date(v) {
      const d = toDate(v);
      return d ? dateFmt.format(d) : '—';
    },
    number: (n, options) => new Intl.NumberFormat(tag, options).format(n),
    currency: (n, currency = 'USD') => new Intl.NumberFormat(tag, { style: 'currency', currency, maximumFractionDigits: 0 }).format(n),
    list: (items) => listFmt.format(items),
    money(amount, currency = 'USD') {
      const text = String(amount).trim();
      if (!/^-?\d+(\.\d+)?$/.test(text)) return text;
      const cents = /\.\d*[1-9]/.test(text);
      // Intl formats a decimal string exactly (no float in between).
      const fmt = new Intl.NumberFormat(tag, { style: 'currency', currency, minimumFractionDigits: cents ? 2 : 0, maximumFractionDigits: 20 });
      return fmt.format(text as unknown as number);
    },
    plainDate(isoDate) {
      const d = /^\d{4}-\d{2}-\d{2}$/.test(isoDate) ? new Date(`${isoDate}T12:00:00Z`) : null;
      return d && !Number.isNaN(d.getTime()) ? new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone: 'UTC' }).format(d) : isoDate;
    },
  };
}

/** Formatters for the console's current language. */
export function useFormat(): Formatters {
  const [locale] = useLocaleState();
  return useMemo(() => makeFormatters(locale), [locale]);
}
