/** A relation the state database says exists and the warehouse lacks. */
export interface MissingRelation {
  model: string;
  /** The environment's view, or the physical relation (the built version) it reads. */
  kind: 'view' | 'physical';
  relation: string;
}

/** An environment view of a manifest model that does not read the version the manifest names. */
export interface StaleView {
  model: string;
  view: string;
  /** `amp_dbt_physical.<model>__<fp12>` as the manifest says. */
  expected: string;
  /** What it reads instead (null: no physical relation, or it is not a view). */
  actual: string | null;
  reason: string;
}

/**
 * A model whose last deploy built another version than its recording names, because its SQL holds the run's
 * start time (`run_started_at`); its view reads what that run built (informational: not drift).
 */
export interface RunTimeVersion {
  model: string;
  view: string;
  /** What the run built, which the view reads. */
  built: string;
  /** What the recording names (rendered at a fixed time, never built). */
  recorded: string;
  runId: number;
}

/** A view over the physical schema, in the environment's schemas, of no model in the manifest. */
export interface UnexpectedView {
  view: string;
  /** The physical relations it reads. */
  reads: string[];
}

/** A physical relation no environment's manifest references (informational: not drift). */
export interface OrphanedRelation {
  relation: string;
  kind: 'table' | 'view';
}

export interface DriftReport {
  environment: string;
  commit: string;
  physicalSchema: string;
  /** The environment's schemas that were read. */
  schemas: string[];
  missing: MissingRelation[];
  stale: StaleView[];
  /** Views reading the version the environment's last deploy built, which is not the recorded one (not drift). */
  runTime: RunTimeVersion[];
  unexpected: UnexpectedView[];
  orphaned: OrphanedRelation[];
  /** Environments whose commit has no recorded manifest: what they reference is unknown (orphans may be theirs). */
  unrecordedEnvironments: string[];
  /** Whether there is drift: anything missing, stale or unexpected. */
  drift: boolean;
}
