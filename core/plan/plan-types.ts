import type { ChangeReason } from '../diff/diff-types.js';

/**
 * Model versions built somewhere, keyed by `builtKey(model, fingerprint)` (a version is a model at a
 * fingerprint: two models with the same SQL share a fingerprint, not a relation), each with the
 * environments holding it. Until runs are recorded, "built" means: in the manifest of the commit an
 * environment points at (see `collectBuiltFingerprints`).
 */
export type BuiltFingerprints = ReadonlyMap<string, readonly string[]>;

export const builtKey = (model: string, fingerprint: string) => `${model}\u0000${fingerprint}`;

/** A model of the new manifest and what a run would do with it. */
export interface PlannedModel {
  name: string;
  path: string;
  materialized: string;
  fingerprint: string;
  /** Where this version of the model lives on a SQL warehouse (DESIGN section 5). */
  physical: string;
  /** Against the environment's current manifest. */
  change: 'added' | 'modified' | 'formatting-only' | 'metadata-only' | 'unchanged';
  reasons: ChangeReason[];
  /** Environments already holding this fingerprint (empty for models to build), sorted. */
  builtIn: string[];
  /**
   * A reused table a run rebuilds in place (its version kept) when this model it reads, directly or through
   * views, takes in rows: an incremental model, or a table rebuilt so (as `run` decides: planRun).
   */
  refreshedBy?: string;
}

/** A model of the environment's current manifest that the new one no longer has. */
export interface DroppedModel {
  name: string;
  path: string;
  fingerprint: string;
  physical: string;
}

export interface EnvironmentPlan {
  /** Fingerprints built nowhere yet, in dependency order: a run builds these. */
  build: PlannedModel[];
  /** Fingerprints already built (in this environment or another): a run points views at them. */
  reuse: PlannedModel[];
  /** Models the environment has now and the new manifest does not, by name. */
  drop: DroppedModel[];
  /** Ephemeral models: inlined into their children, never built. */
  ephemeral: string[];
  summary: {
    build: number;
    reuse: number;
    /** Reused models the environment already holds at the same fingerprint (nothing to do). */
    unchanged: number;
    drop: number;
  };
}
