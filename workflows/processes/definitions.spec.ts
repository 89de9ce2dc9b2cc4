// Two kinds of checks on the process list. Generic: every definition of PROCESSES is well-formed in the
// definition language (targets, roles, durations, effects and guards with handlers, plain JSON). Contract:
// cluster-activation and transition-review say what domain/PROCESSES.md (revision 2) says — the expected
// values below are copied from PROCESSES.md, never read from the implementation.
import { ROLES } from '../domain/roles';
import { isDuration } from '../domain/durations';
import type { DecisionSpec, DueSpec, EffectRef, FieldSpec, Moment, ProcessDefinition, StepDefinition } from '../domain/definitions/types';
import { initialSteps, nextSteps, possibleInitialSteps, possibleTargets, type PredicateScope } from '../domain/definitions/transitions';
import { validateDecision } from '../domain/definitions/validation';
import { dueAt, openAt } from '../engine/timers';
import { getDefinition, getProcess, IASC_CRITERIA_MESSAGE, PROCESSES, PROCESS_TYPES, validateProcessInput, type ProcessModule } from './index';

/** Effects the engine runs itself; every other name needs a handler in the process's module. */
const ENGINE_EFFECTS = ['notify', 'start-process'];
const TONES = ['positive', 'negative', 'neutral'];

const effectName = (e: EffectRef): string => (typeof e === 'string' ? e : e.name);
const resultsOf = (s: StepDefinition): readonly DecisionSpec[] => [...s.decisions, ...(s.results ?? [])];

function allDecisions(def: ProcessDefinition): { step: StepDefinition; d: DecisionSpec }[] {
  return def.steps.flatMap((step) => resultsOf(step).map((d) => ({ step, d })));
}

function allEffects(def: ProcessDefinition): EffectRef[] {
  return [
    ...(def.onStart ?? []),
    ...(def.onEnd ?? []),
    ...def.steps.flatMap((s) => s.onOpen ?? []),
    ...allDecisions(def).flatMap(({ d }) => d.effects ?? []),
  ];
}

function allFields(fields: readonly FieldSpec[]): FieldSpec[] {
  return fields.flatMap((f) => [f, ...allFields(f.fields ?? [])]);
}

/** Every duration written in a step: due, opening, reminders, escalation, window. */
function durationsOf(step: StepDefinition): string[] {
  const moment = (m: Moment) => [m.after, m.before, m.every].filter((x): x is string => x !== undefined);
  return [
    ...(step.due && 'after' in step.due ? [step.due.after] : []),
    ...(step.opensBefore !== undefined ? [step.opensBefore] : []),
    ...(step.reminders ?? []).flatMap(moment),
    ...(step.escalation ? moment(step.escalation.at) : []),
    ...(step.window ? [step.window.duration, ...(step.window.reminders ?? []).map((r) => r.every)] : []),
  ];
}

// ==================================================================== generic: every process of the list

describe.each(PROCESSES.map((p) => [p.type, p] as const))('%s (generic)', (_type, module: ProcessModule<any>) => {
  const def = module.definition;
  const stepIds = new Set(def.steps.map((s) => s.id));
  const outcomes = new Set(def.outcomes.map((o) => o.id));

  it('is the definition of its type, and getDefinition finds it', () => {
    expect(def.type).toBe(module.type);
    expect(getDefinition(module.type)).toBe(def);
    expect(Number.isInteger(def.version) && def.version >= 1).toBe(true);
  });

  it('has unique step ids, unique decision ids per step and unique outcome ids', () => {
    expect(stepIds.size).toBe(def.steps.length);
    expect(outcomes.size).toBe(def.outcomes.length);
    for (const step of def.steps) {
      const ids = resultsOf(step).map((d) => d.id);
      expect({ step: step.id, ids: new Set(ids).size }).toEqual({ step: step.id, ids: ids.length });
    }
  });

  it('opens declared steps at start (every rule) and every target of every rule exists', () => {
    const initial = possibleInitialSteps(def);
    expect(initial.length).toBeGreaterThan(0);
    for (const s of initial) expect(stepIds).toContain(s);
    if (!Array.isArray(def.initialSteps)) {
      for (const r of (def.initialSteps as { rules: readonly { end?: string }[] }).rules) expect(r).not.toHaveProperty('end');
    }
    for (const { step, d } of allDecisions(def)) {
      const t = possibleTargets(d.next);
      for (const s of t.steps) expect({ from: `${step.id}/${d.id}`, to: s, declared: stepIds.has(s) }).toMatchObject({ declared: true });
      for (const e of t.ends) expect({ from: `${step.id}/${d.id}`, end: e, declared: outcomes.has(e) }).toMatchObject({ declared: true });
    }
  });

  it('declares its outcomes with a tone, including the cancel outcome', () => {
    expect(def.outcomes.length).toBeGreaterThan(0);
    for (const o of def.outcomes) expect(TONES).toContain(o.tone);
    // An admin's cancel ends any case with `cancelled`.
    expect(outcomes).toContain('cancelled');
    // Every other outcome is reachable by some decision.
    const ends = new Set(allDecisions(def).flatMap(({ d }) => possibleTargets(d.next).ends));
    for (const o of outcomes) if (o !== 'cancelled') expect({ outcome: o, reachable: ends.has(o) }).toEqual({ outcome: o, reachable: true });
  });

  it('reaches every step from the start or a case action', () => {
    const entry = [...possibleInitialSteps(def), ...(def.actions ?? []).flatMap((a) => (a.opens ? [a.opens] : []))];
    const seen = new Set<string>(entry);
    const queue = [...entry];
    while (queue.length > 0) {
      const id = queue.shift();
      const step = def.steps.find((s) => s.id === id)!;
      for (const d of resultsOf(step)) {
        for (const n of possibleTargets(d.next).steps) {
          if (!seen.has(n)) {
            seen.add(n);
            queue.push(n);
          }
        }
      }
    }
    expect([...seen].sort()).toEqual([...stepIds].sort());
  });

  it('lets case actions name only declared steps', () => {
    for (const a of def.actions ?? []) {
      const named = [a.opens, (a as { closes?: { step?: string } }).closes?.step].filter((x): x is string => typeof x === 'string');
      expect(named.length).toBeGreaterThan(0);
      for (const s of named) expect({ action: a.id, step: s, declared: stepIds.has(s) }).toMatchObject({ declared: true });
    }
  });

  it("lets a window's reminders name its own kinds: pending ones only of kinds with invited organisations", () => {
    for (const step of def.steps) {
      for (const r of step.window?.reminders ?? []) {
        const kind = step.window!.kinds.find((k) => k.id === r.kind);
        expect({ step: step.id, reminder: r.kind, declared: !!kind }).toMatchObject({ declared: true });
        if (r.to === 'not-submitted') expect({ step: step.id, reminder: r.kind, invitedFrom: !!kind?.invitedFrom }).toMatchObject({ invitedFrom: true });
        for (const role of r.roles ?? []) expect(ROLES).toContain(role);
      }
    }
  });

  it('names only known roles; the auditor never starts, acts or decides', () => {
    const roles = [
      ...def.startRoles,
      ...(def.actions ?? []).flatMap((a) => a.roles),
      ...def.steps.flatMap((s) => [...s.roles, ...(s.escalation?.to ?? []), ...(s.vote?.chair ?? []), ...(s.window?.kinds.flatMap((k) => k.roles) ?? [])]),
    ];
    for (const r of roles) expect(ROLES).toContain(r);
    expect(def.startRoles).not.toContain('auditor');
    expect(roles).not.toContain('auditor');
    for (const step of def.steps) if (!step.kind || step.kind === 'task') expect({ step: step.id, roles: step.roles.length > 0 }).toEqual({ step: step.id, roles: true });
  });

  it('writes every duration as a valid duration and every yearly date as a real month and day', () => {
    for (const step of def.steps) {
      for (const d of durationsOf(step)) expect({ step: step.id, duration: d, valid: isDuration(d) }).toMatchObject({ valid: true });
      if (step.due && 'annual' in step.due) {
        const { month, monthOffset, day } = step.due.annual;
        expect(month === 'planning-cycle-start' || (Number.isInteger(month) && month >= 1 && month <= 12)).toBe(true);
        expect(monthOffset === undefined || Number.isInteger(monthOffset)).toBe(true);
        expect(day === 'last' || (Number.isInteger(day) && day >= 1 && day <= 31)).toBe(true);
      }
      // A due time counted from an anchor says which date is the anchor.
      if (step.due && 'after' in step.due && step.due.from === 'anchor') expect({ step: step.id, anchor: step.anchor }).toEqual({ step: step.id, anchor: expect.stringMatching(/^(input|case)\./) });
    }
  });

  it('scopes cluster_lead steps to the cluster, and operation-scoped roles to the operation', () => {
    for (const step of def.steps) {
      if (step.roles.includes('cluster_lead')) expect({ step: step.id, scope: step.scope }).toEqual({ step: step.id, scope: 'cluster' });
      if (step.roles.length > 0 && step.roles.every((r) => r === 'hc' || r === 'ocha')) expect({ step: step.id, scope: step.scope }).toEqual({ step: step.id, scope: 'operation' });
    }
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(def))).toEqual(def);
  });

  it('has a handler for every effect it names (or the engine runs it), and no handler nobody names', () => {
    const names = allEffects(def).map(effectName);
    for (const n of names) {
      const handled = ENGINE_EFFECTS.includes(n) || typeof module.effects?.[n] === 'function';
      expect({ effect: n, handled }).toEqual({ effect: n, handled: true });
    }
    for (const n of Object.keys(module.effects ?? {})) expect(names).toContain(n);
    for (const e of allEffects(def)) {
      if (effectName(e) === 'start-process') expect(getProcess(String((e as { args?: { type?: unknown } }).args?.type))).toBeDefined();
    }
  });

  it('has a handler for every guard', () => {
    for (const { step, d } of allDecisions(def)) {
      for (const g of d.guards ?? []) expect({ at: `${step.id}/${d.id}`, guard: g, handled: typeof module.guards?.[g] === 'function' }).toMatchObject({ handled: true });
    }
  });

  it('has a rule for every ledger (and no rule without one); claims name a ledger some parent holds; children steps wait for milestones some child passes', () => {
    const ledgers = (def.ledgers ?? []).map((l) => l.id);
    expect(Object.keys(module.ledgers ?? {}).sort()).toEqual([...ledgers].sort());
    for (const l of def.ledgers ?? []) for (const o of l.releasedOn) expect({ ledger: l.id, releasedOn: o, known: PROCESSES.some((p) => p.definition.outcomes.some((x) => x.id === o)) }).toMatchObject({ known: true });
    const everyLedger = PROCESSES.flatMap((p) => (p.definition.ledgers ?? []).map((l) => l.id));
    const everyMilestone = PROCESSES.flatMap((p) => allDecisions(p.definition).map(({ d }) => d.milestone).filter((m): m is string => !!m));
    for (const { step, d } of allDecisions(def)) {
      if (d.claims) expect({ at: `${step.id}/${d.id}`, ledger: d.claims.ledger, held: everyLedger.includes(d.claims.ledger) }).toMatchObject({ held: true });
    }
    for (const step of def.steps) {
      if (step.children?.until) expect({ step: step.id, until: step.children.until, passed: everyMilestone.includes(step.children.until) }).toMatchObject({ passed: true });
    }
  });

  it('sets a tone on every decision and result; deadline outcomes close with a system decision', () => {
    for (const { step, d } of allDecisions(def)) expect({ at: `${step.id}/${d.id}`, tone: TONES.includes(d.tone) }).toEqual({ at: `${step.id}/${d.id}`, tone: true });
    for (const step of def.steps) {
      if (!step.onDue) continue;
      expect(step.due).toBeDefined();
      expect(resultsOf(step).find((d) => d.id === step.onDue!.close)).toMatchObject({ system: true });
    }
  });

  it('declares well-formed fields (options for enums, fields for objects and lists)', () => {
    const fields = allFields([...def.input, ...allDecisions(def).flatMap(({ d }) => d.data)]);
    for (const f of fields) {
      if (f.type === 'enum' || f.type === 'enum-list') expect({ field: f.name, options: (f.options ?? []).length > 0 }).toEqual({ field: f.name, options: true });
      if (f.type === 'object' || f.type === 'list') expect({ field: f.name, fields: (f.fields ?? []).length > 0 }).toEqual({ field: f.name, fields: true });
    }
  });
});

// ==================================================================== the PROCESSES.md contract

type Target = readonly string[] | { end: string };
interface StepContract {
  roles: readonly string[];
  scope: 'operation' | 'cluster' | 'none';
  /** Decision id → where it leads, in the order PROCESSES.md lists them. */
  decisions: Readonly<Record<string, Target>>;
  due: DueSpec;
}

/** The steps of a definition must be exactly these, each with its roles, scope, decisions, targets and due time. */
function expectSteps(def: ProcessDefinition, contract: Readonly<Record<string, StepContract>>, scope: PredicateScope = {}): void {
  expect(def.steps.map((s) => s.id).sort()).toEqual(Object.keys(contract).sort());
  for (const [id, c] of Object.entries(contract)) {
    const step = def.steps.find((s) => s.id === id)!;
    const offered = step.decisions.filter((d) => !d.system).map((d) => d.id);
    const targets = Object.fromEntries(offered.map((d) => {
      const t = nextSteps(def, id, d, scope);
      return [d, t.end !== null ? { end: t.end } : [...t.steps].sort()];
    }));
    const expected = Object.fromEntries(Object.entries(c.decisions).map(([d, t]) => [d, Array.isArray(t) ? [...t].sort() : t]));
    expect({ id, roles: step.roles, scope: step.scope, decisions: offered, targets, due: step.due }).toEqual({
      id, roles: c.roles, scope: c.scope, decisions: Object.keys(c.decisions), targets: expected, due: c.due,
    });
  }
}

const OPERATION = '3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b';
const ORGANISATION = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';
const NOW = Date.parse('2026-11-30T10:00:00Z');
const DAY = 86_400_000;

describe('cluster-activation (PROCESSES.md §1)', () => {
  const def = getDefinition('cluster-activation')!;
  const after = (d: string): DueSpec => ({ after: d, from: 'opened' });

  it('is started by the operation\'s hc or ocha, with the revision-2 input', () => {
    expect([...def.startRoles].sort()).toEqual(['hc', 'ocha']);
    expect(getProcess('cluster-activation')!.systemOnly).toBeFalsy();
    const input = Object.fromEntries(def.input.map((f) => [f.name, !!f.required]));
    expect(input).toEqual({ operationId: true, sector: true, leadAgencyId: true, coLeadAgencyId: false, rationale: true, criteria: true });
    expect(def.input.find((f) => f.name === 'criteria')!.fields!.map((f) => f.name).sort()).toEqual(['nationalCapacityInsufficient', 'responseGaps']);
    expect(initialSteps(def, { input: {} })).toEqual(['hc-endorsement']);
    expect(def.outcomes.map((o) => o.id).sort()).toEqual(['activated', 'cancelled', 'not-activated', 'withdrawn']);
  });

  it('has exactly the steps of the table: roles, decisions → next, due times', () => {
    expectSteps(def, {
      'hc-endorsement': {
        roles: ['hc'], scope: 'operation', due: after('3 days'),
        decisions: { endorse: ['erc-approval'], return: ['proposal-revision'], reject: { end: 'not-activated' } },
      },
      'proposal-revision': {
        roles: ['ocha'], scope: 'operation', due: after('7 days'),
        decisions: { resubmit: ['hc-endorsement'], withdraw: { end: 'withdrawn' } },
      },
      'erc-approval': {
        roles: ['erc'], scope: 'none', due: after('24 hours'),
        decisions: { approve: ['cla-confirmation'], reject: { end: 'not-activated' } },
      },
      'cla-confirmation': {
        roles: ['cluster_lead'], scope: 'cluster', due: after('7 days'),
        decisions: { confirm: ['cluster-setup'], decline: ['lead-reassignment'] },
      },
      'lead-reassignment': {
        roles: ['hc'], scope: 'operation', due: after('7 days'),
        decisions: { reassign: ['cla-confirmation'], abandon: { end: 'not-activated' } },
      },
      'cluster-setup': {
        roles: ['cluster_lead'], scope: 'cluster', due: after('30 days'),
        decisions: { complete: { end: 'activated' } },
      },
    });
  });

  it('reminds the ERC at 12 hours', () => {
    const step = def.steps.find((s) => s.id === 'erc-approval')!;
    expect(step.reminders).toEqual([{ from: 'opened', after: '12 hours' }]);
  });

  it('lets only the lead agency\'s cluster lead confirm (lead-agency rule)', () => {
    expect(def.steps.find((s) => s.id === 'cla-confirmation')!.rules).toContain('lead-agency');
  });

  it.each([
    ['hc-endorsement', 'reject'],
    ['erc-approval', 'reject'],
    ['lead-reassignment', 'abandon'],
  ])('requires a reason to %s/%s', (step, decision) => {
    expect(validateDecision(def, step, decision, undefined, {})).toEqual([expect.objectContaining({ field: 'comment' })]);
    expect(validateDecision(def, step, decision, undefined, { comment: '   ' })).toEqual([expect.objectContaining({ field: 'comment' })]);
    expect(validateDecision(def, step, decision, undefined, { comment: 'Criteria not met' })).toEqual([]);
  });

  it('resubmit may change the rationale and the lead agency; reassign names the new lead agency', () => {
    expect(validateDecision(def, 'proposal-revision', 'resubmit', {})).toEqual([]);
    expect(validateDecision(def, 'proposal-revision', 'resubmit', { rationale: 'More figures', leadAgencyId: ORGANISATION })).toEqual([]);
    expect(validateDecision(def, 'lead-reassignment', 'reassign', {})).toEqual([{ field: 'leadAgencyId', message: 'leadAgencyId should not be empty' }]);
    expect(validateDecision(def, 'lead-reassignment', 'reassign', { leadAgencyId: ORGANISATION })).toEqual([]);
  });

  it('confirm requires the coordinator and the information manager', () => {
    expect(validateDecision(def, 'cla-confirmation', 'confirm', undefined)).toEqual([
      { field: 'coordinatorName', message: 'coordinatorName should not be empty' },
      { field: 'informationManagerName', message: 'informationManagerName should not be empty' },
    ]);
    expect(validateDecision(def, 'cla-confirmation', 'confirm', { coordinatorName: 'A', informationManagerName: 'B' })).toEqual([]);
  });

  const CHECKLIST = ['termsOfReferenceAdopted', 'strategicAdvisoryGroupFormed', 'nationalActorsInSag', 'partnerMappingDone', 'workPlanAdopted', 'informationSharingProtocolAgreed'];
  const ticked = (names: string[]) => Object.fromEntries(names.map((n) => [n, true]));

  it('set-up checklist: all true; referral pathways for protection and its AoRs only', () => {
    const wash: PredicateScope = { subject: { sector: 'wash' } };
    expect(validateDecision(def, 'cluster-setup', 'complete', ticked(CHECKLIST), { scope: wash })).toEqual([]);
    for (const item of CHECKLIST) {
      expect(validateDecision(def, 'cluster-setup', 'complete', { ...ticked(CHECKLIST), [item]: false }, { scope: wash })).toEqual([{ field: item, message: `${item} must be true` }]);
      const { [item]: _missing, ...rest } = ticked(CHECKLIST);
      expect(validateDecision(def, 'cluster-setup', 'complete', rest, { scope: wash })).toEqual([{ field: item, message: `${item} should not be empty` }]);
    }
    for (const sector of ['protection', 'gbv', 'child-protection', 'mine-action', 'hlp']) {
      const scope: PredicateScope = { subject: { sector } };
      expect(validateDecision(def, 'cluster-setup', 'complete', ticked(CHECKLIST), { scope })).toEqual([
        { field: 'referralPathwaysMapped', message: 'referralPathwaysMapped should not be empty' },
      ]);
      expect(validateDecision(def, 'cluster-setup', 'complete', ticked([...CHECKLIST, 'referralPathwaysMapped']), { scope })).toEqual([]);
    }
  });

  it('refuses a start unless both IASC criteria hold', () => {
    const input = { operationId: OPERATION, sector: 'protection', leadAgencyId: ORGANISATION, rationale: 'Gaps', criteria: { responseGaps: true, nationalCapacityInsufficient: true } };
    expect(validateProcessInput('cluster-activation', input)).toEqual([]);
    expect(validateProcessInput('cluster-activation', { ...input, criteria: { responseGaps: false, nationalCapacityInsufficient: true } })).toEqual([{ field: 'criteria', message: IASC_CRITERIA_MESSAGE }]);
    expect(validateProcessInput('cluster-activation', { ...input, criteria: { responseGaps: true, nationalCapacityInsufficient: false } })).toEqual([{ field: 'criteria', message: IASC_CRITERIA_MESSAGE }]);
    // Revision 1's free-text lead agency is gone.
    expect(validateProcessInput('cluster-activation', { ...input, leadAgency: 'UNHCR' })).toEqual([{ field: 'leadAgency', message: 'property leadAgency should not exist' }]);
  });
});

describe('transition-review (PROCESSES.md §2)', () => {
  const def = getDefinition('transition-review')!;
  const opened = (d: string): DueSpec => ({ after: d, from: 'opened' });
  const REVIEW = { continue: ['annual-review', 'erc-annual-report'], transition: ['handover-plan'], deactivate: ['deactivation-confirmation'] } as const;

  it('is started only by the system, with the cluster, its activation date and the operation type', () => {
    expect(def.startRoles).toEqual([]);
    expect(getProcess('transition-review')!.systemOnly).toBe(true);
    for (const name of ['clusterId', 'activatedAt', 'operationType']) expect(def.input.find((f) => f.name === name)).toMatchObject({ required: true });
    expect(def.outcomes.map((o) => o.id).sort()).toEqual(['cancelled', 'deactivated']);
  });

  it.each([
    ['sudden-onset', ['architecture-review', 'transition-outline']],
    ['mixed', ['architecture-review', 'transition-outline']],
    ['protracted', ['annual-review', 'transition-outline']],
  ])('opens at start for a %s operation: %j', (operationType, steps) => {
    expect(initialSteps(def, { input: { operationType } }).sort()).toEqual(steps);
  });

  it('has exactly the steps of the table: roles, decisions → next, due times', () => {
    expectSteps(def, {
      'transition-outline': {
        roles: ['cluster_lead'], scope: 'cluster', due: { after: '90 days', from: 'anchor' },
        // The review never waits for the outline: submitting it opens nothing.
        decisions: { submit: [] },
      },
      'architecture-review': { roles: ['hc'], scope: 'operation', due: { after: '3 months', from: 'anchor' }, decisions: REVIEW },
      'annual-review': { roles: ['hc'], scope: 'operation', due: { annual: { month: 'planning-cycle-start', monthOffset: -1, day: 'last' } }, decisions: REVIEW },
      'erc-annual-report': { roles: ['hc'], scope: 'operation', due: opened('30 days'), decisions: { submit: ['erc-acknowledgement'] } },
      'erc-acknowledgement': { roles: ['erc'], scope: 'none', due: opened('30 days'), decisions: { acknowledge: [] } },
      'handover-plan': { roles: ['cluster_lead'], scope: 'cluster', due: opened('30 days'), decisions: { submit: ['handover-approval'] } },
      'handover-approval': { roles: ['hc'], scope: 'operation', due: opened('14 days'), decisions: { approve: ['handover-complete'], return: ['handover-plan'] } },
      'handover-complete': { roles: ['cluster_lead'], scope: 'cluster', due: { after: '0 days', from: 'anchor' }, decisions: { confirm: ['deactivation-confirmation'] } },
      'deactivation-confirmation': { roles: ['hc'], scope: 'operation', due: opened('14 days'), decisions: { confirm: { end: 'deactivated' } } },
    });
  });

  it('outline: due activation + 90 days, reminders at +60 and +80, escalated to the operation\'s hc at +90', () => {
    const step = def.steps.find((s) => s.id === 'transition-outline')!;
    expect(step.anchor).toBe('input.activatedAt');
    expect(step.reminders).toEqual([{ from: 'anchor', after: '60 days' }, { from: 'anchor', after: '80 days' }]);
    expect(step.escalation).toEqual({ to: ['hc'], at: { from: 'anchor', after: '90 days' } });
    const activatedAt = Date.parse('2026-03-01T00:00:00Z');
    expect(dueAt(step, { openedAt: activatedAt + 5 * DAY, anchorAt: activatedAt }, undefined)).toBe(activatedAt + 90 * DAY);
    expect(validateDecision(def, 'transition-outline', 'submit', { summary: 'S', proposedPath: 'stay' })).toEqual([
      { field: 'proposedPath', message: 'proposedPath must be one of the following values: continue, transition, deactivate' },
    ]);
  });

  it('architecture review: due activation + 3 months', () => {
    const step = def.steps.find((s) => s.id === 'architecture-review')!;
    expect(step.anchor).toBe('input.activatedAt');
    expect(new Date(dueAt(step, { openedAt: Date.parse('2026-02-01T00:00:00Z'), anchorAt: Date.parse('2026-01-15T09:00:00Z') }, undefined)!).toISOString()).toBe('2026-04-15T09:00:00.000Z');
  });

  it('annual review: the last day of the month before the planning cycle, opening 60 days before, reminder 30 days before; ocha or hc call it now', () => {
    const step = def.steps.find((s) => s.id === 'annual-review')!;
    expect(step.opensBefore).toBe('60 days');
    expect(step.reminders).toEqual([{ from: 'due', before: '30 days' }]);
    const due = dueAt(step, { openedAt: Date.parse('2026-01-10T00:00:00Z'), anchorAt: null }, undefined)!;
    expect(new Date(due).toISOString()).toBe('2026-05-31T23:59:59.999Z');
    expect(openAt(step, due, undefined)).toBe(due - 60 * DAY);
    expect(def.actions).toEqual([expect.objectContaining({ id: 'call-review', opens: 'annual-review' })]);
    expect([...def.actions![0].roles].sort()).toEqual(['hc', 'ocha']);
  });

  it('continues as new after each continue (one run per review year)', () => {
    for (const id of ['architecture-review', 'annual-review']) {
      expect(def.steps.find((s) => s.id === id)!.decisions.find((d) => d.id === 'continue')!.checkpoint).toBe(true);
    }
  });

  it('the ERC report is submitted with a summary and acknowledged by the erc', () => {
    expect(validateDecision(def, 'erc-annual-report', 'submit', {})).toEqual([{ field: 'summary', message: 'summary should not be empty' }]);
    expect(validateDecision(def, 'erc-acknowledgement', 'acknowledge', undefined, { comment: 'Noted' })).toEqual([]);
  });

  describe('handover plan', () => {
    const plan = { nationalCounterpart: 'Ministry', targetDate: '2027-01-15', lastResortDutiesTransferredTo: 'Disaster agency' };
    it('requires the counterpart, a target date in the future and who takes over the last-resort duties', () => {
      expect(validateDecision(def, 'handover-plan', 'submit', plan, { nowMs: NOW })).toEqual([]);
      const { targetDate: _t, ...noDate } = plan;
      expect(validateDecision(def, 'handover-plan', 'submit', noDate, { nowMs: NOW })).toEqual([{ field: 'targetDate', message: 'targetDate should not be empty' }]);
      expect(validateDecision(def, 'handover-plan', 'submit', { ...plan, targetDate: '2026-11-01' }, { nowMs: NOW })).toEqual([
        { field: 'targetDate', message: 'targetDate must be a date in the future' },
      ]);
      expect(validateDecision(def, 'handover-plan', 'submit', { ...plan, targetDate: 'next week' }, { nowMs: NOW })).toEqual([
        { field: 'targetDate', message: 'targetDate must be a valid ISO 8601 date string' },
      ]);
      expect(validateDecision(def, 'handover-plan', 'submit', undefined, { nowMs: NOW }).map((e) => e.field)).toEqual(['nationalCounterpart', 'targetDate', 'lastResortDutiesTransferredTo']);
    });
    it('handover-complete is due on the plan\'s target date', () => {
      const step = def.steps.find((s) => s.id === 'handover-complete')!;
      expect(step.anchor).toBe('case.handover-plan.targetDate');
      expect(dueAt(step, { openedAt: NOW, anchorAt: Date.parse(plan.targetDate) }, undefined)).toBe(Date.parse(plan.targetDate));
    });
  });

  it('deactivation records which criterion no longer holds (at least one) and a rationale', () => {
    const ok = { criteriaNoLongerMet: ['responseGaps'], rationale: 'Covered by the ministry' };
    expect(validateDecision(def, 'deactivation-confirmation', 'confirm', ok)).toEqual([]);
    expect(validateDecision(def, 'deactivation-confirmation', 'confirm', { ...ok, criteriaNoLongerMet: ['responseGaps', 'nationalCapacityInsufficient'] })).toEqual([]);
    expect(validateDecision(def, 'deactivation-confirmation', 'confirm', { ...ok, criteriaNoLongerMet: [] })).toEqual([
      { field: 'criteriaNoLongerMet', message: 'criteriaNoLongerMet must contain at least 1 element' },
    ]);
    expect(validateDecision(def, 'deactivation-confirmation', 'confirm', { ...ok, criteriaNoLongerMet: ['funding'] })).toEqual([
      { field: 'criteriaNoLongerMet', message: 'criteriaNoLongerMet must be a list of values among: responseGaps, nationalCapacityInsufficient' },
    ]);
    expect(validateDecision(def, 'deactivation-confirmation', 'confirm', undefined).map((e) => e.field)).toEqual(['criteriaNoLongerMet', 'rationale']);
  });
});

describe('the list', () => {
  it('lists the processes of PROCESSES.md implemented so far, each once', () => {
    expect(PROCESS_TYPES).toEqual(expect.arrayContaining(['cluster-activation', 'transition-review']));
    expect(new Set(PROCESS_TYPES).size).toBe(PROCESS_TYPES.length);
  });
  it('refuses unknown types and malformed inputs, naming the field', () => {
    expect(validateProcessInput('hpc-party', {})).toEqual([{ field: 'type', message: `type must be one of the following values: ${PROCESS_TYPES.join(', ')}` }]);
    expect(validateProcessInput('cluster-activation', null)).toEqual([{ field: 'input', message: 'input must be an object' }]);
    expect(validateProcessInput('cluster-activation', { operationId: OPERATION, sector: 'fishing', leadAgencyId: ORGANISATION, rationale: 'x', criteria: { responseGaps: true, nationalCapacityInsufficient: true } })).toEqual([
      { field: 'sector', message: expect.stringMatching(/^sector must be one of the following values: protection, /) },
    ]);
  });
});
