import type { CompiledModel } from '../compile/compiled-model.js';

/**
 * What a run does with one model (DESIGN section 5): BUILD a fingerprint built nowhere yet, REBUILD it
 * (--full-refresh), bring an INCREMENTAL model's table up to date, REUSE a built one, or nothing: UNBUILT
 * (not selected and never built) and BLOCKED (selected, but a parent is unbuilt).
 */
export type ModelAction = 'build' | 'rebuild' | 'incremental' | 'reuse' | 'unbuilt' | 'blocked';

/** A schema and a name. */
export interface Relation {
  schema: string;
  identifier: string;
}

export interface RunStep {
  model: CompiledModel;
  action: ModelAction;
  /** Where this version of the model is built: `amp_dbt_physical.<model>__<fp12>`. */
  physical: Relation;
  /** Models that must be built before this one (through ephemeral models), by name. */
  dependsOn: string[];
  /** For blocked steps: the unbuilt parent. */
  blockedBy?: string;
  /** For a table rebuilt in place because a model it reads takes in rows in this run: that model. */
  refreshedBy?: string;
}

export type ModelOutcomeStatus = 'success' | 'error' | 'skipped' | 'reused';

export interface ModelOutcome {
  model: string;
  path: string;
  action: ModelAction;
  status: ModelOutcomeStatus;
  materialized: string;
  fingerprint: string;
  physical: string;
  /** Rows the model holds (tables) or added (incremental runs); null for views. */
  rows: number | null;
  durationMs: number;
  error: string | null;
  /**
   * Set (status `reused`, action `build`) when the run was to build this version but another run built it
   * meanwhile (two environments deploying the same new version at once): its CREATE found that run's relation.
   */
  builtMeanwhile?: true;
  /** How an incremental run altered the model's table for its rows (on_schema_change), when it did. */
  altered?: TableAlteration;
}

/** Columns an incremental run added (`name TYPE`), dropped (names) and retyped (`name FROM to TO`). */
export interface TableAlteration {
  added: string[];
  dropped: string[];
  retyped: string[];
}

/** What a run reports as it goes (a progress bar or plain lines). */
export interface RunProgress {
  started(step: RunStep): void;
  finished(outcome: ModelOutcome): void;
}
