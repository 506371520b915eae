import type { Database } from 'better-sqlite3';
import { stateTooNewError } from '../state-error.js';

export interface SqliteMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * The SQLite schema, one version per entry; never edit a released entry, append a new one.
 * Times are ISO-8601 text, JSON is text, lease times are epoch milliseconds.
 */
export const sqliteMigrations: readonly SqliteMigration[] = [
  {
    version: 1,
    name: 'manifests and environments',
    sql: `
      CREATE TABLE manifests (
        repo TEXT NOT NULL, commit_sha TEXT NOT NULL, parent_shas TEXT NOT NULL, recorded_at TEXT NOT NULL,
        project_name TEXT NOT NULL, vars TEXT NOT NULL, model_count INTEGER NOT NULL,
        PRIMARY KEY (repo, commit_sha)
      ) WITHOUT ROWID;
      CREATE INDEX manifests_by_time ON manifests (repo, recorded_at);
      CREATE TABLE model_definitions (
        repo TEXT NOT NULL, definition_id TEXT NOT NULL, name TEXT NOT NULL, path TEXT NOT NULL, blob_id TEXT,
        config TEXT NOT NULL, materialized TEXT NOT NULL, refs TEXT NOT NULL, sources TEXT NOT NULL,
        datasets TEXT NOT NULL, canonical_sql TEXT NOT NULL, incremental_sql TEXT, fingerprint TEXT NOT NULL,
        columns TEXT NOT NULL, used_macros TEXT NOT NULL, used_vars TEXT NOT NULL,
        first_commit TEXT NOT NULL, first_recorded_at TEXT NOT NULL,
        PRIMARY KEY (repo, definition_id)
      );
      CREATE INDEX model_definitions_by_fingerprint ON model_definitions (repo, fingerprint);
      CREATE TABLE manifest_models (
        repo TEXT NOT NULL, commit_sha TEXT NOT NULL, name TEXT NOT NULL, definition_id TEXT NOT NULL,
        PRIMARY KEY (repo, commit_sha, name)
      ) WITHOUT ROWID;
      CREATE TABLE manifest_macros (
        repo TEXT NOT NULL, commit_sha TEXT NOT NULL, path TEXT NOT NULL, blob_id TEXT,
        PRIMARY KEY (repo, commit_sha, path)
      ) WITHOUT ROWID;
      CREATE TABLE environments (
        repo TEXT NOT NULL, name TEXT NOT NULL, commit_sha TEXT NOT NULL,
        created_at TEXT NOT NULL, updated_at TEXT NOT NULL, updated_by TEXT NOT NULL,
        PRIMARY KEY (repo, name)
      ) WITHOUT ROWID;
      CREATE TABLE environment_moves (
        id INTEGER PRIMARY KEY AUTOINCREMENT, repo TEXT NOT NULL, environment TEXT NOT NULL,
        from_commit TEXT, to_commit TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, moved_at TEXT NOT NULL
      );
      CREATE INDEX environment_moves_by_environment ON environment_moves (repo, environment, id);`,
  },
  {
    version: 2,
    name: 'runs and model state',
    sql: `
      CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, repo TEXT NOT NULL, environment TEXT NOT NULL, commit_sha TEXT NOT NULL,
        actor TEXT NOT NULL, command TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT
      );
      CREATE INDEX runs_by_repo ON runs (repo, id);
      CREATE INDEX runs_by_environment ON runs (repo, environment, id);
      CREATE TABLE model_runs (
        run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE, model TEXT NOT NULL, fingerprint TEXT NOT NULL,
        status TEXT NOT NULL, rows INTEGER, duration_ms INTEGER, error TEXT, recorded_at TEXT NOT NULL,
        PRIMARY KEY (run_id, model)
      ) WITHOUT ROWID;
      CREATE TABLE model_state (
        repo TEXT NOT NULL, environment TEXT NOT NULL, model TEXT NOT NULL, latest_block INTEGER,
        latest_timestamp TEXT, freshness TEXT NOT NULL, checked_at TEXT NOT NULL,
        PRIMARY KEY (repo, environment, model)
      ) WITHOUT ROWID;`,
  },
  {
    version: 3,
    name: 'locks',
    sql: `
      CREATE TABLE locks (
        repo TEXT NOT NULL, name TEXT NOT NULL, owner TEXT, token INTEGER NOT NULL,
        acquired_at_ms INTEGER, expires_at_ms INTEGER,
        PRIMARY KEY (repo, name)
      ) WITHOUT ROWID;`,
  },
  {
    version: 4,
    name: 'model-run-details',
    sql: 'ALTER TABLE model_runs ADD COLUMN details TEXT;',
  },
  {
    version: 5,
    name: 'definition packs',
    // Fingerprints are computed differently from version 5 on (a content hash per model, then the parents'),
    // so manifests recorded before are dropped: they are recorded again from git when a command needs them.
    sql: `
      DROP TABLE manifest_models;
      DROP TABLE model_definitions;
      DROP TABLE manifests;
      DELETE FROM manifest_macros;
      CREATE TABLE manifests (
        repo TEXT NOT NULL, commit_sha TEXT NOT NULL, parent_shas TEXT NOT NULL, recorded_at TEXT NOT NULL,
        project_name TEXT NOT NULL, vars TEXT NOT NULL, model_count INTEGER NOT NULL, packs TEXT NOT NULL,
        models TEXT NOT NULL,
        PRIMARY KEY (repo, commit_sha)
      );
      CREATE INDEX manifests_by_time ON manifests (repo, recorded_at);
      CREATE TABLE definition_packs (
        id INTEGER PRIMARY KEY AUTOINCREMENT, repo TEXT NOT NULL, size INTEGER NOT NULL, definitions TEXT NOT NULL
      );
      CREATE TABLE definition_sql (
        repo TEXT NOT NULL, definition_id TEXT NOT NULL, canonical_sql TEXT NOT NULL, incremental_sql TEXT,
        UNIQUE (repo, definition_id)
      );`,
  },
  {
    version: 6,
    name: 'manifest compiler revision',
    // NULL for manifests recorded before: an incremental recording never reuses them (see COMPILER_REVISION).
    sql: 'ALTER TABLE manifests ADD COLUMN compiler_revision INTEGER;',
  },
  {
    version: 7,
    name: 'space-separated manifest listings',
    // A listing was JSON ([name, definition id, fingerprint] per model); it is `id fingerprint ...` now (formatListing).
    sql: `
      UPDATE manifests SET models = coalesce((
        SELECT group_concat(json_extract(entry.value, '$[1]') || ' ' || json_extract(entry.value, '$[2]'), ' ' ORDER BY entry.key)
        FROM json_each(manifests.models) AS entry), '');`,
  },
  {
    version: 8,
    name: 'definition packs of format 2',
    // Packs written from now on are format 2 (formatPack), which an amp-dbt of version 7 cannot read: the version
    // makes it refuse the database with a clear message. Older packs stay as they are and are read as before.
    sql: 'SELECT 1;',
  },
];

export const SQLITE_SCHEMA_VERSION = sqliteMigrations[sqliteMigrations.length - 1].version;

export function sqliteSchemaVersion(db: Database): number {
  const row = db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_migrations').get() as { version: number };
  return row.version;
}

/**
 * Brings the database up to `target` (default: the newest version), each migration in its own
 * immediate transaction so concurrent openers apply it once. A newer database is refused.
 */
export function migrateSqlite(db: Database, location: string, target = SQLITE_SCHEMA_VERSION): number {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const found = sqliteSchemaVersion(db);
  if (found > SQLITE_SCHEMA_VERSION) throw stateTooNewError(location, found, SQLITE_SCHEMA_VERSION);
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of sqliteMigrations) {
    if (migration.version > target) break;
    db.transaction(() => {
      if (sqliteSchemaVersion(db) >= migration.version) return;
      db.exec(migration.sql);
      record.run(migration.version, migration.name, new Date().toISOString());
    }).immediate();
  }
  return sqliteSchemaVersion(db);
}
