import type { CompiledModel } from '../compile/compiled-model.js';
import type { ColumnInfo, WarehouseAdapter, WarehouseSession } from '../warehouse/warehouse-adapter.js';
import { applySchemaChange, type ViewsOver } from './apply-schema-change.js';
import type { MaterializeInput } from './materialize.js';
import { planSchemaChange, tableAlteration, type OnSchemaChange } from './plan-schema-change.js';
import { RunError } from './run-error.js';
import type { TableAlteration } from './run-types.js';
import { count, lockTable } from './table-statements.js';

/**
 * A unique_key as the table spells it: dbt writes the key unquoted, so PostgreSQL folds `ID` to the `id`
 * column; amp-dbt quotes it, so an exact match wins, else the one column equal to it but for case.
 */
function tableColumn(key: string, columns: readonly ColumnInfo[]): string {
  if (columns.some((c) => c.name === key)) return key;
  const same = columns.filter((c) => c.name.toLowerCase() === key.toLowerCase());
  return same.length === 1 ? same[0].name : key;
}

function uniqueKey(model: CompiledModel): string[] {
  const key = model.config.unique_key;
  if (key === undefined || key === null || key === '') return [];
  return (Array.isArray(key) ? key : [key]).map(String);
}

/** is_incremental() SQL into an existing table: append, delete+insert (default with a unique_key) or merge. */
export async function applyIncremental(
  adapter: WarehouseAdapter, s: WarehouseSession, input: MaterializeInput, target: string, catalogColumns: readonly ColumnInfo[], views: ViewsOver,
): Promise<{ rows: number; altered?: TableAlteration }> {
  const { dialect } = adapter;
  const q = (name: string) => dialect.quote(name);
  await lockTable(adapter, s, target);
  const setting = onSchemaChange(input.model);
  // Compared as they are under the lock: a run of another environment may have altered the table since.
  const columns = setting === 'ignore' ? catalogColumns : (await s.query(`SELECT * FROM ${target} LIMIT 0`)).columns;
  const keys = uniqueKey(input.model).map((key) => tableColumn(key, columns));
  const strategy = String(input.model.config.incremental_strategy ?? (keys.length ? 'delete+insert' : 'append'));
  const change = (probe: string) => schemaChange(adapter, s, input, { setting, columns, keys, views, probe });
  if (strategy === 'append' || keys.length === 0) {
    const { filled, altered } = await change(`SELECT * FROM (\n${input.incrementalSql}\n) AS amp_dbt_new LIMIT 0`);
    const list = filled.map(q).join(', ');
    const before = await count(s, target);
    await s.execute(`INSERT INTO ${target} (${list})\nSELECT ${list} FROM (\n${input.incrementalSql}\n) AS amp_dbt_new`);
    return { rows: (await count(s, target)) - before, altered };
  }
  const staged = q(`amp_dbt_new_${input.physical.identifier}`);
  await s.execute(`CREATE TEMPORARY TABLE ${staged} AS ${input.incrementalSql}`);
  const { filled, altered } = await change(`SELECT * FROM ${staged} LIMIT 0`);
  const list = filled.map(q).join(', ');
  const added = await count(s, staged);
  if (strategy === 'merge' && adapter.capabilities.merge) {
    // A key twice in the new rows: PostgreSQL's MERGE refuses it, DuckDB's would keep either row. Said the same on both.
    const keyList = keys.map(q).join(', ');
    const twice = await s.query(`SELECT ${keyList}, count(*) AS n FROM ${staged} GROUP BY ${keyList} HAVING count(*) > 1 LIMIT 1`);
    if (twice.rows.length > 0) {
      const row = twice.rows[0];
      const shown = keys.map((k) => `${k} = ${JSON.stringify(row[k] ?? row[k.toLowerCase()] ?? null)}`).join(', ');
      throw new RunError('duplicate-unique-key', `'${input.model.name}': the rows this run would merge hold the unique_key (${keys.join(', ')}) more than once (${shown}: ${String(row.n)} rows), so which one to keep is undefined`, {
        hint: 'make the is_incremental() SQL give one row per key (deduplicate it, e.g. with row_number()), or use incremental_strategy=\'delete+insert\' to keep them all',
      });
    }
    const on = keys.map((k) => `t.${q(k)} = n.${q(k)}`).join(' AND ');
    // Columns the new rows lack (on_schema_change='append_new_columns') keep their values in matched rows.
    const set = filled.filter((c) => !keys.includes(c)).map((c) => `${q(c)} = n.${q(c)}`).join(', ');
    const values = filled.map((c) => `n.${q(c)}`).join(', ');
    await s.execute(`MERGE INTO ${target} AS t USING ${staged} AS n ON ${on}\n`
      + (set ? `WHEN MATCHED THEN UPDATE SET ${set}\n` : '')
      + `WHEN NOT MATCHED THEN INSERT (${list}) VALUES (${values})`);
  } else {
    const matches = keys.map((k) => `${target}.${q(k)} = n.${q(k)}`).join(' AND ');
    await s.execute(`DELETE FROM ${target} WHERE EXISTS (SELECT 1 FROM ${staged} AS n WHERE ${matches})`);
    await s.execute(`INSERT INTO ${target} (${list}) SELECT ${list} FROM ${staged}`);
  }
  // On failure the transaction's rollback removes the staged table.
  await s.execute(`DROP TABLE ${staged}`);
  return { rows: added, altered };
}

function onSchemaChange(model: CompiledModel): OnSchemaChange {
  return String(model.config.on_schema_change ?? 'ignore') as OnSchemaChange;
}

/** Whether a model's incremental runs may alter its table (and so read the views to make again first). */
export function altersTable(model: CompiledModel): boolean {
  const setting = onSchemaChange(model);
  return setting === 'append_new_columns' || setting === 'sync_all_columns';
}

interface SchemaChangeContext {
  setting: OnSchemaChange;
  /** The table's columns, keys and views to make again (viewsToRemake). */
  columns: readonly ColumnInfo[];
  keys: readonly string[];
  views: ViewsOver;
  /** A query giving the columns of the rows this run adds. */
  probe: string;
  /** The rows replace the table's (a full refresh): see SchemaChangeInput.refill. */
  refill?: boolean;
  /** Why the table changes, for messages (applySchemaChange). */
  reason?: string;
}

/**
 * dbt's `on_schema_change` for the rows this run adds (planSchemaChange decides, applySchemaChange alters
 * the table): returns the table's columns the rows fill, and what was altered.
 */
async function schemaChange(
  adapter: WarehouseAdapter, s: WarehouseSession, input: MaterializeInput, context: SchemaChangeContext,
): Promise<{ filled: string[]; altered?: TableAlteration }> {
  const { setting, columns } = context;
  if (setting === 'ignore') return { filled: columns.map((c) => c.name) };
  const rowColumns = (await s.query(context.probe)).columns;
  const { schema, identifier } = input.physical;
  const plan = planSchemaChange({ model: input.model.name, setting, table: `${schema}.${identifier}`, tableColumns: columns, rowColumns, keys: context.keys, refill: context.refill });
  await applySchemaChange(adapter, s, input.model.name, input.physical, plan, context.views, context.refill, context.reason);
  const altered = tableAlteration(plan);
  return { filled: plan.insert, ...(altered ? { altered } : {}) };
}

/**
 * A full refresh of an incremental model whose on_schema_change alters its table: the table (kept, as
 * environment views read it) takes the columns its SQL gives now, added, dropped and retyped (its rows are
 * replaced, so no value is lost), then is refilled; where another model's table is refused (rebuiltColumns).
 * A table rebuilt in place whose upstream incremental model alters its table (readsAlteredColumns) is
 * reshaped the same way (`setting` sync_all_columns), as dbt's table built again would have the new columns.
 */
export async function refillReshaped(
  adapter: WarehouseAdapter, s: WarehouseSession, input: MaterializeInput, target: string, views: ViewsOver,
  setting: OnSchemaChange = onSchemaChange(input.model), reason?: string,
): Promise<{ rows: number; altered?: TableAlteration }> {
  await lockTable(adapter, s, target);
  const columns = (await s.query(`SELECT * FROM ${target} LIMIT 0`)).columns;
  const probe = `SELECT * FROM (\n${input.sql}\n) AS amp_dbt_rebuilt LIMIT 0`;
  const { filled, altered } = await schemaChange(adapter, s, input, { setting, columns, keys: [], views, probe, refill: true, reason });
  const list = filled.map((c) => adapter.dialect.quote(c)).join(', ');
  await s.execute(`DELETE FROM ${target}`);
  await s.execute(`INSERT INTO ${target} (${list})\nSELECT ${list} FROM (\n${input.sql}\n) AS amp_dbt_rebuilt`);
  return { rows: await count(s, target), altered };
}
