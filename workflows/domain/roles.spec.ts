// Role ids and their scopes, as domain/PROCESSES.md (revision 2, "Who uses it") lists them: the expected
// values below are copied from that table, never read from the implementation.
import { isOperationScopedRole, isRole, ROLES, type Role } from './roles';

/** The table's role ids, in its order. */
const TABLE = ['admin', 'ocha', 'hc', 'erc', 'fund_signatory', 'cluster_lead', 'advisory_board', 'partner', 'auditor'];

describe('isRole', () => {
  it('knows exactly the role ids of the table', () => {
    expect([...ROLES]).toEqual(TABLE);
    for (const role of TABLE) expect(isRole(role)).toBe(true);
  });

  it('refuses anything else: other words, other spellings, non-strings', () => {
    for (const value of ['donor', 'cluster-lead', 'HC', 'Admin', ' hc', '', undefined, null, 1, ['hc'], { role: 'hc' }]) {
      expect({ value, role: isRole(value) }).toEqual({ value, role: false });
    }
  });
});

describe('isOperationScopedRole', () => {
  it('holds for the roles scoped to operations: ocha, hc, advisory_board', () => {
    for (const role of ['ocha', 'hc', 'advisory_board'] as Role[]) expect({ role, scoped: isOperationScopedRole(role) }).toEqual({ role, scoped: true });
  });

  it('does not hold for global roles, nor for cluster leads (operation + sector) and partners (one organisation)', () => {
    for (const role of ['admin', 'erc', 'fund_signatory', 'auditor', 'cluster_lead', 'partner'] as Role[]) {
      expect({ role, scoped: isOperationScopedRole(role) }).toEqual({ role, scoped: false });
    }
  });
});
