import { makeFolders } from '../../util/make-folders.js';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { Target } from '../../project/project-types.js';
import { AdapterError } from '../adapter-error.js';
import type {
  ColumnInfo, OpenWarehouseOptions, QueryResult, RelationInfo, WarehouseAdapter, WarehouseCapabilities, WarehouseSession,
} from '../warehouse-adapter.js';
import { duckdbColumns, duckdbRelations, duckdbViews, ensureDuckDBSchema } from './duckdb-catalog.js';
import { duckdbDialect } from './duckdb-dialect.js';
import { DuckDBPool } from './duckdb-pool.js';
import { executeDuckDB, queryDuckDB } from './duckdb-run.js';
import { duckdbSession } from './duckdb-session.js';
import { prepareEvmSql, registerEvmFunctions } from './evm/evm-functions.js';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Where a target without `path` keeps its warehouse, relative to the project folder. */
export const DEFAULT_DUCKDB_PATH = '.amp-dbt/warehouse.duckdb';

/** The embedded warehouse: one DuckDB database (a file, or `:memory:`) and a pool of its connections. */
export class DuckDBAdapter implements WarehouseAdapter {
  readonly type = 'duckdb';
  readonly dialect = duckdbDialect;
  /** DuckDB has MERGE INTO since 1.4, and CREATE OR REPLACE VIEW accepts any new column list. */
  readonly capabilities: WarehouseCapabilities = { merge: true, replaceViewChangingColumns: true, lockTable: false, viewsKeepColumns: false };
  private closing: Promise<void> | null = null;

  constructor(private readonly instance: DuckDBInstance, private readonly pool: DuckDBPool, readonly location: string) {}

  execute(sql: string): Promise<void> {
    return this.pool.use((connection) => executeDuckDB(connection, sql));
  }

  query(sql: string): Promise<QueryResult> {
    return this.pool.use((connection) => queryDuckDB(connection, sql));
  }

  transaction<T>(work: (session: WarehouseSession) => Promise<T>): Promise<T> {
    return this.pool.use(async (connection) => {
      await executeDuckDB(connection, 'BEGIN TRANSACTION');
      try {
        const result = await work(duckdbSession(connection));
        await executeDuckDB(connection, 'COMMIT');
        return result;
      } catch (error) {
        // After a failed COMMIT DuckDB has already rolled back; the extra ROLLBACK's complaint is not news.
        await connection.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  listRelations(schema: string): Promise<RelationInfo[]> {
    return this.pool.use((connection) => duckdbRelations(connection, schema));
  }

  listViews(): Promise<RelationInfo[]> {
    return this.pool.use((connection) => duckdbViews(connection));
  }

  columns(schema: string, name: string): Promise<ColumnInfo[] | null> {
    return this.pool.use((connection) => duckdbColumns(connection, schema, name));
  }

  ensureSchema(schema: string): Promise<void> {
    return this.pool.use((connection) => ensureDuckDBSchema(connection, schema));
  }

  /** Waits for running statements, then releases the file (and its lock) for other processes. */
  interrupt(): void {
    this.pool.interrupt();
  }

  close(): Promise<void> {
    this.closing ??= this.pool.close().then(() => this.instance.closeSync());
    return this.closing;
  }
}

/**
 * Opens a duckdb target: `path` (default `.amp-dbt/warehouse.duckdb`, relative to the project folder, or
 * `:memory:`), with `threads` connections. A file another process holds is a `connect-failed` error.
 */
export async function openDuckDB(target: Target, options: OpenWarehouseOptions): Promise<DuckDBAdapter> {
  const location = databaseFile(target, options.baseDir);
  let instance: DuckDBInstance;
  try {
    if (location !== ':memory:') makeFolders(dirname(location));
    instance = await DuckDBInstance.create(location);
  } catch (error) {
    throw openError(target, location, error);
  }
  const pool = new DuckDBPool(instance, Math.max(1, Math.floor(options.threads ?? 1)), (connection) => registerEvmFunctions(connection, []));
  try {
    // The first connection, so a setup failure shows here. Views keep their EVM decoders' generated names
    // (evm_decode_log__<hex>): those functions are registered again for a reopened file.
    await pool.use((connection) => registerViewDecoders(connection));
  } catch (error) {
    instance.closeSync();
    throw openError(target, location, error);
  }
  return new DuckDBAdapter(instance, pool, location);
}

/** Registers the EVM decoders every stored view calls (DuckDB functions live as long as the instance). */
async function registerViewDecoders(connection: DuckDBConnection): Promise<void> {
  const reader = await connection.runAndReadAll("SELECT sql FROM duckdb_views() WHERE NOT internal AND sql LIKE '%evm_decode%'");
  for (const [sql] of reader.getRows()) registerEvmFunctions(connection, prepareEvmSql(String(sql)).decoders);
}

function databaseFile(target: Target, baseDir: string): string {
  const path = target.path ?? DEFAULT_DUCKDB_PATH;
  if (typeof path !== 'string' || path.trim() === '') {
    throw new AdapterError('connect-failed', `target '${target.name}' has a 'path' that is not a file name`, {
      hint: `set path: to a file such as ${DEFAULT_DUCKDB_PATH}, or ':memory:', in profiles.yml`,
    });
  }
  return path === ':memory:' ? path : resolve(baseDir, path);
}

function openError(target: Target, location: string, error: unknown): AdapterError {
  const reason = error instanceof Error ? error.message : String(error);
  const locked = /could not set lock|conflicting lock/i.test(reason);
  return new AdapterError('connect-failed', `cannot open the DuckDB warehouse ${location} of target '${target.name}': ${reason}`, {
    hint: locked
      ? 'another process has this database file open (another amp-dbt run, the duckdb CLI, a notebook): close it or wait for it to finish, then retry'
      : `check the 'path' of target '${target.name}' in profiles.yml and that its folder is writable`,
    cause: error,
  });
}
