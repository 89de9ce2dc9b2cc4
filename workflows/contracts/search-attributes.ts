// Custom search attributes every HPC Flow workflow sets; the launcher registers them on the dev server.
export const SEARCH_ATTRIBUTES = {
  HpcProcessType: 'Keyword',
  HpcStatus: 'Keyword',
  HpcOperationId: 'Keyword',
  HpcClusterId: 'Keyword',
  HpcAwaitingRoles: 'KeywordList',
} as const;

export type SearchAttributeName = keyof typeof SEARCH_ATTRIBUTES;

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function searchAttributeFlags(): string[] {
  return Object.entries(SEARCH_ATTRIBUTES).flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}
