// Role ids are part of the public contract (domain/PROCESSES.md, "Who uses it").
export const ROLES = [
  'admin',
  'ocha',
  'hc',
  'erc',
  'fund_signatory',
  'cluster_lead',
  'advisory_board',
  'partner',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose authority is limited to the operations listed in the user's operationScopes. */
export const OPERATION_SCOPED_ROLES: readonly Role[] = ['hc', 'ocha', 'advisory_board'];

/**
 * Roles whose authority is limited to a scope: hc/ocha/advisory_board to operations, cluster leads to
 * (operation, sector) pairs, partners to an organisation. The rest (admin, erc, fund_signatory, auditor) are global.
 */
export const SCOPED_ROLES: readonly Role[] = ['cluster_lead', 'partner', ...OPERATION_SCOPED_ROLES];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

export function isOperationScopedRole(role: Role): boolean {
  return OPERATION_SCOPED_ROLES.includes(role);
}
