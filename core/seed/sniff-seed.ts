import type { QueryValue, WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { SeedFile } from './seed-file.js';
import { SEED_NULL_STRINGS, sqlString } from './seed-read-sql.js';

/** A file's columns with the types DuckDB reads or infers, and for a CSV the reader settings to read it again. */
export interface SniffedSeed {
  columns: { name: string; type: string }[];
  csvOptions: string[];
}

const text = (value: QueryValue | undefined) => (value === null || value === undefined || value === '(empty)' ? '' : String(value));

/**
 * Asks DuckDB once how to read a seed. A CSV is sniffed over the whole file (sample_size = -1), so the
 * inferred types hold for every row; the settings found are kept, since sniffing is most of a read's cost.
 */
export async function sniffSeed(parser: WarehouseAdapter, seed: SeedFile): Promise<SniffedSeed> {
  if (seed.format === 'parquet') {
    const { rows } = await parser.query(`DESCRIBE SELECT * FROM read_parquet(${sqlString(seed.absolutePath)})`);
    return { columns: rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) })), csvOptions: [] };
  }
  const { rows } = await parser.query(`SELECT * FROM sniff_csv(${sqlString(seed.absolutePath)}, header = true, sample_size = -1, ${SEED_NULL_STRINGS})`);
  const sniffed = rows[0] ?? {};
  const columns = (Array.isArray(sniffed.Columns) ? sniffed.Columns : []).map((column) => {
    const { name, type } = column as Record<string, QueryValue>;
    return { name: String(name), type: String(type) };
  });
  const csvOptions = [
    `delim = ${sqlString(text(sniffed.Delimiter))}`, `quote = ${sqlString(text(sniffed.Quote))}`, `escape = ${sqlString(text(sniffed.Escape))}`,
    `new_line = ${sqlString(text(sniffed.NewLineDelimiter))}`, `skip = ${Number(sniffed.SkipRows ?? 0)}`, `comment = ${sqlString(text(sniffed.Comment))}`,
  ];
  if (text(sniffed.DateFormat)) csvOptions.push(`dateformat = ${sqlString(text(sniffed.DateFormat))}`);
  if (text(sniffed.TimestampFormat)) csvOptions.push(`timestampformat = ${sqlString(text(sniffed.TimestampFormat))}`);
  return { columns, csvOptions };
}
