/**
 * A derived-dataset manifest as Amp's manifest schema (shared/amp/derived.spec.json) defines it: the
 * datasets it reads (`dependencies`, alias -> `namespace/name@version`), its tables (SQL over
 * `alias.table` and the Arrow schema of the result) and user-defined functions (amp-dbt defines none).
 */
export type DerivedManifest = {
  kind: 'manifest';
  dependencies: Record<string, string>;
  tables: Record<string, ManifestTable>;
  functions: Record<string, never>;
};

export type ManifestTable = {
  input: { sql: string };
  schema: { arrow: { fields: ArrowField[] } };
};

/** One column: its name, Arrow data type (`UInt64`, `Utf8`, `Timestamp(Nanosecond, Some("+00:00"))`) and nullability. */
export type ArrowField = {
  name: string;
  type: string;
  nullable: boolean;
};

/** What a model registers as, before its schema is known (POST /schema gives it). */
export interface ManifestDraft {
  /** The model (also the dataset name and its one table). */
  model: string;
  namespace: string;
  /** The version of the model's fingerprint, `0.0.0-fp<12 hex>`. */
  version: string;
  fingerprint: string;
  dependencies: Record<string, string>;
  /** Registered models it reads (each also a dependency). */
  parents: string[];
  sql: string;
}
