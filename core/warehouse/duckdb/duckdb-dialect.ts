import type { DeclaredType } from '../declared-type.js';
import { makeDialect } from '../make-dialect.js';
import type { LiteralSpelling } from '../sql-literal.js';
import type { SqlDialect } from '../warehouse-adapter.js';

/** DuckDB's widest DECIMAL; wider declared decimals (Decimal256) are narrowed to it. */
const MAX_DECIMAL_PRECISION = 38;

const spelling: LiteralSpelling = {
  bytes: (hex) => `from_hex('${hex}')`,
  list: (items) => `[${items.join(', ')}]`,
};

/**
 * DuckDB's column type for a declared type, spelled as DuckDB reports it back (information_schema,
 * result types), so a declared column and the built one compare equal. Unsigned Arrow integers keep
 * DuckDB's unsigned types; timestamps are microsecond TIMESTAMP / TIMESTAMP WITH TIME ZONE whatever
 * the declared unit (finer units lose digits below the microsecond, like PostgreSQL).
 */
export function duckdbColumnType(declared: DeclaredType): string {
  switch (declared.kind) {
    case 'integer': {
      const name = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT', 128: 'HUGEINT' }[declared.bits];
      return declared.signed ? name : `U${name}`;
    }
    case 'float': return declared.bits === 32 ? 'FLOAT' : 'DOUBLE';
    case 'boolean': return 'BOOLEAN';
    case 'string': return 'VARCHAR';
    case 'binary': return 'BLOB';
    case 'decimal': {
      if (declared.precision === null) return 'DECIMAL(18,3)';
      const precision = Math.min(declared.precision, MAX_DECIMAL_PRECISION);
      return `DECIMAL(${precision},${Math.min(declared.scale, precision)})`;
    }
    case 'timestamp': return declared.withZone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP';
    case 'date': return 'DATE';
    case 'time': return 'TIME';
    case 'interval': return 'INTERVAL';
    case 'uuid': return 'UUID';
    case 'json': return 'JSON';
    case 'list': return `${duckdbColumnType(declared.element)}[]`;
  }
}

/** How SQL is spelled on DuckDB. */
/** DuckDB's CREATE OR REPLACE VIEW takes any new column list. */
export const duckdbDialect: SqlDialect = makeDialect(duckdbColumnType, spelling, (view, query) => `CREATE OR REPLACE VIEW ${view} AS ${query}`);
