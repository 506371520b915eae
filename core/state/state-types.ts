/**
 * What the state database holds. Every record belongs to a repository (`repo`: `owner/name` or a local
 * path), so one database serves many repositories. Times are ISO-8601 strings (UTC).
 */

/**
 * One model as recorded at a commit. Its SQL text is stored once per definition and read on demand
 * (`getModelSql`): most readers (plans, environments, recordings) never need it.
 */
export interface ManifestModel {
  name: string;
  /** Project-relative path, posix separators. */
  path: string;
  /** Git blob id of the model file at the commit, when known. */
  blobId: string | null;
  /** Final config (JSON). */
  config: Record<string, unknown>;
  materialized: string;
  /** Parent models (`ref`s), sorted. */
  refs: string[];
  /** `source.table` names read. */
  sources: string[];
  /** Amp datasets read: alias -> `namespace/name@version`. */
  datasets: Record<string, string>;
  /** What the model itself contributes to its fingerprint (normalised SQL, data config, source relations). */
  contentHash: string;
  /** Data fingerprint (hex sha-256 of the content hash and the parents' fingerprints). */
  fingerprint: string;
  /** Column properties as declared (JSON). */
  columns: unknown[];
  usedMacros: string[];
  usedVars: string[];
  /**
   * Content address of everything recorded about the model but its fingerprint (SQL text included), so
   * commits share one stored definition while only a parent changes (see modelDefinitionId).
   */
  definitionId: string;
}

/** A model's SQL text as recorded. */
export interface ModelSql {
  canonicalSql: string;
  incrementalSql: string | null;
}

/** A manifest model with its SQL text. */
export type ManifestModelWithSql = ManifestModel & ModelSql;

/**
 * A model to record. With its SQL, `definitionId` may be left out (it is computed); without it, the
 * definition must be recorded already (a model reused from the base manifest).
 */
export type ManifestModelInput = Omit<ManifestModel, 'definitionId'> & Partial<ModelSql> & { definitionId?: string };

export interface ManifestMacro {
  path: string;
  blobId: string | null;
}

/** Everything compiled at one commit. */
export interface Manifest {
  commit: string;
  /** Parent commit shas (two for a merge commit, none for a root commit). */
  parents: string[];
  recordedAt: string;
  projectName: string;
  /** Sorted by name. */
  models: ManifestModel[];
  /** Sorted by path. */
  macros: ManifestMacro[];
  /** Values of the vars the models use. */
  vars: Record<string, unknown>;
  /** The COMPILER_REVISION that compiled it (null: recorded by an amp-dbt that recorded none). */
  compilerRevision: number | null;
}

/** What `saveManifest` takes: `recordedAt` defaults to now, `compilerRevision` to null. */
export type ManifestInput = Omit<Manifest, 'recordedAt' | 'models' | 'compilerRevision'> & {
  recordedAt?: string;
  compilerRevision?: number | null;
  models: ManifestModelInput[];
  /** The recorded manifest this one was compiled from: its stored definitions are shared, not copied. */
  base?: string;
};

export interface ManifestSummary {
  commit: string;
  parents: string[];
  recordedAt: string;
  projectName: string;
  modelCount: number;
}

/** A named pointer at a commit (`prod`, `pr-123`, `dev-alice`). */
export interface Environment {
  name: string;
  commit: string;
  createdAt: string;
  updatedAt: string;
  /** Who moved it last. */
  updatedBy: string;
}

export type MoveReason = 'create' | 'promote' | 'rollback' | 'deploy' | (string & {});

/** One move of an environment pointer; creation is the move from `null`. */
export interface EnvironmentMove {
  id: number;
  environment: string;
  from: string | null;
  to: string;
  actor: string;
  reason: MoveReason;
  movedAt: string;
}

/** A fencing token held under a lock: the move is refused when a newer token exists. */
export interface Fence {
  lock: string;
  token: number;
}

export interface MoveEnvironmentOptions {
  to: string;
  /** The commit the plan was made against: the move is a compare-and-swap on it. */
  expected: string;
  actor: string;
  reason: MoveReason;
  /** Refuse the move, in the same transaction, when a newer token than this one has been issued. */
  fence?: Fence;
}

/** `abandoned`: its process ended without finishing it (killed), found by the next run of its environment. */
export type RunStatus = 'running' | 'success' | 'partial' | 'error' | 'cancelled' | 'abandoned';
export type ModelRunStatus = 'success' | 'error' | 'skipped' | 'reused';

export interface StartRunInput {
  environment: string;
  commit: string;
  actor: string;
  /** The command line or action that started the run (`run --select +orders`). */
  command: string;
}

export interface ModelResultInput {
  model: string;
  fingerprint: string;
  status: ModelRunStatus;
  rows?: number | null;
  durationMs?: number | null;
  error?: string | null;
  /** What the warehouse said about it (on Amp: the manifest hash, version and job id), as JSON. */
  details?: Record<string, unknown> | null;
}

export interface ModelResult extends Required<ModelResultInput> {
  recordedAt: string;
}

export interface RunSummary {
  id: number;
  repo: string;
  environment: string;
  commit: string;
  actor: string;
  command: string;
  status: RunStatus;
  startedAt: string;
  finishedAt: string | null;
}

export interface Run extends RunSummary {
  /** Sorted by model name. */
  models: ModelResult[];
}

export interface ListRunsOptions {
  environment?: string;
  /** Newest first; default 50. */
  limit?: number;
}

export type FreshnessStatus = 'pass' | 'warn' | 'error' | 'unknown' | 'not-tracked';

export interface ModelStateInput {
  latestBlock?: number | null;
  latestTimestamp?: string | null;
  freshness: FreshnessStatus;
  /** Defaults to now. */
  checkedAt?: string;
}

export interface ModelState {
  model: string;
  latestBlock: number | null;
  latestTimestamp: string | null;
  freshness: FreshnessStatus;
  checkedAt: string;
}

/** A lease: held by `owner` until `expiresAt`, fenced by `token` (monotonic per lock name). */
export interface Lease {
  name: string;
  owner: string;
  token: number;
  acquiredAt: string;
  expiresAt: string;
}
