import type { DeclaredType } from '../declared-type.js';
import { makeDialect } from '../make-dialect.js';
import type { LiteralSpelling } from '../sql-literal.js';
import type { SqlDialect } from '../warehouse-adapter.js';

const spelling: LiteralSpelling = {
  bytes: (hex) => `decode('${hex}', 'hex')`,
  list: (items) => `ARRAY[${items.join(', ')}]`,
};

/**
 * PostgreSQL's column type for a declared type, spelled as format_type() reports it (upper case), so a
 * declared column and the built one compare equal. PostgreSQL has no unsigned integers: each unsigned
 * Arrow integer takes the next wider signed type, and UInt64 / 128-bit integers NUMERIC(20,0) / NUMERIC(39,0)
 * (they read back as numbers when safe, like DuckDB's UBIGINT). Decimals keep their precision (up to 1000).
 */
export function postgresColumnType(declared: DeclaredType): string {
  switch (declared.kind) {
    case 'integer': {
      if (declared.bits === 128) return 'NUMERIC(39,0)';
      const bits = declared.signed ? declared.bits : declared.bits * 2;
      return bits <= 16 ? 'SMALLINT' : bits === 32 ? 'INTEGER' : bits === 64 ? 'BIGINT' : 'NUMERIC(20,0)';
    }
    case 'float': return declared.bits === 32 ? 'REAL' : 'DOUBLE PRECISION';
    case 'boolean': return 'BOOLEAN';
    case 'string': return 'TEXT';
    case 'binary': return 'BYTEA';
    case 'decimal': return declared.precision === null ? 'NUMERIC' : `NUMERIC(${declared.precision},${declared.scale})`;
    case 'timestamp': return declared.withZone ? 'TIMESTAMP WITH TIME ZONE' : 'TIMESTAMP WITHOUT TIME ZONE';
    case 'date': return 'DATE';
    case 'time': return 'TIME WITHOUT TIME ZONE';
    case 'interval': return 'INTERVAL';
    case 'uuid': return 'UUID';
    case 'json': return 'JSON';
    case 'list': return `${postgresColumnType(declared.element)}[]`;
  }
}

/** How SQL is spelled on PostgreSQL. */
/** A PL/pgSQL string literal. */
const literal = (sql: string) => `'${sql.replace(/'/g, "''")}'`;

/**
 * PostgreSQL's CREATE OR REPLACE VIEW keeps a view (and the views of others reading it) when the new query
 * gives its columns, in order, of the same types, and maybe more after them; otherwise it refuses
 * (invalid_table_definition), and the view is dropped and created instead, in the same statement (a DO
 * block), which a view reading it still stops (dependent_objects_still_exist, reported as such by the caller).
 */
function replacePostgresView(view: string, query: string): string {
  const tag = '$amp_dbt_replace_view$';
  const body = `BEGIN EXECUTE ${literal(`CREATE OR REPLACE VIEW ${view} AS ${query}`)}; `
    + `EXCEPTION WHEN invalid_table_definition THEN EXECUTE ${literal(`DROP VIEW ${view}`)}; EXECUTE ${literal(`CREATE VIEW ${view} AS ${query}`)}; END`;
  return `DO ${tag} ${body} ${tag}`;
}

export const postgresDialect: SqlDialect = makeDialect(postgresColumnType, spelling, replacePostgresView);
