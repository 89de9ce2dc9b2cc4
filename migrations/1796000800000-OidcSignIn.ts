import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 14: OpenID Connect sign-in. A user is linked to the provider's subject on first sign-in (matched by
// verified e-mail); roles_from_idp says whether each sign-in replaces their roles and scopes with the
// provider's mapping (else the admin's stay). One row per sign-in attempt holds the state, nonce and PKCE
// verifier until the provider calls back (once), then a one-time ticket the console exchanges for a token.
// app_settings holds settings an admin changes at run time (whether a first sign-in creates the account).
export class OidcSignIn1796000800000 implements MigrationInterface {
  name = 'OidcSignIn1796000800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users
        ADD COLUMN oidc_issuer text,
        ADD COLUMN oidc_subject text,
        ADD COLUMN roles_from_idp boolean NOT NULL DEFAULT false`);
    await q.query(`CREATE UNIQUE INDEX users_oidc_subject_idx ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`);
    await q.query(`
      CREATE TABLE oidc_logins (
        state text PRIMARY KEY,
        nonce text NOT NULL,
        code_verifier text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        called_back_at timestamptz,
        user_id uuid REFERENCES users(id) ON DELETE CASCADE,
        ticket_hash text UNIQUE,
        ticket_expires_at timestamptz
      )`);
    await q.query(`CREATE INDEX oidc_logins_expires_idx ON oidc_logins (expires_at)`);
    await q.query(`
      CREATE TABLE app_settings (
        key text PRIMARY KEY,
        value jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE app_settings`);
    await q.query(`DROP TABLE oidc_logins`);
    await q.query(`DROP INDEX users_oidc_subject_idx`);
    await q.query(`ALTER TABLE users DROP COLUMN oidc_issuer, DROP COLUMN oidc_subject, DROP COLUMN roles_from_idp`);
  }
}
