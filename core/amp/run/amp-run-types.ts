import type { ManifestDraft } from '../manifest/manifest-types.js';
import type { AdhocDataset, AdhocQuerySql } from './adhoc-datasets.js';

/**
 * What a run on Amp does with one selected model (DESIGN section 5, Amp): REGISTER a fingerprint the server
 * has no version for, REUSE one it has (its manifest hash; tagging and deploying may still happen), run an
 * ADHOC model (register: false) as a query, or nothing: BLOCKED (a registered parent is neither on the
 * server nor registered by this run).
 */
export type AmpAction = 'register' | 'reuse' | 'adhoc' | 'blocked';

export interface AmpRunStep {
  model: string;
  path: string;
  fingerprint: string;
  action: AmpAction;
  /** Registered models: the manifest draft (its version is the fingerprint's). */
  draft: ManifestDraft | null;
  /** The manifest hash the fingerprint's version already points at on the server. */
  knownHash: string | null;
  /** Whether to start a job when the manifest hash has none yet. */
  deploy: boolean;
  /** end_block of a deploy: null runs continuously. */
  endBlock: string | null;
  /** Ad-hoc models: the query with every internal model inlined (datasets quoted). */
  sql: string | null;
  /** Ad-hoc models: every ancestor (inlined, or read as a dataset): one that fails in this run skips it. */
  inlines?: string[];
  /**
   * Ad-hoc models: the registered ancestors the query may read from their datasets instead of inlining
   * them, when their newest job serves data by the time the query runs (jobServesData).
   */
  datasets?: AdhocDataset[];
  /** Ad-hoc models: the query reading those of `datasets` that serve data (model -> reference). */
  sqlReading?: (datasets: ReadonlyMap<string, string>) => AdhocQuerySql;
  blockedBy: string | null;
}

export interface AmpRunPlan {
  namespace: string;
  environment: string;
  /** The version the environment is tagged as on every model, or null when its name cannot be a version. */
  environmentVersion: string | null;
  steps: AmpRunStep[];
}

export type AmpOutcomeStatus = 'success' | 'reused' | 'error' | 'skipped';

/** What happened to one model. */
export interface AmpModelOutcome {
  model: string;
  path: string;
  fingerprint: string;
  action: AmpAction;
  status: AmpOutcomeStatus;
  /** `namespace/name@version` of a registered model. */
  dataset: string | null;
  manifestHash: string | null;
  /** Registered by this run (a new manifest hash). */
  registered: boolean;
  /** The environment version tagged on the hash by this run. */
  tagged: string | null;
  /** The newest job building the manifest hash (started by this run when `deployed`). */
  jobId: number | null;
  deployed: boolean;
  /** Rows an ad-hoc query returned. */
  rows: number | null;
  /** The datasets (`namespace/name@version`) an ad-hoc query read instead of inlining their models. */
  reads: string[];
  durationMs: number;
  error: string | null;
  /** Dependency jobs that are not running or completed when this model was deployed. */
  warnings: string[];
}
