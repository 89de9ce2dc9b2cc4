// Read scope (issue 16 item 6): who reads which case. `mayReadProcess` (workflows/domain/authorization.ts) is the
// rule; this file gives it the facts of a stored row and states the same rule as SQL for lists, so the two agree.
import { mayReadProcess, OPERATION_SCOPED_ROLES, type Actor, type ReadableProcess, type Role } from '@hpc/workflows/domain';
import { PROCESSES } from '@hpc/workflows/processes';

const GLOBAL_READERS: readonly Role[] = ['admin', 'auditor', 'erc', 'fund_signatory'];

/** A window step that takes partner submissions: open to every partner, or only to organisations listed at `invited`. */
export interface PartnerWindow {
  type: string;
  stepId: string;
  /** Column and JSON path of the invited organisations (`case.x.y` → data #> {x,y}); null: an open call. */
  invited: { column: 'data' | 'input' | 'subject'; path: string[] } | null;
}

const ROOT_COLUMN: Record<string, 'data' | 'input' | 'subject'> = { case: 'data', input: 'input', subject: 'subject' };

/** Every window of every process definition that partners submit to (read from the one list of processes). */
export function partnerWindows(): PartnerWindow[] {
  const out: PartnerWindow[] = [];
  for (const m of PROCESSES) {
    for (const step of m.definition.steps) {
      const kinds = (step.window?.kinds ?? []).filter((k) => k.roles.includes('partner'));
      if (kinds.length === 0) continue;
      if (kinds.some((k) => !k.invitedFrom)) {
        out.push({ type: m.type, stepId: step.id, invited: null });
        continue;
      }
      for (const k of kinds) {
        const [root, ...path] = (k.invitedFrom as string).split('.');
        const column = ROOT_COLUMN[root];
        if (column && path.length > 0) out.push({ type: m.type, stepId: step.id, invited: { column, path } });
      }
    }
  }
  return out;
}

let cachedWindows: readonly PartnerWindow[] | undefined;

/** partnerWindows() once: the definitions do not change while the process runs (it walked every step of every
 * definition on each list request, partner or not: 1 % of the API's CPU under the read bench). */
export function partnerWindowsCached(): readonly PartnerWindow[] {
  return (cachedWindows ??= partnerWindows());
}

/** The facts of a case the read rule needs (a read-model row or a live workflow state). */
export interface ReadableRow {
  id: string;
  type: string;
  status: string;
  operationId: string | null;
  sector?: string | null;
  subject?: Record<string, unknown> | null;
  input?: Record<string, unknown> | null;
  data?: Record<string, unknown> | null;
  steps?: readonly { stepId: string; status: string }[] | null;
}

function at(value: unknown, path: readonly string[]): unknown {
  let v = value;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** Every string anywhere in a JSON value (an invited list, or lists keyed by sector). */
function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => stringsIn(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => stringsIn(v, out));
  return out;
}

/**
 * The row as `mayReadProcess` sees it. `involvedOrganisations`: organisations with a task or a submission in the
 * case (the caller passes at least the reader's own when it has one, see ProcessesService.assertCanRead).
 */
export function readableOf(row: ReadableRow, involvedOrganisations: readonly string[], windows: readonly PartnerWindow[] = partnerWindowsCached()): ReadableProcess {
  const organisationIds: string[] = [...involvedOrganisations];
  const subjectOrg = row.subject?.organisationId;
  if (typeof subjectOrg === 'string') organisationIds.push(subjectOrg);
  let openToPartners = false;
  if (row.status === 'running') {
    const open = new Set((row.steps ?? []).filter((s) => s.status === 'open').map((s) => s.stepId));
    for (const w of windows) {
      if (w.type !== row.type || !open.has(w.stepId)) continue;
      if (!w.invited) openToPartners = true;
      else organisationIds.push(...stringsIn(at(row[w.invited.column], w.invited.path)));
    }
  }
  return { operationId: row.operationId, sector: row.sector ?? null, organisationIds, openToPartners };
}

export function readsEverything(actor: Actor): boolean {
  return actor.roles.some((r) => GLOBAL_READERS.includes(r));
}

/**
 * The same rule as SQL over `processes` aliased `alias`: null when the actor reads every case. Parameter names
 * start with `rs` (no list filter uses that prefix).
 */
export function readScopeSql(actor: Actor, alias = 'p', windows: readonly PartnerWindow[] = partnerWindowsCached()): { sql: string; params: Record<string, unknown> } | null {
  if (readsEverything(actor)) return null;
  const ors: string[] = [];
  const params: Record<string, unknown> = {};
  const ops = new Set<string>();
  if (actor.roles.some((r) => OPERATION_SCOPED_ROLES.includes(r))) (actor.operationScopes ?? []).forEach((o) => ops.add(o));
  if (actor.roles.includes('cluster_lead')) actor.clusterScopes.forEach((s) => ops.add(s.operationId));
  if (ops.size > 0) {
    ors.push(`${alias}.operation_id IN (:...rsOps)`);
    params.rsOps = [...ops];
  }
  if (actor.roles.includes('partner') && actor.organisationId) {
    params.rsOrgU = actor.organisationId;
    params.rsOrgT = actor.organisationId;
    ors.push(`EXISTS (SELECT 1 FROM tasks rst WHERE rst.process_id = ${alias}.id AND rst.organisation_id = CAST(:rsOrgU AS uuid))`);
    ors.push(`EXISTS (SELECT 1 FROM submissions rss WHERE rss.process_id = ${alias}.id AND rss.organisation_id = CAST(:rsOrgU AS uuid))`);
    ors.push(`${alias}.subject->>'organisationId' = CAST(:rsOrgT AS text)`);
    const windowOrs = windows.map((w, i) => {
      params[`rsT${i}`] = w.type;
      params[`rsS${i}`] = w.stepId;
      let cond = `(${alias}.type = :rsT${i} AND rsw->>'stepId' = :rsS${i}`;
      if (w.invited) {
        params[`rsP${i}`] = w.invited.path;
        cond += ` AND jsonb_path_exists(${alias}.${w.invited.column} #> CAST(:rsP${i} AS text[]), 'strict $.** ? (@ == $org)', jsonb_build_object('org', CAST(:rsOrgT AS text)))`;
      }
      return `${cond})`;
    });
    if (windowOrs.length > 0) {
      ors.push(
        `(${alias}.status = 'running' AND EXISTS (SELECT 1 FROM jsonb_array_elements(${alias}.steps) rsw WHERE rsw->>'status' = 'open' AND (${windowOrs.join(' OR ')})))`,
      );
    }
  }
  if (ors.length === 0) return { sql: 'FALSE', params };
  return { sql: `(${ors.join(' OR ')})`, params };
}

/** The rule itself, re-exported for the callers of this file. */
export { mayReadProcess };
