// A case's title composed in the user's language from what it is about (pure, unit-tested).

export interface CaseSubject {
  type: string;
  title: string;
  operationId: string | null;
  sector: string | null;
}

/** "Cluster activation — Protection, South Sudan 2026" in the user's language: process, sector, operation. */
export function caseTitle(p: CaseSubject, labels: { processType(type: string): string }, sectorLabel: (s: string) => string, operationName?: string): string {
  const parts = [p.sector ? sectorLabel(p.sector) : null, operationName ?? null].filter(Boolean);
  // Without a subject the server's own title (which may name other things) is the best we have.
  if (parts.length === 0) return p.title;
  return `${labels.processType(p.type)} — ${parts.join(', ')}`;
}

