// When a cluster's first CCPM round opens: 4 months after activation by default, 3–6 per operation
// (operation settings durationOverrides['ccpm-round']['first-round'].due, e.g. "5 months").
export function firstRoundDelay(overrides: Record<string, Record<string, { due?: string }>> | undefined | null): string {
  const v = overrides?.['ccpm-round']?.['first-round']?.due;
  const m = typeof v === 'string' ? /^([3-6]) months?$/.exec(v.trim()) : null;
  return m ? `${m[1]} months` : '4 months';
}
