import type { Target } from '../../project/project-types.js';
import { AdapterError } from '../adapter-error.js';

/**
 * How to reach an Amp server, read once from an `amp` target of profiles.yml and shared by its clients
 * (Flight, JSON Lines, admin). The token is kept off the enumerable properties so that logging or
 * JSON-printing a connection never shows it; `redact` scrubs it from any text before it reaches a message.
 */
export interface AmpConnection {
  /** The profile target's name, for messages. */
  readonly targetName: string;
  readonly host: string;
  readonly flightPort: number;
  readonly jsonlPort: number;
  readonly adminPort: number;
  readonly tls: boolean;
  readonly transport: 'flight' | 'jsonl';
  readonly namespace: string | null;
  /** Bearer token, or null; not enumerable. */
  readonly token: string | null;
  /** `host:port` of the Flight service (IPv6 hosts in brackets), as gRPC dials it. */
  readonly flightAddress: string;
  /** `http(s)://host:port/` of the JSON Lines endpoint. */
  readonly jsonlUrl: string;
  /** `http(s)://host:port` of the admin API. */
  readonly adminUrl: string;
  /**
   * How long a query may wait for the server's first answer (Flight: the response headers of each call; JSON
   * Lines: the HTTP response), from the target's `timeout_seconds` (default 30 s). Rows then stream for as long as they take.
   */
  readonly answerTimeoutMs: number;
  /** `text` with the token replaced by `***`. */
  redact(text: string): string;
}

/** The wait for a first answer when the target does not set `timeout_seconds`; the Admin API's default too. */
export const DEFAULT_ANSWER_TIMEOUT_MS = 30_000;

export const AMP_DEFAULT_PORTS = { flight: 1602, jsonl: 1603, admin: 1610 } as const;

/** The connection settings of an amp target, validated, with Amp's defaults (localhost, ports 1602/1603/1610). */
export function ampConnection(target: Target): AmpConnection {
  const fail = (key: string, expected: string, hint: string): never => {
    throw new AdapterError('connect-failed', `target '${target.name}' has ${key} '${String(target[key])}', which is not ${expected}`, { hint });
  };
  const rawHost = target.host ?? 'localhost';
  if (typeof rawHost !== 'string' || rawHost.trim() === '' || /[/\s]/.test(rawHost.trim())) {
    fail('host', 'a host name', 'set host: to a name or address without scheme or path, e.g. localhost (use tls: true for https)');
  }
  const host = String(rawHost).trim();
  const port = (key: string, fallback: number): number => {
    const value = target[key];
    if (value === undefined || value === null || value === '') return fallback;
    const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
    return typeof n === 'number' && Number.isInteger(n) && n > 0 && n < 65536 ? n : fail(key, 'a port number', `set ${key}: to a number such as ${fallback}`);
  };
  const tls = target.tls === undefined || target.tls === null ? false : target.tls === true || target.tls === 'true' ? true
    : target.tls === false || target.tls === 'false' ? false : fail('tls', 'true or false', 'set tls: true or tls: false');
  const transport = target.transport === undefined ? 'flight'
    : target.transport === 'flight' || target.transport === 'jsonl' ? target.transport
      : fail('transport', 'flight or jsonl', 'set transport: flight (Arrow Flight, the default) or transport: jsonl (JSON Lines over HTTP)');
  const token = typeof target.token === 'string' && target.token !== '' ? target.token : null;
  const namespace = typeof target.namespace === 'string' && target.namespace !== '' ? target.namespace : null;

  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const flightPort = port('flight_port', AMP_DEFAULT_PORTS.flight);
  const jsonlPort = port('jsonl_port', AMP_DEFAULT_PORTS.jsonl);
  const adminPort = port('admin_port', AMP_DEFAULT_PORTS.admin);
  const scheme = tls ? 'https' : 'http';
  const connection = {
    targetName: target.name,
    host,
    flightPort,
    jsonlPort,
    adminPort,
    tls,
    transport,
    namespace,
    flightAddress: `${hostPart}:${flightPort}`,
    jsonlUrl: `${scheme}://${hostPart}:${jsonlPort}/`,
    adminUrl: `${scheme}://${hostPart}:${adminPort}`,
    answerTimeoutMs: typeof target.timeout_seconds === 'number' && target.timeout_seconds > 0 ? target.timeout_seconds * 1000 : DEFAULT_ANSWER_TIMEOUT_MS,
    redact: (text: string) => redactToken(text, token),
  };
  Object.defineProperty(connection, 'token', { value: token, enumerable: false });
  return connection as AmpConnection;
}

/** The error for a query the server did not answer within `answerTimeoutMs` (`what`: the service and address). */
export function noAnswerError(connection: AmpConnection, what: string, port: string): AdapterError {
  return new AdapterError('connect-failed', `${what} did not answer within ${connection.answerTimeoutMs / 1000} s`, {
    hint: `check that ${port} of target '${connection.targetName}' is the service's and the server is healthy; 'timeout_seconds' of the target allows more time`,
  });
}

/** `text` without `token` (also percent-encoded); short tokens are left alone rather than mangle messages. */
export function redactToken(text: string, token: string | null): string {
  if (!token || token.length < 4) return text;
  return text.split(token).join('***').split(encodeURIComponent(token)).join('***');
}
