// A case's title composed in the user's language from what it is about (pure, unit-tested).

export interface CaseSubject {
  type: string;
  title: string;
  operationId: string | null;
  sector: string | null;
  /** What the case is about; a user-given `title` (a proposal's, a project's, an allocation's input) names the case among its siblings. */
  subject?: Record<string, unknown>;
  input?: Record<string, unknown>;
}

const named = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

/**
 * "Cluster activation — Protection, South Sudan 2026" in the user's language: process, its own name if it has one
 * ("Grant proposal — Safe water for returnees in Juba, WASH, South Sudan 2026"), sector, operation; `separator` is
 * the language's comma ("، " in Arabic).
 */
export function caseTitle(p: CaseSubject, labels: { processType(type: string): string }, sectorLabel: (s: string) => string, operationName?: string, separator = ', '): string {
  const own = named(p.subject?.title) ?? named(p.input?.title);
  const parts = [own, p.sector ? sectorLabel(p.sector) : null, operationName ?? null].filter(Boolean);
  // Without a subject the server's own title (which may name other things) is the best we have.
  if (parts.length === 0 || (own && parts.length === 1)) return p.title;
  return `${labels.processType(p.type)} — ${parts.join(separator)}`;
}

