// Demo data for development and the demo walk-through: one protracted operation, its clusters,
// organisations of every type and one user per role. Idempotent: rows are matched by natural key and
// only inserted when missing, so a restart never undoes what users did (e.g. an activated cluster).
import type { DataSource, EntityManager } from 'typeorm';
import type { ClusterStatus, OrganisationType, Role } from '../../../../../workflows/domain';
import { hashPassword } from '../../auth/password';

export const DEMO_OPERATION = { name: 'South Sudan 2026', countryIso3: 'SSD', type: 'protracted' } as const;

export const DEMO_ORGANISATIONS: { name: string; type: OrganisationType }[] = [
  { name: 'UNHCR', type: 'un-agency' },
  { name: 'UNICEF', type: 'un-agency' },
  { name: 'WFP', type: 'un-agency' },
  { name: 'WHO', type: 'un-agency' },
  { name: 'FAO', type: 'un-agency' },
  { name: 'IOM', type: 'un-agency' },
  { name: 'Norwegian Refugee Council', type: 'ingo' },
  { name: 'International Rescue Committee', type: 'ingo' },
  { name: 'Sudd Community Development Organisation', type: 'nngo' },
  { name: 'Hope Relief Juba', type: 'lngo' },
  { name: 'Ministry of Humanitarian Affairs and Disaster Management', type: 'government' },
  { name: 'South Sudan Red Cross', type: 'red-cross' },
];

const DAY = 86_400_000;

/** Active clusters were activated some weeks ago; protection and shelter await activation. */
export const DEMO_CLUSTERS: { sector: string; leadAgency: string; coLeadAgency: string | null; status: ClusterStatus; activatedDaysAgo: number | null }[] = [
  { sector: 'health', leadAgency: 'WHO', coLeadAgency: 'International Rescue Committee', status: 'active', activatedDaysAgo: 42 },
  { sector: 'food-security', leadAgency: 'WFP', coLeadAgency: 'FAO', status: 'active', activatedDaysAgo: 35 },
  { sector: 'wash', leadAgency: 'UNICEF', coLeadAgency: null, status: 'active', activatedDaysAgo: 28 },
  { sector: 'protection', leadAgency: 'UNHCR', coLeadAgency: 'Norwegian Refugee Council', status: 'proposed', activatedDaysAgo: null },
  { sector: 'shelter', leadAgency: 'IOM', coLeadAgency: null, status: 'proposed', activatedDaysAgo: null },
];

interface DemoUser {
  username: string;
  displayName: string;
  roles: Role[];
  /** Sectors of the demo operation this cluster lead coordinates. */
  sectors?: string[];
  organisation?: string;
}

export const DEMO_USERS: DemoUser[] = [
  { username: 'admin', displayName: 'Ingrid Solberg (System Administrator)', roles: ['admin'] },
  { username: 'ocha', displayName: 'Amina Diallo (OCHA Head of Office)', roles: ['ocha'] },
  { username: 'hc', displayName: 'Daniel Okafor (Humanitarian Coordinator)', roles: ['hc'] },
  { username: 'erc', displayName: 'Helena Marsh (Emergency Relief Coordinator)', roles: ['erc'] },
  { username: 'auditor', displayName: 'Priya Raman (Internal Audit)', roles: ['auditor'] },
  { username: 'lead.protection', displayName: 'Joseph Lado (Protection Cluster Coordinator, UNHCR)', roles: ['cluster_lead'], sectors: ['protection'], organisation: 'UNHCR' },
  { username: 'lead.health', displayName: 'Mary Achol (Health Cluster Coordinator, WHO)', roles: ['cluster_lead'], sectors: ['health'], organisation: 'WHO' },
  { username: 'partner.local', displayName: 'Grace Ayen (Programme Manager, Hope Relief Juba)', roles: ['partner'], organisation: 'Hope Relief Juba' },
  { username: 'partner.intl', displayName: 'Lars Eriksen (Country Director, NRC)', roles: ['partner'], organisation: 'Norwegian Refugee Council' },
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
    for (const org of DEMO_ORGANISATIONS) orgIds.set(org.name, await upsertOrganisation(m, org.name, org.type));

    const operationId = await upsertOperation(m);
    const now = Date.now();
    for (const c of DEMO_CLUSTERS) {
      const activatedAt = c.activatedDaysAgo === null ? null : new Date(now - c.activatedDaysAgo * DAY);
      await m.query(
        `INSERT INTO clusters (operation_id, sector, lead_agency, co_lead_agency, status, activated_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (operation_id, sector) DO NOTHING`,
        [operationId, c.sector, c.leadAgency, c.coLeadAgency, c.status, activatedAt],
      );
    }

    for (const u of DEMO_USERS) {
      const scopes = (u.sectors ?? []).map((sector) => ({ operationId, sector }));
      const organisationId = u.organisation ? orgIds.get(u.organisation)! : null;
      await m.query(
        `INSERT INTO users (username, display_name, password_hash, roles, cluster_scopes, organisation_id)
         SELECT $1, $2, $3, $4::text[], $5::jsonb, $6
         WHERE NOT EXISTS (SELECT 1 FROM users WHERE lower(username) = lower($1))`,
        [u.username, u.displayName, passwordHash, u.roles, JSON.stringify(scopes), organisationId],
      );
    }
  });
}

async function upsertOrganisation(m: EntityManager, name: string, type: OrganisationType): Promise<string> {
  const rows: { id: string }[] = await m.query(
    `INSERT INTO organisations (name, type) VALUES ($1, $2)
     ON CONFLICT ((lower(name))) DO UPDATE SET name = organisations.name RETURNING id`,
    [name, type],
  );
  return rows[0].id;
}

async function upsertOperation(m: EntityManager): Promise<string> {
  const rows: { id: string }[] = await m.query(
    `INSERT INTO operations (name, country_iso3, type) VALUES ($1, $2, $3)
     ON CONFLICT ((lower(name))) DO UPDATE SET name = operations.name RETURNING id`,
    [DEMO_OPERATION.name, DEMO_OPERATION.countryIso3, DEMO_OPERATION.type],
  );
  return rows[0].id;
}
