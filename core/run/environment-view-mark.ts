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

/** How a view is named in the sets isEnvironmentView takes: its schema and name. */
export function viewKey(schema: string, name: string): string {
  return `${schema}\u0000${name}`;
}

/**
 * Whether a relation is a view amp-dbt made in an environment: it selects from one relation of the physical
 * schema and nothing else, as `amp_dbt_view`; or without an alias (as amp-dbt made them before the alias)
 * when it is where a model's view is (`modelViews`, viewKey of each: the models of the environments the
 * state database knows). Text alone cannot tell such a view from someone's `select * from <physical>.<t>`
 * (PostgreSQL even spells out the `*`), its place can. A view someone wrote over the physical schema (a
 * join, a filter, another alias, or no alias under a name no model has) is never taken for one, so it is
 * never dropped or replaced.
 */
export function isEnvironmentView(relation: RelationInfo, physicalSchema: string, modelViews: ReadonlySet<string>): boolean {
  if (relation.kind !== 'view') return false;
  const definition = relation.definition ?? '';
  const froms = [...definition.matchAll(/\bfrom\b/gi)];
  if (froms.length !== 1) return false;
  const read = definition.slice(froms[0].index + 4).replace(/;\s*$/, '').trim();
  const source = read.replace(new RegExp(`\\s+(?:as\\s+)?(?:${VIEW_ALIAS}|"${VIEW_ALIAS}")$`, 'i'), '');
  const unquoted = source.replace(/"(?:[^"]|"")*"/g, 'q');
  if (/[\s(),]/.test(unquoted) || physicalReferences(source, physicalSchema).length !== 1) return false;
  return source !== read || modelViews.has(viewKey(relation.schema, relation.name));
}
