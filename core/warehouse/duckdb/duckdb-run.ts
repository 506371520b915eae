import type { DuckDBConnection, DuckDBResultReader } from '@duckdb/node-api';
import { AdapterError } from '../adapter-error.js';
import { uniqueColumnNames } from '../unique-column-names.js';
import type { QueryResult } from '../warehouse-adapter.js';
import { toQueryValue } from './duckdb-query-value.js';
import { prepareEvmSql, registerEvmFunctions } from './evm/evm-functions.js';

/** Runs one or more statements on `connection`, ignoring results. */
export async function executeDuckDB(connection: DuckDBConnection, sql: string): Promise<void> {
  await guarded(async () => {
    const prepared = prepareForConnection(connection, sql);
    if (prepared.trim() !== '') await connection.run(prepared);
  });
}

/**
 * Runs SQL on `connection` and reads every row of its last statement as QueryValues (`run` would answer
 * with the first statement's result; `startThenReadAll` runs the others first and reads the last).
 */
export async function queryDuckDB(connection: DuckDBConnection, sql: string): Promise<QueryResult> {
  return readResult(await guarded(() => connection.startThenReadAll(prepareForConnection(connection, sql))));
}

/**
 * Amp's EVM functions (evm_topic, evm_decode_log, ...) are rewritten by prepareEvmSql and the decoders it
 * needs registered on this connection before DuckDB sees the SQL.
 */
function prepareForConnection(connection: DuckDBConnection, sql: string): string {
  const prepared = prepareEvmSql(sql);
  registerEvmFunctions(connection, prepared.decoders);
  return prepared.sql;
}

/** DuckDB's errors as AdapterError `sql-error`, its message kept whole (it names the error kind and line). */
export async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AdapterError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new AdapterError('sql-error', message, { cause: error });
  }
}

function readResult(reader: DuckDBResultReader): QueryResult {
  const names = uniqueColumnNames(reader.columnNames());
  const columns = reader.columnTypes().map((type, i) => ({ name: names[i], type: type.toString() }));
  const rows = reader.convertRows(toQueryValue).map((values) => {
    const row: QueryResult['rows'][number] = {};
    values.forEach((value, i) => (row[names[i]] = value));
    return row;
  });
  return { columns, rows };
}
