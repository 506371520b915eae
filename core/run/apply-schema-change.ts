import type { RelationInfo, WarehouseAdapter, WarehouseSession } from '../warehouse/warehouse-adapter.js';
import { physicalReferences } from '../drift/physical-reference.js';
import { createEnvironmentView, isEnvironmentView, replaceEnvironmentView } from './environment-view-mark.js';
import type { SchemaChangePlan } from './plan-schema-change.js';
import { RunError } from './run-error.js';
import type { Relation } from './run-types.js';

/**
 * The environment views (of every environment) reading a physical table, to be made again once it is
 * altered: PostgreSQL expands a view's `SELECT *` when it is made, so a column added later does not show
 * until then (and one it shows cannot be dropped or retyped); DuckDB's views read the columns as they are
 * at each query, but its catalog (information_schema) keeps those they had when made.
 */
export async function viewsToRemake(adapter: WarehouseAdapter, physical: Relation): Promise<RelationInfo[]> {
  // A model's view version over the table (`select * from {{ ref(...) }}`) looks like one, but lives in the physical schema.
  return (await adapter.listViews()).filter((view) => view.schema !== physical.schema && isEnvironmentView(view, physical.schema)
    && physicalReferences(view.definition ?? '', physical.schema)[0] === physical.identifier);
}

/**
 * Alters an incremental model's table as planSchemaChange decided, inside the run's transaction (a failure
 * leaves table and views as they were): ADD COLUMN with the rows' types, DROP COLUMN, ALTER COLUMN TYPE.
 * `views` (viewsToRemake) are made again after, so every environment shows the table's columns: replaced in
 * place (views of others reading them stay valid), except on PostgreSQL when a column goes or changes type,
 * where they are dropped first (a view of someone else's reading one then stops the change). Another view
 * reading the table (a model materialized as a view over it, one of yours) keeps its columns on PostgreSQL,
 * which then refuses to drop or retype them: said as `schema-changed`, naming it. `refill`: the rows are
 * about to be replaced (a full refresh), so a retyped column's values are not converted.
 */
export async function applySchemaChange(
  adapter: WarehouseAdapter, s: WarehouseSession, model: string, physical: Relation, plan: SchemaChangePlan, views: readonly RelationInfo[], refill = false,
): Promise<void> {
  const { dialect } = adapter;
  const q = (name: string) => dialect.quote(name);
  const target = dialect.relation(physical.schema, physical.identifier);
  const reshapes = plan.drop.length > 0 || plan.retype.length > 0;
  if (plan.add.length === 0 && !reshapes) return;
  const viewNames = views.map((v) => dialect.relation(v.schema, v.name));
  const dropFirst = reshapes && adapter.capabilities.viewsKeepColumns;
  if (dropFirst && viewNames.length) {
    await s.execute(viewNames.map((v) => `DROP VIEW ${v}`).join(';\n')).catch((error: unknown) => { throw refused(error, model, physical) ?? error; });
  }
  const statements = [
    ...plan.add.map((c) => `ALTER TABLE ${target} ADD COLUMN ${q(c.name)} ${c.type}`),
    ...plan.drop.map((name) => `ALTER TABLE ${target} DROP COLUMN ${q(name)}`),
    // Rows about to be replaced (a full refresh) keep no value: NULL converts to any type.
    ...plan.retype.map((r) => `ALTER TABLE ${target} ALTER COLUMN ${q(r.name)} TYPE ${r.to} USING CAST(${refill ? 'NULL' : q(r.name)} AS ${r.to})`),
  ];
  // One statement at a time: DuckDB applies the ALTERs of a batch against the table as it was before it.
  for (const statement of statements) await s.execute(statement).catch((error: unknown) => { throw refused(error, model, physical) ?? error; });
  const remade = views.map((v, i) => (dropFirst ? createEnvironmentView : replaceEnvironmentView)(dialect, viewNames[i], physical.schema, physical.identifier));
  if (remade.length) await s.execute(remade.join(';\n')).catch((error: unknown) => { throw refused(error, model, physical) ?? error; });
}

/**
 * PostgreSQL refusing to drop a view others read (2BP01), or to drop or retype a column a view reads
 * (2BP01, 0A000): said for the model, naming the views (PostgreSQL's DETAIL).
 */
function refused(error: unknown, model: string, physical: Relation): RunError | undefined {
  const cause = (error as { cause?: { code?: string; message?: string; detail?: string } } | null)?.cause;
  if (cause?.code !== '2BP01' && cause?.code !== '0A000') return undefined;
  const detail = (cause.detail ?? '').split('\n').filter(Boolean).join('; ');
  return new RunError('schema-changed', `'${model}' (on_schema_change): its table ${physical.schema}.${physical.identifier} was left as it was: views read the columns it would drop or retype, and PostgreSQL keeps a view's columns as they were when it was made; PostgreSQL says: ${cause.message ?? ''}${detail ? ` (${detail})` : ''}`, {
    hint: 'drop the views named and run again (a model\'s view version that is gone is built again by the run, its environments\' views made again by their runs), or use on_schema_change=\'append_new_columns\', which drops no column',
    cause: error,
  });
}
