import { quoteIdentifier } from '../warehouse/quote-identifier.js';
import type { SeedColumn } from './seed-column.js';
import type { SeedFile } from './seed-file.js';

export const sqlString = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** Field values a seed reads as NULL, as dbt (agate) does: empty, and `null` in any common case. */
export const SEED_NULL_STRINGS = `nullstr = ['', 'null', 'Null', 'NULL']`;

/** The pattern a binary value must match in a seed file. */
export const HEX_PATTERN = '0[xX]([0-9a-fA-F]{2})*';

/** How a seed is read: for a CSV, the reader settings DuckDB's sniffer found once (delimiter, quote...). */
export interface SeedPlan {
  columns: SeedColumn[];
  /** `delim = ','`, `quote = ''`...: read_csv arguments, so later reads skip the (slow) sniffing. */
  csvOptions: string[];
}

/** DuckDB's CSV reader with sniffed settings and every column's type given: no detection, one pass. */
export function csvScan(path: string, csvOptions: readonly string[], types: ReadonlyMap<string, string>): string {
  const columns = [...types].map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(', ');
  return `read_csv(${[sqlString(path), 'header = true', 'auto_detect = false', ...csvOptions, SEED_NULL_STRINGS, `columns = {${columns}}`].join(', ')})`;
}

/** The typed rows of a seed, as DuckDB reads them: hex columns become BLOB, declared Parquet columns are cast. */
export function seedSelectSql(seed: SeedFile, plan: SeedPlan): string {
  const { columns } = plan;
  const scan = seed.format === 'csv'
    ? csvScan(seed.absolutePath, plan.csvOptions, new Map(columns.map((c) => [c.name, c.fromHex ? 'VARCHAR' : c.readType])))
    : `read_parquet(${sqlString(seed.absolutePath)})`;
  const exprs = columns.map((column) => {
    const name = quoteIdentifier(column.name);
    if (column.fromHex) return `from_hex(substr(${name}, 3)) AS ${name}`;
    return seed.format === 'parquet' && column.declared ? `CAST(${name} AS ${column.readType}) AS ${name}` : name;
  });
  return `SELECT ${exprs.join(', ')} FROM ${scan}`;
}
