import type pg from 'pg';
import { quoteIdentifier } from '../quote-identifier.js';
import type { ColumnInfo, RelationInfo } from '../warehouse-adapter.js';

/** What a schema holds, read from pg_catalog (information_schema hides objects the user does not own). */

const RELATIONS_SQL = `
  SELECT c.relname AS name, c.relkind IN ('v', 'm') AS is_view,
         CASE WHEN c.relkind IN ('v', 'm') THEN pg_get_viewdef(c.oid) END AS definition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'f', 'v', 'm')`;

const VIEWS_SQL = `
  SELECT n.nspname AS schema, c.relname AS name, pg_get_viewdef(c.oid) AS definition
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
   WHERE c.relkind IN ('v', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg\\_%'`;

const COLUMNS_SQL = `
  SELECT a.attname AS name, upper(format_type(a.atttypid, a.atttypmod)) AS type
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
   WHERE n.nspname = $1 AND c.relname = $2 AND c.relkind IN ('r', 'p', 'f', 'v', 'm')
   ORDER BY a.attnum`;

/** Tables (also partitioned and foreign) and views (also materialized) of `schema`, sorted by name. */
export async function postgresRelations(client: pg.PoolClient, schema: string): Promise<RelationInfo[]> {
  const result = await client.query<{ name: string; is_view: boolean; definition: string | null }>(RELATIONS_SQL, [schema]);
  return result.rows
    .map((row): RelationInfo => ({
      schema,
      name: row.name,
      kind: row.is_view ? 'view' : 'table',
      ...(row.is_view ? { definition: row.definition ?? '' } : {}),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every view (also materialized) outside the system schemas, with its definition. */
export async function postgresViews(client: pg.PoolClient): Promise<RelationInfo[]> {
  const result = await client.query<{ schema: string; name: string; definition: string | null }>(VIEWS_SQL);
  return result.rows.map((row) => ({ schema: row.schema, name: row.name, kind: 'view' as const, definition: row.definition ?? '' }));
}

/** Columns in order with format_type() names in upper case, or null when there is no such relation. */
export async function postgresColumns(client: pg.PoolClient, schema: string, name: string): Promise<ColumnInfo[] | null> {
  const result = await client.query<{ name: string | null; type: string | null }>(COLUMNS_SQL, [schema, name]);
  if (result.rows.length === 0) return null;
  return result.rows.filter((row) => row.name !== null).map((row) => ({ name: row.name!, type: row.type! }));
}

/**
 * CREATE SCHEMA IF NOT EXISTS. Two sessions creating the same schema at once can make the later one fail
 * on pg_namespace's unique index; the schema exists then, which is all that was asked.
 */
export async function ensurePostgresSchema(client: pg.PoolClient, schema: string): Promise<void> {
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`);
  } catch (error) {
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]).then((r) => r.rowCount === 1, () => false);
    if (!exists) throw error;
  }
}
