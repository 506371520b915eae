import type pg from 'pg';
import { stateTooNewError } from '../state-error.js';
import { inTransaction } from './postgres-transaction.js';

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/** Every table lives in this schema, so the state can share a database with other things. */
export const STATE_SCHEMA = 'amp_dbt';

/**
 * The PostgreSQL schema, one version per entry; never edit a released entry, append a new one.
 * Names and ids collate as "C" so ordering matches SQLite's and JavaScript's.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'manifests and environments',
    sql: `
      CREATE TABLE amp_dbt.manifests (
        repo text COLLATE "C" NOT NULL, commit_sha text COLLATE "C" NOT NULL, parent_shas json NOT NULL,
        recorded_at timestamptz NOT NULL, project_name text NOT NULL, vars json NOT NULL, model_count integer NOT NULL,
        PRIMARY KEY (repo, commit_sha)
      );
      CREATE INDEX manifests_by_time ON amp_dbt.manifests (repo, recorded_at);
      CREATE TABLE amp_dbt.model_definitions (
        repo text COLLATE "C" NOT NULL, definition_id text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL,
        path text NOT NULL, blob_id text, config json NOT NULL, materialized text NOT NULL, refs json NOT NULL,
        sources json NOT NULL, datasets json NOT NULL, canonical_sql text NOT NULL, incremental_sql text,
        fingerprint text COLLATE "C" NOT NULL, columns json NOT NULL, used_macros json NOT NULL, used_vars json NOT NULL,
        first_commit text NOT NULL, first_recorded_at timestamptz NOT NULL,
        PRIMARY KEY (repo, definition_id)
      );
      CREATE INDEX model_definitions_by_fingerprint ON amp_dbt.model_definitions (repo, fingerprint);
      CREATE TABLE amp_dbt.manifest_models (
        repo text COLLATE "C" NOT NULL, commit_sha text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL,
        definition_id text COLLATE "C" NOT NULL,
        PRIMARY KEY (repo, commit_sha, name)
      );
      CREATE TABLE amp_dbt.manifest_macros (
        repo text COLLATE "C" NOT NULL, commit_sha text COLLATE "C" NOT NULL, path text COLLATE "C" NOT NULL, blob_id text,
        PRIMARY KEY (repo, commit_sha, path)
      );
      CREATE TABLE amp_dbt.environments (
        repo text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, commit_sha text NOT NULL,
        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, updated_by text NOT NULL,
        PRIMARY KEY (repo, name)
      );
      CREATE TABLE amp_dbt.environment_moves (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, repo text COLLATE "C" NOT NULL,
        environment text COLLATE "C" NOT NULL, from_commit text, to_commit text NOT NULL, actor text NOT NULL,
        reason text NOT NULL, moved_at timestamptz NOT NULL
      );
      CREATE INDEX environment_moves_by_environment ON amp_dbt.environment_moves (repo, environment, id);`,
  },
  {
    version: 2,
    name: 'runs and model state',
    sql: `
      CREATE TABLE amp_dbt.runs (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, repo text COLLATE "C" NOT NULL,
        environment text COLLATE "C" NOT NULL, commit_sha text NOT NULL, actor text NOT NULL, command text NOT NULL,
        status text NOT NULL, started_at timestamptz NOT NULL, finished_at timestamptz
      );
      CREATE INDEX runs_by_repo ON amp_dbt.runs (repo, id);
      CREATE INDEX runs_by_environment ON amp_dbt.runs (repo, environment, id);
      CREATE TABLE amp_dbt.model_runs (
        run_id bigint NOT NULL REFERENCES amp_dbt.runs (id) ON DELETE CASCADE, model text COLLATE "C" NOT NULL,
        fingerprint text NOT NULL, status text NOT NULL, rows bigint, duration_ms bigint, error text,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (run_id, model)
      );
      CREATE TABLE amp_dbt.model_state (
        repo text COLLATE "C" NOT NULL, environment text COLLATE "C" NOT NULL, model text COLLATE "C" NOT NULL,
        latest_block bigint, latest_timestamp timestamptz, freshness text NOT NULL, checked_at timestamptz NOT NULL,
        PRIMARY KEY (repo, environment, model)
      );`,
  },
  {
    version: 3,
    name: 'locks',
    sql: `
      CREATE TABLE amp_dbt.locks (
        repo text COLLATE "C" NOT NULL, name text COLLATE "C" NOT NULL, owner text, token bigint NOT NULL,
        acquired_at timestamptz, expires_at timestamptz,
        PRIMARY KEY (repo, name)
      );`,
  },
  {
    version: 4,
    name: 'model-run-details',
    sql: 'ALTER TABLE amp_dbt.model_runs ADD COLUMN details jsonb;',
  },
  {
    version: 5,
    name: 'definition packs',
    // As in SQLite's version 5: manifests recorded with the earlier fingerprints are dropped (recorded again from git).
    sql: `
      DROP TABLE amp_dbt.manifest_models;
      DROP TABLE amp_dbt.model_definitions;
      DROP TABLE amp_dbt.manifests;
      DELETE FROM amp_dbt.manifest_macros;
      CREATE TABLE amp_dbt.manifests (
        repo text COLLATE "C" NOT NULL, commit_sha text COLLATE "C" NOT NULL, parent_shas json NOT NULL,
        recorded_at timestamptz NOT NULL, project_name text NOT NULL, vars json NOT NULL, model_count integer NOT NULL,
        packs json NOT NULL, models text NOT NULL,
        PRIMARY KEY (repo, commit_sha)
      );
      CREATE INDEX manifests_by_time ON amp_dbt.manifests (repo, recorded_at);
      CREATE TABLE amp_dbt.definition_packs (
        id bigserial PRIMARY KEY, repo text COLLATE "C" NOT NULL, size integer NOT NULL, definitions text NOT NULL
      );
      CREATE TABLE amp_dbt.definition_sql (
        repo text COLLATE "C" NOT NULL, definition_id text COLLATE "C" NOT NULL, canonical_sql text NOT NULL,
        incremental_sql text,
        PRIMARY KEY (repo, definition_id)
      );`,
  },
  {
    version: 6,
    name: 'manifest compiler revision',
    // As in SQLite's version 6: NULL for manifests recorded before.
    sql: 'ALTER TABLE amp_dbt.manifests ADD COLUMN compiler_revision integer;',
  },
  {
    version: 7,
    name: 'space-separated manifest listings',
    // As in SQLite's version 7: JSON listings become `id fingerprint ...` (formatListing).
    sql: `
      UPDATE amp_dbt.manifests AS m SET models = coalesce((
        SELECT string_agg((entry.value ->> 1) || ' ' || (entry.value ->> 2), ' ' ORDER BY entry.position)
        FROM json_array_elements(m.models::json) WITH ORDINALITY AS entry (value, position)), '');`,
  },
  {
    version: 8,
    name: 'definition packs of format 2',
    // As in SQLite's version 8: packs are written in format 2 from now on; older ones are read as before.
    sql: 'SELECT 1;',
  },
];

export const POSTGRES_SCHEMA_VERSION = postgresMigrations[postgresMigrations.length - 1].version;

/** Serialises migrations between processes sharing the database. */
const MIGRATION_LOCK = 'SELECT pg_advisory_xact_lock(hashtext(\'amp_dbt_state_migrations\'))';

export async function postgresSchemaVersion(db: pg.Pool | pg.PoolClient): Promise<number> {
  const result = await db.query<{ version: number }>('SELECT coalesce(max(version), 0)::integer AS version FROM amp_dbt.schema_migrations');
  return result.rows[0].version;
}

async function bootstrap(pool: pg.Pool): Promise<void> {
  const exists = await pool.query(`SELECT 1 FROM pg_tables WHERE schemaname = $1 AND tablename = 'schema_migrations'`, [STATE_SCHEMA]);
  if (exists.rowCount) return;
  await inTransaction(pool, async (client) => {
    await client.query(MIGRATION_LOCK);
    const schema = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [STATE_SCHEMA]);
    if (!schema.rowCount) await client.query(`CREATE SCHEMA ${STATE_SCHEMA}`);
    await client.query(`CREATE TABLE IF NOT EXISTS amp_dbt.schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  });
}

/**
 * Brings the database up to `target` (default: the newest version), each migration in its own transaction
 * under an advisory lock so concurrent openers apply it once. A newer database is refused.
 */
export async function migratePostgres(pool: pg.Pool, location: string, target = POSTGRES_SCHEMA_VERSION): Promise<number> {
  await bootstrap(pool);
  const found = await postgresSchemaVersion(pool);
  if (found > POSTGRES_SCHEMA_VERSION) throw stateTooNewError(location, found, POSTGRES_SCHEMA_VERSION);
  for (const migration of postgresMigrations) {
    if (migration.version > target || migration.version <= found) continue;
    await inTransaction(pool, async (client) => {
      await client.query(MIGRATION_LOCK);
      if (await postgresSchemaVersion(client) >= migration.version) return;
      await client.query(migration.sql);
      await client.query('INSERT INTO amp_dbt.schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    });
  }
  return postgresSchemaVersion(pool);
}
