import { physicalReferences } from '../drift/physical-reference.js';
import type { RelationInfo, SqlDialect } from '../warehouse/warehouse-adapter.js';

/**
 * The alias of the physical relation in every environment view amp-dbt makes. DuckDB and PostgreSQL keep
 * it in the view's text (comments are dropped there), and it costs no statement of its own.
 */
const VIEW_ALIAS = 'amp_dbt_view';

/** The query of an environment view over a physical relation. */
function environmentViewQuery(dialect: SqlDialect, physicalSchema: string, physicalName: string): string {
  return `SELECT * FROM ${dialect.relation(physicalSchema, physicalName)} AS ${VIEW_ALIAS}`;
}

/** The statement making an environment view over a physical relation. */
export function createEnvironmentView(dialect: SqlDialect, view: string, physicalSchema: string, physicalName: string): string {
  return `CREATE VIEW ${view} AS ${environmentViewQuery(dialect, physicalSchema, physicalName)}`;
}

/** The statement pointing an existing environment view at another physical relation (SqlDialect.replaceView). */
export function replaceEnvironmentView(dialect: SqlDialect, view: string, physicalSchema: string, physicalName: string): string {
  return dialect.replaceView(view, environmentViewQuery(dialect, physicalSchema, physicalName));
}

/**
 * Whether a relation is a view amp-dbt made in an environment: it selects from one relation of the physical
 * schema and nothing else, as `amp_dbt_view` (or without an alias, as amp-dbt made them before). A view
 * someone wrote over the physical schema (a join, a filter, another alias) is never taken for one, so it
 * is never dropped or replaced.
 */
export function isEnvironmentView(relation: RelationInfo, physicalSchema: string): boolean {
  if (relation.kind !== 'view') return false;
  const definition = relation.definition ?? '';
  const froms = [...definition.matchAll(/\bfrom\b/gi)];
  if (froms.length !== 1) return false;
  const source = definition.slice(froms[0].index + 4).replace(/;\s*$/, '').trim()
    .replace(new RegExp(`\\s+(?:as\\s+)?(?:${VIEW_ALIAS}|"${VIEW_ALIAS}")$`, 'i'), '');
  const unquoted = source.replace(/"(?:[^"]|"")*"/g, 'q');
  return !/[\s(),]/.test(unquoted) && physicalReferences(source, physicalSchema).length === 1;
}
