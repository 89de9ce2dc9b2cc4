import { ROLES } from '../roles';
import {
  getDefinition,
  IASC_CRITERIA_MESSAGE,
  nextSteps,
  PROCESS_DEFINITIONS,
  validateDecision,
  validateProcessInput,
} from './index';
import { isDuration } from '../durations';

const activationInput = {
  operationId: '3f2b8a9e-1c4d-4e5f-8a6b-7c8d9e0f1a2b',
  sector: 'protection',
  leadAgency: 'UNHCR',
  rationale: 'Gaps',
  criteria: { responseGaps: true, nationalCapacityInsufficient: true },
};

describe.each(Object.values(PROCESS_DEFINITIONS))('definition $type', (def) => {
  const stepIds = new Set(def.steps.map((s) => s.id));
  const outcomes = new Set(def.outcomes.map((o) => o.id));

  it('has unique step ids and initial steps that exist', () => {
    expect(stepIds.size).toBe(def.steps.length);
    for (const s of def.initialSteps) expect(stepIds).toContain(s);
  });

  it('every decision targets declared steps or a declared outcome', () => {
    for (const step of def.steps) {
      expect(step.decisions.length).toBeGreaterThan(0);
      for (const d of step.decisions) {
        const t = nextSteps(def, step.id, d.id);
        for (const s of t.steps) expect(stepIds).toContain(s);
        if (t.end !== null) expect(outcomes).toContain(t.end);
      }
    }
  });

  it('every step is reachable from the initial steps', () => {
    const seen = new Set<string>(def.initialSteps);
    const queue = [...def.initialSteps];
    while (queue.length) {
      const id = queue.shift()!;
      const step = def.steps.find((s) => s.id === id)!;
      for (const d of step.decisions) for (const n of nextSteps(def, step.id, d.id).steps) if (!seen.has(n)) { seen.add(n); queue.push(n); }
    }
    expect([...seen].sort()).toEqual([...stepIds].sort());
  });

  it('uses known roles and valid durations', () => {
    for (const r of def.startRoles) expect(ROLES).toContain(r);
    expect(def.startRoles).not.toContain('auditor');
    for (const step of def.steps) {
      for (const r of step.roles) expect(ROLES).toContain(r);
      if (step.due) expect(isDuration(step.due.after)).toBe(true);
      for (const m of step.reminders ?? []) expect(isDuration(m.after ?? m.before)).toBe(true);
      if (step.roles.includes('cluster_lead')) expect(step.scope).toBe('cluster');
    }
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(def))).toEqual(def);
  });
});

describe('PROCESSES.md contract', () => {
  it('cluster-activation steps, decisions and due times', () => {
    const def = getDefinition('cluster-activation')!;
    expect(def.steps.map((s) => [s.id, s.roles, s.decisions.map((d) => d.id), s.due?.after])).toEqual([
      ['hc-endorsement', ['hc'], ['endorse', 'return', 'reject'], '3 days'],
      ['proposal-revision', ['ocha'], ['resubmit', 'withdraw'], '7 days'],
      ['erc-approval', ['erc'], ['approve', 'reject'], '24 hours'],
      ['cla-confirmation', ['cluster_lead'], ['confirm', 'decline'], '7 days'],
      ['lead-reassignment', ['hc'], ['reassign'], '7 days'],
      ['cluster-setup', ['cluster_lead'], ['complete'], '30 days'],
    ]);
    expect(def.steps.find((s) => s.id === 'erc-approval')!.reminders).toEqual([{ from: 'opened', after: '12 hours' }]);
  });

  it('transition-review timers: outline at activation+90d with +60/+80 reminders and +90 escalation to hc', () => {
    const def = getDefinition('transition-review')!;
    const outline = def.steps.find((s) => s.id === 'transition-outline')!;
    expect(outline.due).toEqual({ after: '90 days', from: 'anchor' });
    expect(outline.reminders!.map((r) => r.after)).toEqual(['60 days', '80 days']);
    expect(outline.escalation).toEqual({ to: ['hc'], at: { from: 'anchor', after: '90 days' } });
    expect(def.steps.find((s) => s.id === 'architecture-review')!.due).toEqual({ after: '3 months', from: 'anchor' });
    expect(def.steps.find((s) => s.id === 'annual-review')!.reminders).toEqual([{ from: 'due', before: '30 days' }]);
  });
});

describe('nextSteps', () => {
  const def = getDefinition('transition-review')!;
  it('returns the declared targets', () => {
    expect(nextSteps(def, 'architecture-review', 'continue')).toEqual({ steps: ['annual-review', 'erc-annual-report'], end: null });
    expect(nextSteps(def, 'erc-annual-report', 'submit')).toEqual({ steps: [], end: null });
    expect(nextSteps(def, 'deactivation-confirmation', 'confirm')).toEqual({ steps: [], end: 'deactivated' });
  });
  it('refuses undeclared steps and decisions', () => {
    expect(() => nextSteps(def, 'nope', 'submit')).toThrow('undeclared step "nope"');
    expect(() => nextSteps(def, 'handover-plan', 'approve')).toThrow('undeclared decision "approve"');
  });
});

describe('validateDecision', () => {
  const def = getDefinition('cluster-activation')!;
  it('accepts complete data', () => {
    expect(validateDecision(def, 'cla-confirmation', 'confirm', { coordinatorName: 'A', informationManagerName: 'B' })).toEqual([]);
    expect(validateDecision(def, 'hc-endorsement', 'endorse', undefined)).toEqual([]);
  });
  it('names the field and the rule', () => {
    expect(validateDecision(def, 'cla-confirmation', 'confirm', { coordinatorName: 'A' })).toEqual([
      { field: 'informationManagerName', message: 'informationManagerName should not be empty' },
    ]);
    expect(validateDecision(def, 'cla-confirmation', 'confirm', { coordinatorName: 5, informationManagerName: 'B', extra: 1 })).toEqual([
      { field: 'extra', message: 'property extra should not exist' },
      { field: 'coordinatorName', message: 'coordinatorName must be a string' },
    ]);
    expect(validateDecision(def, 'hc-endorsement', 'approve', {})).toEqual([
      { field: 'decision', message: 'decision must be one of the following values: endorse, return, reject' },
    ]);
    expect(validateDecision(def, 'hc-endorsement', 'endorse', 'x')).toEqual([{ field: 'data', message: 'data must be an object' }]);
  });
  it('checks enums and dates', () => {
    const tr = getDefinition('transition-review')!;
    expect(validateDecision(tr, 'transition-outline', 'submit', { summary: 's', proposedPath: 'stay' })).toEqual([
      { field: 'proposedPath', message: 'proposedPath must be one of the following values: continue, transition, deactivate' },
    ]);
    expect(validateDecision(tr, 'handover-plan', 'submit', { nationalCounterpart: 'M', targetDate: 'next week' })).toEqual([
      { field: 'targetDate', message: 'targetDate must be a valid ISO 8601 date string' },
    ]);
  });
});

describe('validateProcessInput', () => {
  it('accepts a complete activation with duration overrides', () => {
    expect(validateProcessInput('cluster-activation', { ...activationInput, durations: { 'erc-approval': { due: '2 hours', reminders: ['1 hour'] } } })).toEqual([]);
  });
  it('refuses when an IASC criterion does not hold', () => {
    expect(validateProcessInput('cluster-activation', { ...activationInput, criteria: { responseGaps: true, nationalCapacityInsufficient: false } })).toEqual([
      { field: 'criteria', message: IASC_CRITERIA_MESSAGE },
    ]);
    expect(IASC_CRITERIA_MESSAGE).toMatch(/^criteria: both IASC criteria \(responseGaps, nationalCapacityInsufficient\) must hold/);
  });
  it('names missing and malformed fields', () => {
    const errors = validateProcessInput('cluster-activation', { sector: 'fishing', operationId: 'x', criteria: { responseGaps: true } });
    expect(errors.map((e) => e.message)).toEqual([
      'operationId must be a UUID',
      'sector must be one of the following values: ' + getDefinition('cluster-activation')!.input[1].options!.join(', '),
      'leadAgency should not be empty',
      'rationale should not be empty',
      'criteria.nationalCapacityInsufficient should not be empty',
    ]);
  });
  it('refuses unknown types, steps and durations', () => {
    expect(validateProcessInput('hpc-party', {})).toEqual([{ field: 'type', message: 'type must be one of the following values: cluster-activation, transition-review' }]);
    expect(validateProcessInput('cluster-activation', null)).toEqual([{ field: 'input', message: 'input must be an object' }]);
    expect(validateProcessInput('cluster-activation', { ...activationInput, durations: { nope: { due: '1 day' }, 'erc-approval': { due: 'soon' } } })).toEqual([
      { field: 'durations.nope', message: 'durations.nope: "nope" is not a step of cluster-activation' },
      { field: 'durations.erc-approval.due', message: 'durations.erc-approval.due must be a duration of at most 10 years (e.g. "3 days", "10 working days", "3 months")' },
    ]);
  });
});
