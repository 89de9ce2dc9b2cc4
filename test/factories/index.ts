// Test data made through SQL with unique names, so suites never depend on each other or on truncation.
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../apps/api/src/persistence/data-source';
import type { Actor } from '../../workflows/domain/actor';
import type { ClusterScope, OperationSettings, OperationType, OrganisationType, RiskLevel } from '../../workflows/domain/reference';
import type { Role } from '../../workflows/domain/roles';
import type { AuditEventDraft } from '../../workflows/domain/views';

export async function openDataSource(url = process.env.DATABASE_URL): Promise<DataSource> {
  if (!url) throw new Error('DATABASE_URL is unset: run through jest (global setup) or export it');
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 5 } }));
  await ds.initialize();
  return ds;
}

export function uniqueSuffix(): string {
  return randomUUID().slice(0, 8);
}

export async function createOperation(
  ds: DataSource,
  type: OperationType = 'protracted',
  settings: Partial<OperationSettings> = {},
): Promise<string> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO operations (name, country_iso3, type, settings) VALUES ($1, 'TST', $2, $3) RETURNING id`,
    [`Test operation ${uniqueSuffix()}`, type, JSON.stringify(settings)],
  );
  return rows[0].id;
}

export async function createOrganisation(ds: DataSource, type: OrganisationType = 'lngo', riskLevel: RiskLevel | null = null): Promise<string> {
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO organisations (name, type, risk_level) VALUES ($1, $2, $3) RETURNING id`,
    [`Org ${uniqueSuffix()}`, type, riskLevel],
  );
  return rows[0].id;
}

/** The organisation of this name (case-insensitive), created as a UN agency when missing. */
export async function organisationNamed(ds: DataSource, name: string, type: OrganisationType = 'un-agency'): Promise<string> {
  await ds.query(
    `INSERT INTO organisations (name, type) SELECT $1::text, $2 WHERE NOT EXISTS (SELECT 1 FROM organisations WHERE lower(name) = lower($1))`,
    [name, type],
  );
  const rows: { id: string }[] = await ds.query(`SELECT id FROM organisations WHERE lower(name) = lower($1)`, [name]);
  return rows[0].id;
}

export interface ClusterOptions {
  /** Default: the organisation named UNHCR. */
  leadAgencyId?: string;
  coLeadAgencyId?: string | null;
  parentClusterId?: string | null;
}

export async function createCluster(
  ds: DataSource,
  operationId: string,
  sector: string,
  status = 'active',
  activatedAt: string | null = null,
  opts: ClusterOptions = {},
): Promise<string> {
  const leadAgencyId = opts.leadAgencyId ?? (await organisationNamed(ds, 'UNHCR'));
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO clusters (operation_id, sector, lead_agency, lead_agency_id, co_lead_agency_id, parent_cluster_id, status, activated_at)
     VALUES ($1, $2, (SELECT name FROM organisations WHERE id = $3), $3, $4, $5, $6, $7) RETURNING id`,
    [operationId, sector, leadAgencyId, opts.coLeadAgencyId ?? null, opts.parentClusterId ?? null, status, activatedAt],
  );
  return rows[0].id;
}

/** Make an organisation a member of a cluster (joined now). */
export async function addClusterMember(ds: DataSource, clusterId: string, organisationId: string): Promise<void> {
  await ds.query(
    `INSERT INTO cluster_members (cluster_id, organisation_id, status, joined_at) VALUES ($1, $2, 'member', now())
     ON CONFLICT (cluster_id, organisation_id) DO UPDATE SET status = 'member', joined_at = now(), left_at = NULL`,
    [clusterId, organisationId],
  );
}

/** A user row plus the Actor the API would derive from their token. */
export async function createActor(
  ds: DataSource,
  roles: Role[],
  opts: {
    clusterScopes?: ClusterScope[];
    operationScopes?: string[];
    organisationId?: string | null;
    authorisedSignatory?: boolean;
    name?: string;
  } = {},
): Promise<Actor> {
  const username = `${opts.name ?? roles.join('-')}.${uniqueSuffix()}`;
  const rows: { id: string }[] = await ds.query(
    `INSERT INTO users (username, display_name, password_hash, roles, cluster_scopes, operation_scopes, organisation_id, authorised_signatory)
     VALUES ($1, $2, 'not-a-login', $3, $4, $5::uuid[], $6, $7) RETURNING id`,
    [
      username, `Test ${username}`, roles, JSON.stringify(opts.clusterScopes ?? []), opts.operationScopes ?? [],
      opts.organisationId ?? null, opts.authorisedSignatory ?? false,
    ],
  );
  return {
    id: rows[0].id,
    username,
    displayName: `Test ${username}`,
    roles,
    clusterScopes: opts.clusterScopes ?? [],
    operationScopes: opts.operationScopes ?? [],
    organisationId: opts.organisationId ?? null,
    authorisedSignatory: opts.authorisedSignatory ?? false,
  };
}

export interface StoredAuditEvent extends AuditEventDraft {
  processId: string;
  prevHash: string;
  hash: string;
}

export async function auditEvents(ds: DataSource, processId: string): Promise<StoredAuditEvent[]> {
  const rows = await ds.query(
    `SELECT process_id, seq, at, type, actor, step_id, task_id, decision, comment, data, prev_hash, hash
     FROM audit_events WHERE process_id = $1 ORDER BY seq`,
    [processId],
  );
  return rows.map((r: any) => ({
    processId: r.process_id, seq: r.seq, at: new Date(r.at).toISOString(), type: r.type, actor: r.actor,
    stepId: r.step_id, taskId: r.task_id, decision: r.decision, comment: r.comment, data: r.data,
    prevHash: r.prev_hash, hash: r.hash,
  }));
}

export async function taskRows(ds: DataSource, processId: string): Promise<any[]> {
  return ds.query(`SELECT * FROM tasks WHERE process_id = $1 ORDER BY created_at, id`, [processId]);
}

export async function processRow(ds: DataSource, processId: string): Promise<any | undefined> {
  const rows = await ds.query(`SELECT * FROM processes WHERE id = $1`, [processId]);
  return rows[0];
}

export async function clusterRow(ds: DataSource, operationId: string, sector: string): Promise<any | undefined> {
  const rows = await ds.query(`SELECT * FROM clusters WHERE operation_id = $1 AND sector = $2`, [operationId, sector]);
  return rows[0];
}

export async function notificationsFor(ds: DataSource, userId: string): Promise<any[]> {
  return ds.query(`SELECT * FROM notifications WHERE user_id = $1 ORDER BY id`, [userId]);
}
