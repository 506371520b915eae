/** A physical relation prune drops (or, on a dry run, would drop). */
export interface PrunedRelation {
  /** `amp_dbt_physical.<model>__<fp12>`. */
  relation: string;
  /** Its name in the physical schema. */
  name: string;
  kind: 'table' | 'view';
  /** The model it is a version of, when a manifest prune read names it (null: a model no longer there). */
  model: string | null;
  /** An incremental model's table: the rows its runs added are gone with it. */
  incremental: boolean;
}

/** A commit an environment pointed at, whose versions prune cannot keep: it has no recorded manifest. */
export interface UnrecordedCommit {
  environment: string;
  commit: string;
}

/** What prune decided, from the state database and the warehouse (planPrune: no IO). */
export interface PrunePlan {
  physicalSchema: string;
  /** In drop order: views before what they read, then tables. */
  drop: PrunedRelation[];
  /** How many relations of the physical schema are kept (in use, or not named as amp-dbt names versions). */
  kept: number;
  /** Relations of the physical schema not named `<model>__<fp12>`: not amp-dbt's, never dropped. */
  foreign: string[];
  /** How many earlier commits of each environment were kept (--keep-history). */
  keepHistory: number;
  /** Environments whose current commit has no manifest (prune refuses unless told to go on). */
  unrecorded: UnrecordedCommit[];
  /** Earlier commits (within --keep-history) with no manifest: their versions are kept only if a view reads them. */
  unrecordedHistory: UnrecordedCommit[];
}

/** What a prune did. */
export interface PruneReport extends PrunePlan {
  dryRun: boolean;
  /** Dropped (or, on a dry run, to be dropped). */
  dropped: PrunedRelation[];
  /** Drops the warehouse refused (a view of someone's made since prune looked, say), with its error. */
  failed: Array<PrunedRelation & { error: string }>;
}
