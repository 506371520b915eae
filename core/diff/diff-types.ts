import type { ComparedSql } from './compared-sql.js';
/** What changed between two manifests (two commits or environments), model by model. */

/**
 * How a model differs between base and head:
 * - `added` / `removed`: only in head / only in base;
 * - `modified`: its data fingerprint differs (the data it produces changes);
 * - `formatting-only`: its compiled SQL text or file changed but the fingerprint did not (comments, whitespace);
 * - `metadata-only`: the fingerprint and SQL are the same but descriptive config, declared columns or its path changed.
 */
export type ChangeKind = 'added' | 'removed' | 'modified' | 'formatting-only' | 'metadata-only';

/**
 * Why a model changed:
 * - `body`: its own file changed (blob id differs) and so did its SQL;
 * - `config`: its config differs;
 * - `macro`: its file is unchanged but its SQL changed and a macro file changed;
 * - `var`: a var it uses has a different value;
 * - `seed`: its SQL and config are unchanged, and a seed it reads changed (the seed file's content, its
 *   declared column types or its table);
 * - `upstream`: a parent's fingerprint changed;
 * - `columns`: its declared columns differ; `path`: the file moved;
 * - `other`: the fingerprint changed for none of these (e.g. a source's relation or the target changed).
 */
export type ChangeReason = 'body' | 'config' | 'macro' | 'var' | 'seed' | 'upstream' | 'columns' | 'path' | 'other';

export interface ValueChange {
  /** A config key or a var name. */
  name: string;
  /** undefined when absent on that side (JSON leaves it out). */
  base: unknown;
  head: unknown;
}

/** A unified diff of the readable compiled SQL (references shown as model names). */
export interface SqlDiff {
  /** `--- a/<path>` / `+++ b/<path>` headers and hunks; ends with a newline. */
  text: string;
  added: number;
  removed: number;
}

export interface ModelDiff {
  name: string;
  change: ChangeKind;
  /** Empty for added and removed models. */
  reasons: ChangeReason[];
  /** The head path (the base path for a removed model). */
  path: string;
  /** The base path when the file moved. */
  basePath?: string;
  /** With the `columns` reason: the declared columns added, removed or changed, sorted. */
  columnChanges?: string[];
  materialized: string;
  fingerprint: { base: string | null; head: string | null };
  /** Parents whose fingerprint changed (or that are new), sorted. */
  changedParents: string[];
  configChanges: ValueChange[];
  varChanges: ValueChange[];
  /** Changed macro files, when `macro` is a reason. */
  macroFiles: string[];
  /** With the `seed` reason: the seeds the model reads (one of them changed), sorted. */
  seeds?: string[];
  /** Null when the SQL text is the same on both sides. */
  sqlDiff: SqlDiff | null;
}

export interface MacroFileChange {
  path: string;
  change: 'added' | 'removed' | 'modified';
}

export interface DiffSummary {
  added: number;
  removed: number;
  modified: number;
  formattingOnly: number;
  metadataOnly: number;
  /** Length of `affected`. */
  affected: number;
  /** Models in head (or base, when removed) that did not change. */
  unchanged: number;
  /** Changed models that `--select` / `--exclude` leave out of the report (0 without a selection). */
  notSelected: number;
}

export interface ManifestDiff {
  base: { commit: string; projectName: string; models: number };
  head: { commit: string; projectName: string; models: number };
  summary: DiffSummary;
  /** Changed models: head's dependency order, then removed models by name. */
  models: ModelDiff[];
  /**
   * The affected subgraph: every reported model plus everything downstream of an added or modified one (in
   * head), in the same order. Downstream models are `modified` with reason `upstream`; with a selection,
   * downstream models outside it are listed here but not in `models`.
   */
  affected: string[];
  /**
   * The affected subgraph as a mermaid flowchart (classes: added, removed, modified, downstream, formatting);
   * null when it is too large for mermaid to draw (over 500 edges or 40,000 characters: GitHub's mermaid
   * refuses 500 edges or 50,000 characters). `affected` lists the models either way.
   */
  mermaid: string | null;
  /** Only the models changed directly (not downstream-only): for when the affected subgraph is too large to draw; null when this is too. */
  mermaidChanged: string | null;
  macros: MacroFileChange[];
  vars: ValueChange[];
  /** Selectors that matched nothing. */
  warnings: string[];
}

export interface DiffOptions {
  /** dbt selectors; `state:modified` (added or modified) and `state:new` (added) refer to this diff. */
  select?: string[];
  exclude?: string[];
  /** Compute the SQL diffs (default true); planning only needs the kinds and reasons. */
  sqlDiffs?: boolean;
  /** SQL text of models that do not carry theirs, by definition id (loadComparedSql). */
  sql?: ComparedSql;
  /** Seeds the selectors name, and the models reading them (manifestSeedReaders): `countries+` selects those. */
  seedReaders?: ReadonlyMap<string, readonly string[]>;
  /**
   * Why the side an older compiler recorded could not be recorded again (so the revision warning does not suggest
   * recording it): the clone lacks the commit, or it no longer compiles.
   */
  olderKeptBecause?: string;
}
