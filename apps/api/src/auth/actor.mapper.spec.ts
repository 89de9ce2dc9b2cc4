import { toActor } from './actor.mapper';

describe('toActor', () => {
  it('carries every scope of the user row, including operation scopes and the signatory flag', () => {
    const actor = toActor({
      id: 'u1', username: 'hc.ssd', displayName: 'HC', roles: ['hc', 'partner'],
      clusterScopes: [{ operationId: 'op1', sector: 'health' }], operationScopes: ['op1', 'op2'],
      organisationId: 'org1', authorisedSignatory: true,
    });
    expect(actor).toEqual({
      id: 'u1', username: 'hc.ssd', displayName: 'HC', roles: ['hc', 'partner'],
      clusterScopes: [{ operationId: 'op1', sector: 'health' }], operationScopes: ['op1', 'op2'],
      organisationId: 'org1', authorisedSignatory: true,
    });
  });

  it('defaults missing scopes to none and the signatory flag to false', () => {
    expect(toActor({ id: 'u2', username: 'x', displayName: 'X', roles: ['erc'], clusterScopes: null, operationScopes: null, authorisedSignatory: null }))
      .toEqual({ id: 'u2', username: 'x', displayName: 'X', roles: ['erc'], clusterScopes: [], operationScopes: [], organisationId: null, authorisedSignatory: false });
  });
});
