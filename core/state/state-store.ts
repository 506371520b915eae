import type {
  Environment,
  EnvironmentMove,
  Lease,
  ListRunsOptions,
  Manifest,
  ManifestInput,
  ManifestSummary,
  ModelSql,
  ModelResultInput,
  ModelState,
  ModelStateInput,
  MoveEnvironmentOptions,
  Run,
  RunStatus,
  RunSummary,
  StartRunInput,
} from './state-types.js';

export type * from './state-types.js';

/**
 * The state database: manifests per commit, environments, runs, model state and locks, keyed by repository.
 * Two implementations pass one contract suite: SQLite (embedded default) and PostgreSQL (teams, CI, the app).
 * Failures users can act on are StateErrors with a stable `code`:
 * `stale-plan`, `lock-held`, `lock-fenced`, `lock-lost`, `environment-exists`, `environment-not-found`,
 * `run-not-found`, `state-too-new`.
 */
export interface StateStore {
  readonly kind: 'sqlite' | 'postgres';
  /** Where the database is (file path, or the URL without its password). */
  readonly location: string;
  /** The schema version of the open database (the newest this code knows). */
  schemaVersion(): Promise<number>;
  close(): Promise<void>;

  /**
   * Records a commit's manifest; recording the same commit again is a no-op. Returns whether it was inserted.
   * With `replacing`, a manifest of the commit recorded by that compiler revision (null: none recorded) is
   * replaced by this one, in one transaction; a manifest of any other revision is kept (false).
   */
  saveManifest(repo: string, manifest: ManifestInput, options?: { replacing?: number | null }): Promise<boolean>;
  getManifest(repo: string, commit: string): Promise<Manifest | null>;
  /** The SQL text of recorded model definitions (ManifestModel.definitionId); unknown ids are left out. */
  getModelSql(repo: string, definitionIds: readonly string[]): Promise<Map<string, ModelSql>>;
  hasManifest(repo: string, commit: string): Promise<boolean>;
  /** Newest first. */
  listManifests(repo: string, options?: { limit?: number }): Promise<ManifestSummary[]>;

  /** Writes one environment row and its first history entry; `environment-exists` if the name is taken. */
  createEnvironment(repo: string, name: string, commit: string, actor: string): Promise<Environment>;
  getEnvironment(repo: string, name: string): Promise<Environment | null>;
  /** Sorted by name. */
  listEnvironments(repo: string): Promise<Environment[]>;
  /** The repository keys that have environments in this database, sorted (one database may serve many). */
  listRepositories(): Promise<string[]>;
  /**
   * Files every record of key `from` (manifests, environments and their moves, runs, model state, locks)
   * under key `to` instead, in one transaction, when `to` has no records and `from` has some; returns whether
   * it did. How records made under an older key (a repository key without its target, see state-key.ts)
   * are taken over.
   */
  adoptRecords(from: string, to: string): Promise<boolean>;
  /** Compare-and-swap of the pointer from `expected` to `to`: `stale-plan` when it no longer points at `expected`. */
  moveEnvironment(repo: string, name: string, options: MoveEnvironmentOptions): Promise<EnvironmentMove>;
  /** Every move, newest first. */
  environmentHistory(repo: string, name: string): Promise<EnvironmentMove[]>;
  /** Removes the pointer and its history; returns whether it existed. */
  deleteEnvironment(repo: string, name: string): Promise<boolean>;

  startRun(repo: string, run: StartRunInput): Promise<number>;
  /** Records (or replaces) one model's result in a run. */
  recordModelResult(runId: number, result: ModelResultInput): Promise<void>;
  finishRun(runId: number, status: RunStatus): Promise<void>;
  /**
   * Marks the environment's runs older than `beforeRunId` still `running` as `abandoned` (their process died:
   * the caller holds the environment's lock, which a live run would hold); returns how many.
   */
  abandonRuns(repo: string, environment: string, beforeRunId: number): Promise<number>;
  /** Newest first. */
  listRuns(repo: string, options?: ListRunsOptions): Promise<RunSummary[]>;
  getRun(runId: number): Promise<Run | null>;

  setModelState(repo: string, environment: string, model: string, state: ModelStateInput): Promise<void>;
  /** Sorted by model name. */
  getModelStates(repo: string, environment: string): Promise<ModelState[]>;

  /** Takes the lease, or `lock-held` naming the holder and when it expires. An expired lease may be taken over. */
  acquireLock(repo: string, name: string, owner: string, ttlMs: number): Promise<Lease>;
  /** Extends the lease held with `token`; `lock-lost` when that token is no longer the holder's. */
  renewLock(repo: string, name: string, token: number, ttlMs: number): Promise<Lease>;
  /** Releases the lease held with `token`; returns whether it was still held. */
  releaseLock(repo: string, name: string, token: number): Promise<boolean>;
  /** `lock-fenced` when a newer token than `token` has been issued for the lock. */
  checkFence(repo: string, name: string, token: number): Promise<void>;
  /** The current lease, or null when the lock is free or its lease expired. */
  getLock(repo: string, name: string): Promise<Lease | null>;
  /** Every live lease of the repository key, sorted by lock name (a run's of an environment that does not exist yet too). */
  listLocks(repo: string): Promise<Lease[]>;
}

/**
 * The lock `amp-dbt prune` holds while it decides and drops physical relations: a run, or a move of any
 * environment's views, refuses to start while it is held (acquireEnvironmentLock), and prune refuses to
 * start while any environment's lock is held.
 */
export const PRUNE_LOCK_NAME = 'prune';

/** Whether a lock name is an environment's (environmentLockName). */
export const isEnvironmentLock = (name: string): boolean => name.startsWith('environment:');

/** The lock a deploy of an environment holds. */
export function environmentLockName(environment: string): string {
  return `environment:${environment}`;
}
