import type pg from 'pg';
import { isoTime } from '../iso-time.js';
import { baseFromListing, baseFromPacks, PackCache, planManifestWrite, readStoredManifest, unpackModels, type StoredBase } from '../manifest-packing.js';
import type { Manifest, ManifestInput, ManifestSummary, ModelSql } from '../state-types.js';
import { inTransaction, iso } from './postgres-transaction.js';

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

const SUMMARY_COLUMNS = 'commit_sha, parent_shas, recorded_at, project_name, vars, model_count';

/** Manifests per commit, stored as listings over shared definition packs (see manifest-packing.ts). */
export class PostgresManifests {
  private readonly packCache = new PackCache();

  constructor(private readonly pool: pg.Pool) {}

  async save(repo: string, manifest: ManifestInput, options: { replacing?: number | null } = {}): Promise<boolean> {
    const recordedAt = isoTime(manifest.recordedAt);
    return inTransaction(this.pool, async (client) => {
      if (options.replacing !== undefined) {
        // Only the manifest recorded by the revision read before: a concurrent replacement is kept.
        const deleted = await client.query(`DELETE FROM amp_dbt.manifests WHERE repo = $1 AND commit_sha = $2
          AND compiler_revision IS NOT DISTINCT FROM $3`, [repo, manifest.commit, options.replacing]);
        if (deleted.rowCount) await client.query('DELETE FROM amp_dbt.manifest_macros WHERE repo = $1 AND commit_sha = $2', [repo, manifest.commit]);
      }
      // Claimed first: a concurrent recording of the same commit waits here, then finds it taken.
      const claimed = await client.query(`INSERT INTO amp_dbt.manifests
        (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count, packs, models, compiler_revision)
        VALUES ($1, $2, $3, $4, $5, $6, $7, '[]', '', $8) ON CONFLICT DO NOTHING`, [repo, manifest.commit,
        JSON.stringify(manifest.parents), recordedAt, manifest.projectName, JSON.stringify(manifest.vars), manifest.models.length,
        manifest.compilerRevision ?? null]);
      if (claimed.rowCount === 0) return false;
      const write = planManifestWrite(manifest.models, manifest.base === undefined ? null : await storedBase(client, repo, manifest.base, this.packCache));
      const packs = [...write.keptPacks];
      if (write.newPack) {
        const pack = await client.query<{ id: string }>('INSERT INTO amp_dbt.definition_packs (repo, size, definitions) VALUES ($1, $2, $3) RETURNING id',
          [repo, write.newPack.size, write.newPack.body]);
        packs.push(Number(pack.rows[0].id));
      }
      if (write.sql.length > 0) {
        await client.query(`INSERT INTO amp_dbt.definition_sql (repo, definition_id, canonical_sql, incremental_sql)
          SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[]) ON CONFLICT DO NOTHING`,
        [repo, write.sql.map((s) => s.definitionId), write.sql.map((s) => s.canonicalSql), write.sql.map((s) => s.incrementalSql)]);
      }
      await client.query('UPDATE amp_dbt.manifests SET packs = $3, models = $4 WHERE repo = $1 AND commit_sha = $2',
        [repo, manifest.commit, JSON.stringify(packs), write.listing]);
      if (manifest.macros.length > 0) {
        await client.query(`INSERT INTO amp_dbt.manifest_macros (repo, commit_sha, path, blob_id)
          SELECT $1, $2, * FROM unnest($3::text[], $4::text[])`,
        [repo, manifest.commit, manifest.macros.map((m) => m.path), manifest.macros.map((m) => m.blobId)]);
      }
      return true;
    });
  }

  async get(repo: string, commit: string): Promise<Manifest | null> {
    // Rows are never updated once committed, so no transaction is needed to read them consistently.
    const head = await this.pool.query<ManifestRow & { packs: number[]; models: string; compiler_revision: number | null }>(
      `SELECT ${SUMMARY_COLUMNS}, packs, models, compiler_revision FROM amp_dbt.manifests WHERE repo = $1 AND commit_sha = $2`, [repo, commit]);
    if (head.rowCount === 0) return null;
    const row = head.rows[0];
    return readStoredManifest(commit, async () => {
      const packs = await this.packCache.get(row.packs, async (ids) => {
        const result = await this.pool.query<{ id: string; definitions: string }>(
          'SELECT id, definitions FROM amp_dbt.definition_packs WHERE id = ANY($1::bigint[])', [ids]);
        return new Map(result.rows.map((p) => [Number(p.id), p.definitions]));
      });
      const macros = await this.pool.query<{ path: string; blobId: string | null }>(`SELECT path, blob_id AS "blobId"
        FROM amp_dbt.manifest_macros WHERE repo = $1 AND commit_sha = $2 ORDER BY path`, [repo, commit]);
      const { modelCount: _count, ...rest } = summary(row);
      return { ...rest, models: unpackModels(row.models, packs), macros: macros.rows, vars: row.vars, compilerRevision: row.compiler_revision };
    });
  }

  async getSql(repo: string, definitionIds: readonly string[]): Promise<Map<string, ModelSql>> {
    const result = await this.pool.query<{ definition_id: string; canonical_sql: string; incremental_sql: string | null }>(
      'SELECT definition_id, canonical_sql, incremental_sql FROM amp_dbt.definition_sql WHERE repo = $1 AND definition_id = ANY($2::text[])',
      [repo, [...new Set(definitionIds)]]);
    return new Map(result.rows.map((r) => [r.definition_id, { canonicalSql: r.canonical_sql, incrementalSql: r.incremental_sql }]));
  }

  async has(repo: string, commit: string): Promise<boolean> {
    const result = await this.pool.query('SELECT 1 FROM amp_dbt.manifests WHERE repo = $1 AND commit_sha = $2', [repo, commit]);
    return result.rowCount !== 0;
  }

  async list(repo: string, limit?: number): Promise<ManifestSummary[]> {
    const result = await this.pool.query<ManifestRow>(`SELECT ${SUMMARY_COLUMNS} FROM amp_dbt.manifests WHERE repo = $1
      ORDER BY recorded_at DESC, commit_sha LIMIT $2`, [repo, limit ?? null]);
    return result.rows.map(summary);
  }
}

/** The base manifest's packs and what they hold (null when it is not recorded); its listing is read only when they are not parsed. */
async function storedBase(client: pg.PoolClient, repo: string, commit: string, packCache: PackCache): Promise<StoredBase | null> {
  const row = await client.query<{ packs: number[] }>('SELECT packs FROM amp_dbt.manifests WHERE repo = $1 AND commit_sha = $2', [repo, commit]);
  if (row.rowCount === 0) return null;
  const ids = row.rows[0].packs;
  const sizes = await client.query<{ id: string; size: number }>('SELECT id, size FROM amp_dbt.definition_packs WHERE id = ANY($1::bigint[])', [ids]);
  const packs = sizes.rows.map((p) => ({ id: Number(p.id), size: p.size }));
  const parsed = packCache.parsed(ids);
  if (parsed) return baseFromPacks(packs, parsed);
  const listing = await client.query<{ models: string }>('SELECT models FROM amp_dbt.manifests WHERE repo = $1 AND commit_sha = $2', [repo, commit]);
  return baseFromListing(packs, listing.rows[0].models);
}
