// Polyglot i18n: English is bundled; the other UN languages load on demand (one chunk each).
import polyglotI18nProvider from 'ra-i18n-polyglot';
import type { TranslationMessages } from 'react-admin';
import en from './en';
import { polyglotPluralRules } from './plural';

/** The six UN official languages, each named in itself. */
export const LOCALES = [
  { locale: 'en', name: 'English' },
  { locale: 'fr', name: 'Français' },
  { locale: 'es', name: 'Español' },
  { locale: 'ar', name: 'العربية' },
  { locale: 'ru', name: 'Русский' },
  { locale: 'zh', name: '中文' },
];

const RTL_LOCALES = ['ar'];
export const isRtl = (locale: string) => RTL_LOCALES.includes(locale);

const loaders: Record<string, () => Promise<{ default: TranslationMessages }>> = {
  fr: () => import('./fr'),
  es: () => import('./es'),
  ar: () => import('./ar'),
  ru: () => import('./ru'),
  zh: () => import('./zh'),
};

export const i18nProvider = polyglotI18nProvider(
  (locale: string) => {
    const load = loaders[locale];
    return load ? load().then((m) => m.default) : en;
  },
  'en',
  LOCALES,
  // A missing key shows English (through `_` defaults) rather than the key; the spec keeps every language complete.
  { allowMissing: true, pluralRules: polyglotPluralRules },
);
