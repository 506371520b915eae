import type { Target } from '../../project/project-types.js';
import type { ColumnInfo, QueryResult, QueryValue } from '../warehouse-adapter.js';
import { ampConnection, type AmpConnection } from './amp-connection.js';
import type { AmpBatchMetadata } from './flight/app-metadata.js';
import { arrowColumns, recordBatchRows } from './flight/arrow-values.js';
import { FlightSqlClient } from './flight/flight-sql-client.js';
import { JsonLinesClient } from './jsonl/jsonl-client.js';

/** Rows as they arrive: one record batch (Flight) or one received chunk of lines (JSON Lines). */
export interface AmpRowBatch {
  rows: Record<string, QueryValue>[];
  /** The batch's columns with Arrow type names (Flight); null over JSON Lines, which has no schema. */
  columns: ColumnInfo[] | null;
  /** Amp's block ranges for the batch (Flight only), else null. */
  appMetadata: AmpBatchMetadata | Uint8Array | null;
}

export interface AmpQueryOptions {
  signal?: AbortSignal;
}

/**
 * Ad-hoc SQL against an Amp server, over the transport the target chooses (`transport: flight`, the default,
 * or `jsonl`). Both give rows normalised as QueryValues; Flight adds Arrow column types and block ranges.
 */
export interface AmpQueryClient {
  readonly connection: AmpConnection;
  /** The whole result; for small results (schema checks, previews, tests). */
  queryRows(sql: string, options?: AmpQueryOptions): Promise<QueryResult>;
  /** The result incrementally; breaking out of the loop cancels the query. */
  stream(sql: string, options?: AmpQueryOptions): AsyncGenerator<AmpRowBatch>;
  close(): void;
}

/** A query client for an amp target (settings validated by ampConnection; errors are AdapterErrors). */
export function openAmpQueryClient(target: Target): AmpQueryClient {
  const connection = ampConnection(target);
  return connection.transport === 'jsonl' ? jsonlQueryClient(connection) : flightQueryClient(connection);
}

function flightQueryClient(connection: AmpConnection): AmpQueryClient {
  const client = new FlightSqlClient(connection);
  return {
    connection,
    queryRows: (sql, options) => client.queryRows(sql, options),
    async *stream(sql, options) {
      for await (const { batch, appMetadata } of client.query(sql, options)) {
        yield { rows: recordBatchRows(batch), columns: arrowColumns(batch.schema.fields), appMetadata };
      }
    },
    close: () => client.close(),
  };
}

function jsonlQueryClient(connection: AmpConnection): AmpQueryClient {
  const client = new JsonLinesClient(connection);
  return {
    connection,
    queryRows: (sql, options) => client.queryRows(sql, options),
    async *stream(sql, options) {
      for await (const rows of client.stream(sql, options)) yield { rows, columns: null, appMetadata: null };
    },
    close: () => client.close(),
  };
}
