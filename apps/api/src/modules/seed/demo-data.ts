// Demo data for development and the demo walk-through: a protracted operation with its clusters and
// members, a refugee operation (no clusters), organisations of every type with their CBPF risk levels, and
// users for every role with their scopes. Idempotent: rows are matched by natural key and only inserted when
// missing, so a restart never undoes what users did (e.g. an activated cluster, an edited setting).
import type { DataSource, EntityManager } from 'typeorm';
import type { ClusterMemberStatus, ClusterStatus, OperationSettings, OperationType, OrganisationType, RiskLevel, Role } from '@hpc/workflows/domain';
import { hashPassword } from '../../auth/password';

interface DemoOperation {
  key: 'ssd' | 'uga';
  name: string;
  countryIso3: string;
  type: OperationType;
  settings: OperationSettings;
}

export const DEMO_OPERATION: DemoOperation = {
  key: 'ssd',
  name: 'South Sudan 2026',
  countryIso3: 'SSD',
  type: 'protracted',
  settings: {
    timeZone: 'Africa/Juba',
    weekendDays: [6, 0],
    // New Year, Peace Agreement Day, SPLA Day, Independence Day, Martyrs' Day, Christmas, Republic Day.
    holidays: ['2026-01-01', '2026-01-09', '2026-05-16', '2026-07-09', '2026-07-30', '2026-12-25', '2026-12-28', '2027-01-01', '2027-01-09'],
    planningCycleStartMonth: 6,
    planningFormat: 'hnrp',
    durationOverrides: {},
    // Its clusters' recurring duties pause while a cluster hands over to national coordination.
    pauseDutiesInTransition: true,
  },
};

/** A refugee operation: UNHCR leads under the Refugee Coordination Model, so it has no clusters. */
export const DEMO_REFUGEE_OPERATION: DemoOperation = {
  key: 'uga',
  name: 'Uganda Refugee Response 2026',
  countryIso3: 'UGA',
  type: 'refugee',
  settings: {
    timeZone: 'Africa/Kampala',
    weekendDays: [6, 0],
    holidays: ['2026-01-01', '2026-01-26', '2026-06-03', '2026-06-09', '2026-10-09', '2026-12-25', '2026-12-26'],
    planningCycleStartMonth: 1,
    planningFormat: 'hnrp',
    durationOverrides: {},
    pauseDutiesInTransition: false,
  },
};

export const DEMO_OPERATIONS: DemoOperation[] = [DEMO_OPERATION, DEMO_REFUGEE_OPERATION];

/** riskLevel: from the pooled fund's due diligence; null = not eligible for CBPF. */
export const DEMO_ORGANISATIONS: { name: string; type: OrganisationType; riskLevel: RiskLevel | null }[] = [
  { name: 'UNHCR', type: 'un-agency', riskLevel: 'low' },
  { name: 'UNICEF', type: 'un-agency', riskLevel: 'low' },
  { name: 'WFP', type: 'un-agency', riskLevel: 'low' },
  { name: 'WHO', type: 'un-agency', riskLevel: 'low' },
  { name: 'UNFPA', type: 'un-agency', riskLevel: 'low' },
  { name: 'FAO', type: 'un-agency', riskLevel: 'low' },
  { name: 'IOM', type: 'un-agency', riskLevel: 'low' },
  { name: 'UNMAS', type: 'un-agency', riskLevel: 'low' },
  { name: 'UN-Habitat', type: 'un-agency', riskLevel: 'low' },
  { name: 'Norwegian Refugee Council', type: 'ingo', riskLevel: 'low' },
  { name: 'International Rescue Committee', type: 'ingo', riskLevel: 'medium' },
  { name: 'Sudd Community Development Organisation', type: 'nngo', riskLevel: 'medium' },
  { name: 'Nile Women Empowerment Network', type: 'nngo', riskLevel: 'high' },
  { name: 'Hope Relief Juba', type: 'lngo', riskLevel: 'medium' },
  { name: 'Malakal Youth Initiative', type: 'lngo', riskLevel: 'high' },
  { name: 'Yei Community Health Volunteers', type: 'lngo', riskLevel: null },
  { name: 'Ministry of Humanitarian Affairs and Disaster Management', type: 'government', riskLevel: null },
  { name: 'South Sudan Red Cross', type: 'red-cross', riskLevel: 'medium' },
];

const DAY = 86_400_000;

/** Active clusters were activated some weeks ago; protection and shelter await activation. Agencies by organisation name. */
export const DEMO_CLUSTERS: { sector: string; leadAgency: string; coLeadAgency: string | null; status: ClusterStatus; activatedDaysAgo: number | null }[] = [
  // Reference rows only, as proposed: their activations run through the real workflows (demo-cases.ts), which
  // make health, food security and WASH active and start their transition reviews (never rows written by hand).
  { sector: 'health', leadAgency: 'WHO', coLeadAgency: 'International Rescue Committee', status: 'proposed', activatedDaysAgo: null },
  { sector: 'food-security', leadAgency: 'WFP', coLeadAgency: 'FAO', status: 'proposed', activatedDaysAgo: null },
  { sector: 'wash', leadAgency: 'UNICEF', coLeadAgency: null, status: 'proposed', activatedDaysAgo: null },
  { sector: 'protection', leadAgency: 'UNHCR', coLeadAgency: 'Norwegian Refugee Council', status: 'proposed', activatedDaysAgo: null },
  { sector: 'shelter', leadAgency: 'IOM', coLeadAgency: null, status: 'proposed', activatedDaysAgo: null },
];

/** Organisations taking part in each cluster of the demo operation; one asks to join. */
export const DEMO_CLUSTER_MEMBERS: { sector: string; organisation: string; status: ClusterMemberStatus }[] = [
  { sector: 'health', organisation: 'WHO', status: 'member' },
  { sector: 'health', organisation: 'International Rescue Committee', status: 'member' },
  { sector: 'health', organisation: 'Yei Community Health Volunteers', status: 'member' },
  { sector: 'health', organisation: 'South Sudan Red Cross', status: 'member' },
  { sector: 'food-security', organisation: 'WFP', status: 'member' },
  { sector: 'food-security', organisation: 'FAO', status: 'member' },
  { sector: 'food-security', organisation: 'Sudd Community Development Organisation', status: 'member' },
  { sector: 'wash', organisation: 'UNICEF', status: 'member' },
  { sector: 'wash', organisation: 'Norwegian Refugee Council', status: 'member' },
  { sector: 'wash', organisation: 'Hope Relief Juba', status: 'member' },
  { sector: 'protection', organisation: 'UNHCR', status: 'member' },
  { sector: 'protection', organisation: 'Norwegian Refugee Council', status: 'member' },
  { sector: 'protection', organisation: 'Hope Relief Juba', status: 'member' },
  { sector: 'protection', organisation: 'Nile Women Empowerment Network', status: 'member' },
  { sector: 'protection', organisation: 'Malakal Youth Initiative', status: 'requested' },
  { sector: 'shelter', organisation: 'IOM', status: 'member' },
];

interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  /** Sectors of the demo operation this cluster lead coordinates. */
  sectors?: string[];
  /** Operations (by key) an hc / ocha / advisory_board user acts in. */
  operations?: DemoOperation['key'][];
  organisation?: string;
  authorisedSignatory?: boolean;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: 'Ingrid Solberg (System Administrator)', roles: ['admin'] },
  { username: 'ocha', displayName: 'Amina Diallo (OCHA Head of Office, South Sudan)', roles: ['ocha'], operations: ['ssd'] },
  { username: 'hc', displayName: 'Daniel Okafor (Humanitarian Coordinator, South Sudan)', roles: ['hc'], operations: ['ssd'] },
  { username: 'erc', displayName: 'Helena Marsh (Emergency Relief Coordinator)', roles: ['erc'] },
  { username: 'auditor', displayName: 'Priya Raman (Internal Audit)', roles: ['auditor'] },
  { username: 'lead.protection', displayName: 'Joseph Lado (Protection Cluster Coordinator, UNHCR)', roles: ['cluster_lead'], sectors: ['protection'], organisation: 'UNHCR' },
  { username: 'lead.health', displayName: 'Mary Achol (Health Cluster Coordinator, WHO)', roles: ['cluster_lead'], sectors: ['health'], organisation: 'WHO' },
  { username: 'partner.local', displayName: 'Grace Ayen (Programme Manager, Hope Relief Juba)', roles: ['partner'], organisation: 'Hope Relief Juba' },
  { username: 'partner.intl', displayName: 'Lars Eriksen (Country Director, NRC)', roles: ['partner'], organisation: 'Norwegian Refugee Council' },
  { username: 'advisory', displayName: 'Sofia Lindqvist (Advisory Board, donor representative)', roles: ['advisory_board'], operations: ['ssd'] },
  { username: 'signatory', displayName: 'Karim Haddad (OCHA Executive Officer)', roles: ['fund_signatory'] },
  { username: 'partner.director', displayName: 'Rebecca Nyandeng (Executive Director, Hope Relief Juba)', roles: ['partner'], organisation: 'Hope Relief Juba', authorisedSignatory: true },
  { username: 'lead.wash', displayName: 'Peter Malual (WASH Cluster Coordinator, UNICEF)', roles: ['cluster_lead'], sectors: ['wash'], organisation: 'UNICEF' },
  { username: 'lead.food-security', displayName: 'Nyakim Gatwech (Food Security Cluster Coordinator, WFP)', roles: ['cluster_lead'], sectors: ['food-security'], organisation: 'WFP' },
  { username: 'colead.protection', displayName: 'Ingeborg Haugen (Protection Cluster Co-coordinator, NRC)', roles: ['cluster_lead'], sectors: ['protection'], organisation: 'Norwegian Refugee Council' },
  { username: 'ocha.uga', displayName: 'Moses Okello (OCHA, Uganda Refugee Response)', roles: ['ocha'], operations: ['uga'] },
];

export interface SeedOptions {
  password: string;
  /** Defaults to process.env.NODE_ENV; seeding refuses to run in production. */
  nodeEnv?: string;
}

export async function seedDemoData(dataSource: DataSource, opts: SeedOptions): Promise<void> {
  const nodeEnv = opts.nodeEnv ?? process.env.NODE_ENV;
  if (nodeEnv === 'production') throw new Error('seedDemoData refuses to run with NODE_ENV=production: no demo users exist there');
  if (!opts.password || opts.password.length < 8) throw new Error('seedDemoData needs a password of at least 8 characters');
  const passwordHash = await hashPassword(opts.password);

  await dataSource.transaction(async (m) => {
    // Serialise concurrent seeders (api + launcher + tests) on one advisory lock.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('hpc-flow:seed-demo-data'))`);

    const orgIds = new Map<string, string>();
    for (const org of DEMO_ORGANISATIONS) orgIds.set(org.name, await upsertOrganisation(m, org));

    const operationIds = new Map<DemoOperation['key'], string>();
    for (const op of DEMO_OPERATIONS) operationIds.set(op.key, await upsertOperation(m, op));
    const operationId = operationIds.get('ssd')!;

    const now = Date.now();
    const clusterIds = new Map<string, string>();
    for (const c of DEMO_CLUSTERS) {
      const activatedAt = c.activatedDaysAgo === null ? null : new Date(now - c.activatedDaysAgo * DAY);
      const leadId = orgIds.get(c.leadAgency)!;
      const coLeadId = c.coLeadAgency ? orgIds.get(c.coLeadAgency)! : null;
      await m.query(
        `INSERT INTO clusters (operation_id, sector, lead_agency, co_lead_agency, lead_agency_id, co_lead_agency_id, status, activated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (operation_id, sector) DO NOTHING`,
        [operationId, c.sector, c.leadAgency, c.coLeadAgency, leadId, coLeadId, c.status, activatedAt],
      );
      const rows: { id: string }[] = await m.query(`SELECT id FROM clusters WHERE operation_id = $1 AND sector = $2`, [operationId, c.sector]);
      clusterIds.set(c.sector, rows[0].id);
    }
    for (const mb of DEMO_CLUSTER_MEMBERS) {
      await m.query(
        `INSERT INTO cluster_members (cluster_id, organisation_id, status, joined_at)
         VALUES ($1, $2, $3, CASE WHEN $3 = 'member' THEN now() END) ON CONFLICT (cluster_id, organisation_id) DO NOTHING`,
        [clusterIds.get(mb.sector)!, orgIds.get(mb.organisation)!, mb.status],
      );
    }

    for (const u of DEMO_USERS) {
      const scopes = (u.sectors ?? []).map((sector) => ({ operationId, sector }));
      const operationScopes = (u.operations ?? []).map((k) => operationIds.get(k)!);
      const organisationId = u.organisation ? orgIds.get(u.organisation)! : null;
      await m.query(
        `INSERT INTO users (username, display_name, password_hash, roles, cluster_scopes, operation_scopes, organisation_id, authorised_signatory)
         SELECT $1, $2, $3, $4::text[], $5::jsonb, $6::uuid[], $7, $8
         WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1))`,
        [u.username, u.displayName, passwordHash, u.roles, JSON.stringify(scopes), operationScopes, organisationId, u.authorisedSignatory ?? false],
      );
      // Demo users seeded before operations scoped hc/ocha would act nowhere: give them their operations once.
      if (operationScopes.length > 0) {
        await m.query(
          `UPDATE users SET operation_scopes = $2::uuid[] WHERE lower(username) = lower($1) AND operation_scopes = '{}'`,
          [u.username, operationScopes],
        );
      }
    }
  });
}

async function upsertOrganisation(m: EntityManager, org: (typeof DEMO_ORGANISATIONS)[number]): Promise<string> {
  const rows: { id: string }[] = await m.query(
    `INSERT INTO organisations (name, type, risk_level) VALUES ($1, $2, $3)
     ON CONFLICT ((lower(name))) DO UPDATE SET name = organisations.name RETURNING id`,
    [org.name, org.type, org.riskLevel],
  );
  return rows[0].id;
}

async function upsertOperation(m: EntityManager, op: DemoOperation): Promise<string> {
  // Settings are written when the operation is created, or once when it still has none (seeded before settings existed).
  const rows: { id: string }[] = await m.query(
    `INSERT INTO operations (name, country_iso3, type, settings) VALUES ($1, $2, $3, $4::jsonb)
     ON CONFLICT ((lower(name))) DO UPDATE
       SET settings = CASE WHEN operations.settings = '{}'::jsonb THEN EXCLUDED.settings ELSE operations.settings END
     RETURNING id`,
    [op.name, op.countryIso3, op.type, JSON.stringify(op.settings)],
  );
  return rows[0].id;
}
