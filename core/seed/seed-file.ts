/** One seed file and where it is loaded. */
export interface SeedFile {
  /** Relative to the project root (posix): `seeds/eth_firehose/logs.csv`. */
  path: string;
  absolutePath: string;
  /** The file name without its extension: what --select matches. */
  name: string;
  format: 'csv' | 'parquet';
  schema: string;
  identifier: string;
  /** `source.table` when the file fills a declared source table. */
  source?: string;
  /**
   * Declared column types (column name -> data type as written: `UInt64`, `FixedSizeBinary(32)`, `bigint`):
   * the source table's declared columns and the seed's `column_types`. Other columns are inferred.
   */
  declared: Map<string, string>;
}

/** What loading one seed did. */
export interface SeedResult {
  seed: SeedFile;
  /** `"schema"."table"` as the warehouse spells it. */
  relation: string;
  status: 'ok' | 'error';
  rows: number | null;
  error?: { file: string; line: number; column: number; code: string; message: string; hint: string | null };
  ms: number;
}
