import { bodyHash, canonicalJson, decisionUpdateId, NO_KEY } from './idempotency-keys';

describe('decision idempotency', () => {
  it('hashes the same body the same whatever the key order, and a different body differently', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null }, u: undefined })).toBe('{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}');
    expect(bodyHash({ decision: 'endorse', data: { x: 1, y: 2 } })).toBe(bodyHash({ data: { y: 2, x: 1 }, decision: 'endorse' }));
    expect(bodyHash({ decision: 'endorse', comment: 'a' })).not.toBe(bodyHash({ decision: 'endorse', comment: 'b' }));
    expect(bodyHash({ decision: 'endorse' })).toBe(bodyHash({ decision: 'endorse', comment: undefined }));
  });

  it("scopes the Update id to task and user, so one user's key can never name another user's Update", () => {
    expect(decisionUpdateId('P~hc-endorsement~1', 'u1', 'k')).toBe('decide:P~hc-endorsement~1:u1:k');
    expect(decisionUpdateId('P~hc-endorsement~1', 'u1', NO_KEY)).toBe('decide:P~hc-endorsement~1:u1');
    // A request after a refused one (its record released, a new one made) is a new Update.
    expect(decisionUpdateId('P~hc-endorsement~1', 'u1', NO_KEY, '1796000000000001')).toBe('decide:P~hc-endorsement~1:u1@1796000000000001');
    expect(decisionUpdateId('P~hc-endorsement~1', 'u1', 'k', '2')).not.toBe(decisionUpdateId('P~hc-endorsement~1', 'u1', 'k', '1'));
    expect(decisionUpdateId('P~hc-endorsement~1', 'u2', 'k')).not.toBe(decisionUpdateId('P~hc-endorsement~1', 'u1', 'k'));
    expect(decisionUpdateId('P~erc-approval~1', 'u1', 'k')).not.toBe(decisionUpdateId('P~hc-endorsement~1', 'u1', 'k'));
    // a key naming the victim still carries the sender's own user id
    expect(decisionUpdateId('T', 'attacker', 'victim')).not.toBe(decisionUpdateId('T', 'victim', NO_KEY));
  });

  it('hashes long ids to a bounded, stable length', () => {
    const long = decisionUpdateId('P'.repeat(300), 'u1', 'k');
    expect(long).toMatch(/^decide:sha256:[0-9a-f]{64}$/);
    expect(decisionUpdateId('P'.repeat(300), 'u1', 'k')).toBe(long);
    expect(decisionUpdateId('P'.repeat(300), 'u1', 'k2')).not.toBe(long);
  });
});
