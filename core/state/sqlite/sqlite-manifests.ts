import type { Database, Statement } from 'better-sqlite3';
import { isoTime } from '../iso-time.js';
import { modelDefinitionId } from '../model-definition-id.js';
import type { FingerprintMatch, Manifest, ManifestInput, ManifestModel, ManifestSummary } from '../state-types.js';

interface ManifestRow {
  commit_sha: string;
  parent_shas: string;
  recorded_at: string;
  project_name: string;
  vars: string;
  model_count: number;
}

interface DefinitionRow {
  name: string;
  path: string;
  blob_id: string | null;
  config: string;
  materialized: string;
  refs: string;
  sources: string;
  datasets: string;
  canonical_sql: string;
  incremental_sql: string | null;
  fingerprint: string;
  columns: string;
  used_macros: string;
  used_vars: string;
}

const summary = (row: ManifestRow): ManifestSummary => ({
  commit: row.commit_sha,
  parents: JSON.parse(row.parent_shas) as string[],
  recordedAt: row.recorded_at,
  projectName: row.project_name,
  modelCount: row.model_count,
});

const model = (row: DefinitionRow): ManifestModel => ({
  name: row.name,
  path: row.path,
  blobId: row.blob_id,
  config: JSON.parse(row.config) as Record<string, unknown>,
  materialized: row.materialized,
  refs: JSON.parse(row.refs) as string[],
  sources: JSON.parse(row.sources) as string[],
  datasets: JSON.parse(row.datasets) as Record<string, string>,
  canonicalSql: row.canonical_sql,
  incrementalSql: row.incremental_sql,
  fingerprint: row.fingerprint,
  columns: JSON.parse(row.columns) as unknown[],
  usedMacros: JSON.parse(row.used_macros) as string[],
  usedVars: JSON.parse(row.used_vars) as string[],
});

/** Manifests per commit; model definitions are content-addressed and shared between commits. */
export class SqliteManifests {
  private readonly insertManifest: Statement;
  private readonly insertDefinition: Statement;
  private readonly selectDefinition: Statement;
  private readonly insertModel: Statement;
  private readonly insertMacro: Statement;
  private readonly selectManifest: Statement;
  private readonly selectExists: Statement;
  private readonly selectModels: Statement;
  private readonly selectMacros: Statement;
  private readonly selectSummaries: Statement;
  private readonly selectByFingerprint: Statement;

  constructor(private readonly db: Database) {
    this.insertManifest = db.prepare(`INSERT OR IGNORE INTO manifests
      (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.insertDefinition = db.prepare(`INSERT OR IGNORE INTO model_definitions
      (repo, definition_id, name, path, blob_id, config, materialized, refs, sources, datasets, canonical_sql,
       incremental_sql, fingerprint, columns, used_macros, used_vars, first_commit, first_recorded_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.selectDefinition = db.prepare('SELECT 1 FROM model_definitions WHERE repo = ? AND definition_id = ?');
    this.insertModel = db.prepare('INSERT INTO manifest_models (repo, commit_sha, name, definition_id) VALUES (?, ?, ?, ?)');
    this.insertMacro = db.prepare('INSERT INTO manifest_macros (repo, commit_sha, path, blob_id) VALUES (?, ?, ?, ?)');
    this.selectManifest = db.prepare('SELECT * FROM manifests WHERE repo = ? AND commit_sha = ?');
    this.selectExists = db.prepare('SELECT 1 FROM manifests WHERE repo = ? AND commit_sha = ?');
    this.selectModels = db.prepare(`SELECT d.* FROM manifest_models m
      JOIN model_definitions d ON d.repo = m.repo AND d.definition_id = m.definition_id
      WHERE m.repo = ? AND m.commit_sha = ? ORDER BY m.name`);
    this.selectMacros = db.prepare('SELECT path, blob_id FROM manifest_macros WHERE repo = ? AND commit_sha = ? ORDER BY path');
    this.selectSummaries = db.prepare(`SELECT * FROM manifests WHERE repo = ?
      ORDER BY recorded_at DESC, commit_sha LIMIT ?`);
    this.selectByFingerprint = db.prepare(`SELECT fingerprint, name, first_commit, min(first_recorded_at) AS recorded_at
      FROM model_definitions WHERE repo = ? AND fingerprint IN (SELECT value FROM json_each(?))
      GROUP BY fingerprint, name ORDER BY fingerprint, name`);
  }

  save(repo: string, manifest: ManifestInput): boolean {
    const recordedAt = isoTime(manifest.recordedAt);
    return this.db.transaction(() => {
      const { changes } = this.insertManifest.run(repo, manifest.commit, JSON.stringify(manifest.parents), recordedAt,
        manifest.projectName, JSON.stringify(manifest.vars), manifest.models.length);
      if (changes === 0) return false;
      for (const m of manifest.models) {
        const id = modelDefinitionId(m);
        if (this.selectDefinition.get(repo, id) === undefined) this.addDefinition(repo, id, m, manifest.commit, recordedAt);
        this.insertModel.run(repo, manifest.commit, m.name, id);
      }
      for (const macro of manifest.macros) this.insertMacro.run(repo, manifest.commit, macro.path, macro.blobId);
      return true;
    }).immediate();
  }

  /** A model version first seen at `commit`. */
  private addDefinition(repo: string, id: string, m: ManifestModel, commit: string, recordedAt: string): void {
    this.insertDefinition.run(repo, id, m.name, m.path, m.blobId, JSON.stringify(m.config), m.materialized,
      JSON.stringify(m.refs), JSON.stringify(m.sources), JSON.stringify(m.datasets), m.canonicalSql, m.incrementalSql,
      m.fingerprint, JSON.stringify(m.columns), JSON.stringify(m.usedMacros), JSON.stringify(m.usedVars), commit, recordedAt);
  }

  get(repo: string, commit: string): Manifest | null {
    return this.db.transaction(() => {
      const row = this.selectManifest.get(repo, commit) as ManifestRow | undefined;
      if (!row) return null;
      const { modelCount: _count, ...head } = summary(row);
      const models = (this.selectModels.all(repo, commit) as DefinitionRow[]).map(model);
      const macros = (this.selectMacros.all(repo, commit) as { path: string; blob_id: string | null }[])
        .map((m) => ({ path: m.path, blobId: m.blob_id }));
      return { ...head, models, macros, vars: JSON.parse(row.vars) as Record<string, unknown> };
    })();
  }

  has(repo: string, commit: string): boolean {
    return this.selectExists.get(repo, commit) !== undefined;
  }

  list(repo: string, limit = -1): ManifestSummary[] {
    return (this.selectSummaries.all(repo, limit) as ManifestRow[]).map(summary);
  }

  findByFingerprint(repo: string, fingerprints: readonly string[]): FingerprintMatch[] {
    if (fingerprints.length === 0) return [];
    const rows = this.selectByFingerprint.all(repo, JSON.stringify([...new Set(fingerprints)])) as
      { fingerprint: string; name: string; first_commit: string; recorded_at: string }[];
    return rows.map((r) => ({ fingerprint: r.fingerprint, model: r.name, commit: r.first_commit, recordedAt: r.recorded_at }));
  }
}
