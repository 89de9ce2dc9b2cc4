import { auditEventHash, canonicalJson, GENESIS_HASH, verifyChain, type HashableAuditEvent } from './audit-hash';

function chain(n: number): (HashableAuditEvent & { hash: string })[] {
  const out: (HashableAuditEvent & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = { processId: 'p', seq, at: new Date(Date.UTC(2026, 0, seq)).toISOString(), type: 'decision', actor: { kind: 'system' }, stepId: 's', taskId: 'p/s/1', decision: 'ok', comment: null, data: { b: 1, a: [1, { d: 2, c: 3 }] }, prevHash: prev };
    const hash = auditEventHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: undefined, x: null }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"x":null,"z":1}]},"b":1}');
  });

  it('refuses to hash a number JSON cannot carry (NaN and Infinity would read back as null)', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(() => canonicalJson({ data: { amount: bad } })).toThrow('canonicalJson: non-finite number');
    }
    expect(canonicalJson([1, undefined, new Date(Date.UTC(2026, 0, 2))])).toBe('[1,null,"2026-01-02T00:00:00.000Z"]');
  });

  it('starts every chain from the genesis link, 64 zeros', () => {
    const [first] = chain(1);
    const genesis = '0'.repeat(64);
    expect(first.prevHash).toBe(genesis);
    expect(verifyChain([first])).toBeNull();
    // A first event linked to anything else (even an empty link) is a broken chain at seq 1.
    const hash = auditEventHash({ ...first, prevHash: '' });
    expect(verifyChain([{ ...first, prevHash: '', hash }])).toMatchObject({ seq: 1, reason: 'prev-hash', expected: genesis, actual: '' });
  });

  it('hash is sha256 hex, independent of key order, sensitive to content', () => {
    const [e] = chain(1);
    expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditEventHash({ ...e, data: { a: [1, { c: 3, d: 2 }], b: 1 } })).toBe(e.hash);
    expect(auditEventHash({ ...e, comment: 'changed' })).not.toBe(e.hash);
    expect(auditEventHash({ ...e, at: new Date(e.at) })).toBe(e.hash);
  });

  it('verifies an intact chain and reports the first broken link', () => {
    const events = chain(4);
    expect(verifyChain(events)).toBeNull();
    const tampered = events.map((e) => (e.seq === 3 ? { ...e, decision: 'forged' } : e));
    expect(verifyChain(tampered)).toMatchObject({ seq: 3, reason: 'hash' });
    expect(verifyChain([events[0], events[2]])).toMatchObject({ seq: 2, reason: 'gap' });
    expect(verifyChain([{ ...events[0], prevHash: 'x' }])).toMatchObject({ seq: 1, reason: 'prev-hash' });
  });

  it('covers every field, including the link to the previous event (a chain cannot be re-linked)', () => {
    const [e] = chain(1);
    const fields: Record<string, unknown> = {
      processId: 'q', seq: 2, at: '2026-01-02T00:00:00.000Z', type: 'task-opened', actor: { kind: 'user', id: 'u' },
      stepId: 't', taskId: 'p~t~1', decision: 'no', comment: 'c', data: { b: 2 }, prevHash: 'f'.repeat(64),
    };
    for (const [key, value] of Object.entries(fields)) {
      expect([key, auditEventHash({ ...e, [key]: value } as never)]).not.toEqual([key, e.hash]);
    }
    // Re-linking an event to another predecessor while keeping its hash is detected at that event.
    const events = chain(3);
    const relinked = [events[0], { ...events[1], prevHash: GENESIS_HASH }, events[2]];
    expect(verifyChain(relinked)).toMatchObject({ seq: 2, reason: 'prev-hash' });
  });
});
