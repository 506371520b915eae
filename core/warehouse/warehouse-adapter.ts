import type { Target } from '../project/project-types.js';

/**
 * One warehouse connection (DESIGN section 5): the SQL engines models run on. DuckDB and PostgreSQL
 * implement it (core/warehouse/duckdb/, core/warehouse/postgres/) and pass one contract suite.
 * Every method may be called concurrently (a run builds models in parallel): implementations keep a
 * pool of connections (`threads` of them) and hand each call its own.
 */
export interface WarehouseAdapter {
  readonly type: 'duckdb' | 'postgres';
  /** Where it is (a file path, or the URL without its password), for messages. */
  readonly location: string;
  readonly dialect: SqlDialect;
  readonly capabilities: WarehouseCapabilities;

  /** Runs one or more statements (separated by `;`), ignoring results. */
  execute(sql: string): Promise<void>;
  /** Runs one statement and returns every row, values normalised (see QueryValue). */
  query(sql: string): Promise<QueryResult>;
  /** Runs `work` on one connection inside BEGIN ... COMMIT; ROLLBACK when it throws (the error is rethrown). */
  transaction<T>(work: (session: WarehouseSession) => Promise<T>): Promise<T>;

  /** Tables and views of `schema`, sorted by name; empty when the schema does not exist. */
  listRelations(schema: string): Promise<RelationInfo[]>;
  /** Every view of the database (any schema but the system's), with its definition. */
  listViews(): Promise<RelationInfo[]>;
  /** Columns of a table or view in order, or null when there is no such relation. */
  columns(schema: string, name: string): Promise<ColumnInfo[] | null>;
  /** Creates the schema when it is missing. */
  ensureSchema(schema: string): Promise<void>;

  close(): Promise<void>;
  /**
   * Stops the statements running now, for a process about to quit (a second Ctrl-C): an embedded database
   * otherwise holds the process at exit until they finish, and a server runs them on. Resolves once asked
   * (a server's answer may take a moment); never rejects.
   */
  interrupt(): void | Promise<void>;
}

/** One connection inside a transaction. */
export interface WarehouseSession {
  execute(sql: string): Promise<void>;
  query(sql: string): Promise<QueryResult>;
  /** As the adapter's, read on this connection: what another session committed since, or this one made. */
  listRelations(schema: string): Promise<RelationInfo[]>;
}

export interface WarehouseCapabilities {
  /** MERGE INTO ... WHEN MATCHED / WHEN NOT MATCHED. */
  merge: boolean;
  /** CREATE OR REPLACE VIEW keeps working when the column list changes (PostgreSQL's does not: drop first). */
  replaceViewChangingColumns: boolean;
  /**
   * Other processes may write the same table at once (a server), so a transaction that reads a table to
   * decide what to add to it (an incremental run) takes `LOCK TABLE ... IN SHARE ROW EXCLUSIVE MODE` first.
   * DuckDB's file belongs to one process, whose run writes each table once.
   */
  lockTable: boolean;
  /**
   * A view keeps the columns its query had when it was made (PostgreSQL expands `SELECT *` then): a column
   * of a table it shows cannot be dropped or change type while it exists. DuckDB's views read the table's
   * columns as they are at each query (its catalog still lists those they had when made).
   */
  viewsKeepColumns: boolean;
}

/**
 * A value as read back from any warehouse: integers (also DECIMAL/NUMERIC of scale 0, so UInt64 and
 * Decimal128(38, 0) columns read alike everywhere) as numbers when they are safe and as decimal strings
 * otherwise; decimals with fraction digits always as strings keeping their scale (`'1.50'`); binary as `0x` +
 * lower-case hex; timestamps as ISO-8601 UTC strings (`2024-01-15T10:00:00.000Z`; 6 or 9 fraction digits only
 * when those are not zero), dates as `YYYY-MM-DD`, booleans, strings, lists and structs as arrays and plain
 * objects of QueryValues, SQL NULL as null; other types (time, interval, uuid, json) as the warehouse's text.
 */
export type QueryValue = null | boolean | number | string | QueryValue[] | { [key: string]: QueryValue };

export interface QueryResult {
  columns: ColumnInfo[];
  /** Rows as objects keyed by column name. */
  rows: Record<string, QueryValue>[];
}

export interface ColumnInfo {
  name: string;
  /** The warehouse's own type name, upper case (`BIGINT`, `BLOB`, `TIMESTAMP WITH TIME ZONE`). */
  type: string;
}

export interface RelationInfo {
  schema: string;
  name: string;
  kind: 'table' | 'view';
  /** A view's SQL text as the warehouse keeps it. */
  definition?: string;
}

/** How SQL is spelled on one warehouse. */
export interface SqlDialect {
  /** `"name"` with embedded quotes doubled. */
  quote(identifier: string): string;
  /** `"schema"."name"`. */
  relation(schema: string, name: string): string;
  /**
   * The column type for a declared data type: Arrow names as Amp reports them (`UInt64`,
   * `FixedSizeBinary(32)`, `Timestamp(Nanosecond, +00:00)`, `Decimal128(38, 0)`, `Utf8`) or SQL names
   * (`bigint`, `varchar`), case-insensitive. Undefined when it is not known.
   */
  columnType(declared: string): string | undefined;
  /** A SQL literal for a QueryValue of a column of type `type` (as columnType returns it). */
  literal(value: QueryValue, type: string): string;
  /**
   * One statement that makes view `view` (an existing one) select `query`: replaced in place when the engine
   * can keep it (views of others reading it stay valid), else dropped and created.
   */
  replaceView(view: string, query: string): string;
}

/** Options every adapter is opened with. */
export interface OpenWarehouseOptions {
  /** Folder relative paths in the target (DuckDB's `path`) are resolved against: the project folder. */
  baseDir: string;
  /** Size of the connection pool (a run's --threads); default 1. */
  threads?: number;
}

export type OpenWarehouse = (target: Target, options: OpenWarehouseOptions) => Promise<WarehouseAdapter>;
