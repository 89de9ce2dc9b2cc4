import type { MigrationInterface, QueryRunner } from 'typeorm';

// PROCESSES.md revision 2, "Who uses it" and "Core objects": operation-scoped users, authorised signatories,
// operation types refugee/mixed and settings, organisation risk levels, lead agencies as organisations,
// the names confirmed at activation, and cluster members.
export class OrganisationalModel1796000000000 implements MigrationInterface {
  name = 'OrganisationalModel1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE operations DROP CONSTRAINT IF EXISTS operations_type_check`);
    await q.query(`ALTER TABLE operations ADD CONSTRAINT operations_type_check
      CHECK (type IN ('sudden-onset','protracted','refugee','mixed'))`);
    // Partial settings are stored; readers fill the gaps with DEFAULT_OPERATION_SETTINGS.
    await q.query(`ALTER TABLE operations ADD COLUMN settings jsonb NOT NULL DEFAULT '{}'
      CONSTRAINT operations_settings_object CHECK (jsonb_typeof(settings) = 'object')`);

    await q.query(`ALTER TABLE users ADD COLUMN operation_scopes uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE users ADD COLUMN authorised_signatory boolean NOT NULL DEFAULT false`);
    // Notifications and escalations look up "the users in scope of this operation".
    await q.query(`CREATE INDEX users_operation_scopes_idx ON users USING gin (operation_scopes)`);

    await q.query(`ALTER TABLE organisations ADD COLUMN risk_level text NULL
      CONSTRAINT organisations_risk_level_check CHECK (risk_level IN ('low','medium','high'))`);

    await q.query(`ALTER TABLE clusters ADD COLUMN lead_agency_id uuid REFERENCES organisations(id)`);
    await q.query(`ALTER TABLE clusters ADD COLUMN co_lead_agency_id uuid REFERENCES organisations(id)`);
    await q.query(`ALTER TABLE clusters ADD COLUMN coordinator_name text`);
    await q.query(`ALTER TABLE clusters ADD COLUMN information_manager_name text`);
    await q.query(`CREATE INDEX clusters_lead_agency_idx ON clusters (lead_agency_id)`);
    await q.query(`CREATE INDEX clusters_parent_idx ON clusters (parent_cluster_id)`);

    // Existing free-text agencies become organisations, matched by name (case-insensitive); missing ones are created.
    // 'tbd' is the placeholder revision 1 wrote for "no lead agency yet": it stays without an organisation.
    await q.query(`
      INSERT INTO organisations (name, type)
      SELECT DISTINCT ON (lower(btrim(n))) btrim(n), 'un-agency'
      FROM (SELECT lead_agency AS n FROM clusters UNION ALL SELECT co_lead_agency FROM clusters) s
      WHERE n IS NOT NULL AND btrim(n) <> '' AND lower(btrim(n)) <> 'tbd'
        AND NOT EXISTS (SELECT 1 FROM organisations o WHERE lower(o.name) = lower(btrim(s.n)))
      ORDER BY lower(btrim(n)), btrim(n)`);
    await q.query(`
      UPDATE clusters c SET lead_agency_id = o.id
      FROM organisations o WHERE c.lead_agency IS NOT NULL AND lower(o.name) = lower(btrim(c.lead_agency))`);
    await q.query(`
      UPDATE clusters c SET co_lead_agency_id = o.id
      FROM organisations o WHERE c.co_lead_agency IS NOT NULL AND lower(o.name) = lower(btrim(c.co_lead_agency))`);
    // The text column stays readable until every reader uses the ids; new rows may leave it empty.
    await q.query(`ALTER TABLE clusters ALTER COLUMN lead_agency DROP NOT NULL`);

    await q.query(`
      CREATE TABLE cluster_members (
        cluster_id uuid NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisations(id),
        status text NOT NULL CHECK (status IN ('member','requested','left')),
        joined_at timestamptz,
        left_at timestamptz,
        requested_by uuid REFERENCES users(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cluster_id, organisation_id),
        CONSTRAINT cluster_members_joined CHECK (status <> 'member' OR joined_at IS NOT NULL),
        CONSTRAINT cluster_members_left CHECK (status <> 'left' OR left_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX cluster_members_organisation_idx ON cluster_members (organisation_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cluster_members`);
    await q.query(`
      UPDATE clusters c SET lead_agency = o.name FROM organisations o
      WHERE c.lead_agency IS NULL AND o.id = c.lead_agency_id`);
    await q.query(`UPDATE clusters SET lead_agency = 'tbd' WHERE lead_agency IS NULL`);
    await q.query(`ALTER TABLE clusters ALTER COLUMN lead_agency SET NOT NULL`);
    await q.query(`DROP INDEX clusters_parent_idx`);
    await q.query(`ALTER TABLE clusters DROP COLUMN information_manager_name, DROP COLUMN coordinator_name,
      DROP COLUMN co_lead_agency_id, DROP COLUMN lead_agency_id`);
    await q.query(`ALTER TABLE organisations DROP COLUMN risk_level`);
    await q.query(`ALTER TABLE users DROP COLUMN authorised_signatory, DROP COLUMN operation_scopes`);
    await q.query(`ALTER TABLE operations DROP COLUMN settings`);
    await q.query(`ALTER TABLE operations DROP CONSTRAINT operations_type_check`);
    await q.query(`ALTER TABLE operations ADD CONSTRAINT operations_type_check CHECK (type IN ('sudden-onset','protracted'))`);
  }
}
