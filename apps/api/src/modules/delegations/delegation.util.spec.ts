import { authorizeDecision, type Actor } from '@hpc/workflows/domain';
import { delegatedActor, delegationErrors, isRunning, onBehalfOfLabel, type DelegationRecord } from './delegation.util';

const OP = '11111111-1111-4111-8111-111111111111';
const OTHER_OP = '22222222-2222-4222-8222-222222222222';
const ORG = '33333333-3333-4333-8333-333333333333';
const actor = (over: Partial<Actor>): Actor => ({ id: 'x', username: 'x', displayName: 'X', roles: [], clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false, ...over });
const hc = actor({ id: 'hc', displayName: 'Daniel Okafor', roles: ['hc'], operationScopes: [OP] });
const deputy = actor({ id: 'dep', displayName: 'Maria Lopez', roles: ['ocha'], operationScopes: [OTHER_OP] });
const lead = actor({ id: 'lead', displayName: 'Grace Akol', roles: ['cluster_lead'], clusterScopes: [{ operationId: OP, sector: 'wash' }] });
const future = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();
const record = (over: Partial<DelegationRecord> = {}): DelegationRecord => ({ id: 12, delegatorId: 'hc', delegateId: 'dep', roles: ['hc'], operationId: OP, sector: null, startsAt: future(-1), endsAt: future(7), endedAt: null, ...over });

describe('delegation rules', () => {
  it('hands over only roles the delegator holds, never admin, and never a wider scope', () => {
    const base = { startsAt: future(0), endsAt: future(7) };
    expect(delegationErrors(hc, 'dep', { ...base, roles: ['hc'], operationId: OP }, Date.now())).toEqual([]);
    expect(delegationErrors(hc, 'dep', { ...base, roles: ['ocha'] }, Date.now())).toEqual(['roles: you do not hold the role ocha']);
    expect(delegationErrors(actor({ roles: ['admin'] }), 'dep', { ...base, roles: ['admin'] }, Date.now())).toEqual(['roles: admin cannot be delegated']);
    expect(delegationErrors(hc, 'dep', { ...base, roles: ['hc'], operationId: OTHER_OP }, Date.now())).toEqual(['operationId: outside your operations (a delegation cannot widen a scope)']);
    expect(delegationErrors(lead, 'dep', { ...base, roles: ['cluster_lead'], operationId: OP, sector: 'health' }, Date.now())).toEqual(['operationId/sector: outside your cluster scopes (a delegation cannot widen a scope)']);
    expect(delegationErrors(hc, 'hc', { roles: ['hc'], startsAt: future(2), endsAt: future(1) }, Date.now())).toEqual(['delegateId must be another user than yourself', 'endsAt must be after startsAt']);
  });

  it('the delegated actor decides the delegator\'s task, but not outside the delegation', () => {
    const a = delegatedActor(deputy, hc, record());
    expect(a).toMatchObject({ id: 'dep', roles: ['hc'], operationScopes: [OP], onBehalfOf: { id: 'hc', delegationId: 12 } });
    expect(authorizeDecision(a, { roles: ['hc'], scope: { operationId: OP, sector: null } }).allowed).toBe(true);
    expect(authorizeDecision(a, { roles: ['hc'], scope: { operationId: OTHER_OP, sector: null } }).allowed).toBe(false);
    expect(authorizeDecision(a, { roles: ['ocha'], scope: { operationId: OTHER_OP, sector: null } }).allowed).toBe(false);
    // A delegation naming a role the delegator has since lost lends nothing.
    expect(delegatedActor(deputy, { ...hc, roles: [] }, record()).roles).toEqual([]);
    expect(onBehalfOfLabel(a)).toBe('Maria Lopez for Daniel Okafor (HC), delegation #12');
  });

  it('four-eyes compares the delegate and the delegator on both sides; recusal checks both organisations', () => {
    const a = delegatedActor(deputy, hc, record());
    const task = { roles: ['hc' as const], scope: { operationId: OP, sector: null }, fourEyes: true };
    expect(authorizeDecision(a, { ...task, previousDeciderId: 'hc' })).toMatchObject({ allowed: false, reason: 'four-eyes' });
    expect(authorizeDecision(a, { ...task, previousDeciderId: 'dep' })).toMatchObject({ allowed: false, reason: 'four-eyes' });
    expect(authorizeDecision(hc, { ...task, previousDeciderId: 'dep', previousOnBehalfOfId: 'hc' })).toMatchObject({ allowed: false, reason: 'four-eyes' });
    expect(authorizeDecision(a, { ...task, previousDeciderId: 'someone-else' }).allowed).toBe(true);
    const recused = delegatedActor(deputy, { ...hc, organisationId: ORG }, record());
    expect(authorizeDecision(recused, { roles: ['hc'], scope: { operationId: OP, sector: null }, recusalOrganisationId: ORG })).toMatchObject({ allowed: false, reason: 'recusal' });
  });

  it('runs only between its start and end and until ended', () => {
    expect(isRunning(record(), Date.now())).toBe(true);
    expect(isRunning(record({ startsAt: future(1) }), Date.now())).toBe(false);
    expect(isRunning(record({ endedAt: future(-0.1) }), Date.now())).toBe(false);
  });
});
