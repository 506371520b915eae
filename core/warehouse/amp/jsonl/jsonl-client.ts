import { AdapterError } from '../../adapter-error.js';
import type { ColumnInfo, QueryResult, QueryValue } from '../../warehouse-adapter.js';
import { noAnswerError, type AmpConnection } from '../amp-connection.js';
import { parseJsonLine } from './jsonl-values.js';

export type JsonRow = Record<string, QueryValue>;

export interface JsonLinesQueryOptions {
  signal?: AbortSignal;
}

/**
 * A client for Amp's JSON Lines endpoint: `POST http(s)://host:jsonl_port/` with the SQL as a `text/plain` body;
 * the answer is `application/x-ndjson`, one JSON object per row. The body is read as it arrives and rows are
 * yielded per received chunk, so a large result is never held whole. Amp reports a failed query as a non-200
 * answer `{"error_code": …, "error_message": …}`; a failure after rows have started cuts the response short,
 * which surfaces as an error too. JSON Lines carries no types (see jsonl-values.ts); Flight does.
 */
export class JsonLinesClient {
  constructor(private readonly connection: AmpConnection, private readonly fetchImpl: typeof fetch = fetch) {}

  /** Rows in arrival order, in groups as the network delivers them. Breaking out of the loop ends the request. */
  async *stream(sql: string, options: JsonLinesQueryOptions = {}): AsyncGenerator<JsonRow[]> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(options.signal?.reason);
    options.signal?.throwIfAborted();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const response = await this.post(sql, controller.signal, options.signal);
      const decoder = new TextDecoder();
      let rest = '';
      try {
        for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
          const lines = (rest + decoder.decode(chunk, { stream: true })).split('\n');
          rest = lines.pop() ?? '';
          const rows = lines.filter((line) => line.trim() !== '').map((line) => this.row(line));
          if (rows.length > 0) yield rows;
        }
        rest += decoder.decode();
      } catch (error) {
        if (options.signal?.aborted || error instanceof AdapterError) throw options.signal?.reason ?? error;
        throw new AdapterError('sql-error', `Amp ended the JSON Lines response from ${this.connection.jsonlUrl} early: ${this.describe(error)}`, {
          hint: 'the query failed while rows were streaming; run it with transport: flight to see the server\'s message',
        });
      }
      if (rest.trim() !== '') yield [this.row(rest)];
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      controller.abort();
    }
  }

  /** The whole result; columns are the keys in first-seen order (Amp leaves null columns out of a line, they are filled with null). */
  async queryRows(sql: string, options: JsonLinesQueryOptions = {}): Promise<QueryResult> {
    const rows: JsonRow[] = [];
    const names = new Set<string>();
    for await (const group of this.stream(sql, options)) {
      for (const row of group) {
        for (const key of Object.keys(row)) names.add(key);
        rows.push(row);
      }
    }
    const columns: ColumnInfo[] = [...names].map((name) => ({ name, type: 'JSON' }));
    const filled = rows.map((row) => Object.fromEntries(columns.map(({ name }) => [name, row[name] ?? null])));
    return { columns, rows: filled };
  }

  close(): void {}

  private async post(sql: string, signal: AbortSignal, userSignal: AbortSignal | undefined): Promise<Response> {
    const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8', accept: 'application/x-ndjson' };
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    let response: Response;
    // The server must answer (status and headers) within the answer timeout; rows may then take their time.
    const answer = new AbortController();
    const timer = setTimeout(() => answer.abort(), this.connection.answerTimeoutMs);
    try {
      response = await this.fetchImpl(this.connection.jsonlUrl, { method: 'POST', body: sql, headers, signal: AbortSignal.any([signal, answer.signal]) });
    } catch (error) {
      if (userSignal?.aborted) throw userSignal.reason;
      if (answer.signal.aborted) throw noAnswerError(this.connection, `Amp JSON Lines at ${this.connection.jsonlUrl}`, 'jsonl_port');
      throw new AdapterError('connect-failed', `cannot connect to Amp JSON Lines at ${this.connection.jsonlUrl}: ${this.describe(error)}`, {
        hint: `check host, jsonl_port and tls of target '${this.connection.targetName}' in profiles.yml and that ampd serves JSON Lines there`,
      });
    } finally {
      clearTimeout(timer);
    }
    if (response.ok && response.body) return response;
    throw await this.httpError(response);
  }

  private async httpError(response: Response): Promise<AdapterError> {
    const text = this.connection.redact((await response.text().catch(() => '')).slice(0, 65536).trim());
    const parsed = parseErrorBody(text);
    const message = parsed ?? (text || `HTTP ${response.status} ${response.statusText}`);
    if (response.status === 401 || response.status === 403) {
      return new AdapterError('connect-failed', `Amp JSON Lines at ${this.connection.jsonlUrl} refused the request (HTTP ${response.status}): ${message}`, {
        hint: `check the token of target '${this.connection.targetName}' in profiles.yml`,
      });
    }
    return new AdapterError('sql-error', message, { hint: null });
  }

  private row(line: string): JsonRow {
    let value: QueryValue;
    try {
      value = parseJsonLine(line);
    } catch {
      throw new AdapterError('sql-error', `Amp sent a line that is not JSON: ${this.connection.redact(line.slice(0, 200))}`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new AdapterError('sql-error', `Amp sent a line that is not a row object: ${this.connection.redact(line.slice(0, 200))}`);
    }
    const error = errorOf(value);
    if (error) throw new AdapterError('sql-error', this.connection.redact(error));
    return value;
  }

  /** An error's message with its cause (undici puts ECONNREFUSED there), token scrubbed. */
  private describe(error: unknown): string {
    const cause = (error as { cause?: unknown })?.cause;
    const text = cause instanceof Error ? `${cause.message}` : error instanceof Error ? error.message : String(error);
    return this.connection.redact(text);
  }
}

/** Amp's error object `{"error_code": "…", "error_message": "…"}` as `message (CODE)`. */
function errorOf(value: Record<string, QueryValue>): string | null {
  const keys = Object.keys(value);
  if (keys.length !== 2 || typeof value.error_message !== 'string' || typeof value.error_code !== 'string') return null;
  return `${value.error_message} (${value.error_code})`;
}

function parseErrorBody(text: string): string | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    if (typeof record.error_message === 'string') return typeof record.error_code === 'string' ? `${record.error_message} (${record.error_code})` : record.error_message;
    return typeof record.message === 'string' ? record.message : typeof record.error === 'string' ? record.error : null;
  } catch {
    return null;
  }
}
