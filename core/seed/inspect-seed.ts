import { parseDeclaredType } from '../warehouse/declared-type.js';
import { quoteIdentifier } from '../warehouse/quote-identifier.js';
import type { WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import type { SeedColumn } from './seed-column.js';
import { SeedError } from './seed-error.js';
import type { SeedFile } from './seed-file.js';
import { checkCsvShape } from './check-csv-shape.js';
import { seedParseError } from './seed-parse-error.js';
import { csvScan, HEX_PATTERN, sqlString, type SeedPlan } from './seed-read-sql.js';
import { sniffSeed, type SniffedSeed } from './sniff-seed.js';

/** Declared columns matched to the file's columns (case-insensitively); a declared column the file lacks is an error. */
function matchDeclared(seed: SeedFile, columns: SniffedSeed['columns']): Map<string, string> {
  const byLower = new Map(columns.map((c) => [c.name.toLowerCase(), c.name]));
  const out = new Map<string, string>();
  for (const [name, type] of seed.declared) {
    const found = byLower.get(name.toLowerCase());
    if (found === undefined) {
      throw new SeedError('missing-column', `${seed.path} has no column '${name}', which ${seed.source ? `source table ${seed.source}` : `seed ${seed.name}`} declares (${type})`, {
        location: { file: seed.path, line: 1, column: 1 },
        hint: `the file's columns are: ${columns.map((c) => c.name).join(', ')}; add '${name}' to the header, or remove it from the declaration`,
      });
    }
    out.set(found, type);
  }
  return out;
}

type HexScan = Map<string, { count: number; firstBad: number | null }>;

/** Aggregates over a CSV read as text (every column VARCHAR, rows numbered from 1 as `__amp_dbt_row`): one pass over the file. */
async function aggregateText(parser: WarehouseAdapter, seed: SeedFile, sniffed: SniffedSeed, exprs: readonly string[]): Promise<Record<string, unknown>> {
  if (exprs.length === 0) return {};
  const text = csvScan(seed.absolutePath, sniffed.csvOptions, new Map(sniffed.columns.map((c) => [c.name, 'VARCHAR'])));
  return (await parser.query(`SELECT ${exprs.join(', ')} FROM (SELECT row_number() OVER () AS __amp_dbt_row, * FROM ${text})`)).rows[0] ?? {};
}

/**
 * For CSV columns that may hold binary: how many values they have and the first row (1-based, in file
 * order) that is not 0x-prefixed hex.
 */
const hexExprs = (names: readonly string[]) => names.flatMap((name, i) => {
  const column = quoteIdentifier(name);
  return [`count(${column}) AS n${i}`, `min(CASE WHEN NOT regexp_full_match(${column}, ${sqlString(HEX_PATTERN)}) THEN __amp_dbt_row END) AS b${i}`];
});

function hexScanOf(row: Record<string, unknown>, names: readonly string[]): HexScan {
  return new Map(names.map((name, i) => [name, { count: Number(row[`n${i}`] ?? 0), firstBad: row[`b${i}`] == null ? null : Number(row[`b${i}`]) }]));
}

/** The most digits a DECIMAL holds exactly (DuckDB's and PostgreSQL's NUMERIC(38, 0)). */
const DECIMAL_DIGITS = 38;

/**
 * For CSV columns DuckDB read as DOUBLE (its sniffer has no integer type past BIGINT): whether they hold only
 * whole numbers, and the most digits any of them has. A DOUBLE would lose their low digits
 * (18446744073709551615, a token amount in wei), so they are loaded exactly instead.
 */
const wholeNumberExprs = (names: readonly string[]) => names.flatMap((name, i) => {
  const column = quoteIdentifier(name);
  return [`bool_and(regexp_full_match(trim(${column}), '[+-]?[0-9]+')) AS w${i}`, `max(length(ltrim(trim(${column}), '+-'))) AS d${i}`];
});

function wholeNumbersOf(row: Record<string, unknown>, names: readonly string[]): Map<string, number> {
  return new Map(names.flatMap((name, i) => (row[`w${i}`] === true ? [[name, Number(row[`d${i}`] ?? 0)] as const] : [])));
}

export interface InspectOptions {
  /** The DuckDB that reads the file: the target itself, or an in-memory one. */
  parser: WarehouseAdapter;
  /** The warehouse the seed is loaded into (its dialect gives column types). */
  target: WarehouseAdapter;
  warn(message: string): void;
}

/** The target's type for a type DuckDB inferred: itself on DuckDB, else the target's equivalent (text when it has none). */
function inferredTargetType(target: WarehouseAdapter, duckType: string): string {
  return target.type === 'duckdb' ? duckType : target.dialect.columnType(duckType) ?? target.dialect.columnType('text') ?? 'TEXT';
}

/** Which columns hold hex to store as binary; a declared binary column holding anything else is an error at its line. */
function hexColumns(seed: SeedFile, sniffed: SniffedSeed, declared: Map<string, string>, isBinary: (name: string) => boolean, hex: HexScan): Set<string> {
  const out = new Set<string>();
  for (const column of sniffed.columns) {
    const scan = hex.get(column.name);
    if (seed.format === 'parquet') {
      if (isBinary(column.name) && column.type === 'VARCHAR') out.add(column.name);
    } else if (isBinary(column.name) && scan?.firstBad != null) {
      throw new SeedError('invalid-binary', `${seed.path}: column '${column.name}' is declared ${declared.get(column.name)}, but row ${scan.firstBad} holds something other than 0x-prefixed hex`, {
        location: { file: seed.path, line: scan.firstBad + 1, column: 1 }, hint: 'write binary values as 0x followed by an even number of hex digits (empty for NULL)',
      });
    } else if (isBinary(column.name) || (scan && scan.count > 0 && scan.firstBad === null)) out.add(column.name);
  }
  return out;
}

/**
 * How to read and store each column of a seed: declared columns take their declared type; in a CSV, a
 * column that is declared binary, or undeclared and holding only 0x-prefixed hex, is read as hex into
 * binary; other columns take the type DuckDB infers from the whole file.
 */
export async function inspectSeed(seed: SeedFile, options: InspectOptions): Promise<SeedPlan> {
  const { parser, target } = options;
  try {
    if (seed.format === 'csv') checkCsvShape(seed);
    const sniffed = await sniffSeed(parser, seed);
    const declared = matchDeclared(seed, sniffed.columns);
    for (const [name, type] of declared) {
      if (parser.dialect.columnType(type) !== undefined) continue;
      options.warn(`${seed.path}: column '${name}' is declared as '${type}', a type amp-dbt does not know; its type is inferred`);
      declared.delete(name);
    }
    const isBinary = (name: string) => declared.has(name) && parseDeclaredType(declared.get(name)!)?.kind === 'binary';
    const csv = seed.format === 'csv';
    const mayBeHex = csv ? sniffed.columns.filter((c) => !declared.has(c.name) || isBinary(c.name)).map((c) => c.name) : [];
    const doubles = csv ? sniffed.columns.filter((c) => c.type === 'DOUBLE' || c.type === 'FLOAT').map((c) => c.name) : [];
    // Hex and whole numbers are both found in one pass over the file's text (their aliases differ: n, b and w, d).
    const row = await aggregateText(parser, seed, sniffed, [...hexExprs(mayBeHex), ...wholeNumberExprs(doubles)]);
    const fromHex = hexColumns(seed, sniffed, declared, isBinary, hexScanOf(row, mayBeHex));
    for (const [name, digits] of wholeNumbersOf(row, doubles)) {
      if (declared.has(name)) continue;
      if (digits <= DECIMAL_DIGITS) declared.set(name, `DECIMAL(${DECIMAL_DIGITS}, 0)`);
      else {
        declared.set(name, 'VARCHAR');
        options.warn(`${seed.path}: column '${name}' holds whole numbers of up to ${digits} digits, more than a number type holds exactly; it is loaded as text (declare its type in column_types to choose another)`);
      }
    }
    const columns = sniffed.columns.map((column): SeedColumn => {
      const type = declared.get(column.name);
      const binary = fromHex.has(column.name) || isBinary(column.name);
      return {
        name: column.name,
        readType: binary ? 'BLOB' : type !== undefined ? parser.dialect.columnType(type)! : column.type,
        fromHex: fromHex.has(column.name),
        targetType: type !== undefined ? target.dialect.columnType(type)! : binary ? target.dialect.columnType('binary')! : inferredTargetType(target, column.type),
        ...(type !== undefined ? { declared: type } : {}),
      };
    });
    return { columns, csvOptions: sniffed.csvOptions };
  } catch (error) {
    throw seedParseError(seed, error);
  }
}
