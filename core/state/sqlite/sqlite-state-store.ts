import { existsSync } from 'node:fs';
import { makeFolders } from '../../util/make-folders.js';
import { dirname } from 'node:path';
import { StateError } from '../state-error.js';
import type { StateStore } from '../state-store.js';
import type {
  Environment, EnvironmentMove, Lease, ListRunsOptions, Manifest, ManifestInput, ManifestSummary, ModelSql,
  ModelResultInput, ModelState, ModelStateInput, MoveEnvironmentOptions, Run, RunStatus, RunSummary, StartRunInput,
} from '../state-types.js';
import { sqliteDriver, type SqliteDatabase } from './sqlite-driver.js';
import { sqliteHint, withSqliteFailures } from './sqlite-failure.js';
import { SqliteAdoption } from './sqlite-adoption.js';
import { SqliteEnvironments } from './sqlite-environments.js';
import { SqliteLocks } from './sqlite-locks.js';
import { SqliteManifests } from './sqlite-manifests.js';
import { migrateSqlite, sqliteSchemaVersion } from './sqlite-migrations.js';
import { SqliteRuns } from './sqlite-runs.js';

export interface SqliteStateStoreOptions {
  /** How long to wait for another process's write transaction (default 10 s). */
  busyTimeoutMs?: number;
  /**
   * Make the file's folder when it is missing (the default `.amp-dbt/`). A path someone wrote (a URL or a
   * profile) must name an existing folder: a typo would otherwise start an empty state database elsewhere.
   */
  createFolder?: boolean;
}

/** The embedded state store: one SQLite file (WAL), synchronous underneath, shared safely between processes. */
export class SqliteStateStore implements StateStore {
  readonly kind = 'sqlite';
  private readonly manifests: SqliteManifests;
  private readonly environments: SqliteEnvironments;
  private readonly runs: SqliteRuns;
  private readonly locks: SqliteLocks;
  private readonly adoption: SqliteAdoption;

  constructor(private readonly db: SqliteDatabase, readonly location: string) {
    this.manifests = new SqliteManifests(db);
    this.environments = new SqliteEnvironments(db);
    this.runs = new SqliteRuns(db);
    this.locks = new SqliteLocks(db);
    this.adoption = new SqliteAdoption(db);
  }

  async schemaVersion(): Promise<number> { return sqliteSchemaVersion(this.db); }
  async close(): Promise<void> { if (this.db.open) this.db.close(); }

  async saveManifest(repo: string, manifest: ManifestInput, options: { replacing?: number | null } = {}): Promise<boolean> {
    return this.manifests.save(repo, manifest, options);
  }
  async getManifest(repo: string, commit: string): Promise<Manifest | null> { return this.manifests.get(repo, commit); }
  async getModelSql(repo: string, definitionIds: readonly string[]): Promise<Map<string, ModelSql>> { return this.manifests.getSql(repo, definitionIds); }
  async hasManifest(repo: string, commit: string): Promise<boolean> { return this.manifests.has(repo, commit); }
  async listManifests(repo: string, options: { limit?: number } = {}): Promise<ManifestSummary[]> {
    return this.manifests.list(repo, options.limit);
  }

  async createEnvironment(repo: string, name: string, commit: string, actor: string): Promise<Environment> {
    return this.environments.create(repo, name, commit, actor);
  }
  async getEnvironment(repo: string, name: string): Promise<Environment | null> { return this.environments.get(repo, name); }
  async listEnvironments(repo: string): Promise<Environment[]> { return this.environments.list(repo); }
  async listRepositories(): Promise<string[]> { return this.environments.repositories(); }
  async adoptRecords(from: string, to: string): Promise<boolean> { return this.adoption.adopt(from, to); }
  async moveEnvironment(repo: string, name: string, options: MoveEnvironmentOptions): Promise<EnvironmentMove> {
    return this.environments.move(repo, name, options);
  }
  async environmentHistory(repo: string, name: string): Promise<EnvironmentMove[]> { return this.environments.history(repo, name); }
  async deleteEnvironment(repo: string, name: string): Promise<boolean> { return this.environments.delete(repo, name); }

  async startRun(repo: string, run: StartRunInput): Promise<number> { return this.runs.start(repo, run); }
  async recordModelResult(runId: number, result: ModelResultInput): Promise<void> { this.runs.record(runId, result); }
  async finishRun(runId: number, status: RunStatus): Promise<void> { this.runs.finish(runId, status); }
  async abandonRuns(repo: string, environment: string, beforeRunId: number): Promise<number> { return this.runs.abandon(repo, environment, beforeRunId); }
  async listRuns(repo: string, options?: ListRunsOptions): Promise<RunSummary[]> { return this.runs.list(repo, options); }
  async getRun(runId: number): Promise<Run | null> { return this.runs.get(runId); }

  async setModelState(repo: string, environment: string, model: string, state: ModelStateInput): Promise<void> {
    this.runs.setModelState(repo, environment, model, state);
  }
  async getModelStates(repo: string, environment: string): Promise<ModelState[]> { return this.runs.getModelStates(repo, environment); }

  async acquireLock(repo: string, name: string, owner: string, ttlMs: number): Promise<Lease> {
    return this.locks.acquire(repo, name, owner, ttlMs);
  }
  async renewLock(repo: string, name: string, token: number, ttlMs: number): Promise<Lease> {
    return this.locks.renew(repo, name, token, ttlMs);
  }
  async releaseLock(repo: string, name: string, token: number): Promise<boolean> { return this.locks.releaseLock(repo, name, token); }
  async checkFence(repo: string, name: string, token: number): Promise<void> { this.locks.checkFence(repo, name, token); }
  async getLock(repo: string, name: string): Promise<Lease | null> { return this.locks.get(repo, name); }
  async listLocks(repo: string): Promise<Lease[]> { return this.locks.list(repo); }
}

/**
 * Puts the database in WAL mode. The switch needs the file to itself for a moment and SQLite does not
 * call the busy handler for it, so two processes opening a new database at once would see "database is
 * locked": retry for up to the busy timeout instead.
 */
function switchToWal(db: SqliteDatabase, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (error) {
      const code = (error as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') && !code.startsWith('SQLITE_LOCKED') || Date.now() >= deadline) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10 + Math.floor(Math.random() * 20));
    }
  }
}

/** Loading a native addon failed: its file is missing, or it was built for another Node version or platform. */
export function isNativeModuleFailure(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return code === 'ERR_DLOPEN_FAILED' || /Could not locate the bindings file|NODE_MODULE_VERSION|was compiled against a different Node\.js version/.test(message ?? '');
}

/** How much of the database file SQLite maps into memory (a limit, not an allocation). */
const MMAP_BYTES = 256 * 1024 * 1024;

/** Opens (creating the file and its folder if needed) and migrates a SQLite state database. `:memory:` works too. */
export function openSqliteStateStore(path: string, options: SqliteStateStoreOptions = {}): SqliteStateStore {
  let db: SqliteDatabase | undefined;
  try {
    if (path !== ':memory:' && options.createFolder !== false) makeFolders(dirname(path));
    else if (path !== ':memory:' && !existsSync(dirname(path))) {
      throw new StateError('state-open-failed', `cannot open the SQLite state database at ${path}: the folder ${dirname(path)} does not exist`, {
        hint: "check the path in AMP_DBT_STATE_URL or the profile's state settings (a new database is made only in an existing folder)",
      });
    }
    const Database = sqliteDriver();
    db = new Database(path, { timeout: options.busyTimeoutMs ?? 10_000 });
    if (path !== ':memory:') switchToWal(db, options.busyTimeoutMs ?? 10_000);
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // Reads through memory-mapped pages: a 10,000-model manifest's definition pack (MBs over a chain of overflow
    // pages) reads in about half the time of SQLite's page-by-page reads. Writes still go through the WAL.
    if (path !== ':memory:') db.pragma(`mmap_size = ${MMAP_BYTES}`);
    migrateSqlite(db, path);
    return withSqliteFailures(new SqliteStateStore(db, path), path);
  } catch (error) {
    db?.close();
    if (error instanceof StateError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    if (isNativeModuleFailure(error)) {
      // The install is broken, not the file: better-sqlite3's compiled part is missing or for another Node.
      throw new StateError('state-open-failed', `cannot load SQLite (better-sqlite3's native module) to open the state database at ${path}: ${reason.split('\n')[0]}`, {
        hint: `reinstall amp-dbt's packages with the Node that runs it (${process.version}): npm rebuild better-sqlite3, or npm install`,
        cause: error,
      });
    }
    throw new StateError('state-open-failed', `cannot open the SQLite state database at ${path}: ${reason}`, {
      hint: sqliteHint(error, path) ?? 'check the path in AMP_DBT_STATE_URL or the profile\'s state settings, and that the file is a SQLite database',
      cause: error,
    });
  }
}
