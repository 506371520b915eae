import { redactUrl } from './redact-url.js';
import { StateError } from './state-error.js';
import { SSL_MODES } from '../util/postgres-ssl-mode.js';

/** Where a state database is: a SQLite file (absolute, relative to the project, or `:memory:`) or a PostgreSQL URL. */
export type StateStoreConfig = { type: 'sqlite'; path: string } | { type: 'postgres'; url: string };

/** The embedded default, relative to the project directory. */
export const DEFAULT_STATE_PATH = '.amp-dbt/state.db';

/** A profile's `state:` block: `{type: sqlite, path}`, `{type: postgres, url}` or just `{url}`. */
export interface StateSettings {
  type?: string;
  url?: string;
  path?: string;
}

const FORMATS = 'sqlite:///absolute/path.db, sqlite:relative/path.db, sqlite::memory:, postgres://user:password@host:5432/database';

function invalid(url: string, why: string): StateError {
  return new StateError('state-url-invalid', `invalid state URL '${redactUrl(url)}': ${why}`, { hint: `use one of ${FORMATS}` });
}

function sqlitePath(url: string): string {
  const rest = url.slice('sqlite:'.length).replace(/[?#].*$/, '');
  if (rest === ':memory:') return ':memory:';
  let path: string;
  if (rest.startsWith('//')) {
    // sqlite:///abs/path.db: an empty host, then the absolute path.
    if (!rest.startsWith('///')) throw invalid(url, 'a SQLite URL has no host; write sqlite:///absolute/path.db or sqlite:relative.db');
    path = rest.slice(2);
    if (/^\/[A-Za-z]:[\\/]/.test(path)) path = path.slice(1);
  } else {
    path = rest;
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    throw invalid(url, 'the path has a malformed %-escape');
  }
  if (path === '' || path.endsWith('/')) throw invalid(url, 'the SQLite file name is missing');
  return path;
}

/** An sslmode the driver does not know would turn TLS on as if it were `verify-full`, not be refused. */
function checkSslMode(url: string, trimmed: string): void {
  const query = trimmed.includes('?') ? trimmed.slice(trimmed.indexOf('?') + 1).replace(/#.*$/, '') : '';
  const mode = new URLSearchParams(query).get('sslmode');
  if (mode !== null && !(SSL_MODES as readonly string[]).includes(mode)) throw invalid(url, `sslmode '${mode}' is not a PostgreSQL sslmode (${SSL_MODES.join(', ')})`);
}

/** `sqlite:///abs.db`, `sqlite:rel.db`, `sqlite::memory:`, `postgres://...`, `postgresql://...`. */
export function parseStateUrl(url: string): StateStoreConfig {
  const trimmed = url.trim();
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'sqlite') return { type: 'sqlite', path: sqlitePath(trimmed) };
  if (scheme === 'postgres' || scheme === 'postgresql') {
    if (!/^[A-Za-z]+:\/\/[^/]/.test(trimmed)) throw invalid(url, 'a PostgreSQL URL needs a host: postgres://host/database');
    checkSslMode(url, trimmed);
    return { type: 'postgres', url: trimmed };
  }
  throw invalid(url, scheme ? `unknown scheme '${scheme}:'` : 'it has no scheme');
}

/**
 * The state database to use: an explicit URL (AMP_DBT_STATE_URL, read by the shell) wins over the
 * profile's `state:` block, which wins over the embedded default `.amp-dbt/state.db`.
 */
export function resolveStateConfig(input: { url?: string | null; profile?: StateSettings | null }): StateStoreConfig {
  if (input.url) return parseStateUrl(input.url);
  const state = input.profile;
  if (!state) return { type: 'sqlite', path: DEFAULT_STATE_PATH };
  const type = state.type === 'postgresql' ? 'postgres' : state.type;
  if (type !== undefined && type !== 'sqlite' && type !== 'postgres') throw profileError(`unknown state.type '${state.type}' (sqlite or postgres)`);
  if (state.url) {
    const config = parseStateUrl(state.url);
    if (type !== undefined && config.type !== type) throw profileError(`state.type is ${type} but state.url is a ${config.type} URL`);
    return config;
  }
  if (type === 'postgres') throw profileError('state.type postgres needs state.url');
  return { type: 'sqlite', path: state.path ?? DEFAULT_STATE_PATH };
}

function profileError(message: string): StateError {
  return new StateError('state-config-invalid', `profile state settings: ${message}`, {
    hint: "write state: {type: sqlite, path: .amp-dbt/state.db} or state: {type: postgres, url: 'postgres://...'}",
  });
}
