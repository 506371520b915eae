import type { ColumnProperties, ModelConfig } from '../project/project-types.js';

/** A model after rendering: its canonical SQL (references as placeholders) and its edges. */
export interface RenderedModel {
  name: string;
  path: string;
  syntax: 'jinja' | 'pragma';
  /** Final config: folder configs < property file < the model's own config. */
  config: ModelConfig;
  materialized: string;
  tags: string[];
  /** Internal models this model reads, sorted, unique. */
  refs: string[];
  /** `source.table` names this model reads, sorted, unique. */
  sources: string[];
  /** Amp datasets this model reads: alias -> `namespace/name@version`. */
  datasets: Record<string, string>;
  /** Canonical SQL as a full refresh renders it. */
  canonicalSql: string;
  /** Canonical SQL with is_incremental() true (incremental models only). */
  incrementalSql?: string;
  usedMacros: string[];
  usedVars: string[];
  /** Where each ref / import is written, for errors about it. */
  refLocations: Record<string, { file: string; line: number; column: number }>;
  description?: string;
  columns: ColumnProperties[];
}

/** A rendered model with its data fingerprint. */
export interface CompiledModel extends RenderedModel {
  /** What the model itself contributes to the fingerprint (see contentHash). */
  contentHash: string;
  fingerprint: string;
}
