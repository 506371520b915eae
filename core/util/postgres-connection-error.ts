/** Telling a pg error of a connection that is gone (or was never made) from one of a statement: for the warehouse and the state database. */

/** Driver error codes of a server that cannot be reached. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** SQLSTATEs of connecting: connection exceptions, authentication, unknown database, shutdown, too many clients. */
const CONNECT_STATES = /^(08|28|3D000|57P0[1-3]|53300)/;

interface DriverError {
  code?: string;
  message?: string;
}

/** True when the error means the connection is gone or was never made (its client must not be reused). */
export function isConnectionError(error: unknown): boolean {
  const { code, message = '' } = (error ?? {}) as DriverError;
  return (code !== undefined && (NETWORK_CODES.has(code) || CONNECT_STATES.test(code)))
    || /connection terminated|timeout expired|connection .*ended|not queryable/i.test(message);
}

/** True when connecting again may succeed: the server could not be reached, is starting or shutting down, or had no free connection. */
export function isTransientConnectError(error: unknown): boolean {
  const { code } = (error ?? {}) as DriverError;
  return code !== undefined && (NETWORK_CODES.has(code) || /^(57P0[1-3]|53300)$/.test(code));
}
