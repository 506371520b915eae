import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdentifier } from '../quote-identifier.js';
import type { ColumnInfo, RelationInfo } from '../warehouse-adapter.js';
import { guarded } from './duckdb-run.js';

/** What is in the open database file (not attached or temporary ones), read from DuckDB's own catalog. */

const RELATIONS_SQL = `
  SELECT table_name AS name, 'table' AS kind, NULL AS definition
    FROM duckdb_tables() WHERE database_name = current_database() AND schema_name = $1
  UNION ALL
  SELECT view_name, 'view', sql
    FROM duckdb_views() WHERE database_name = current_database() AND schema_name = $1 AND NOT internal`;

const VIEWS_SQL = `
  SELECT schema_name, view_name, sql FROM duckdb_views() WHERE database_name = current_database() AND NOT internal`;

const COLUMNS_SQL = `
  SELECT column_name, data_type FROM information_schema.columns
   WHERE table_catalog = current_database() AND table_schema = $1 AND table_name = $2
   ORDER BY ordinal_position`;

const SCHEMA_SQL = `SELECT 1 FROM duckdb_schemas() WHERE database_name = current_database() AND schema_name = $1`;

/** Tables and views of `schema` sorted by name; a view's definition is its CREATE VIEW statement. */
export async function duckdbRelations(connection: DuckDBConnection, schema: string): Promise<RelationInfo[]> {
  const reader = await guarded(() => connection.runAndReadAll(RELATIONS_SQL, [schema]));
  return reader.getRowObjectsJS()
    .map((row): RelationInfo => ({
      schema,
      name: String(row.name),
      kind: row.kind === 'view' ? 'view' : 'table',
      ...(row.kind === 'view' ? { definition: String(row.definition) } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every view of the open database file with its CREATE VIEW statement. */
export async function duckdbViews(connection: DuckDBConnection): Promise<RelationInfo[]> {
  const reader = await guarded(() => connection.runAndReadAll(VIEWS_SQL));
  return reader.getRowsJS().map(([schema, name, sql]) => ({ schema: String(schema), name: String(name), kind: 'view' as const, definition: String(sql) }));
}

/** Columns in order with DuckDB's type names, or null when the relation does not exist. */
export async function duckdbColumns(connection: DuckDBConnection, schema: string, name: string): Promise<ColumnInfo[] | null> {
  const reader = await guarded(() => connection.runAndReadAll(COLUMNS_SQL, [schema, name]));
  const columns = reader.getRowsJS().map(([column, type]) => ({ name: String(column), type: String(type) }));
  return columns.length > 0 ? columns : null;
}

/**
 * CREATE SCHEMA IF NOT EXISTS. Two connections creating the same schema at once make DuckDB report a
 * write-write conflict to the later one; once the other commits, the schema exists, which is all that was
 * asked: the statement is tried again a few times (the other's commit may still be under way).
 */
export async function ensureDuckDBSchema(connection: DuckDBConnection, schema: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await guarded(() => connection.run(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`));
      return;
    } catch (error) {
      const exists = await connection.runAndReadAll(SCHEMA_SQL, [schema]).then((r) => r.currentRowCount > 0, () => false);
      if (exists) return;
      if (attempt >= 5 || !/write-write conflict/i.test(error instanceof Error ? error.message : '')) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
}
