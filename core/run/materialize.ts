import type { CompiledModel } from '../compile/compiled-model.js';
import type { ColumnInfo, WarehouseAdapter, WarehouseSession } from '../warehouse/warehouse-adapter.js';
import type { ModelAction, Relation } from './run-types.js';
import { RunError } from './run-error.js';

export interface MaterializeInput {
  model: CompiledModel;
  action: ModelAction;
  physical: Relation;
  /** The full-refresh SQL (physical references). */
  sql: string;
  /** The is_incremental() SQL, for incremental runs. */
  incrementalSql: string;
}

/** What materialize did: the row count (tables) or rows added (incremental), and whether another run built it. */
export interface Materialized {
  rows: number | null;
  builtMeanwhile: boolean;
}

/**
 * Builds one model version in its physical relation. A version another run built meanwhile (two
 * environments deploying the same new version at once on a shared warehouse: one CREATE fails on the
 * other's relation) is taken as built, and said so: a version is the same SQL, so the same relation.
 */
export async function materialize(adapter: WarehouseAdapter, input: MaterializeInput): Promise<Materialized> {
  try {
    return { rows: await build(adapter, input), builtMeanwhile: false };
  } catch (error) {
    if (input.action !== 'build') throw error;
    const { schema, identifier } = input.physical;
    const builtMeanwhile = await adapter.columns(schema, identifier).then((columns) => columns !== null, () => false);
    if (!builtMeanwhile) throw error;
    const rows = input.model.materialized === 'view' ? null : await count(adapter, adapter.dialect.relation(schema, identifier));
    return { rows, builtMeanwhile: true };
  }
}

async function build(adapter: WarehouseAdapter, input: MaterializeInput): Promise<number | null> {
  const { dialect } = adapter;
  const target = dialect.relation(input.physical.schema, input.physical.identifier);
  const kind = input.model.materialized;
  if (kind === 'view') {
    // A rebuilt version has the same SQL, so the same columns: replaced in place, its dependants kept.
    await adapter.execute(`CREATE ${input.action === 'rebuild' ? 'OR REPLACE ' : ''}VIEW ${target} AS ${input.sql}`);
    return null;
  }
  if (kind === 'incremental' && input.action === 'incremental') {
    // Read before the transaction: it holds a connection of the pool, and with every connection of a run
    // (--threads) in one, asking the pool for another inside would wait forever.
    const columns = (await adapter.columns(input.physical.schema, input.physical.identifier)) ?? [];
    return adapter.transaction((s) => applyIncremental(adapter, s, input, target, columns));
  }
  const columns = input.action === 'rebuild' ? await rebuiltColumns(adapter, input) : [];
  return adapter.transaction(async (s) => {
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

async function count(session: Pick<WarehouseSession, 'query'>, relation: string): Promise<number> {
  const result = await session.query(`SELECT count(*) AS n FROM ${relation}`);
  return Number(result.rows[0]?.n ?? 0);
}

/**
 * An incremental model's table is shared by every environment showing its version: two runs (two
 * environments, two processes) adding to it at once would both read it before either wrote, and add the
 * same rows twice. The lock (taken before the is_incremental() SQL reads the table) makes the second wait
 * for the first to commit; readers of the table are not blocked.
 */
async function lockTable(adapter: WarehouseAdapter, s: WarehouseSession, target: string): Promise<void> {
  if (adapter.capabilities.lockTable) await s.execute(`LOCK TABLE ${target} IN SHARE ROW EXCLUSIVE MODE`);
}

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
async function applyIncremental(
  adapter: WarehouseAdapter, s: WarehouseSession, input: MaterializeInput, target: string, columns: readonly ColumnInfo[],
): Promise<number> {
  const { dialect } = adapter;
  const q = (name: string) => dialect.quote(name);
  await lockTable(adapter, s, target);
  const keys = uniqueKey(input.model).map((key) => tableColumn(key, columns));
  const strategy = String(input.model.config.incremental_strategy ?? (keys.length ? 'delete+insert' : 'append'));
  const list = columns.map((c) => q(c.name)).join(', ');
  if (strategy === 'append' || keys.length === 0) {
    await checkSchemaChange(s, input, columns, `SELECT * FROM (\n${input.incrementalSql}\n) AS amp_dbt_new LIMIT 0`);
    const before = await count(s, target);
    await s.execute(`INSERT INTO ${target} (${list})\nSELECT ${list} FROM (\n${input.incrementalSql}\n) AS amp_dbt_new`);
    return (await count(s, target)) - before;
  }
  const staged = q(`amp_dbt_new_${input.physical.identifier}`);
  await s.execute(`CREATE TEMPORARY TABLE ${staged} AS ${input.incrementalSql}`);
  await checkSchemaChange(s, input, columns, `SELECT * FROM ${staged} LIMIT 0`);
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
    const set = columns.filter((c) => !keys.includes(c.name)).map((c) => `${q(c.name)} = n.${q(c.name)}`).join(', ');
    const values = columns.map((c) => `n.${q(c.name)}`).join(', ');
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
  return added;
}

/**
 * dbt's `on_schema_change` for the rows an incremental run adds, whose columns (`probe`: a query giving
 * them) may differ from the table's: `ignore` (the default) inserts the table's columns and leaves the
 * others out, as dbt does. A model's columns change with its version (its SQL), so they differ only when
 * its is_incremental() SQL gives other columns than its full SQL, or what it reads changed its columns (a
 * seed's): any other setting stops the run there, naming the columns (`fail` as dbt does; amp-dbt does not
 * alter a version's table for `append_new_columns` or `sync_all_columns`).
 */
async function checkSchemaChange(s: WarehouseSession, input: MaterializeInput, table: readonly ColumnInfo[], probe: string): Promise<void> {
  const setting = String(input.model.config.on_schema_change ?? 'ignore');
  if (setting === 'ignore') return;
  const now = (await s.query(probe)).columns;
  const has = (columns: readonly ColumnInfo[]) => new Set(columns.map((c) => c.name.toLowerCase()));
  const [inTable, inRows] = [has(table), has(now)];
  const added = now.filter((c) => !inTable.has(c.name.toLowerCase())).map((c) => c.name);
  const missing = table.filter((c) => !inRows.has(c.name.toLowerCase())).map((c) => c.name);
  if (added.length === 0 && missing.length === 0) return;
  const { schema, identifier } = input.physical;
  const what = [added.length ? `have columns its table lacks (${added.join(', ')})` : '', missing.length ? `lack columns of its table (${missing.join(', ')})` : ''].filter(Boolean).join(' and ');
  throw new RunError('schema-changed', `'${input.model.name}' (on_schema_change='${setting}'): the rows this run would add ${what}; the table is ${schema}.${identifier}`, {
    hint: setting === 'fail'
      ? 'make the is_incremental() SQL give the same columns as the full SQL, or change the model so a new version is built'
      : `amp-dbt builds a new version when a model's SQL changes instead of altering a table: give the is_incremental() SQL the table's columns, or change the model so a new version is built (on_schema_change='ignore' leaves the new columns out, as dbt does)`,
  });
}
