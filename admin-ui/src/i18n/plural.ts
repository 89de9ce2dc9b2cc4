// Plural forms chosen by Intl.PluralRules (CLDR), not by polyglot's built-in table: a message lists its
// forms, separated by "||||", in the order of PLURAL_FORMS for its language.

type Category = Intl.LDMLPluralRule;

/** The forms each console language writes, in order; a category not listed falls back as noted. */
export const PLURAL_FORMS: Record<string, readonly Category[]> = {
  en: ['one', 'other'],
  fr: ['one', 'other'],
  es: ['one', 'other'],
  // Russian: 1 день, 3 дня, 5 дней (fractions take the "few" form: 1,5 дня).
  ru: ['one', 'few', 'many'],
  zh: ['other'],
  // Arabic: zero, one, two, few (3–10), many (11–99), other (100, 101, …).
  ar: ['zero', 'one', 'two', 'few', 'many', 'other'],
};

/** Where a category a language does not write goes (e.g. French "many" for millions → "other"). */
const FALLBACK: Record<string, Partial<Record<Category, Category>>> = {
  ru: { other: 'few' },
  fr: { many: 'other' },
  es: { many: 'other' },
};

const rulesCache = new Map<string, Intl.PluralRules>();

/** Index of the plural form for `count` in a message of language `locale`. */
export function pluralIndex(locale: string, count: number): number {
  const lang = locale.split('-')[0];
  const forms = PLURAL_FORMS[lang] ?? PLURAL_FORMS.en;
  let rules = rulesCache.get(lang);
  if (!rules) {
    rules = new Intl.PluralRules(lang);
    rulesCache.set(lang, rules);
  }
  const category = rules.select(count);
  const index = forms.indexOf(FALLBACK[lang]?.[category] ?? category);
  return index >= 0 ? index : forms.length - 1;
}

/** node-polyglot's `pluralRules` option: one plural type per console language, each backed by Intl. */
export const polyglotPluralRules = {
  pluralTypes: Object.fromEntries(Object.keys(PLURAL_FORMS).map((lang) => [lang, (n: number) => pluralIndex(lang, n)])),
  pluralTypeToLanguages: Object.fromEntries(Object.keys(PLURAL_FORMS).map((lang) => [lang, [lang]])),
};
