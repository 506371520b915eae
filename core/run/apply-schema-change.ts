import type { RelationInfo, WarehouseAdapter, WarehouseSession } from '../warehouse/warehouse-adapter.js';
import { physicalReferences } from '../drift/physical-reference.js';
import { createEnvironmentView, isEnvironmentView, replaceEnvironmentView, viewKey } from './environment-view-mark.js';
import type { DependentView } from './dependent-views.js';
import type { SchemaChangePlan } from './plan-schema-change.js';
import { RunError } from './run-error.js';
import type { Relation } from './run-types.js';

/** The views made again when a relation is altered in place (viewsToRemake). */
export interface ViewsOver {
  /** amp-dbt's environment views (of every environment) over the relation. */
  environment: RelationInfo[];
  /** The built view versions of models reading it (dependentViews), parents first, each with the environment views over it. */
  dependents: { view: DependentView; environment: RelationInfo[] }[];
}

/**
 * The views to make again once a physical relation is altered: the environment views (of every
 * environment) reading it, and the built view versions of `dependents` (models materialized as views
 * reading it, from the manifest's graph) with the environment views reading those. `modelViews`: where
 * the environments' views of the model and of `dependents` are (modelViewKeys), how views amp-dbt made
 * before they had the `amp_dbt_view` alias are known (isEnvironmentView); any other view over them is
 * someone else's, left as it is. PostgreSQL expands a view's `SELECT *` when it is made, so a column
 * added later does not show until then (and one it shows cannot be dropped or retyped); DuckDB's views
 * read the columns as they are at each query, but its catalog (information_schema) keeps those they had
 * when made.
 */
export async function viewsToRemake(
  adapter: WarehouseAdapter, physical: Relation, dependents: readonly DependentView[] = [], modelViews: ReadonlySet<string> = new Set(),
): Promise<ViewsOver> {
  const views = await adapter.listViews();
  // A model's view version over the table (`select * from {{ ref(...) }}`) looks like one, but lives in the physical schema.
  const over = (r: Relation) => views.filter((view) => view.schema !== r.schema && isEnvironmentView(view, r.schema, modelViews)
    && physicalReferences(view.definition ?? '', r.schema)[0] === r.identifier);
  const built = new Set(views.map((v) => viewKey(v.schema, v.name)));
  return {
    environment: over(physical),
    dependents: dependents.filter((d) => built.has(viewKey(d.physical.schema, d.physical.identifier))).map((view) => ({ view, environment: over(view.physical) })),
  };
}

/**
 * Alters a physical table as planSchemaChange decided, inside the run's transaction (a failure leaves
 * table and views as they were): ADD COLUMN with the rows' types, DROP COLUMN, ALTER COLUMN TYPE. The
 * views over it (viewsToRemake) are made again after, so every environment shows the table's columns, and
 * the models materialized as views over it show them as dbt's recreated views would: replaced in place
 * (views of others reading them stay valid), except on PostgreSQL when a column goes or changes type,
 * where they are dropped first (readers before what they read) and created after; a view of someone
 * else's reading one then stops the change, as does one reading the table itself (PostgreSQL keeps its
 * columns and refuses to drop or retype them): said as `schema-changed`, naming it. On PostgreSQL a view
 * version whose SQL does not give its old columns followed by the new ones (`select *, 1 as x`) cannot be
 * replaced either, so it is dropped and created too. `refill`: the rows are about to be replaced (a full
 * refresh), so a retyped column's values are not converted. `reason` says why the table changes, for messages.
 */
export async function applySchemaChange(
  adapter: WarehouseAdapter, s: WarehouseSession, model: string, physical: Relation, plan: SchemaChangePlan, views: ViewsOver, refill = false,
  reason = 'on_schema_change',
): Promise<void> {
  const { dialect } = adapter;
  const q = (name: string) => dialect.quote(name);
  const target = dialect.relation(physical.schema, physical.identifier);
  const reshapes = plan.drop.length > 0 || plan.retype.length > 0;
  if (plan.add.length === 0 && !reshapes) return;
  const one = (sql: string) => s.execute(sql).catch((error: unknown) => { throw refused(error, model, physical, reason) ?? error; });
  // Views in one batch (a round trip for all the environments' views); ALTERs one at a time, as DuckDB
  // applies the ALTERs of a batch against the table as it was before it.
  const execute = async (statements: readonly string[]) => { if (statements.length) await one(statements.join(';\n')); };
  const named = (v: RelationInfo) => dialect.relation(v.schema, v.name);
  const version = (d: DependentView) => dialect.relation(d.physical.schema, d.physical.identifier);
  const dependents = views.dependents;
  // Readers first: the environment views, then the view versions, last made first.
  const drops = (remade: readonly ViewsOver['dependents'][number][]) => [
    ...remade.flatMap((d) => d.environment.map((v) => `DROP VIEW ${named(v)}`)),
    ...[...remade].reverse().map((d) => `DROP VIEW ${version(d.view)}`),
  ];
  const keepColumns = adapter.capabilities.viewsKeepColumns;
  const dropFirst = reshapes && keepColumns;
  if (dropFirst) await execute([...views.environment.map((v) => `DROP VIEW ${named(v)}`), ...drops(dependents)]);
  for (const statement of [
    ...plan.add.map((c) => `ALTER TABLE ${target} ADD COLUMN ${q(c.name)} ${c.type}`),
    ...plan.drop.map((name) => `ALTER TABLE ${target} DROP COLUMN ${q(name)}`),
    // Rows about to be replaced (a full refresh) keep no value: NULL converts to any type.
    ...plan.retype.map((r) => `ALTER TABLE ${target} ALTER COLUMN ${q(r.name)} TYPE ${r.to} USING CAST(${refill ? 'NULL' : q(r.name)} AS ${r.to})`),
  ]) await one(statement);
  // Columns only added: each view version is replaced in place, parents first, unless PostgreSQL would
  // refuse it (its new columns do not extend its old ones), or it reads one that is made again.
  const recreated = new Set(dropFirst ? dependents.map((d) => d.view.model) : []);
  if (!dropFirst) {
    for (const d of dependents) {
      if (d.view.dependsOn.some((p) => recreated.has(p)) || (keepColumns && !await extendsColumns(s, version(d.view), d.view.sql))) {
        recreated.add(d.view.model);
        continue;
      }
      await execute([`CREATE OR REPLACE VIEW ${version(d.view)} AS ${d.view.sql}`]);
    }
    await execute(drops(dependents.filter((d) => recreated.has(d.view.model))));
  }
  const environmentView = (v: RelationInfo, over: Relation, again: boolean) => (again ? createEnvironmentView : replaceEnvironmentView)(dialect, named(v), over.schema, over.identifier);
  await execute([
    ...dependents.filter((d) => recreated.has(d.view.model)).map((d) => `CREATE VIEW ${version(d.view)} AS ${d.view.sql}`),
    ...views.environment.map((v) => environmentView(v, physical, dropFirst)),
    ...dependents.flatMap((d) => d.environment.map((v) => environmentView(v, d.view.physical, recreated.has(d.view.model)))),
  ]);
}

/**
 * Whether a view's SQL gives its columns followed by others only (what PostgreSQL's CREATE OR REPLACE VIEW
 * accepts), as it reads what is altered so far in the session.
 */
async function extendsColumns(s: WarehouseSession, view: string, sql: string): Promise<boolean> {
  const before = (await s.query(`SELECT * FROM ${view} LIMIT 0`)).columns;
  const after = (await s.query(`SELECT * FROM (\n${sql}\n) AS amp_dbt_view_columns LIMIT 0`)).columns;
  return before.every((c, i) => after[i]?.name === c.name && after[i].type === c.type);
}

/**
 * PostgreSQL refusing to drop a view others read (2BP01), or to drop or retype a column a view reads
 * (2BP01, 0A000): said for the model, naming the views (PostgreSQL's DETAIL).
 */
function refused(error: unknown, model: string, physical: Relation, reason: string): RunError | undefined {
  const cause = (error as { cause?: { code?: string; message?: string; detail?: string } } | null)?.cause;
  if (cause?.code !== '2BP01' && cause?.code !== '0A000') return undefined;
  const detail = (cause.detail ?? '').split('\n').filter(Boolean).join('; ');
  return new RunError('schema-changed', `'${model}' (${reason}): its table ${physical.schema}.${physical.identifier} was left as it was: views read the columns it would drop or retype, and PostgreSQL keeps a view's columns as they were when it was made; PostgreSQL says: ${cause.message ?? ''}${detail ? ` (${detail})` : ''}`, {
    hint: 'drop the views named and run again (a model\'s view version that is gone is built again by the run, its environments\' views made again by their runs), or use on_schema_change=\'append_new_columns\', which drops no column',
    cause: error,
  });
}
