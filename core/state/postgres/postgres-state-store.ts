import pg from 'pg';
import { redactUrl } from '../redact-url.js';
import { StateError } from '../state-error.js';
import type { StateStore } from '../state-store.js';
import type {
  Environment, EnvironmentMove, Lease, ListRunsOptions, Manifest, ManifestInput, ManifestSummary, ModelSql,
  ModelResultInput, ModelState, ModelStateInput, MoveEnvironmentOptions, Run, RunStatus, RunSummary, StartRunInput,
} from '../state-types.js';
import { PostgresAdoption } from './postgres-adoption.js';
import { PostgresEnvironments } from './postgres-environments.js';
import { PostgresLocks } from './postgres-locks.js';
import { PostgresManifests } from './postgres-manifests.js';
import { migratePostgres, postgresSchemaVersion } from './postgres-migrations.js';
import { PostgresRuns } from './postgres-runs.js';
import { withConnectionErrors } from './state-connection-errors.js';
import { connectTimeoutOption, splitConnectionUrl, sslOption, SslSettingsError } from '../../util/postgres-ssl-mode.js';

export interface PostgresStateStoreOptions {
  /** Connections in the pool (default 4). */
  maxConnections?: number;
}

/** The team state store: PostgreSQL through a small connection pool; every table in the `amp_dbt` schema. */
export class PostgresStateStore implements StateStore {
  readonly kind = 'postgres';
  private readonly manifests: PostgresManifests;
  private readonly environments: PostgresEnvironments;
  private readonly runs: PostgresRuns;
  private readonly locks: PostgresLocks;
  private readonly adoption: PostgresAdoption;

  constructor(private readonly pool: pg.Pool, readonly location: string) {
    this.manifests = new PostgresManifests(pool);
    this.environments = new PostgresEnvironments(pool);
    this.runs = new PostgresRuns(pool);
    this.locks = new PostgresLocks(pool);
    this.adoption = new PostgresAdoption(pool);
  }

  schemaVersion(): Promise<number> { return postgresSchemaVersion(this.pool); }
  async close(): Promise<void> { if (!this.pool.ended) await this.pool.end(); }

  saveManifest(repo: string, manifest: ManifestInput, options: { replacing?: number | null } = {}): Promise<boolean> {
    return this.manifests.save(repo, manifest, options);
  }
  getManifest(repo: string, commit: string): Promise<Manifest | null> { return this.manifests.get(repo, commit); }
  getModelSql(repo: string, definitionIds: readonly string[]): Promise<Map<string, ModelSql>> { return this.manifests.getSql(repo, definitionIds); }
  hasManifest(repo: string, commit: string): Promise<boolean> { return this.manifests.has(repo, commit); }
  listManifests(repo: string, options: { limit?: number } = {}): Promise<ManifestSummary[]> {
    return this.manifests.list(repo, options.limit);
  }

  createEnvironment(repo: string, name: string, commit: string, actor: string): Promise<Environment> {
    return this.environments.create(repo, name, commit, actor);
  }
  getEnvironment(repo: string, name: string): Promise<Environment | null> { return this.environments.get(repo, name); }
  listEnvironments(repo: string): Promise<Environment[]> { return this.environments.list(repo); }
  listRepositories(): Promise<string[]> { return this.environments.repositories(); }
  adoptRecords(from: string, to: string): Promise<boolean> { return this.adoption.adopt(from, to); }
  moveEnvironment(repo: string, name: string, options: MoveEnvironmentOptions): Promise<EnvironmentMove> {
    return this.environments.move(repo, name, options);
  }
  environmentHistory(repo: string, name: string): Promise<EnvironmentMove[]> { return this.environments.history(repo, name); }
  deleteEnvironment(repo: string, name: string): Promise<boolean> { return this.environments.delete(repo, name); }

  startRun(repo: string, run: StartRunInput): Promise<number> { return this.runs.start(repo, run); }
  recordModelResult(runId: number, result: ModelResultInput): Promise<void> { return this.runs.record(runId, result); }
  finishRun(runId: number, status: RunStatus): Promise<void> { return this.runs.finish(runId, status); }
  abandonRuns(repo: string, environment: string, beforeRunId: number): Promise<number> { return this.runs.abandon(repo, environment, beforeRunId); }
  listRuns(repo: string, options?: ListRunsOptions): Promise<RunSummary[]> { return this.runs.list(repo, options); }
  getRun(runId: number): Promise<Run | null> { return this.runs.get(runId); }

  setModelState(repo: string, environment: string, model: string, state: ModelStateInput): Promise<void> {
    return this.runs.setModelState(repo, environment, model, state);
  }
  getModelStates(repo: string, environment: string): Promise<ModelState[]> { return this.runs.getModelStates(repo, environment); }

  acquireLock(repo: string, name: string, owner: string, ttlMs: number): Promise<Lease> {
    return this.locks.acquire(repo, name, owner, ttlMs);
  }
  renewLock(repo: string, name: string, token: number, ttlMs: number): Promise<Lease> {
    return this.locks.renew(repo, name, token, ttlMs);
  }
  releaseLock(repo: string, name: string, token: number): Promise<boolean> { return this.locks.release(repo, name, token); }
  checkFence(repo: string, name: string, token: number): Promise<void> { return this.locks.checkFence(repo, name, token); }
  getLock(repo: string, name: string): Promise<Lease | null> { return this.locks.get(repo, name); }
  listLocks(repo: string): Promise<Lease[]> { return this.locks.list(repo); }
}

function connectionOfUrl(url: string, location: string): pg.PoolConfig {
  const { connectionString, settings } = splitConnectionUrl(url);
  try {
    const ssl = sslOption(settings);
    return { connectionString, ...(ssl === undefined ? {} : { ssl }), ...connectTimeoutOption(settings.connect_timeout) };
  } catch (error) {
    if (!(error instanceof SslSettingsError)) throw error;
    throw new StateError('state-open-failed', `cannot open the PostgreSQL state database at ${location}: ${error.message}`, { hint: error.hint });
  }
}

/** Connects to and migrates a PostgreSQL state database (`postgres://user:password@host:port/database`). */
export async function openPostgresStateStore(url: string, options: PostgresStateStoreOptions = {}): Promise<PostgresStateStore> {
  const location = redactUrl(url);
  // sslmode, sslrootcert, sslcert, sslkey and connect_timeout mean what a postgres target's do, not the driver's own reading of them.
  const pool = new pg.Pool({ ...connectionOfUrl(url, location), max: options.maxConnections ?? 4, application_name: 'amp-dbt' });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await migratePostgres(pool, location);
    return withConnectionErrors(new PostgresStateStore(pool, location), location);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (error instanceof StateError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new StateError('state-open-failed', `cannot open the PostgreSQL state database at ${location}: ${reason}`, {
      hint: 'check the URL in AMP_DBT_STATE_URL or the profile\'s state settings, and that the server is running and reachable',
      cause: error,
    });
  }
}
