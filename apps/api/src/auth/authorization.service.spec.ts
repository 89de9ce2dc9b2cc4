import type { Actor } from '@hpc/workflows/domain';
import { AppException } from '../common/errors';
import { AuthorizationService } from './authorization.service';

const OP = '11111111-1111-4111-8111-111111111111';
const ORG = '22222222-2222-4222-8222-222222222222';

function actor(over: Partial<Actor>): Actor {
  return { id: 'u1', username: 'u', displayName: 'U', roles: [], clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false, ...over };
}

describe('AuthorizationService', () => {
  const auth = new AuthorizationService();
  const hc = actor({ roles: ['hc'], operationScopes: [OP] });
  const leadProtection = actor({ roles: ['cluster_lead'], clusterScopes: [{ operationId: OP, sector: 'protection' }] });
  const partner = actor({ roles: ['partner'], organisationId: ORG });
  const auditor = actor({ roles: ['auditor'] });

  it('checks roles', () => {
    expect(auth.hasAnyRole(hc, ['hc', 'ocha'])).toBe(true);
    expect(auth.hasAnyRole(auditor, ['hc', 'ocha'])).toBe(false);
    expect(() => auth.assertAnyRole(auditor, ['admin'])).toThrow('this action needs one of the roles: admin');
  });

  it('lets a holder of one of the roles through, and names the roles to anyone else (403)', () => {
    expect(() => auth.assertAnyRole(hc, ['ocha', 'hc'])).not.toThrow();
    expect(auth.hasAnyRole(actor({ roles: ['ocha', 'auditor'] }), ['hc', 'auditor'])).toBe(true);
    expect(auth.hasAnyRole(hc, [])).toBe(false);
    try {
      auth.assertAnyRole(partner, ['admin', 'ocha']);
      throw new Error('expected 403');
    } catch (err) {
      expect(err).toBeInstanceOf(AppException);
      expect((err as AppException).getStatus()).toBe(403);
      expect((err as AppException).message).toBe('this action needs one of the roles: admin, ocha');
    }
  });

  it('scopes cluster leads to their (operation, sector)', () => {
    expect(auth.checkScope(leadProtection, ['cluster_lead'], { operationId: OP, sector: 'protection' })).toEqual({ allowed: true, via: 'cluster_lead' });
    expect(auth.checkScope(leadProtection, ['cluster_lead'], { operationId: OP, sector: 'health' })).toMatchObject({ allowed: false, reason: 'scope' });
    expect(auth.coversScope(leadProtection, 'cluster_lead', { operationId: OP })).toBe(false);
  });

  it('scopes partners to their organisation', () => {
    expect(auth.assertScope(partner, ['partner'], { organisationId: ORG })).toBe('partner');
    expect(() => auth.assertScope(partner, ['partner'], { organisationId: OP })).toThrow('this task is outside your cluster or organisation scope');
  });

  it('decides role, then scope, then four-eyes, and throws 403 with the reason', () => {
    const task = { roles: ['hc'] as const, scope: { operationId: OP }, fourEyes: true, previousDeciderId: 'u1' };
    expect(auth.checkDecision(hc, { ...task, roles: ['hc'] })).toMatchObject({ allowed: false, reason: 'four-eyes' });
    expect(auth.checkDecision(actor({ id: 'u2', roles: ['hc'], operationScopes: [OP] }), { ...task, roles: ['hc'] })).toEqual({ allowed: true, via: 'hc' });
    try {
      auth.assertDecision(auditor, { ...task, roles: ['hc'] });
      throw new Error('expected 403');
    } catch (err) {
      expect(err).toBeInstanceOf(AppException);
      expect((err as AppException).getStatus()).toBe(403);
      expect((err as AppException).details).toEqual({ reason: 'role' });
      expect((err as AppException).message).toBe('this step needs one of the roles: hc');
    }
  });

  it('returns the role a permitted decision is made in, and the reason of a refusal in the 403', () => {
    const task = { roles: ['ocha', 'hc'] as const, scope: { operationId: OP } };
    expect(auth.assertDecision(hc, task)).toBe('hc');
    try {
      auth.assertDecision(leadProtection, { roles: ['cluster_lead'], scope: { operationId: OP, sector: 'health' } });
      throw new Error('expected 403');
    } catch (err) {
      expect((err as AppException).getStatus()).toBe(403);
      expect((err as AppException).details).toEqual({ reason: 'scope' });
      expect((err as AppException).message).toBe('this task is outside your cluster or organisation scope');
    }
  });
});
