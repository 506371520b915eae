import type { DuckDBConnection } from '@duckdb/node-api';
import type { WarehouseSession } from '../warehouse-adapter.js';
import { duckdbRelations } from './duckdb-catalog.js';
import { executeDuckDB, queryDuckDB } from './duckdb-run.js';

/** A session over one connection whose calls run one after another, even when the caller does not wait. */
export function duckdbSession(connection: DuckDBConnection): WarehouseSession {
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T>(work: () => Promise<T>): Promise<T> => {
    const result = queue.then(work, work);
    queue = result.catch(() => undefined);
    return result;
  };
  return {
    execute: (sql) => inTurn(() => executeDuckDB(connection, sql)),
    query: (sql) => inTurn(() => queryDuckDB(connection, sql)),
    listRelations: (schema) => inTurn(() => duckdbRelations(connection, schema)),
  };
}
