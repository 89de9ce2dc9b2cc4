// Deep merge for locale files: a partial translation falls back to English key by key.
type Messages = { [key: string]: string | Messages };

export function mergeMessages<T extends object>(base: T, override: object): T {
  const out: Messages = { ...(base as Messages) };
  for (const [key, value] of Object.entries(override as Messages)) {
    const prev = out[key];
    out[key] =
      value && typeof value === 'object' && prev && typeof prev === 'object' ? mergeMessages(prev, value) : (value as string | Messages);
  }
  return out as T;
}
