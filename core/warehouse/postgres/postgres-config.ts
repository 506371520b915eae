import type pg from 'pg';
import type { Target } from '../../project/project-types.js';
import { redactUrl } from '../../state/redact-url.js';
import { AdapterError } from '../adapter-error.js';
import { connectTimeoutOption, splitConnectionUrl, sslOption, SslSettingsError, type PostgresSslSettings } from '../../util/postgres-ssl-mode.js';
import { definedOnly } from '../../util/defined-only.js';

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
 * `password`, `dbname` or `database`; or a `url` (`postgres://user:password@host:port/dbname`), which wins
 * over the separate fields. TLS (sslOption): `sslmode` (disable/allow/prefer connect without TLS, as the
 * driver cannot fall back; require encrypts without checking the certificate; verify-ca/verify-full check
 * it), `sslrootcert`, `sslcert`, `sslkey`, as keys or as the url's parameters (a key wins). `connect_timeout`
 * and `keepalives_idle` in seconds.
 */
export function postgresConnection(target: Target): PostgresConnection {
  const timing = { ...connectTimeoutOption(target.connect_timeout), ...keepAliveOption(target.keepalives_idle) };
  const own: PostgresSslSettings = { sslmode: text(target.sslmode), sslrootcert: text(target.sslrootcert), sslcert: text(target.sslcert), sslkey: text(target.sslkey) };
  if (typeof target.url === 'string' && target.url !== '') {
    const url = target.url;
    const parsed = URL.canParse(url) ? new URL(url) : null;
    const address = parsed ? `${parsed.hostname || 'localhost'}:${parsed.port || 5432}` : 'the server in url';
    const password = parsed?.password ? decodeURIComponent(parsed.password) : null;
    const { connectionString, settings } = splitConnectionUrl(url);
    const ssl = targetSsl(target, { ...settings, ...definedOnly(own) });
    const config = { connectionString, ...connectTimeoutOption(settings.connect_timeout), ...timing, ...(ssl === undefined ? {} : { ssl }) };
    return { config, location: redactUrl(url), address, password };
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
    config: { host, port, user, password: password ?? undefined, database, ssl: targetSsl(target, own) ?? false, ...timing },
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

function targetSsl(target: Target, settings: PostgresSslSettings): pg.PoolConfig['ssl'] | undefined {
  try {
    return sslOption(settings);
  } catch (error) {
    if (!(error instanceof SslSettingsError)) throw error;
    throw new AdapterError('connect-failed', `target '${target.name}': ${error.message}`, { hint: error.hint });
  }
}

/** `keepalives_idle` (seconds before TCP keepalives start) as the driver's options. */
function keepAliveOption(seconds: unknown): Pick<pg.PoolConfig, 'keepAlive' | 'keepAliveInitialDelayMillis'> {
  const value = Number(text(seconds));
  return Number.isFinite(value) && value > 0 ? { keepAlive: true, keepAliveInitialDelayMillis: value * 1000 } : {};
}

/** A profile value as text (profiles may give numbers), or undefined when absent or empty. */
function text(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  return String(value);
}
