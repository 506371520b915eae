import { AdapterError } from '../../adapter-error.js';
import { AmpAdminError, adminConnectError, adminResponseError, adminTimeoutError, scrubSecret } from './admin-error.js';
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
}

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
  }

  /** Sends one request; `path` starts with `/` and is already encoded. Resolves to the parsed 2xx body. */
  async request<T>(method: HttpMethod, path: string, requestBody?: unknown): Promise<T> {
    const url = new URL(this.base + path);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (requestBody !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    const signal = this.signal ? AbortSignal.any([timeout, this.signal]) : timeout;
    const init: RequestInit = { method, headers, body: requestBody === undefined ? undefined : JSON.stringify(requestBody), signal };
    let status: number;
    let text: string;
    try {
      const response = await this.fetch(url, init);
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (this.signal?.aborted) throw new AdapterError('cancelled', `${method} ${scrubSecret(path, this.token)} to the Amp Admin API was cancelled`);
      if (timeout.aborted) throw adminTimeoutError(url, method, scrubSecret(path, this.token), this.timeoutMs);
      throw adminConnectError(url, error, this.token);
    }
    const { body: responseBody, json } = parseBody(text);
    this.onExchange?.({ method, path, status, requestBody, responseBody });
    if (status < 200 || status > 299) throw adminResponseError(method, path, status, responseBody, this.token);
    if (!json) {
      const [excerpt, safePath] = [scrubSecret(text.slice(0, 200), this.token), scrubSecret(path, this.token)];
      throw new AmpAdminError(`Amp Admin API ${method} ${safePath} answered HTTP ${status} with a body that is not JSON: ${excerpt}`, status, null, method, safePath,
        "check that 'admin_port' of the amp target points at the Admin API (default 1610), not the Flight or JSON Lines port");
    }
    return responseBody as T;
  }
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
