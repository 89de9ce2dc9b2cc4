import { isTemporalCloud, missingAttributes, namespaceProblem, searchAttributeCommands } from './namespace-check';
import { requestIdFrom } from './request-id';

describe('namespace search attributes', () => {
  const all = { HpcProcessType: 2, HpcStatus: 2, HpcOperationId: 2, HpcClusterId: 2, HpcAwaitingRoles: 7 };

  it('finds nothing missing when all five are registered with their types', () => {
    expect(missingAttributes(all)).toEqual([]);
  });

  it('names the missing ones and those registered with another type', () => {
    const { HpcStatus: _s, ...rest } = all;
    expect(missingAttributes({ ...rest, HpcAwaitingRoles: 2 })).toEqual([
      { name: 'HpcStatus', type: 'Keyword' },
      { name: 'HpcAwaitingRoles', type: 'KeywordList', actualType: 'Keyword' },
    ]);
    expect(missingAttributes(null)).toHaveLength(5);
  });

  it('gives the temporal operator commands for a self-hosted server and tcld for Temporal Cloud', () => {
    const missing = missingAttributes({ ...all, HpcClusterId: undefined });
    expect(searchAttributeCommands(missing, 'hpc', 'temporal.internal:7233')).toEqual([
      'temporal operator search-attribute create --address temporal.internal:7233 --namespace hpc --name HpcClusterId --type Keyword',
    ]);
    expect(isTemporalCloud('hpc.a1b2c.tmprl.cloud:7233')).toBe(true);
    expect(searchAttributeCommands(missing, 'hpc.a1b2c', 'hpc.a1b2c.tmprl.cloud:7233')).toEqual([
      'tcld namespace search-attributes add --namespace hpc.a1b2c --search-attribute "HpcClusterId=Keyword"',
    ]);
  });

  it('puts the whole problem on one line', () => {
    const line = namespaceProblem({ status: 'misconfigured', missing: missingAttributes({}), registered: [], registerError: 'PERMISSION_DENIED' }, 'default', 'h:7233');
    expect(line).not.toContain('\n');
    expect(line).toContain('lacks the search attributes HpcProcessType, HpcStatus, HpcOperationId, HpcClusterId, HpcAwaitingRoles (registering them failed: PERMISSION_DENIED)');
    expect(line!.match(/temporal operator search-attribute create/g)).toHaveLength(5);
    expect(namespaceProblem({ status: 'ok', missing: [], registered: [] }, 'default', 'h:7233')).toBeNull();
  });
});

describe('request ids', () => {
  it('keeps a plain id from a proxy and replaces anything else with a uuid', () => {
    expect(requestIdFrom('abc-123')).toBe('abc-123');
    expect(requestIdFrom('bad id with spaces')).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom(undefined)).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestIdFrom('x'.repeat(200))).toMatch(/^[0-9a-f-]{36}$/);
  });
});
