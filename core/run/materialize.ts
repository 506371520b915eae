import type { CompiledModel } from '../compile/compiled-model.js';
import type { ColumnInfo, WarehouseAdapter } from '../warehouse/warehouse-adapter.js';
import { viewsToRemake, type ViewsOver } from './apply-schema-change.js';
import type { DependentView } from './dependent-views.js';
import { altersTable, applyIncremental, refillReshaped } from './apply-incremental.js';
import { count, lockTable } from './table-statements.js';
import type { ModelAction, Relation, TableAlteration } from './run-types.js';
import { RunError } from './run-error.js';

export interface MaterializeInput {
  model: CompiledModel;
  action: ModelAction;
  physical: Relation;
  /** The full-refresh SQL (physical references). */
  sql: string;
  /** The is_incremental() SQL, for incremental runs. */
  incrementalSql: string;
  /** The models materialized as views reading this one (dependentViews): made again when its table is altered. */
  dependents?: readonly DependentView[];
  /**
   * A table whose upstream has an incremental model that alters its table (readsAlteredColumns): rebuilt
   * in place, it takes the columns its SQL gives now instead of being refused (`columns-changed`).
   */
  readsAlteredColumns?: boolean;
  /**
   * Where the environments' views of the model and of `dependents` are (modelViewKeys): views over the
   * table made before views had the `amp_dbt_view` alias are made again with it only there (viewsToRemake).
   */
  modelViews?: ReadonlySet<string>;
}

const NO_VIEWS: ViewsOver = { environment: [], dependents: [] };

/**
 * What materialize did: the row count (tables) or rows added (incremental), whether another run built it,
 * and how an incremental run altered the table (on_schema_change).
 */
export interface Materialized {
  rows: number | null;
  builtMeanwhile: boolean;
  altered?: TableAlteration;
}

/**
 * Builds one model version in its physical relation. A version another run built meanwhile (two
 * environments deploying the same new version at once on a shared warehouse: one CREATE fails on the
 * other's relation) is taken as built, and said so: a version is the same SQL, so the same relation.
 */
export async function materialize(adapter: WarehouseAdapter, input: MaterializeInput): Promise<Materialized> {
  try {
    return { ...await build(adapter, input), builtMeanwhile: false };
  } catch (error) {
    if (input.action !== 'build') throw error;
    const { schema, identifier } = input.physical;
    const builtMeanwhile = await adapter.columns(schema, identifier).then((columns) => columns !== null, () => false);
    if (!builtMeanwhile) throw error;
    const rows = input.model.materialized === 'view' ? null : await count(adapter, adapter.dialect.relation(schema, identifier));
    return { rows, builtMeanwhile: true };
  }
}

async function build(adapter: WarehouseAdapter, input: MaterializeInput): Promise<{ rows: number | null; altered?: TableAlteration }> {
  const { dialect } = adapter;
  const target = dialect.relation(input.physical.schema, input.physical.identifier);
  const kind = input.model.materialized;
  if (kind === 'view') {
    // A rebuilt version has the same SQL, so the same columns: replaced in place, its dependants kept.
    await adapter.execute(`CREATE ${input.action === 'rebuild' ? 'OR REPLACE ' : ''}VIEW ${target} AS ${input.sql}`);
    return { rows: null };
  }
  if (kind === 'incremental' && input.action === 'incremental') {
    // Read before the transaction: it holds a connection of the pool, and with every connection of a run
    // (--threads) in one, asking the pool for another inside would wait forever.
    const columns = (await adapter.columns(input.physical.schema, input.physical.identifier)) ?? [];
    const views = altersTable(input.model) ? await viewsToRemake(adapter, input.physical, input.dependents, input.modelViews) : NO_VIEWS;
    return adapter.transaction((s) => applyIncremental(adapter, s, input, target, columns, views));
  }
  if (kind === 'incremental' && input.action === 'rebuild' && altersTable(input.model)) {
    const views = await viewsToRemake(adapter, input.physical, input.dependents, input.modelViews);
    return adapter.transaction((s) => refillReshaped(adapter, s, input, target, views));
  }
  if (kind === 'table' && input.action === 'rebuild' && input.readsAlteredColumns === true) {
    // dbt builds the table again at every run, with the columns its SQL gives now: altered as a full
    // refresh of the incremental model upstream alters its own (the rows are replaced, so any change is safe).
    const views = await viewsToRemake(adapter, input.physical, input.dependents, input.modelViews);
    return adapter.transaction((s) => refillReshaped(adapter, s, input, target, views, 'sync_all_columns', 'rebuilt with the columns of an incremental model upstream that on_schema_change alters'));
  }
  const columns = input.action === 'rebuild' ? await rebuiltColumns(adapter, input) : [];
  const rows = await adapter.transaction(async (s) => {
    if (input.action === 'rebuild') {
      await lockTable(adapter, s, target);
      // The table keeps its name (environment views depend on it), refilled column by column, by name.
      const list = columns.map((c) => dialect.quote(c.name)).join(', ');
      await s.execute(`DELETE FROM ${target}`);
      await s.execute(`INSERT INTO ${target} (${list})\nSELECT ${list} FROM (\n${input.sql}\n) AS amp_dbt_rebuilt`);
    } else {
      await s.execute(`CREATE TABLE ${target} AS ${input.sql}`);
    }
    return count(s, target);
  });
  return { rows };
}

/**
 * The columns of the table a full refresh refills: those its SQL gives now, which must be the table's. A
 * version is the same SQL, but what it reads may have other columns since (a seed's columns are not in
 * fingerprints): refilled by position, values would land in other columns; such a table is refused.
 */
async function rebuiltColumns(adapter: WarehouseAdapter, input: MaterializeInput): Promise<ColumnInfo[]> {
  const { schema, identifier } = input.physical;
  const table = (await adapter.columns(schema, identifier)) ?? [];
  const now = (await adapter.query(`SELECT * FROM (\n${input.sql}\n) AS amp_dbt_columns LIMIT 0`)).columns;
  const names = (columns: readonly ColumnInfo[]) => columns.map((c) => c.name.toLowerCase()).sort().join(', ');
  if (names(table) !== names(now)) {
    throw new RunError('columns-changed', `'${input.model.name}' now gives columns (${now.map((c) => c.name).join(', ')}), but its table ${schema}.${identifier} has (${table.map((c) => c.name).join(', ')}): what it reads changed its columns while the model's version did not (a seed's columns, say)`, {
      hint: `change the model's SQL (any token, or its config) so a new version is built, or drop ${schema}.${identifier} and run again`,
    });
  }
  return table;
}
