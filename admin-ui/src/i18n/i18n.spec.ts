import { PROCESS_DEFINITIONS } from '../../../workflows/domain';
import en from './en';
import fr from './fr';

type Tree = { [k: string]: string | Tree };

function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'string' ? [`${prefix}${k}`] : leaves(v, `${prefix}${k}.`)));
}

function lookup(tree: Tree, key: string): string | undefined {
  // Leaf keys may themselves contain dots (e.g. 'criteria.responseGaps'); try the longest match first.
  const parts = key.split('.');
  for (let i = parts.length; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    const v = tree[head];
    if (i === parts.length) {
      if (typeof v === 'string') return v;
    } else if (v && typeof v === 'object') {
      const found = lookup(v, parts.slice(i).join('.'));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

describe('console translations', () => {
  const enTree = en as unknown as Tree;
  const frTree = fr as unknown as Tree;

  it('has a French text for every English console key', () => {
    const keys = [...leaves(enTree.hpc as Tree, 'hpc.'), ...leaves(enTree.resources as Tree, 'resources.')];
    const missing = keys.filter((k) => lookup(frTree, k) === undefined);
    expect(missing).toEqual([]);
  });

  it('keeps the same placeholders in French', () => {
    const keys = leaves(enTree.hpc as Tree, 'hpc.');
    const placeholders = (s: string) => (s.match(/%\{\w+\}/g) ?? []).sort().join(',');
    const different = keys.filter((k) => placeholders(lookup(enTree, k)!) !== placeholders(lookup(frTree, k) ?? ''));
    expect(different).toEqual([]);
  });

  it('translates every step, decision and outcome of every process definition into French', () => {
    const missing: string[] = [];
    for (const d of Object.values(PROCESS_DEFINITIONS)) {
      const need = [`hpc.process_types.${d.type}`, `hpc.defs.${d.type}.description`];
      for (const s of d.steps) {
        need.push(`hpc.defs.${d.type}.steps.${s.id}.title`, `hpc.defs.${d.type}.steps.${s.id}.description`);
        for (const dec of s.decisions) {
          need.push(`hpc.defs.${d.type}.decisions.${s.id}.${dec.id}`);
          for (const f of dec.data) need.push(`hpc.defs.fields.${f.name}`);
        }
      }
      for (const f of d.input) need.push(`hpc.defs.fields.${f.name}`);
      for (const o of d.outcomes) need.push(`hpc.defs.outcomes.${o.id}`);
      missing.push(...need.filter((k) => lookup(frTree, k) === undefined));
    }
    expect([...new Set(missing)]).toEqual([]);
  });
});
