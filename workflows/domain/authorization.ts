// The one place that decides whether an actor may act on a scope, decide a task or read a case.
// The API's AuthorizationService, the workflows' update validators and the console all ask it.
import type { Actor } from './actor';
import { OPERATION_SCOPED_ROLES, type Role } from './roles';

/** What a task (or a process) is about, for scoped roles. Absent fields are unconstrained. */
export interface TaskScope {
  operationId?: string | null;
  sector?: string | null;
  organisationId?: string | null;
}

export type DenialReason = 'role' | 'scope' | 'four-eyes' | 'recusal' | 'lead-agency' | 'assignee';
export type Denial = { allowed: false; reason: DenialReason; message: string };
export type AuthorizationResult = { allowed: true; via: Role } | Denial;

/** Does this role, held by this actor, cover the scope? Global roles cover everything. */
export function roleCoversScope(actor: Actor, role: Role, scope: TaskScope): boolean {
  if (!actor.roles.includes(role)) return false;
  if (OPERATION_SCOPED_ROLES.includes(role)) {
    // A scope without an operation is not theirs: an operation-scoped role never acts globally.
    return !!scope.operationId && (actor.operationScopes ?? []).includes(scope.operationId);
  }
  if (role === 'cluster_lead') {
    if (!scope.operationId || !scope.sector) return false;
    return actor.clusterScopes.some((s) => s.operationId === scope.operationId && s.sector === scope.sector);
  }
  if (role === 'partner') return !!scope.organisationId && actor.organisationId === scope.organisationId;
  // erc, fund_signatory, admin, auditor: global.
  return true;
}

export interface DecidableTask {
  roles: readonly Role[];
  scope: TaskScope;
  /** Four-eyes: the decider must not be the user who decided the previous step of the same case. */
  fourEyes?: boolean;
  previousDeciderId?: string | null;
  /** …and the delegator that previous decider acted for, if any. */
  previousOnBehalfOfId?: string | null;
  /** Recusal: a user whose organisationId equals this (the case's subject organisation) may not decide. */
  recusalOrganisationId?: string | null;
  /** Lead-agency rule: only a cluster_lead whose organisationId equals this may decide. */
  leadAgencyId?: string | null;
  /** A task assigned to one user (a ballot): only that user may decide it. */
  assigneeId?: string | null;
}

function deny(reason: DenialReason, message: string): Denial {
  return { allowed: false, reason, message };
}

function scopeMessage(held: readonly Role[]): string {
  if (held.every((r) => OPERATION_SCOPED_ROLES.includes(r))) {
    return 'this task is outside your operations: your roles apply only in the operations you are scoped to';
  }
  return 'this task is outside your cluster or organisation scope';
}

/** May the actor decide this task? Role → scope → assignee → lead agency → recusal → four-eyes. */
export function authorizeDecision(actor: Actor, task: DecidableTask): AuthorizationResult {
  const held = task.roles.filter((r) => actor.roles.includes(r));
  if (held.length === 0) return deny('role', `this step needs one of the roles: ${task.roles.join(', ')}`);
  const covering = held.filter((r) => roleCoversScope(actor, r, task.scope));
  if (covering.length === 0) return deny('scope', scopeMessage(held));
  if (task.assigneeId && task.assigneeId !== actor.id && task.assigneeId !== actor.onBehalfOf?.id) {
    return deny('assignee', 'this task is assigned to another user: only its assignee may decide it');
  }
  let candidates = covering;
  if (task.leadAgencyId) {
    // Only a lead of the lead agency itself confirms; other roles of the step are unaffected.
    candidates = covering.filter((r) => r !== 'cluster_lead' || actor.organisationId === task.leadAgencyId);
    if (candidates.length === 0) {
      return deny('lead-agency', 'only a cluster lead of the lead agency may confirm: your organisation is not the proposed lead agency');
    }
  }
  // A delegate acting for someone is recused when either of them belongs to the organisation.
  if (task.recusalOrganisationId && (actor.organisationId === task.recusalOrganisationId || actor.onBehalfOf?.organisationId === task.recusalOrganisationId)) {
    return deny('recusal', 'recusal: this case concerns your own organisation; another reviewer in scope must decide it');
  }
  // Four-eyes compares both people on each side: the decider (and whom they act for) against the previous decider (and whom they acted for).
  const previous = [task.previousDeciderId, task.previousOnBehalfOfId].filter((id): id is string => !!id);
  const now = [actor.id, actor.onBehalfOf?.id].filter((id): id is string => !!id);
  if (task.fourEyes && previous.some((id) => now.includes(id))) {
    return deny('four-eyes', 'four-eyes rule: the previous step of this case was decided by you; another user must decide this one');
  }
  return { allowed: true, via: candidates[0] };
}

/** May the actor act on a scope with any of these roles (start a process, act on a cluster)? */
export function authorizeScope(actor: Actor, roles: readonly Role[], scope: TaskScope): AuthorizationResult {
  return authorizeDecision(actor, { roles, scope });
}

/** What a case is about, for reading it: its operation and sector, and every organisation it involves. */
export interface ReadableProcess {
  operationId?: string | null;
  sector?: string | null;
  organisationIds?: readonly (string | null | undefined)[];
  /** An open call: a window of the case takes partner submissions from any organisation now. */
  openToPartners?: boolean;
}

const GLOBAL_READERS: readonly Role[] = ['admin', 'auditor', 'erc', 'fund_signatory'];

/**
 * May the actor read this case (lists, single reads, history, exports, notifications)? Global readers read all;
 * hc/ocha/advisory_board and cluster leads the cases of their operations; partners cases that involve their organisation.
 */
export function mayReadProcess(actor: Actor, process: ReadableProcess): boolean {
  const roles = actor.roles;
  if (roles.some((r) => GLOBAL_READERS.includes(r))) return true;
  const op = process.operationId ?? null;
  if (op) {
    if (roles.some((r) => OPERATION_SCOPED_ROLES.includes(r)) && (actor.operationScopes ?? []).includes(op)) return true;
    // A cluster lead reads every case of an operation where they lead a cluster (activation, HPC cycle, allocations).
    if (roles.includes('cluster_lead') && actor.clusterScopes.some((s) => s.operationId === op)) return true;
  }
  if (roles.includes('partner') && actor.organisationId) {
    if (process.openToPartners) return true;
    return (process.organisationIds ?? []).some((id) => !!id && id === actor.organisationId);
  }
  return false;
}
