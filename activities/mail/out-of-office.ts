// Out of office: an escalation that would reach a user marked away goes to whom they delegated to (a running
// delegation of one of the escalation's roles in that operation), else only to the others in scope; when
// everybody in scope is away with no delegate, they are still told (an escalation never reaches nobody).
import type { EntityManager } from 'typeorm';
import type { NotificationRequest } from '@hpc/workflows/contracts/activities';

export interface Recipient {
  id: string;
  away: boolean;
}

export async function escalationRecipients(em: EntityManager, users: Recipient[], n: Pick<NotificationRequest, 'roles' | 'scope' | 'excludeOrganisationId'>): Promise<string[]> {
  const away = users.filter((u) => u.away).map((u) => u.id);
  const present = users.filter((u) => !u.away).map((u) => u.id);
  if (away.length === 0) return present;
  const delegates: { id: string }[] = await em.query(
    `SELECT DISTINCT u.id FROM delegations d JOIN users u ON u.id = d.delegate_id
     WHERE d.delegator_id = ANY($1::uuid[]) AND d.ended_at IS NULL AND d.starts_at <= now() AND now() < d.ends_at
       AND d.roles && $2::text[] AND (d.operation_id IS NULL OR d.operation_id::text = $3)
       AND (d.sector IS NULL OR d.sector = $4)
       AND u.active AND NOT u.away AND ($5::uuid IS NULL OR u.organisation_id IS DISTINCT FROM $5::uuid)`,
    [away, n.roles, n.scope.operationId ?? null, n.scope.sector ?? null, n.excludeOrganisationId ?? null],
  );
  const out = [...new Set([...present, ...delegates.map((d) => d.id)])];
  return out.length > 0 ? out : users.map((u) => u.id);
}
