/** How one column of a seed file is read and stored. */
export interface SeedColumn {
  /** As the file's header (or Parquet schema) names it. */
  name: string;
  /** The DuckDB type it is read as: declared, or inferred by DuckDB (VARCHAR for hex read as binary). */
  readType: string;
  /** Written in the file as `0x`-prefixed hex, stored as binary. */
  fromHex: boolean;
  /** The column's type in the target warehouse. */
  targetType: string;
  /** The declared data type, when there is one. */
  declared?: string;
}
