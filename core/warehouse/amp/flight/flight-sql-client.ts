import * as grpc from '@grpc/grpc-js';
import { Message, RecordBatchReader, type RecordBatch, type Schema } from 'apache-arrow';
import type { ColumnInfo, QueryResult, QueryValue } from '../../warehouse-adapter.js';
import { AdapterError } from '../../adapter-error.js';
import { noAnswerError, type AmpConnection } from '../amp-connection.js';
import { parseAppMetadata, type AmpBatchMetadata } from './app-metadata.js';
import { flightDataToIpc, IPC_END_OF_STREAM, IpcMessageType, readIpcMessageInfo } from './arrow-ipc.js';
import { arrowColumns, recordBatchRows } from './arrow-values.js';
import { flightError } from './flight-error.js';
import { DescriptorType, statementQueryCommand, type DecodedFlightData, type DecodedFlightInfo, type Ticket } from './flight-proto.js';
import { createFlightServiceClient, type FlightServiceClient } from './flight-service.js';

const NO_BYTES = new Uint8Array(0);

/** One decoded record batch and Amp's metadata for it (block ranges; see app-metadata.ts). */
export interface FlightBatch {
  batch: RecordBatch;
  appMetadata: AmpBatchMetadata | Uint8Array | null;
}

export interface FlightQueryOptions {
  signal?: AbortSignal;
  /** Extra request headers, e.g. Amp's `amp-stream: true` or `amp-resume: {...}`. */
  headers?: Record<string, string>;
}

/**
 * A Flight SQL client for Amp's query service (`host:flight_port`, 1602 by default): GetFlightInfo with a
 * CommandStatementQuery, then DoGet on every endpoint's ticket. Results are decoded as they arrive: the
 * FlightData stream is turned into Arrow IPC bytes that apache-arrow's stream reader consumes lazily, so
 * memory holds a batch or so, never the whole result. With a token, every call carries
 * `authorization: Bearer <token>`; the token never appears in errors. Endpoints are read in order on this same
 * connection (Amp returns one; endpoint `location`s pointing at other servers are not followed).
 */
export class FlightSqlClient {
  private readonly client: FlightServiceClient;

  constructor(private readonly connection: AmpConnection) {
    const credentials = connection.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure();
    // Record batches may be far larger than gRPC's 4 MiB default message limit.
    this.client = createFlightServiceClient(connection.flightAddress, credentials, { 'grpc.max_receive_message_length': -1 });
  }

  /** The batches of `sql`'s result in order, decoded incrementally. Breaking out of the loop cancels the call. */
  query(sql: string, options: FlightQueryOptions = {}): AsyncGenerator<FlightBatch> {
    return this.run(sql, options);
  }

  /** The whole result as rows of plain values (see QueryValue); for small results. */
  async queryRows(sql: string, options: FlightQueryOptions = {}): Promise<QueryResult> {
    let columns: ColumnInfo[] | null = null;
    const rows: Record<string, QueryValue>[] = [];
    const onSchema = (schema: Schema) => { columns ??= arrowColumns(schema.fields); };
    for await (const { batch } of this.run(sql, options, onSchema)) {
      columns ??= arrowColumns(batch.schema.fields);
      for (const row of recordBatchRows(batch)) rows.push(row);
    }
    return { columns: columns ?? [], rows };
  }

  close(): void {
    this.client.close();
  }

  private async *run(sql: string, options: FlightQueryOptions, onSchema?: (schema: Schema) => void): AsyncGenerator<FlightBatch> {
    options.signal?.throwIfAborted();
    const info = await this.flightInfo(sql, options);
    const schema = info.schema.byteLength > 0 && onSchema ? decodeSchemaMessage(info.schema) : null;
    for (const endpoint of info.endpoint) {
      if (!endpoint.ticket) throw flightError(new Error('Amp returned a flight endpoint without a ticket'), this.connection);
      yield* this.readEndpoint(endpoint.ticket, options, onSchema);
    }
    if (schema) onSchema?.(schema);
  }

  private flightInfo(sql: string, options: FlightQueryOptions): Promise<DecodedFlightInfo> {
    return new Promise((resolve, reject) => {
      const descriptor = { type: DescriptorType.CMD, cmd: statementQueryCommand(sql) };
      const onAbort = () => call.cancel();
      const call = this.client.GetFlightInfo(descriptor, this.metadata(options.headers), {}, (error, info) => {
        options.signal?.removeEventListener('abort', onAbort);
        answer.stop();
        if (error || !info) reject(answer.timedOut ? this.noAnswer() : this.failure(error, options.signal));
        else resolve(info);
      });
      const answer = this.awaitAnswer(call);
      options.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Cancels `call` when the server sends no response headers within the connection's answer timeout (a
   * server that accepts connections but never answers would otherwise hold the query for ever). Rows
   * may then take as long as they take.
   */
  private awaitAnswer(call: grpc.Call): { readonly timedOut: boolean; stop(): void } {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      call.cancel();
    }, this.connection.answerTimeoutMs);
    const stop = () => clearTimeout(timer);
    call.once('metadata', stop);
    return { get timedOut() { return timedOut; }, stop };
  }

  private noAnswer(): AdapterError {
    return noAnswerError(this.connection, `Amp Flight at ${this.connection.flightAddress}`, 'flight_port');
  }

  /** One DoGet stream: its own IPC stream (schema first), read batch by batch. */
  private async *readEndpoint(ticket: Ticket, options: FlightQueryOptions, onSchema?: (schema: Schema) => void): AsyncGenerator<FlightBatch> {
    const call = this.client.DoGet(ticket, this.metadata(options.headers));
    const answer = this.awaitAnswer(call);
    const onAbort = () => call.cancel();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // app_metadata of the record-batch messages fed to the reader, in order; the reader yields one batch per message.
    const pending: Uint8Array[] = [];
    let streamError: unknown;
    async function* ipcBytes(): AsyncGenerator<Uint8Array> {
      try {
        for await (const message of call as AsyncIterable<DecodedFlightData>) {
          const chunks = flightDataToIpc(message);
          if (chunks.length === 0) continue; // metadata-only message: nothing to decode
          if (readIpcMessageInfo(message.dataHeader).type === IpcMessageType.RECORD_BATCH) pending.push(message.appMetadata);
          yield* chunks;
          // apache-arrow's byte-stream adapter pulls one chunk more than it needs before it hands over a batch;
          // an empty chunk satisfies it, so each batch is delivered when its message arrives rather than when
          // the next one does (which, for Amp's streaming queries, may be a new block away).
          yield NO_BYTES;
        }
        yield IPC_END_OF_STREAM;
      } catch (error) {
        streamError = error;
        throw error;
      }
    }
    try {
      const reader = await RecordBatchReader.from(ipcBytes());
      for await (const batch of reader) yield { batch, appMetadata: parseAppMetadata(pending.shift()) };
      if (reader.schema) onSchema?.(reader.schema);
    } catch (error) {
      throw answer.timedOut ? this.noAnswer() : this.failure(streamError ?? error, options.signal);
    } finally {
      answer.stop();
      options.signal?.removeEventListener('abort', onAbort);
      call.cancel();
    }
  }

  private metadata(headers: Record<string, string> = {}): grpc.Metadata {
    const metadata = new grpc.Metadata();
    for (const [key, value] of Object.entries(headers)) metadata.set(key.toLowerCase(), value);
    if (this.connection.token) metadata.set('authorization', `Bearer ${this.connection.token}`);
    return metadata;
  }

  /** An aborted call rethrows the abort reason; anything else becomes an AdapterError. */
  private failure(error: unknown, signal: AbortSignal | undefined): unknown {
    return signal?.aborted ? signal.reason : flightError(error, this.connection);
  }
}

/** FlightInfo.schema: an encapsulated Schema message (optionally without the continuation token). */
function decodeSchemaMessage(bytes: Uint8Array): Schema | null {
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const start = view.getUint32(0, true) === 0xffffffff ? 8 : 4;
    const message = Message.decode(bytes.subarray(start));
    return message.isSchema() ? message.header() : null;
  } catch {
    return null;
  }
}
