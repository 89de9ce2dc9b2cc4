// System computations of pooled funds (registered by name in activities/system/system.activities.ts): the
// applicant's profile, the allocation's totals and localisation share, and CERF's recipient rule.
import type { DataSource } from 'typeorm';
import type { SystemStepRequest } from '@hpc/workflows/contracts/activities';
import { centsToMoney, moneyToCents } from '@hpc/workflows/domain/definitions/validation';
import { GRANT_PROPOSAL } from '@hpc/workflows/processes/pooled-fund-allocation/pooled-fund-allocation.definition';
import { localisationShare, type ApprovedGrant, type SectorSplit } from '@hpc/workflows/processes/pooled-fund-allocation/pooled-funds';

/** A proposal's amount counts as approved once the HFU recommends it, unless it is later rejected or withdrawn. */
export const APPROVED_SQL = `p.type = '${GRANT_PROPOSAL}' AND p.subject->>'approvedUsd' IS NOT NULL AND coalesce(p.outcome, '') NOT IN ('rejected', 'withdrawn', 'cancelled')`;

/** The approved grants of an allocation, each with the applicant's organisation type. */
export async function approvedGrants(ds: DataSource | { query: DataSource['query'] }, allocationId: string, exceptProcessId?: string): Promise<(ApprovedGrant & { processId: string })[]> {
  const rows: { id: string; sector: string; amount: string; type: string | null }[] = await ds.query(
    `SELECT p.id, p.sector, p.subject->>'approvedUsd' AS amount, o.type
       FROM processes p LEFT JOIN organisations o ON o.id::text = p.subject->>'organisationId'
      WHERE p.parent_process_id = $1 AND ${APPROVED_SQL} AND p.id <> $2
      ORDER BY p.id`,
    [allocationId, exceptProcessId ?? ''],
  );
  return rows.map((r) => ({ processId: r.id, sector: r.sector, organisationType: r.type, amountUsd: r.amount }));
}

export interface AllocationTotals {
  envelopeUsd: string;
  approvedUsd: string;
  remainingUsd: string;
  bySector: Record<string, { splitUsd: string | null; approvedUsd: string }>;
  proposals: { total: number; approved: number };
  localisation: ReturnType<typeof localisationShare>;
}

export function allocationTotals(envelopeUsd: string, split: readonly SectorSplit[] | null, targetPct: number, grants: readonly ApprovedGrant[], proposals: number): AllocationTotals {
  const bySector: AllocationTotals['bySector'] = {};
  for (const s of split ?? []) bySector[s.sector] = { splitUsd: centsToMoney(moneyToCents(s.amountUsd)), approvedUsd: '0.00' };
  for (const g of grants) {
    const row = (bySector[g.sector] ??= { splitUsd: null, approvedUsd: '0.00' });
    row.approvedUsd = centsToMoney(moneyToCents(row.approvedUsd) + moneyToCents(g.amountUsd));
  }
  const localisation = localisationShare(grants, targetPct);
  return {
    envelopeUsd: centsToMoney(moneyToCents(envelopeUsd)),
    approvedUsd: localisation.approvedUsd,
    remainingUsd: centsToMoney(moneyToCents(envelopeUsd) - moneyToCents(localisation.approvedUsd)),
    bySector,
    proposals: { total: proposals, approved: grants.length },
    localisation,
  };
}

export const POOLED_FUND_COMPUTATIONS: Record<string, (req: SystemStepRequest, ds: DataSource) => Promise<{ result: string; data: Record<string, unknown> }>> = {
  'pooled-applicant-profile': async (req, ds) => {
    const rows: { name: string; type: string; risk_level: string | null }[] = await ds.query(`SELECT name, type, risk_level FROM organisations WHERE id::text = $1`, [String(req.input.organisationId)]);
    const o = rows[0];
    return { result: 'done', data: { organisationName: o?.name ?? null, organisationType: o?.type ?? null, riskLevel: o?.risk_level ?? null } };
  },
  'pooled-allocation-totals': async (req, ds) => {
    const grants = await approvedGrants(ds, req.processId);
    const count: { n: string }[] = await ds.query(`SELECT count(*) AS n FROM processes WHERE parent_process_id = $1 AND type = $2`, [req.processId, GRANT_PROPOSAL]);
    const strategy = req.caseData['allocation-strategy'] as { envelopeSplit?: SectorSplit[] } | undefined;
    const target = typeof req.input.localisationTargetPct === 'number' ? req.input.localisationTargetPct : 25;
    const totals = allocationTotals(String(req.input.envelopeUsd), strategy?.envelopeSplit ?? null, target, grants, Number(count[0].n));
    const below = totals.localisation.belowTarget || !!totals.localisation.protection?.belowTarget;
    return { result: below ? 'below-target' : 'on-target', data: totals as unknown as Record<string, unknown> };
  },
  'pooled-cerf-recipients': async (req, ds) => {
    const app = req.caseData['cerf-application'] as { projects?: { organisationId: string }[] } | undefined;
    const ids = (app?.projects ?? []).map((p) => p.organisationId);
    const rows: { id: string; name: string; type: string }[] = await ds.query(`SELECT id::text AS id, name, type FROM organisations WHERE id::text = ANY($1)`, [ids]);
    // CERF funds UN agencies and IOM (a UN-related organisation: its name or abbreviation says so).
    const eligible = (r: { name: string; type: string }) => r.type === 'un-agency' || /\bIOM\b|International Organization for Migration/i.test(r.name);
    const ineligible = rows.filter((r) => !eligible(r)).map((r) => ({ organisationId: r.id, name: r.name, type: r.type }));
    return { result: ineligible.length === 0 ? 'eligible' : 'ineligible', data: { recipients: rows.length, ineligible } };
  },
};
