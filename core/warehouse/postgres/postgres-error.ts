import { AdapterError } from '../adapter-error.js';
import { isConnectionError } from '../../util/postgres-connection-error.js';
import type { PostgresConnection } from './postgres-config.js';

interface PgError {
  code?: string;
  message?: string;
  position?: string;
  detail?: string;
  hint?: string;
}

/**
 * A pg error of a connection in use as AdapterError: a connection that broke is `connection-lost` naming
 * host:port, anything else `sql-error` with PostgreSQL's message, the line it points at (from `position`) and its detail; the
 * password never appears, even if a driver message were to repeat it.
 */
export function postgresError(error: unknown, connection: PostgresConnection, sql?: string): AdapterError {
  if (error instanceof AdapterError) return error;
  if (isConnectionError(error)) return connectionLostError(error, connection);
  const pgError = (error ?? {}) as PgError;
  const scrub = scrubber(connection);
  const message = scrub(pgError.message || String(error));
  const position = sql && pgError.position ? pointAt(sql, Number(pgError.position)) : '';
  const detail = pgError.detail ? `\nDETAIL: ${scrub(pgError.detail)}` : '';
  return new AdapterError('sql-error', `${message}${position}${detail}`, { hint: pgError.hint ?? null, cause: error });
}

/**
 * An error while connecting (taking a client from the pool, the first query) as `connect-failed`, whatever
 * the driver threw: a server refusing SSL or a certificate that does not verify carries no SQLSTATE. Says how
 * many attempts were made when there were several (a target's `retries`).
 */
export function connectError(error: unknown, connection: PostgresConnection, attempts = 1): AdapterError {
  if (error instanceof AdapterError) return error;
  const message = scrubber(connection)((error as PgError | undefined)?.message || String(error));
  const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
  return new AdapterError('connect-failed', `cannot connect to PostgreSQL at ${connection.address} (${connection.location})${tries}: ${message}`, {
    hint: 'check host, port, user, password, dbname and sslmode (or url) of the target in profiles.yml, and that the server is running and reachable',
    cause: error,
  });
}

/**
 * A connection that broke while in use (the server stopped, restarted or ended it, or the network dropped it)
 * as `connection-lost`: it was made, so the target's settings are not what to check.
 */
function connectionLostError(error: unknown, connection: PostgresConnection): AdapterError {
  const message = scrubber(connection)((error as PgError | undefined)?.message || String(error));
  return new AdapterError('connection-lost', `lost the connection to PostgreSQL at ${connection.address} (${connection.location}): ${message}`, {
    hint: 'the server stopped or restarted, or the network dropped the connection: run the command again once the server answers (what a cut-off statement did was rolled back)',
    cause: error,
  });
}

function scrubber(connection: PostgresConnection): (text: string) => string {
  return (text) => (connection.password && connection.password.length >= 3 ? text.split(connection.password).join('***') : text);
}

/** `LINE n: text` and a caret under the 1-based character `position`, as psql shows it. */
function pointAt(sql: string, position: number): string {
  if (!Number.isInteger(position) || position < 1 || position > sql.length + 1) return '';
  const before = sql.slice(0, position - 1);
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineNumber = before.split('\n').length;
  const lineEnd = sql.indexOf('\n', lineStart);
  const prefix = `LINE ${lineNumber}: `;
  const line = sql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  return `\n${prefix}${line}\n${' '.repeat(prefix.length + position - 1 - lineStart)}^`;
}
