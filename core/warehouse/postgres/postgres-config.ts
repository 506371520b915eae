import type pg from 'pg';
import type { Target } from '../../project/project-types.js';
import { redactUrl } from '../../state/redact-url.js';
import { AdapterError } from '../adapter-error.js';
import { SSL_MODES, sslOfMode, withSslMode } from '../../util/postgres-ssl-mode.js';

/** How to reach a postgres target, and how to name it in messages (never with its password). */
export interface PostgresConnection {
  config: pg.PoolConfig;
  /** `postgres://user@host:port/dbname` (a `url` target: its URL with the password hidden). */
  location: string;
  /** `host:port`, for connection errors. */
  address: string;
  /** To scrub from driver messages, in case one repeats it. */
  password: string | null;
}

/**
 * The connection settings of a postgres target: `host` (default localhost), `port` (5432), `user`,
 * `password`, `dbname` or `database`, `sslmode`; or a `url` (`postgres://user:password@host:port/dbname`),
 * which wins over the separate fields. sslmode: disable/allow/prefer connect without TLS (the driver
 * cannot fall back), require encrypts without checking the certificate, verify-ca/verify-full check it.
 */
export function postgresConnection(target: Target): PostgresConnection {
  const ssl = sslOption(target);
  if (typeof target.url === 'string' && target.url !== '') {
    const url = target.url;
    const parsed = URL.canParse(url) ? new URL(url) : null;
    const address = parsed ? `${parsed.hostname || 'localhost'}:${parsed.port || 5432}` : 'the server in url';
    const password = parsed?.password ? decodeURIComponent(parsed.password) : null;
    // The URL's own sslmode means what a target's sslmode: does; a target's sslmode: wins over it.
    const fromUrl = withSslMode(url);
    const chosen = ssl ?? fromUrl.ssl;
    return { config: { connectionString: fromUrl.connectionString, ...(chosen === undefined ? {} : { ssl: chosen }) }, location: redactUrl(url), address, password };
  }
  const host = text(target.host) ?? 'localhost';
  const port = Number(target.port ?? 5432);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new AdapterError('connect-failed', `target '${target.name}' has port '${String(target.port)}', which is not a port number`, {
      hint: 'set port: to a number such as 5432 in profiles.yml',
    });
  }
  const user = text(target.user);
  const database = text(target.dbname) ?? text(target.database);
  const password = text(target.password);
  return {
    config: { host, port, user, password: password ?? undefined, database, ssl: ssl ?? false },
    location: `postgres://${user ? `${encodeURIComponent(user)}@` : ''}${host}:${port}/${database ?? ''}`,
    address: `${host}:${port}`,
    password: password ?? null,
  };
}

/**
 * The server settings a session starts with (the startup packet's `options`, as `-c name=value`): UTC and
 * hex bytea for every session, and the target's `role` (objects a run creates are owned by it, as dbt's
 * `SET ROLE`) and `search_path` (for the unqualified names of models' own SQL). Spaces and backslashes in a
 * value are escaped, as libpq reads them.
 */
export function sessionOptions(target: Target): string {
  const settings: Array<[string, string | undefined]> = [
    ['TimeZone', 'UTC'], ['bytea_output', 'hex'], ['role', text(target.role)], ['search_path', text(target.search_path)],
  ];
  return settings.filter(([, value]) => value !== undefined)
    .map(([name, value]) => `-c ${name}=${value!.replace(/[\\ ]/g, (c) => `\\${c}`)}`).join(' ');
}

function sslOption(target: Target): pg.PoolConfig['ssl'] | undefined {
  const mode = text(target.sslmode);
  if (mode === undefined) return undefined;
  const ssl = sslOfMode(mode);
  if (ssl === undefined) {
    throw new AdapterError('connect-failed', `target '${target.name}' has sslmode '${mode}', which is not a PostgreSQL sslmode`, {
      hint: `use one of ${SSL_MODES.join(', ')}`,
    });
  }
  return ssl;
}

/** A profile value as text (profiles may give numbers), or undefined when absent or empty. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}
