// Every language of the console is complete: react-admin's own keys, the console's keys, the labels of
// every process definition the product knows, and every reference value (roles, sectors, …).
import * as fs from 'node:fs';
import * as path from 'node:path';
import englishMessages from 'ra-language-english';
import * as domain from '../../../workflows/domain';
import type { FieldSpec, ProcessDefinition } from '../../../workflows/domain';
import ar from './ar';
import en from './en';
import es from './es';
import fr from './fr';
import { LOCALES } from './index';
import { PLURAL_FORMS, pluralIndex } from './plural';
import ru from './ru';
import zh from './zh';

type Tree = { [k: string]: string | Tree };

const TRANSLATIONS: Record<string, Tree> = { fr, es, ru, zh, ar } as unknown as Record<string, Tree>;
const EN = en as unknown as Tree;

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

/**
 * The process definitions the product knows: the engine's one list (workflows/processes, each module
 * with `.definition`) once it exists, else the domain's PROCESS_DEFINITIONS; new processes are covered
 * without touching this test.
 */
function knownDefinitions(): ProcessDefinition[] {
  const list = path.resolve(__dirname, '../../../workflows/processes/index.ts');
  if (fs.existsSync(list)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { PROCESSES } = require(list) as { PROCESSES: readonly { definition: ProcessDefinition }[] };
    return PROCESSES.map((p) => p.definition);
  }
  const legacy = (domain as unknown as { PROCESS_DEFINITIONS?: Record<string, ProcessDefinition> }).PROCESS_DEFINITIONS;
  return Object.values(legacy ?? {});
}

function fieldKeys(fields: readonly FieldSpec[], prefix = ''): string[] {
  return fields.flatMap((f) => {
    const own = [`hpc.defs.fields.${prefix}${f.name}`];
    const options = f.options && !['sector', 'sectors', 'operationType'].includes(f.name) ? f.options.map((o) => `hpc.defs.options.${f.name}.${o}`) : [];
    const nested = f.fields ? fieldKeys(f.fields, `${prefix}${f.name}.`) : [];
    return [...own, ...options, ...nested];
  });
}

/** The hpc.defs.* keys one definition needs in every language but English (English reads the definition). */
export function definitionKeys(d: ProcessDefinition): string[] {
  const keys = [`hpc.process_types.${d.type}`, `hpc.defs.${d.type}.title`, `hpc.defs.${d.type}.description`];
  for (const s of d.steps) {
    keys.push(`hpc.defs.${d.type}.steps.${s.id}.title`, `hpc.defs.${d.type}.steps.${s.id}.description`);
    for (const dec of s.decisions) {
      // A system decision (a deadline's outcome) is nobody's button but labels the diagram's edge and the timeline.
      keys.push(`hpc.defs.${d.type}.decisions.${s.id}.${dec.id}`);
      if (!(dec as { system?: boolean }).system) keys.push(...fieldKeys(dec.data));
    }
    // Results of fan-out, vote, window and system steps label the diagram's edges and the timeline.
    for (const r of s.results ?? []) keys.push(`hpc.defs.${d.type}.decisions.${s.id}.${r.id}`);
    // A window's submission kinds: the submissions panel's headings and rows, and their forms' fields.
    for (const k of s.window?.kinds ?? []) keys.push(`hpc.defs.${d.type}.kinds.${k.id}`, ...fieldKeys(k.fields));
  }
  for (const a of (d as { actions?: readonly { id: string }[] }).actions ?? []) keys.push(`hpc.defs.${d.type}.actions.${a.id}`);
  keys.push(...fieldKeys(d.input));
  for (const o of d.outcomes) keys.push(`hpc.defs.outcomes.${o.id}`);
  return [...new Set(keys)];
}

const consoleKeys = [...leaves(EN.hpc as Tree, 'hpc.'), ...leaves(EN.resources as Tree, 'resources.')];
const raKeys = leaves((englishMessages as unknown as Tree).ra as Tree, 'ra.');
const formCount = (s: string) => s.split('||||').length;

/** Reference values shown through hpc.<group>.<value>, from the domain's own lists. */
const referenceKeys = (): string[] => {
  const d = domain as unknown as Record<string, readonly string[] | undefined>;
  const groups: [string, string][] = [
    ['ROLES', 'roles'],
    ['ALL_SECTORS', 'sectors'],
    ['OPERATION_TYPES', 'operation_types'],
    ['ORGANISATION_TYPES', 'organisation_types'],
    ['CLUSTER_STATUSES', 'cluster_statuses'],
    ['RISK_LEVELS', 'risk_levels'],
    ['PLANNING_FORMATS', 'planning_formats'],
    ['AUDIT_EVENT_TYPES', 'audit.types'],
  ];
  return groups.flatMap(([list, group]) => (d[list] ?? []).map((v) => `hpc.${group}.${v}`));
};

/** Every key the console's code names literally ('hpc.duties.compliance'), with the file naming it. */
function keysInCode(dir = path.resolve(__dirname, '..')): { key: string; file: string }[] {
  const out: { key: string; file: string }[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (full !== __dirname) out.push(...keysInCode(full));
    } else if (/\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name)) {
      for (const m of fs.readFileSync(full, 'utf8').matchAll(/['"`]((?:hpc|resources|ra)\.[a-z0-9_]+(?:\.[A-Za-z0-9_-]+)+)['"`]/g)) out.push({ key: m[1], file: path.relative(dir, full) });
    }
  }
  return out;
}

/** A key the code names: a text, or a group it composes keys under (`${prefix}.${value}`). */
function resolves(tree: Tree, key: string): boolean {
  if (lookup(tree, key) !== undefined) return true;
  const parts = key.split('.');
  let node: string | Tree | undefined = tree;
  for (const p of parts) node = node && typeof node === 'object' ? node[p] : undefined;
  return !!node && typeof node === 'object';
}

describe('console translations', () => {
  it('has an English text for every key the console names in its code (a key moved or misspelled shows raw)', () => {
    const all = { ...EN, ra: (englishMessages as unknown as Tree).ra } as Tree;
    // hpc.defs.* are the definitions' labels: English reads the definition, the other languages are checked below.
    const found = keysInCode().filter(({ key }) => !key.startsWith('hpc.defs.'));
    expect(found.length).toBeGreaterThan(100);
    expect(found.filter(({ key }) => !resolves(all, key)).map(({ key, file }) => `${file}: ${key}`)).toEqual([]);
  });

  it('offers the six UN languages', () => {
    expect(LOCALES.map((l) => l.locale).sort()).toEqual(['ar', 'en', 'es', 'fr', 'ru', 'zh']);
  });

  it('has an English label for every option of every process definition (their values are slugs, never shown)', () => {
    const options = knownDefinitions().flatMap(definitionKeys).filter((k) => k.startsWith('hpc.defs.options.'));
    expect([...new Set(options.filter((k) => lookup(EN, k) === undefined))]).toEqual([]);
  });

  it('has an English text for every reference value the domain knows', () => {
    expect(referenceKeys().filter((k) => lookup(EN, k) === undefined)).toEqual([]);
  });

  describe.each(Object.keys(TRANSLATIONS))('%s', (lang) => {
    const tree = TRANSLATIONS[lang];

    it("has every react-admin key (its own language package's or ours)", () => {
      expect(raKeys.filter((k) => lookup(tree, k) === undefined)).toEqual([]);
    });

    it('has every console key', () => {
      expect(consoleKeys.filter((k) => lookup(tree, k) === undefined)).toEqual([]);
    });

    it('has every reference value', () => {
      expect(referenceKeys().filter((k) => lookup(tree, k) === undefined)).toEqual([]);
    });

    it('keeps the placeholders of every English text', () => {
      // A plural form may drop %{smart_count} ("1 item selected"): compare the names used, not each form.
      const names = (s: string) => [...new Set(s.match(/%\{\w+\}/g) ?? [])].sort();
      const different = consoleKeys.filter((k) => {
        const theirs = lookup(tree, k);
        return theirs !== undefined && names(lookup(EN, k)!).join() !== names(theirs).join();
      });
      // react-admin's own language packages sometimes leave a name out; they never invent one.
      const invented = raKeys.filter((k) => {
        const theirs = lookup(tree, k);
        return theirs !== undefined && names(theirs).some((n) => !names(lookup(EN, k)!).includes(n));
      });
      expect([...different, ...invented]).toEqual([]);
    });

    it(`writes every plural text with the ${PLURAL_FORMS[lang].length} forms of its plural rules`, () => {
      const plural = [...consoleKeys, ...raKeys].filter((k) => lookup(EN, k)!.includes('||||'));
      const wrong = plural.filter((k) => {
        const theirs = lookup(tree, k);
        return theirs !== undefined && formCount(theirs) !== PLURAL_FORMS[lang].length;
      });
      expect(wrong).toEqual([]);
    });

    it('translates every step, decision, outcome and field of every process definition', () => {
      const definitions = knownDefinitions();
      expect(definitions.length).toBeGreaterThan(0);
      const missing = definitions.flatMap(definitionKeys).filter((k) => lookup(tree, k) === undefined);
      expect([...new Set(missing)]).toEqual([]);
    });
  });

  it('picks plural forms by Intl.PluralRules: Arabic six, Russian three', () => {
    expect([0, 1, 2, 3, 11, 100].map((n) => pluralIndex('ar', n))).toEqual([0, 1, 2, 3, 4, 5]);
    expect([1, 3, 5, 21, 22, 25].map((n) => pluralIndex('ru', n))).toEqual([0, 1, 2, 0, 1, 2]);
    expect([1, 2].map((n) => pluralIndex('en', n))).toEqual([0, 1]);
    expect([0, 1, 2].map((n) => pluralIndex('fr', n))).toEqual([0, 0, 1]);
    expect(pluralIndex('zh', 5)).toBe(0);
  });
});
