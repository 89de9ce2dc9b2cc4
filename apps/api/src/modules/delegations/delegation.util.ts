// Pure rules of delegation: what a delegator may hand over, and the Actor a delegate decides with. A delegation
// only ever narrows: its roles are the delegator's, its scopes the delegator's within the delegation's scope.
import { ROLES, type Actor, type Role } from '@hpc/workflows/domain';

/** Roles that decide tasks; admin and auditor are never delegated. */
export const DELEGABLE_ROLES: readonly Role[] = ROLES.filter((r) => r !== 'admin' && r !== 'auditor');

export interface DelegationRecord {
  id: number;
  delegatorId: string;
  delegateId: string;
  roles: Role[];
  /** null: every operation of the delegator. */
  operationId: string | null;
  /** null: every sector (cluster_lead scopes) of the delegator in that operation. */
  sector: string | null;
  startsAt: string;
  endsAt: string;
  endedAt: string | null;
}

export interface DelegationRequest {
  roles: Role[];
  operationId?: string | null;
  sector?: string | null;
  startsAt: string;
  endsAt: string;
}

/** Why the delegator may not hand this over (empty: they may). Messages name the field. */
export function delegationErrors(delegator: Actor, delegateId: string, req: DelegationRequest, nowMs: number): string[] {
  const errors: string[] = [];
  if (delegateId === delegator.id) errors.push('delegateId must be another user than yourself');
  for (const r of req.roles) {
    if (!DELEGABLE_ROLES.includes(r)) errors.push(`roles: ${r} cannot be delegated`);
    else if (!delegator.roles.includes(r)) errors.push(`roles: you do not hold the role ${r}`);
  }
  const op = req.operationId ?? null;
  if (req.sector && !op) errors.push('sector needs an operationId');
  for (const r of req.roles) {
    if (!delegator.roles.includes(r)) continue;
    if (r === 'cluster_lead') {
      const covered = delegator.clusterScopes.some((s) => (!op || s.operationId === op) && (!req.sector || s.sector === req.sector));
      if (!covered) errors.push('operationId/sector: outside your cluster scopes (a delegation cannot widen a scope)');
    } else if (op && !delegator.operationScopes.includes(op) && ['hc', 'ocha', 'advisory_board'].includes(r)) {
      errors.push('operationId: outside your operations (a delegation cannot widen a scope)');
    }
  }
  const start = Date.parse(req.startsAt);
  const end = Date.parse(req.endsAt);
  if (!(end > start)) errors.push('endsAt must be after startsAt');
  if (end <= nowMs) errors.push('endsAt must be in the future');
  if (end - start > 366 * 86_400_000) errors.push('endsAt must be within a year of startsAt');
  return [...new Set(errors)];
}

export function isRunning(d: DelegationRecord, nowMs: number): boolean {
  return d.endedAt === null && Date.parse(d.startsAt) <= nowMs && nowMs < Date.parse(d.endsAt);
}

/**
 * The Actor a delegate decides with: their own identity (and organisation: recusal), the delegator's roles and
 * scopes narrowed to the delegation, and whom they act for (four-eyes and recusal also check the delegator).
 */
export function delegatedActor(delegate: Actor, delegator: Actor, d: DelegationRecord): Actor {
  const roles = d.roles.filter((r) => delegator.roles.includes(r) && DELEGABLE_ROLES.includes(r));
  return {
    id: delegate.id,
    username: delegate.username,
    displayName: delegate.displayName,
    roles,
    operationScopes: delegator.operationScopes.filter((op) => !d.operationId || op === d.operationId),
    clusterScopes: roles.includes('cluster_lead') ? delegator.clusterScopes.filter((s) => (!d.operationId || s.operationId === d.operationId) && (!d.sector || s.sector === d.sector)) : [],
    // The delegate's own organisation: a lead-agency or partner rule never passes through someone else's.
    organisationId: delegate.organisationId,
    authorisedSignatory: false,
    onBehalfOf: { id: delegator.id, displayName: delegator.displayName, roles: [...roles], organisationId: delegator.organisationId, delegationId: d.id },
  };
}

/** "Maria Lopez for Daniel Okafor (HC), delegation #12" */
export function onBehalfOfLabel(actor: { displayName: string; onBehalfOf?: Actor['onBehalfOf'] }): string {
  const o = actor.onBehalfOf;
  if (!o) return actor.displayName;
  return `${actor.displayName} for ${o.displayName} (${o.roles.map((r) => r.toUpperCase().replace('_', ' ')).join(', ')}), delegation #${o.delegationId}`;
}
