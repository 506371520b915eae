import { AdapterError } from '../../adapter-error.js';
import { AmpAdminError, adminConnectError, adminResponseError, adminTimeoutError, networkReason, scrubSecret } from './admin-error.js';
import { DEFAULT_ANSWER_TIMEOUT_MS } from '../amp-connection.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';


/**
 * One finished HTTP exchange with the Admin API, as handed to `onExchange`. `path` is relative to the
 * base URL and includes the query string (`/jobs?limit=2&last_job_id=7`); bodies are parsed JSON
 * (a non-JSON body is the raw text), undefined when there was none. Headers are not included, so the
 * token never reaches the hook.
 */
export interface AdminExchange {
  method: HttpMethod;
  path: string;
  status: number;
  requestBody: unknown;
  responseBody: unknown;
}

export interface AdminTransportOptions {
  /** The Admin API root, e.g. `http://localhost:1610` (a path prefix is kept). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer <token>`; never part of an error message. */
  token?: string;
  fetch?: typeof globalThis.fetch;
  /** How long one request may take, answer included (default 30 s): a server that never answers is an error, not a hang. */
  timeoutMs?: number;
  /** Aborts every request of the client (a dashboard closed while a read is pending). */
  signal?: AbortSignal;
  /** Called after every exchange that got an answer (2xx or not), before the client returns or throws. */
  onExchange?: (exchange: AdminExchange) => void;
  /** How often a GET is tried again after a passing failure (see isPassing); default 4. */
  retries?: number;
  /** The wait before the first retry, doubled before each next one (default 250 ms); a Retry-After answer wins (up to 10 s). */
  retryDelayMs?: number;
}

/** Answers of a proxy or a server that is restarting or overloaded: worth asking again. */
const PASSING_STATUSES = new Set([429, 502, 503, 504]);
/** Socket errors of a connection lost or a server restarting. */
const PASSING_NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET']);
const MAX_RETRY_AFTER_MS = 10_000;

/**
 * JSON over HTTP for the Admin API: sends the token, parses bodies, reports each exchange and turns
 * failures into AdapterErrors (`connect-failed` when unreachable, `amp-admin-error` for non-2xx).
 */
export class AdminTransport {
  private readonly base: string;
  private readonly token: string | undefined;
  private readonly fetch: typeof globalThis.fetch;
  private readonly onExchange: ((exchange: AdminExchange) => void) | undefined;
  private readonly timeoutMs: number;
  private readonly signal: AbortSignal | undefined;
  private readonly retries: number;
  private readonly retryDelayMs: number;
  /** The server answered this client before: a refused connection later is a restart, not a wrong port. */
  private answered = false;

  constructor(options: AdminTransportOptions) {
    this.base = options.baseUrl.replace(/\/+$/, '');
    if (!URL.canParse(this.base)) {
      throw new AdapterError('connect-failed', `the Amp Admin API address '${this.base}' is not a URL`, { hint: 'give a base URL such as http://localhost:1610' });
    }
    this.token = options.token || undefined;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.onExchange = options.onExchange;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_ANSWER_TIMEOUT_MS;
    this.signal = options.signal;
    this.retries = options.retries ?? 4;
    this.retryDelayMs = options.retryDelayMs ?? 250;
  }

  /**
   * Sends one request; `path` starts with `/` and is already encoded. Resolves to the parsed 2xx body. A GET
   * (reads: job and dataset status, polled through a long run) is asked again after a passing failure (a 429,
   * 502, 503 or 504 answer, a connection reset, or refused after the server had answered), waiting longer
   * each time (or as long as a Retry-After answer says); writes are not, as they may have taken effect.
   */
  async request<T>(method: HttpMethod, path: string, requestBody?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.requestOnce(method, path, requestBody);
      if (!('error' in outcome)) return outcome.body as T;
      const wait = method === 'GET' && attempt < this.retries ? this.retryWait(outcome, attempt) : null;
      if (wait === null) throw outcome.error;
      await sleep(wait, this.signal);
    }
  }

  /** How long to wait before asking again after a failure, or null when it is not a passing one. */
  private retryWait(failure: Failure, attempt: number): number | null {
    const backoff = this.retryDelayMs * 2 ** attempt;
    if (failure.status !== undefined) {
      if (!PASSING_STATUSES.has(failure.status)) return null;
      return failure.retryAfterMs === undefined ? backoff : Math.min(failure.retryAfterMs, MAX_RETRY_AFTER_MS);
    }
    if (failure.networkCode === undefined || !PASSING_NETWORK_CODES.has(failure.networkCode)) return null;
    return failure.networkCode === 'ECONNREFUSED' && !this.answered ? null : backoff;
  }

  private async requestOnce(method: HttpMethod, path: string, requestBody?: unknown): Promise<{ body: unknown } | Failure> {
    const url = new URL(this.base + path);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (requestBody !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([timeout, this.signal]) : timeout;
    const init: RequestInit = { method, headers, body: requestBody === undefined ? undefined : JSON.stringify(requestBody), signal };
    let status: number;
    let text: string;
    let retryAfter: string | null;
    try {
      const response = await this.fetch(url, init);
      status = response.status;
      retryAfter = response.headers.get('retry-after');
      text = await response.text();
    } catch (error) {
      if (this.signal?.aborted) return { error: new AdapterError('cancelled', `${method} ${scrubSecret(path, this.token)} to the Amp Admin API was cancelled`) };
      if (timeout.aborted) return { error: adminTimeoutError(url, method, scrubSecret(path, this.token), this.timeoutMs) };
      return { error: adminConnectError(url, error, this.token), networkCode: networkReason(error) };
    }
    this.answered = true;
    const { body: responseBody, json } = parseBody(text);
    this.onExchange?.({ method, path, status, requestBody, responseBody });
    if (status < 200 || status > 299) {
      return { error: adminResponseError(method, path, status, responseBody, this.token), status, retryAfterMs: retryAfterMs(retryAfter) };
    }
    if (!json) {
      const [excerpt, safePath] = [scrubSecret(text.slice(0, 200), this.token), scrubSecret(path, this.token)];
      return { error: new AmpAdminError(`Amp Admin API ${method} ${safePath} answered HTTP ${status} with a body that is not JSON: ${excerpt}`, status, null, method, safePath,
        "check that 'admin_port' of the amp target points at the Admin API (default 1610), not the Flight or JSON Lines port") };
    }
    return { body: responseBody };
  }
}

/** A request that failed: the error to throw, and what decides whether to ask again. */
interface Failure {
  error: AdapterError;
  /** The HTTP status of a non-2xx answer. */
  status?: number;
  /** A Retry-After answer in milliseconds. */
  retryAfterMs?: number;
  /** The socket error of a request that got no answer (ECONNRESET, ...). */
  networkCode?: string;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Waits `ms`; a cancelled client stops waiting at once (the next attempt then reports the cancellation). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** The parsed body; a body that is not JSON stays text (an error page from a proxy, say). */
function parseBody(text: string): { body: unknown; json: boolean } {
  if (text.trim() === '') return { body: undefined, json: true };
  try {
    return { body: JSON.parse(text) as unknown, json: true };
  } catch {
    return { body: text, json: false };
  }
}
