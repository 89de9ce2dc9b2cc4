// Role ids are part of the public contract (domain/PROCESSES.md, "Who uses it").
export const ROLES = ['admin', 'ocha', 'hc', 'erc', 'cluster_lead', 'partner', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose authority is limited to a scope: cluster leads to (operation, sector), partners to an organisation. */
export const SCOPED_ROLES: readonly Role[] = ['cluster_lead', 'partner'];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
