import type { Database, Statement } from 'better-sqlite3';
import { isoTime } from '../iso-time.js';
import { baseFromListing, baseFromPacks, PackCache, planManifestWrite, readStoredManifest, unpackModels, type StoredBase } from '../manifest-packing.js';
import type { Manifest, ManifestInput, ManifestSummary, ModelSql } from '../state-types.js';

interface ManifestRow {
  commit_sha: string;
  parent_shas: string;
  recorded_at: string;
  project_name: string;
  vars: string;
  model_count: number;
}

const summary = (row: ManifestRow): ManifestSummary => ({
  commit: row.commit_sha,
  parents: JSON.parse(row.parent_shas) as string[],
  recordedAt: row.recorded_at,
  projectName: row.project_name,
  modelCount: row.model_count,
});

const SUMMARY_COLUMNS = 'commit_sha, parent_shas, recorded_at, project_name, vars, model_count';

/** Manifests per commit, stored as listings over shared definition packs (see manifest-packing.ts). */
export class SqliteManifests {
  private readonly insertManifest: Statement;
  private readonly insertPack: Statement;
  private readonly insertSql: Statement;
  private readonly insertMacro: Statement;
  private readonly selectManifest: Statement;
  private readonly selectStoredPacks: Statement;
  private readonly selectListing: Statement;
  private readonly selectPack: Statement;
  private readonly selectPackSize: Statement;
  private readonly selectExists: Statement;
  private readonly selectRevision: Statement;
  private readonly deleteManifest: Statement;
  private readonly deleteMacros: Statement;
  private readonly selectMacros: Statement;
  private readonly selectSummaries: Statement;
  private readonly selectSql: Statement;

  private readonly packCache = new PackCache();

  constructor(private readonly db: Database) {
    this.insertManifest = db.prepare(`INSERT OR IGNORE INTO manifests
      (repo, commit_sha, parent_shas, recorded_at, project_name, vars, model_count, packs, models, compiler_revision)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertPack = db.prepare('INSERT INTO definition_packs (repo, size, definitions) VALUES (?, ?, ?)');
    this.insertSql = db.prepare('INSERT OR IGNORE INTO definition_sql (repo, definition_id, canonical_sql, incremental_sql) VALUES (?, ?, ?, ?)');
    this.insertMacro = db.prepare('INSERT INTO manifest_macros (repo, commit_sha, path, blob_id) VALUES (?, ?, ?, ?)');
    this.selectManifest = db.prepare(`SELECT ${SUMMARY_COLUMNS}, packs, models, compiler_revision FROM manifests WHERE repo = ? AND commit_sha = ?`);
    this.selectStoredPacks = db.prepare('SELECT packs FROM manifests WHERE repo = ? AND commit_sha = ?').pluck();
    this.selectListing = db.prepare('SELECT models FROM manifests WHERE repo = ? AND commit_sha = ?').pluck();
    this.selectPack = db.prepare('SELECT definitions FROM definition_packs WHERE id = ?').pluck();
    this.selectPackSize = db.prepare('SELECT size FROM definition_packs WHERE id = ?').pluck();
    this.selectExists = db.prepare('SELECT 1 FROM manifests WHERE repo = ? AND commit_sha = ?');
    this.selectRevision = db.prepare('SELECT compiler_revision FROM manifests WHERE repo = ? AND commit_sha = ?');
    this.deleteManifest = db.prepare('DELETE FROM manifests WHERE repo = ? AND commit_sha = ?');
    this.deleteMacros = db.prepare('DELETE FROM manifest_macros WHERE repo = ? AND commit_sha = ?');
    this.selectMacros = db.prepare('SELECT path, blob_id FROM manifest_macros WHERE repo = ? AND commit_sha = ? ORDER BY path');
    this.selectSummaries = db.prepare(`SELECT ${SUMMARY_COLUMNS} FROM manifests WHERE repo = ?
      ORDER BY recorded_at DESC, commit_sha LIMIT ?`);
    this.selectSql = db.prepare(`SELECT definition_id, canonical_sql, incremental_sql FROM definition_sql
      WHERE repo = ? AND definition_id IN (SELECT value FROM json_each(?))`);
  }

  save(repo: string, manifest: ManifestInput, options: { replacing?: number | null } = {}): boolean {
    const recordedAt = isoTime(manifest.recordedAt);
    return this.db.transaction(() => {
      const existing = this.selectRevision.get(repo, manifest.commit) as { compiler_revision: number | null } | undefined;
      if (existing !== undefined) {
        if (options.replacing === undefined || existing.compiler_revision !== options.replacing) return false;
        this.deleteManifest.run(repo, manifest.commit);
        this.deleteMacros.run(repo, manifest.commit);
      }
      const write = planManifestWrite(manifest.models, manifest.base === undefined ? null : this.storedBase(repo, manifest.base));
      const packs = [...write.keptPacks];
      if (write.newPack) packs.push(Number(this.insertPack.run(repo, write.newPack.size, write.newPack.body).lastInsertRowid));
      for (const s of write.sql) this.insertSql.run(repo, s.definitionId, s.canonicalSql, s.incrementalSql);
      this.insertManifest.run(repo, manifest.commit, JSON.stringify(manifest.parents), recordedAt, manifest.projectName,
        JSON.stringify(manifest.vars), manifest.models.length, JSON.stringify(packs), write.listing, manifest.compilerRevision ?? null);
      for (const macro of manifest.macros) this.insertMacro.run(repo, manifest.commit, macro.path, macro.blobId);
      return true;
    }).immediate();
  }

  /** The base manifest's packs and what they hold (null when it is not recorded); its listing is read only when they are not parsed. */
  private storedBase(repo: string, commit: string): StoredBase | null {
    const packsText = this.selectStoredPacks.get(repo, commit) as string | undefined;
    if (packsText === undefined) return null;
    const ids = JSON.parse(packsText) as number[];
    const packs = ids.map((id) => ({ id, size: this.selectPackSize.get(id) as number }));
    const parsed = this.packCache.parsed(ids);
    return parsed ? baseFromPacks(packs, parsed) : baseFromListing(packs, this.selectListing.get(repo, commit) as string);
  }

  async get(repo: string, commit: string): Promise<Manifest | null> {
    const row = this.selectManifest.get(repo, commit) as
      (ManifestRow & { packs: string; models: string; compiler_revision: number | null }) | undefined;
    if (!row) return null;
    return readStoredManifest(commit, async () => {
      const { modelCount: _count, ...head } = summary(row);
      // Rows are never updated once written, so no transaction is needed to read them consistently.
      const packs = await this.packCache.get(JSON.parse(row.packs) as number[],
        (ids) => new Map(ids.map((id) => [id, this.selectPack.get(id) as string])));
      const macros = (this.selectMacros.all(repo, commit) as { path: string; blob_id: string | null }[])
        .map((m) => ({ path: m.path, blobId: m.blob_id }));
      return {
        ...head, models: unpackModels(row.models, packs), macros, vars: JSON.parse(row.vars) as Record<string, unknown>,
        compilerRevision: row.compiler_revision,
      };
    });
  }

  getSql(repo: string, definitionIds: readonly string[]): Map<string, ModelSql> {
    const rows = this.selectSql.all(repo, JSON.stringify([...new Set(definitionIds)])) as
      { definition_id: string; canonical_sql: string; incremental_sql: string | null }[];
    return new Map(rows.map((r) => [r.definition_id, { canonicalSql: r.canonical_sql, incrementalSql: r.incremental_sql }]));
  }

  has(repo: string, commit: string): boolean {
    return this.selectExists.get(repo, commit) !== undefined;
  }

  list(repo: string, limit = -1): ManifestSummary[] {
    return (this.selectSummaries.all(repo, limit) as ManifestRow[]).map(summary);
  }
}
