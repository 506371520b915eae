import { AdapterError } from '../../adapter-error.js';
import type { ErrorResponse } from './dataset-types.js';

/**
 * The Amp Admin API answered with a non-2xx status (code `amp-admin-error`). Keeps what a caller may
 * branch on: the HTTP status, the server's stable `error_code` (null when the body was not an
 * ErrorResponse), the method and the path (with the token, should it occur there, masked like the message).
 */
export class AmpAdminError extends AdapterError {
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode: string | null,
    readonly method: string,
    readonly path: string,
    hint: string,
  ) {
    super('amp-admin-error', message, { hint });
  }
}

const HINTS: Record<number, string> = {
  400: 'the server rejected the request; its message says which field is wrong',
  401: "check the 'token' of the amp target in profiles.yml",
  403: "check the 'token' of the amp target in profiles.yml and what it is allowed to do",
  404: 'check the namespace, name, revision or manifest hash',
  409: 'the resource is in use or in a state that forbids this (e.g. deleting a job that is still running)',
};

const WRONG_PORT_HINT = "no Admin API operation answers there: check that 'admin_port' of the amp target is the Admin API's (default 1610), not the Flight or JSON Lines port";

/**
 * A 404 naming the resource that is missing (`DATASET_NOT_FOUND`, `JOB_NOT_FOUND`, ...), as the Admin API
 * answers: the thing asked for does not exist. A 404 without such a code (an empty body, or a bare
 * `NOT_FOUND`) means nothing at that address is the operation: another server, or another port of Amp.
 */
export function isMissingResource(error: unknown): error is AmpAdminError {
  return error instanceof AmpAdminError && error.status === 404 && /^[A-Z]+(?:_[A-Z]+)*_NOT_FOUND$/.test(error.errorCode ?? '');
}

const NO_TOKEN_HINT = "no token was sent: the amp target's 'token' in profiles.yml is missing or empty (\"${AMP_TOKEN:-}\" is empty while AMP_TOKEN is unset)";

function hintFor(status: number, code: string | null, tokenSent: boolean): string {
  if ((status === 401 || status === 403) && !tokenSent) return NO_TOKEN_HINT;
  if (status === 404 && code === 'JOB_NOT_FOUND') return 'amp-dbt jobs list --all lists the jobs on this server';
  if (status === 404 && !/_NOT_FOUND$/.test(code ?? '')) return WRONG_PORT_HINT;
  return HINTS[status] ?? (status >= 500 ? 'the Amp server failed; see its log' : 'see the Amp server log');
}

/** Replaces every occurrence of `secret` so a token can never leak through a server or driver message. */
export function scrubSecret(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('***') : text;
}

/** A non-2xx answer as AmpAdminError, with the server's ErrorResponse message and code when it sent one. */
export function adminResponseError(method: string, path: string, status: number, body: unknown, token: string | undefined): AmpAdminError {
  const { code, message } = describeBody(body);
  const detail = scrubSecret(`${code ? `${code}: ` : ''}${message}`, token);
  const safePath = scrubSecret(path, token);
  const hint = hintFor(status, code, !!token);
  return new AmpAdminError(`Amp Admin API ${method} ${safePath} failed with HTTP ${status}${detail ? ` ${detail}` : ''}`, status, code, method, safePath, hint);
}

function describeBody(body: unknown): { code: string | null; message: string } {
  if (isErrorResponse(body)) return { code: body.error_code, message: body.error_message };
  if (typeof body === 'string') return { code: null, message: body.trim().slice(0, 500) };
  if (body === undefined) return { code: null, message: '' };
  return { code: null, message: JSON.stringify(body).slice(0, 500) };
}

function isErrorResponse(body: unknown): body is ErrorResponse {
  const candidate = body as Partial<ErrorResponse> | null;
  return typeof candidate === 'object' && candidate !== null && typeof candidate.error_code === 'string' && typeof candidate.error_message === 'string';
}

/**
 * fetch rejected: the server is not reachable (`connect-failed`, naming host:port). The driver's error is
 * not kept as `cause`, so nothing the request carried (the Authorization header) travels with the error.
 */
export function adminConnectError(url: URL, error: unknown, token: string | undefined): AdapterError {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const reason = scrubSecret(networkReason(error), token);
  return new AdapterError('connect-failed', `cannot connect to the Amp Admin API at ${url.hostname}:${port}: ${reason}`, {
    hint: "is the Amp server running? start one with 'ampd dev', or check 'host', 'admin_port' and 'tls' of the amp target in profiles.yml",
  });
}

export function adminTimeoutError(url: URL, method: string, path: string, timeoutMs: number): AdapterError {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return new AdapterError('connect-failed', `the Amp Admin API at ${url.hostname}:${port} did not answer ${method} ${path} within ${timeoutMs / 1000} s`, {
    hint: "check that 'admin_port' of the amp target is the Admin API's (default 1610) and the server is healthy; 'timeout_seconds' of the target allows more time",
  });
}

/** The most specific reason in a fetch failure: undici wraps the socket error (ECONNREFUSED, ...) as `cause`. */
export function networkReason(error: unknown): string {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current);
    const { code, errors, cause } = current as { code?: unknown; errors?: unknown; cause?: unknown };
    if (typeof code === 'string' && !code.startsWith('ERR_')) return code;
    current = Array.isArray(errors) && errors.length > 0 ? errors[0] : cause;
  }
  return error instanceof Error ? error.message : String(error);
}
