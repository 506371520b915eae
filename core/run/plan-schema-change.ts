import type { ColumnInfo } from '../warehouse/warehouse-adapter.js';
import { isLosslessTypeChange, normalizeType } from './lossless-type-change.js';
import { RunError } from './run-error.js';
import type { TableAlteration } from './run-types.js';

export type OnSchemaChange = 'ignore' | 'fail' | 'append_new_columns' | 'sync_all_columns';

export interface SchemaChangeInput {
  model: string;
  setting: OnSchemaChange;
  /** The incremental table, as `schema.identifier`, for messages. */
  table: string;
  /** Its columns now, in order. */
  tableColumns: readonly ColumnInfo[];
  /** The columns of the rows this run adds. */
  rowColumns: readonly ColumnInfo[];
  /** The unique_key columns as the table spells them. */
  keys: readonly string[];
  /**
   * The rows replace the table's (a full refresh): its columns become the rows' whatever the setting
   * (appending or syncing), types included, as no value of it is kept.
   */
  refill?: boolean;
}

/** A column whose type the rows changed. */
export interface Retype {
  name: string;
  from: string;
  to: string;
}

/** What to do to the table before the rows go in (pure: nothing is run). */
export interface SchemaChangePlan {
  /** Columns of the rows the table lacks: added, with the rows' types (existing rows get NULL). */
  add: ColumnInfo[];
  /** Columns of the table the rows lack (sync_all_columns): dropped. */
  drop: string[];
  /** Columns whose type the rows changed (sync_all_columns; only lossless changes): altered in place. (`fail` stops on any.) */
  retype: Retype[];
  /** The columns the rows fill, as the table spells them once altered, in its order; the others get NULL. */
  insert: string[];
}

const key = (name: string) => name.toLowerCase();

/** What a plan alters, for the run's output and record; undefined when it alters nothing. */
export function tableAlteration(plan: SchemaChangePlan): TableAlteration | undefined {
  if (plan.add.length === 0 && plan.drop.length === 0 && plan.retype.length === 0) return undefined;
  return { added: plan.add.map((c) => `${c.name} ${c.type}`), dropped: [...plan.drop], retyped: plan.retype.map((r) => `${r.name} ${r.from} to ${r.to}`) };
}

/**
 * dbt's `on_schema_change` for the rows an incremental run adds, whose columns may differ from its table's
 * (the is_incremental() SQL gives other columns than the full SQL, or what the model reads changed its
 * columns under its version: a source's). `ignore` (the default) fills the table's columns and leaves the
 * others out; `fail` stops the run naming the differences (columns added or lacking, and types changed);
 * `append_new_columns` adds the rows' new columns
 * (and fills the ones they lack with NULL); `sync_all_columns` also drops the ones they lack and alters
 * the types they changed, where no value is lost (isLosslessTypeChange; others stop the run). Columns match
 * by name, whatever their case.
 */
export function planSchemaChange(input: SchemaChangeInput): SchemaChangePlan {
  const { setting, tableColumns, rowColumns } = input;
  const inTable = new Map(tableColumns.map((c) => [key(c.name), c]));
  const inRows = new Map(rowColumns.map((c) => [key(c.name), c]));
  const unchanged: SchemaChangePlan = { add: [], drop: [], retype: [], insert: tableColumns.map((c) => c.name) };
  if (setting === 'ignore') return unchanged;
  const added = rowColumns.filter((c) => !inTable.has(key(c.name)));
  const missing = tableColumns.filter((c) => !inRows.has(key(c.name))).map((c) => c.name);
  const sync = setting === 'sync_all_columns' || input.refill === true;
  // `fail` compares types too, as dbt's does (a column whose data type changed is a schema change).
  const retyped = sync || setting === 'fail' ? tableColumns.flatMap((c): Retype[] => {
    const row = inRows.get(key(c.name));
    return row && normalizeType(row.type) !== normalizeType(c.type) ? [{ name: c.name, from: c.type, to: row.type }] : [];
  }) : [];
  if (added.length === 0 && missing.length === 0 && retyped.length === 0) return unchanged;
  if (setting === 'fail') throw failed(input, added.map((c) => c.name), missing, retyped);
  const lostKeys = input.refill ? [] : input.keys.filter((k) => !inRows.has(key(k)));
  if (lostKeys.length) {
    throw new RunError('schema-changed', `'${input.model}' (on_schema_change='${setting}'): the rows this run would add lack the unique_key column${lostKeys.length > 1 ? 's' : ''} ${lostKeys.join(', ')} of its table ${input.table}, so they cannot be matched to its rows`, {
      hint: 'give the is_incremental() SQL the unique_key columns, or change the model\'s unique_key (a config change builds a new version)',
    });
  }
  const lossy = input.refill ? undefined : retyped.find((r) => !isLosslessTypeChange(r.from, r.to));
  if (lossy) {
    throw new RunError('schema-changed', `'${input.model}' (on_schema_change='sync_all_columns'): column ${lossy.name} of the rows this run would add is ${lossy.to}, but ${lossy.from} in its table ${input.table}; amp-dbt alters a column's type only where every value converts without loss (to a wider integer, decimal or string, an integer to a decimal with room for it, REAL to DOUBLE, DATE to TIMESTAMP, any type but CHARACTER(n) to unbounded text)`, {
      hint: `cast ${lossy.name} to ${lossy.from} in the model's SQL, or change the model so a new version is built in full with the new type`,
    });
  }
  const dropped = new Set(sync ? missing.map(key) : []);
  const insert = [...tableColumns.map((c) => c.name).filter((name) => !dropped.has(key(name)) && inRows.has(key(name))), ...added.map((c) => c.name)];
  return { add: added, drop: sync ? missing : [], retype: retyped, insert };
}

function failed(input: SchemaChangeInput, added: readonly string[], missing: readonly string[], retyped: readonly Retype[]): RunError {
  const what = [
    added.length ? `have columns its table lacks (${added.join(', ')})` : '',
    missing.length ? `lack columns of its table (${missing.join(', ')})` : '',
    retyped.length === 1 ? `have column ${retyped[0].name} of type ${retyped[0].to}, but ${retyped[0].from} in its table` : '',
    retyped.length > 1 ? `have columns of other types than its table's (${retyped.map((r) => `${r.name} ${r.to}, but ${r.from} in its table`).join('; ')})` : '',
  ].filter(Boolean).join(' and ');
  const cast = retyped.length ? ` (casting ${retyped.map((r) => `${r.name} to ${r.from}`).join(', ')})` : '';
  return new RunError('schema-changed', `'${input.model}' (on_schema_change='fail'): the rows this run would add ${what}; the table is ${input.table}`, {
    hint: `make the is_incremental() SQL give the same columns as the full SQL${cast}, or change the model so a new version is built (on_schema_change='append_new_columns' or 'sync_all_columns' alter the table instead)`,
  });
}
