import type { Actor } from './actor';
import { authorizeDecision, authorizeScope, mayReadProcess, roleCoversScope, type DecidableTask } from './authorization';
import { OPERATION_SCOPED_ROLES, ROLES, SCOPED_ROLES, type Role } from './roles';

const OP = '11111111-1111-4111-8111-111111111111';
const OTHER_OP = '22222222-2222-4222-8222-222222222222';
const ORG = '33333333-3333-4333-8333-333333333333';
const OTHER_ORG = '44444444-4444-4444-8444-444444444444';

function actor(roles: Role[], extra: Partial<Actor> = {}): Actor {
  return {
    id: 'u1',
    username: 'u1',
    displayName: 'User One',
    roles,
    clusterScopes: [],
    operationScopes: [],
    organisationId: null,
    authorisedSignatory: false,
    ...extra,
  };
}

const inOp = { operationId: OP, sector: 'protection', organisationId: ORG };

describe('roles', () => {
  it('has the revision-2 roles and scopes', () => {
    expect(ROLES).toEqual(expect.arrayContaining(['advisory_board', 'fund_signatory']));
    expect(OPERATION_SCOPED_ROLES).toEqual(['hc', 'ocha', 'advisory_board']);
    expect([...SCOPED_ROLES].sort()).toEqual(['advisory_board', 'cluster_lead', 'hc', 'ocha', 'partner']);
  });
});

describe('roleCoversScope', () => {
  it.each(['hc', 'ocha', 'advisory_board'] as Role[])('%s covers only the operations in operationScopes', (role) => {
    const a = actor([role], { operationScopes: [OP] });
    expect(roleCoversScope(a, role, { operationId: OP })).toBe(true);
    expect(roleCoversScope(a, role, { operationId: OP, sector: 'health', organisationId: OTHER_ORG })).toBe(true);
    expect(roleCoversScope(a, role, { operationId: OTHER_OP })).toBe(false);
    // No operation on the scope: an operation-scoped role does not act globally.
    expect(roleCoversScope(a, role, {})).toBe(false);
    expect(roleCoversScope(actor([role]), role, { operationId: OP })).toBe(false);
  });

  it('cluster_lead covers its (operation, sector) pairs only', () => {
    const a = actor(['cluster_lead'], { clusterScopes: [{ operationId: OP, sector: 'protection' }] });
    expect(roleCoversScope(a, 'cluster_lead', { operationId: OP, sector: 'protection' })).toBe(true);
    expect(roleCoversScope(a, 'cluster_lead', { operationId: OP, sector: 'health' })).toBe(false);
    expect(roleCoversScope(a, 'cluster_lead', { operationId: OTHER_OP, sector: 'protection' })).toBe(false);
    expect(roleCoversScope(a, 'cluster_lead', { operationId: OP })).toBe(false);
  });

  it('partner covers its organisation only', () => {
    const a = actor(['partner'], { organisationId: ORG });
    expect(roleCoversScope(a, 'partner', { organisationId: ORG })).toBe(true);
    expect(roleCoversScope(a, 'partner', { organisationId: OTHER_ORG })).toBe(false);
    expect(roleCoversScope(a, 'partner', { operationId: OP })).toBe(false);
  });

  it.each(['erc', 'fund_signatory', 'admin', 'auditor'] as Role[])('%s is global', (role) => {
    const a = actor([role]);
    expect(roleCoversScope(a, role, { operationId: OTHER_OP, sector: 'health', organisationId: OTHER_ORG })).toBe(true);
    expect(roleCoversScope(a, role, {})).toBe(true);
  });

  it('a role the actor does not hold covers nothing', () => {
    expect(roleCoversScope(actor(['admin']), 'hc', { operationId: OP })).toBe(false);
    // Not even a global role, nor a partner's organisation held through another role.
    expect(roleCoversScope(actor(['hc'], { operationScopes: [OP] }), 'erc', { operationId: OP })).toBe(false);
    expect(roleCoversScope(actor(['cluster_lead'], { organisationId: ORG }), 'partner', { organisationId: ORG })).toBe(false);
  });
});

describe('authorizeDecision', () => {
  const hcTask: DecidableTask = { roles: ['hc'], scope: inOp };

  it('allows a role in scope and says via which role', () => {
    expect(authorizeDecision(actor(['hc'], { operationScopes: [OP] }), hcTask)).toEqual({ allowed: true, via: 'hc' });
    expect(authorizeDecision(actor(['erc']), { roles: ['erc'], scope: inOp })).toEqual({ allowed: true, via: 'erc' });
    expect(authorizeDecision(actor(['fund_signatory']), { roles: ['fund_signatory'], scope: inOp })).toEqual({ allowed: true, via: 'fund_signatory' });
    expect(authorizeDecision(actor(['advisory_board'], { operationScopes: [OP] }), { roles: ['advisory_board'], scope: inOp }))
      .toEqual({ allowed: true, via: 'advisory_board' });
    expect(authorizeDecision(actor(['partner'], { organisationId: ORG }), { roles: ['partner'], scope: inOp })).toEqual({ allowed: true, via: 'partner' });
  });

  it('names every role a step takes, and says "cluster or organisation" when a held role is not operation-scoped', () => {
    const r = authorizeDecision(actor(['partner'], { organisationId: ORG }), { roles: ['hc', 'ocha'], scope: inOp });
    expect(r).toEqual({ allowed: false, reason: 'role', message: 'this step needs one of the roles: hc, ocha' });
    const both = actor(['hc', 'cluster_lead'], { operationScopes: [OTHER_OP], clusterScopes: [{ operationId: OTHER_OP, sector: 'protection' }] });
    expect(authorizeDecision(both, { roles: ['hc', 'cluster_lead'], scope: inOp })).toEqual({
      allowed: false,
      reason: 'scope',
      message: 'this task is outside your cluster or organisation scope',
    });
  });

  it('a delegate acts for the delegator: the ballot assigned to the delegator, recusal and four-eyes of either person', () => {
    const delegator = { id: 'boss', displayName: 'Boss', roles: ['advisory_board'] as Role[], organisationId: ORG, delegationId: 1 };
    const delegate = actor(['advisory_board'], { operationScopes: [OP], organisationId: OTHER_ORG, onBehalfOf: delegator });
    const ballot: DecidableTask = { roles: ['advisory_board'], scope: inOp, assigneeId: 'boss' };
    expect(authorizeDecision(delegate, ballot)).toEqual({ allowed: true, via: 'advisory_board' });
    // The delegator's organisation is the subject: the delegate is recused too.
    expect(authorizeDecision(delegate, { roles: ['advisory_board'], scope: inOp, recusalOrganisationId: ORG })).toMatchObject({ allowed: false, reason: 'recusal' });
    // The previous step was decided by someone on behalf of this delegate's delegator: the same person, four-eyes refuses.
    const hc = actor(['hc'], { operationScopes: [OP] });
    expect(authorizeDecision(hc, { ...hcTask, fourEyes: true, previousDeciderId: 'deputy', previousOnBehalfOfId: 'u1' })).toMatchObject({ allowed: false, reason: 'four-eyes' });
    expect(authorizeDecision(hc, { ...hcTask, fourEyes: true, previousDeciderId: 'deputy', previousOnBehalfOfId: 'boss' })).toEqual({ allowed: true, via: 'hc' });
  });

  it('lead-agency binds cluster leads only: another role of the step decides for any organisation', () => {
    const ocha = actor(['ocha'], { operationScopes: [OP], organisationId: OTHER_ORG });
    expect(authorizeDecision(ocha, { roles: ['cluster_lead', 'ocha'], scope: inOp, leadAgencyId: ORG })).toEqual({ allowed: true, via: 'ocha' });
  });

  it('denies a missing role, naming the roles the step needs', () => {
    const r = authorizeDecision(actor(['ocha'], { operationScopes: [OP] }), hcTask);
    expect(r).toEqual({ allowed: false, reason: 'role', message: 'this step needs one of the roles: hc' });
  });

  it('admin does not hold other roles implicitly', () => {
    const admin = actor(['admin'], { operationScopes: [OP], clusterScopes: [{ operationId: OP, sector: 'protection' }], organisationId: ORG });
    for (const role of ROLES.filter((r) => r !== 'admin')) {
      const r = authorizeDecision(admin, { roles: [role], scope: inOp });
      expect(r).toMatchObject({ allowed: false, reason: 'role' });
    }
    expect(authorizeDecision(admin, { roles: ['admin'], scope: inOp })).toEqual({ allowed: true, via: 'admin' });
  });

  it('auditor decides nothing that is not explicitly an auditor step', () => {
    expect(authorizeDecision(actor(['auditor']), hcTask)).toMatchObject({ allowed: false, reason: 'role' });
  });

  it('denies an HC of another operation (scope), saying why', () => {
    const r = authorizeDecision(actor(['hc'], { operationScopes: [OTHER_OP] }), hcTask);
    expect(r).toMatchObject({ allowed: false, reason: 'scope' });
    expect(!r.allowed && r.message).toMatch(/outside your operations/);
  });

  it('denies a cluster lead of another sector and a partner of another organisation (scope)', () => {
    const lead = actor(['cluster_lead'], { clusterScopes: [{ operationId: OP, sector: 'health' }] });
    expect(authorizeDecision(lead, { roles: ['cluster_lead'], scope: inOp })).toEqual({
      allowed: false, reason: 'scope', message: 'this task is outside your cluster or organisation scope',
    });
    const partner = actor(['partner'], { organisationId: OTHER_ORG });
    expect(authorizeDecision(partner, { roles: ['partner'], scope: inOp })).toMatchObject({ allowed: false, reason: 'scope' });
  });

  it('a second held role in scope is used when the first is out of scope', () => {
    const a = actor(['hc', 'ocha'], { operationScopes: [OP] });
    expect(authorizeDecision(a, { roles: ['hc', 'ocha'], scope: { operationId: OP } })).toEqual({ allowed: true, via: 'hc' });
    const b = actor(['cluster_lead', 'ocha'], { operationScopes: [OP] });
    expect(authorizeDecision(b, { roles: ['cluster_lead', 'ocha'], scope: inOp })).toEqual({ allowed: true, via: 'ocha' });
  });

  it('assignee: only the assigned user decides a ballot', () => {
    const member = actor(['advisory_board'], { operationScopes: [OP] });
    const task: DecidableTask = { roles: ['advisory_board'], scope: inOp, assigneeId: 'someone-else' };
    const r = authorizeDecision(member, task);
    expect(r).toMatchObject({ allowed: false, reason: 'assignee' });
    expect(!r.allowed && r.message).toMatch(/assigned to another user/);
    expect(authorizeDecision(member, { ...task, assigneeId: 'u1' })).toEqual({ allowed: true, via: 'advisory_board' });
    expect(authorizeDecision(member, { ...task, assigneeId: null })).toEqual({ allowed: true, via: 'advisory_board' });
  });

  it('lead-agency: only a cluster lead of the lead agency confirms', () => {
    const task: DecidableTask = { roles: ['cluster_lead'], scope: inOp, leadAgencyId: ORG };
    const scopes = [{ operationId: OP, sector: 'protection' }];
    const other = actor(['cluster_lead'], { clusterScopes: scopes, organisationId: OTHER_ORG });
    expect(authorizeDecision(other, task)).toEqual({
      allowed: false,
      reason: 'lead-agency',
      message: 'only a cluster lead of the lead agency may confirm: your organisation is not the proposed lead agency',
    });
    expect(authorizeDecision(actor(['cluster_lead'], { clusterScopes: scopes }), task)).toMatchObject({ reason: 'lead-agency' });
    expect(authorizeDecision(actor(['cluster_lead'], { clusterScopes: scopes, organisationId: ORG }), task)).toEqual({ allowed: true, via: 'cluster_lead' });
  });

  it('recusal: a user of the subject organisation may not decide', () => {
    const task: DecidableTask = { roles: ['cluster_lead'], scope: inOp, recusalOrganisationId: ORG };
    const scopes = [{ operationId: OP, sector: 'protection' }];
    const own = actor(['cluster_lead'], { clusterScopes: scopes, organisationId: ORG });
    expect(authorizeDecision(own, task)).toEqual({
      allowed: false,
      reason: 'recusal',
      message: 'recusal: this case concerns your own organisation; another reviewer in scope must decide it',
    });
    expect(authorizeDecision(actor(['cluster_lead'], { clusterScopes: scopes, organisationId: OTHER_ORG }), task)).toEqual({ allowed: true, via: 'cluster_lead' });
    expect(authorizeDecision(actor(['cluster_lead'], { clusterScopes: scopes }), task)).toEqual({ allowed: true, via: 'cluster_lead' });
  });

  it('four-eyes: the decider of the previous step may not decide this one', () => {
    const hc = actor(['hc'], { operationScopes: [OP] });
    const r = authorizeDecision(hc, { ...hcTask, fourEyes: true, previousDeciderId: 'u1' });
    expect(r).toMatchObject({ allowed: false, reason: 'four-eyes' });
    expect(!r.allowed && r.message).toMatch(/previous step of this case was decided by you/);
    expect(authorizeDecision(hc, { ...hcTask, fourEyes: true, previousDeciderId: 'u2' })).toEqual({ allowed: true, via: 'hc' });
    expect(authorizeDecision(hc, { ...hcTask, fourEyes: false, previousDeciderId: 'u1' })).toEqual({ allowed: true, via: 'hc' });
  });

  it('checks in order: role → scope → assignee → lead-agency → recusal → four-eyes', () => {
    const scopes = [{ operationId: OP, sector: 'protection' }];
    const all: DecidableTask = {
      roles: ['cluster_lead'], scope: inOp, assigneeId: 'other', leadAgencyId: OTHER_ORG,
      recusalOrganisationId: ORG, fourEyes: true, previousDeciderId: 'u1',
    };
    const lead = actor(['cluster_lead'], { clusterScopes: scopes, organisationId: ORG });
    expect(authorizeDecision(actor(['hc'], { operationScopes: [OP] }), all)).toMatchObject({ reason: 'role' });
    expect(authorizeDecision(actor(['cluster_lead'], { organisationId: ORG }), all)).toMatchObject({ reason: 'scope' });
    expect(authorizeDecision(lead, all)).toMatchObject({ reason: 'assignee' });
    expect(authorizeDecision(lead, { ...all, assigneeId: 'u1' })).toMatchObject({ reason: 'lead-agency' });
    expect(authorizeDecision(lead, { ...all, assigneeId: 'u1', leadAgencyId: ORG })).toMatchObject({ reason: 'recusal' });
    expect(authorizeDecision(lead, { ...all, assigneeId: 'u1', leadAgencyId: ORG, recusalOrganisationId: null })).toMatchObject({ reason: 'four-eyes' });
  });

  it('authorizeScope checks role and scope only', () => {
    expect(authorizeScope(actor(['ocha'], { operationScopes: [OP] }), ['hc', 'ocha'], { operationId: OP })).toEqual({ allowed: true, via: 'ocha' });
    expect(authorizeScope(actor(['ocha'], { operationScopes: [OP] }), ['hc', 'ocha'], { operationId: OTHER_OP })).toMatchObject({ reason: 'scope' });
  });
});

describe('mayReadProcess', () => {
  const proc = { operationId: OP, sector: 'protection', organisationIds: [ORG] };

  it.each(['erc', 'auditor', 'admin', 'fund_signatory'] as Role[])('%s reads every case', (role) => {
    expect(mayReadProcess(actor([role]), proc)).toBe(true);
    expect(mayReadProcess(actor([role]), { operationId: OTHER_OP })).toBe(true);
  });

  it.each(['hc', 'ocha', 'advisory_board'] as Role[])('%s reads the cases of its operations only', (role) => {
    const a = actor([role], { operationScopes: [OP] });
    expect(mayReadProcess(a, proc)).toBe(true);
    expect(mayReadProcess(a, { operationId: OTHER_OP })).toBe(false);
    expect(mayReadProcess(a, {})).toBe(false);
  });

  it('a cluster lead reads every case of an operation where it leads a cluster', () => {
    const a = actor(['cluster_lead'], { clusterScopes: [{ operationId: OP, sector: 'health' }] });
    expect(mayReadProcess(a, proc)).toBe(true);
    expect(mayReadProcess(a, { operationId: OTHER_OP, sector: 'health' })).toBe(false);
    // Leading clusters in two operations: the cases of both.
    const two = actor(['cluster_lead'], { clusterScopes: [{ operationId: OP, sector: 'health' }, { operationId: OTHER_OP, sector: 'wash' }] });
    expect(mayReadProcess(two, proc)).toBe(true);
    expect(mayReadProcess(two, { operationId: OTHER_OP })).toBe(true);
  });

  it('an HC who is also a partner reads the cases of the HC\'s operations', () => {
    expect(mayReadProcess(actor(['partner', 'hc'], { operationScopes: [OP], organisationId: OTHER_ORG }), proc)).toBe(true);
  });

  it("an organisation read through another role than partner opens no case: a lead's agency is not a partner's", () => {
    const lead = actor(['cluster_lead'], { clusterScopes: [{ operationId: OTHER_OP, sector: 'health' }], organisationId: ORG });
    expect(mayReadProcess(lead, proc)).toBe(false);
    expect(mayReadProcess(lead, { operationId: OP, openToPartners: true })).toBe(false);
  });

  it('a partner reads the cases that involve its organisation', () => {
    const a = actor(['partner'], { organisationId: ORG });
    expect(mayReadProcess(a, proc)).toBe(true);
    expect(mayReadProcess(a, { operationId: OP, organisationIds: [OTHER_ORG, ORG] })).toBe(true);
    expect(mayReadProcess(a, { operationId: OP, organisationIds: [OTHER_ORG, null] })).toBe(false);
    expect(mayReadProcess(actor(['partner']), { operationId: OP, organisationIds: [null] })).toBe(false);
  });

  it('a partner reads an open call, other roles do not read it through that', () => {
    expect(mayReadProcess(actor(['partner'], { organisationId: ORG }), { operationId: OTHER_OP, openToPartners: true })).toBe(true);
    expect(mayReadProcess(actor(['hc'], { operationScopes: [OP] }), { operationId: OTHER_OP, openToPartners: true })).toBe(false);
  });

  it('a user without roles reads nothing', () => {
    expect(mayReadProcess(actor([]), proc)).toBe(false);
  });
});
