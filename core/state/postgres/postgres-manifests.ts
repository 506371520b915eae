import type pg from 'pg';
import { isoTime } from '../iso-time.js';
import { modelDefinitionId } from '../model-definition-id.js';
import type { FingerprintMatch, Manifest, ManifestInput, ManifestModel, ManifestSummary } from '../state-types.js';
import { inTransaction, iso } from './postgres-transaction.js';

/** Models per multi-row INSERT. */
const BATCH = 5000;

interface ManifestRow {
  commit_sha: string;
  parent_shas: string[];
  recorded_at: Date;
  project_name: string;
  vars: Record<string, unknown>;
  model_count: number;
}

const summary = (row: ManifestRow): ManifestSummary => ({
  commit: row.commit_sha, parents: row.parent_shas, recordedAt: iso(row.recorded_at), projectName: row.project_name,
  modelCount: row.model_count,
});

/**
 * New definitions travel as one JSON document per batch, unpacked by json_to_recordset: JSON.stringify is
 * far cheaper than building PostgreSQL array literals, and the server parses it in one pass.
 */
const INSERT_DEFINITIONS = `INSERT INTO amp_dbt.model_definitions
  (repo, definition_id, name, path, blob_id, config, materialized, refs, sources, datasets, canonical_sql, incremental_sql,
   fingerprint, columns, used_macros, used_vars, first_commit, first_recorded_at)
  SELECT $1, d.*, $2, $3 FROM json_to_recordset($4::json) AS d(definition_id text, name text, path text, blob_id text,
    config json, materialized text, refs json, sources json, datasets json, canonical_sql text, incremental_sql text,
    fingerprint text, columns json, used_macros json, used_vars json)
  ON CONFLICT DO NOTHING`;

const definitionRow = (id: string, m: ManifestModel) => ({
  definition_id: id, name: m.name, path: m.path, blob_id: m.blobId, config: m.config, materialized: m.materialized,
  refs: m.refs, sources: m.sources, datasets: m.datasets, canonical_sql: m.canonicalSql, incremental_sql: m.incrementalSql,
  fingerprint: m.fingerprint, columns: m.columns, used_macros: m.usedMacros, used_vars: m.usedVars,
});

/** Manifests per commit; model definitions are content-addressed and shared between commits. */
export class PostgresManifests {
  constructor(private readonly pool: pg.Pool) {}

  async save(repo: string, manifest: ManifestInput): Promise<boolean> {
    const recordedAt = isoTime(manifest.recordedAt);
    return inTransaction(this.pool, async (client) => {
      const inserted = await client.query(`INSERT INTO amp_dbt.manifests
        (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count) VALUES ($1, $2, $3, $4, $5, $6, $7)
        ON CONFLICT DO NOTHING`, [repo, manifest.commit, JSON.stringify(manifest.parents), recordedAt, manifest.projectName,
        JSON.stringify(manifest.vars), manifest.models.length]);
      if (inserted.rowCount === 0) return false;
      const ids = manifest.models.map(modelDefinitionId);
      const known = await client.query<{ definition_id: string }>(`SELECT definition_id FROM amp_dbt.model_definitions
        WHERE repo = $1 AND definition_id = ANY($2::text[])`, [repo, ids]);
      const existing = new Set(known.rows.map((r) => r.definition_id));
      const fresh = manifest.models.flatMap((m, i) => (existing.has(ids[i]) ? [] : [definitionRow(ids[i], m)]));
      for (let start = 0; start < fresh.length; start += BATCH) {
        await client.query(INSERT_DEFINITIONS, [repo, manifest.commit, recordedAt, JSON.stringify(fresh.slice(start, start + BATCH))]);
      }
      await client.query(`INSERT INTO amp_dbt.manifest_models (repo, commit_sha, name, definition_id)
        SELECT $1, $2, * FROM unnest($3::text[], $4::text[])`, [repo, manifest.commit, manifest.models.map((m) => m.name), ids]);
      if (manifest.macros.length > 0) {
        await client.query(`INSERT INTO amp_dbt.manifest_macros (repo, commit_sha, path, blob_id)
          SELECT $1, $2, * FROM unnest($3::text[], $4::text[])`,
        [repo, manifest.commit, manifest.macros.map((m) => m.path), manifest.macros.map((m) => m.blobId)]);
      }
      return true;
    });
  }

  async get(repo: string, commit: string): Promise<Manifest | null> {
    return inTransaction(this.pool, async (client) => {
      await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const head = await client.query<ManifestRow>('SELECT * FROM amp_dbt.manifests WHERE repo = $1 AND commit_sha = $2', [repo, commit]);
      if (head.rowCount === 0) return null;
      const models = await client.query<Record<string, unknown>>(`SELECT d.name, d.path, d.blob_id AS "blobId", d.config, d.materialized, d.refs, d.sources, d.datasets,
          d.canonical_sql AS "canonicalSql", d.incremental_sql AS "incrementalSql", d.fingerprint, d.columns,
          d.used_macros AS "usedMacros", d.used_vars AS "usedVars"
          FROM amp_dbt.manifest_models m JOIN amp_dbt.model_definitions d USING (repo, definition_id)
          WHERE m.repo = $1 AND m.commit_sha = $2 ORDER BY m.name`, [repo, commit]);
      const macros = await client.query<{ path: string; blobId: string | null }>(`SELECT path, blob_id AS "blobId"
        FROM amp_dbt.manifest_macros WHERE repo = $1 AND commit_sha = $2 ORDER BY path`, [repo, commit]);
      const { modelCount: _count, ...rest } = summary(head.rows[0]);
      return { ...rest, models: models.rows as unknown as ManifestModel[], macros: macros.rows, vars: head.rows[0].vars };
    });
  }

  async has(repo: string, commit: string): Promise<boolean> {
    const result = await this.pool.query('SELECT 1 FROM amp_dbt.manifests WHERE repo = $1 AND commit_sha = $2', [repo, commit]);
    return result.rowCount !== 0;
  }

  async list(repo: string, limit?: number): Promise<ManifestSummary[]> {
    const result = await this.pool.query<ManifestRow>(`SELECT * FROM amp_dbt.manifests WHERE repo = $1
      ORDER BY recorded_at DESC, commit_sha LIMIT $2`, [repo, limit ?? null]);
    return result.rows.map(summary);
  }

  async findByFingerprint(repo: string, fingerprints: readonly string[]): Promise<FingerprintMatch[]> {
    if (fingerprints.length === 0) return [];
    // Driven by the fingerprint list, one (repo, fingerprint) index probe each, whatever the table statistics say.
    const result = await this.pool.query<{ fingerprint: string; model: string; commit: string; recorded_at: Date }>(
      `SELECT f.fingerprint, d.name AS model, d.first_commit AS commit, d.first_recorded_at AS recorded_at
       FROM unnest($2::text[]) AS f (fingerprint)
       CROSS JOIN LATERAL (
         SELECT DISTINCT ON (name) name, first_commit, first_recorded_at FROM amp_dbt.model_definitions
         WHERE repo = $1 AND fingerprint = f.fingerprint ORDER BY name, first_recorded_at
       ) AS d
       ORDER BY f.fingerprint COLLATE "C", d.name`, [repo, [...new Set(fingerprints)]]);
    return result.rows.map((r) => ({ fingerprint: r.fingerprint, model: r.model, commit: r.commit, recordedAt: iso(r.recorded_at) }));
  }
}
