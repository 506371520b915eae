import pg from 'pg';
import type { Target } from '../../project/project-types.js';
import { absorbClientErrors } from '../../util/absorb-client-errors.js';
import { AdapterError } from '../adapter-error.js';
import type {
  ColumnInfo, OpenWarehouseOptions, QueryResult, RelationInfo, WarehouseAdapter, WarehouseCapabilities, WarehouseSession,
} from '../warehouse-adapter.js';
import { ensurePostgresSchema, postgresColumns, postgresRelations, postgresViews } from './postgres-catalog.js';
import { postgresConnection, sessionOptions, type PostgresConnection } from './postgres-config.js';
import { postgresDialect } from './postgres-dialect.js';
import { isConnectionError, isTransientConnectError } from '../../util/postgres-connection-error.js';
import { connectError, postgresError } from './postgres-error.js';
import { PostgresRunner } from './postgres-run.js';
import { PostgresTypeNames } from './postgres-type-names.js';
import { postgresTypeParser } from './postgres-type-parsers.js';

/** A PostgreSQL warehouse through a pg.Pool of `threads` connections. */
export class PostgresAdapter implements WarehouseAdapter {
  readonly type = 'postgres';
  readonly dialect = postgresDialect;
  /** MERGE INTO exists since PostgreSQL 15; CREATE OR REPLACE VIEW refuses a changed column list. */
  readonly capabilities: WarehouseCapabilities = { merge: true, replaceViewChangingColumns: false, lockTable: true, viewsKeepColumns: true };
  readonly location: string;
  private readonly runner: PostgresRunner;
  private closed = false;
  /** Server process ids of the connections running statements now (interrupt cancels them). */
  private readonly busy = new Set<number>();

  constructor(private readonly pool: pg.Pool, private readonly connection: PostgresConnection) {
    this.location = connection.location;
    this.runner = new PostgresRunner(connection, new PostgresTypeNames());
  }

  execute(sql: string): Promise<void> {
    return this.withClient((client) => this.runner.execute(client, sql));
  }

  query(sql: string): Promise<QueryResult> {
    return this.withClient((client) => this.runner.query(client, sql));
  }

  transaction<T>(work: (session: WarehouseSession) => Promise<T>): Promise<T> {
    return this.withClient(async (client) => {
      await this.runner.execute(client, 'BEGIN');
      try {
        const result = await work(this.runner.session(client));
        await this.runner.execute(client, 'COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      }
    });
  }

  listRelations(schema: string): Promise<RelationInfo[]> {
    return this.withClient((client) => postgresRelations(client, schema));
  }

  listViews(): Promise<RelationInfo[]> {
    return this.withClient((client) => postgresViews(client));
  }

  columns(schema: string, name: string): Promise<ColumnInfo[] | null> {
    return this.withClient((client) => postgresColumns(client, schema, name));
  }

  ensureSchema(schema: string): Promise<void> {
    return this.withClient((client) => ensurePostgresSchema(client, schema));
  }

  /**
   * Cancels the statements of the connections in use (pg_cancel_backend, from a connection of its own): the
   * server does not notice a client that quit until a statement ends, so a long one would run on, holding its
   * locks. Their transactions roll back. Failing to cancel is not an error: the process is quitting anyway.
   */
  async interrupt(): Promise<void> {
    const pids = [...this.busy];
    if (pids.length === 0) return;
    const client = new pg.Client({ ...this.connection.config, application_name: 'amp-dbt (cancel)' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT pg_cancel_backend(pid) FROM unnest($1::int[]) AS pid', [pids]);
    } catch {
      // Quitting anyway.
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (!this.pool.ended) await this.pool.end();
  }

  /** Borrows a client; one whose connection broke is discarded instead of going back to the pool. */
  private async withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.closed) {
      throw new AdapterError('connect-failed', `the PostgreSQL warehouse ${this.location} was closed`, { hint: 'open the warehouse again' });
    }
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw connectError(error, this.connection);
    }
    const stopAbsorbing = absorbClientErrors(client);
    let broken = false;
    const pid = (client as { processID?: number | null }).processID;
    if (typeof pid === 'number') this.busy.add(pid);
    try {
      return await work(client);
    } catch (error) {
      broken = isConnectionError(error) || isConnectionError((error as { cause?: unknown }).cause);
      throw postgresError(error, this.connection);
    } finally {
      if (typeof pid === 'number') this.busy.delete(pid);
      stopAbsorbing();
      client.release(broken);
    }
  }
}

/** The wait before connecting again, when a target's `retries` allows it. */
const RETRY_DELAY_MS = 1000;

/**
 * Opens a postgres target (see postgresConnection for its fields) and checks that the server answers, so a
 * wrong host or password is a `connect-failed` error here rather than in the first model; a server that cannot
 * be reached or is starting up is tried again `retries` times (a target's key, default 0), a second apart. Sessions run in
 * UTC, so timestamp arithmetic gives the same result on every machine, and print bytea as hex; the target's
 * role, search_path and application_name are the sessions' (sessionOptions).
 */
export async function openPostgres(target: Target, options: OpenWarehouseOptions): Promise<PostgresAdapter> {
  const connection = postgresConnection(target);
  const pool = new pg.Pool({
    ...connection.config,
    max: Math.max(1, Math.floor(options.threads ?? 1)),
    application_name: typeof target.application_name === 'string' && target.application_name ? target.application_name : 'amp-dbt',
    options: sessionOptions(target),
    types: { getTypeParser: ((oid: number) => postgresTypeParser(oid)) as pg.CustomTypesConfig['getTypeParser'] },
  });
  // An idle connection the server drops must not crash the process; the next call reconnects.
  pool.on('error', () => undefined);
  const retries = typeof target.retries === 'number' ? target.retries : 0;
  for (let attempt = 0; ; attempt++) {
    try {
      await pool.query('SELECT 1');
      return new PostgresAdapter(pool, connection);
    } catch (error) {
      if (attempt < retries && isTransientConnectError(error)) {
        await new Promise((resolve) => setTimeout(resolve, RETRY_DELAY_MS));
        continue;
      }
      await pool.end().catch(() => undefined);
      throw connectError(error, connection, attempt + 1);
    }
  }
}
