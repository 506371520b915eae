import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';

/** The sslmodes a target or a state URL may give (`no-verify` is the pg driver's own: TLS without checking the certificate). */
export const SSL_MODES = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify'] as const;

/** libpq's TLS settings, as a postgres target's keys or a connection URL's parameters give them. */
export interface PostgresSslSettings {
  sslmode?: string;
  /** PEM file of the certificate authority the server's certificate must be signed by. */
  sslrootcert?: string;
  /** PEM files of a client certificate and its private key (certificate authentication). */
  sslcert?: string;
  sslkey?: string;
}

const SSL_FILES = { sslrootcert: 'ca', sslcert: 'cert', sslkey: 'key' } as const;
type SslFileKey = keyof typeof SSL_FILES;
const FILE_WHAT: Record<SslFileKey, string> = {
  sslrootcert: "the PEM file of the certificate authority that signed the server's certificate",
  sslcert: 'the PEM file of the client certificate',
  sslkey: "the PEM file of the client certificate's private key",
};

/** TLS settings that cannot be used as given; the caller says where they came from (a target, a state URL). */
export class SslSettingsError extends Error {
  constructor(message: string, readonly hint: string) {
    super(message);
  }
}

/**
 * The pg driver's `ssl` option for an sslmode, one meaning for the warehouse and the state database: disable,
 * allow and prefer connect without TLS (the driver cannot fall back from one to the other), require and
 * no-verify encrypt without checking the certificate (libpq's require), verify-ca and verify-full check it.
 * Undefined for a mode that is not one.
 */
export function sslOfMode(mode: string): pg.PoolConfig['ssl'] | undefined {
  switch (mode) {
    case 'disable': case 'allow': case 'prefer': return false;
    case 'require': case 'no-verify': return { rejectUnauthorized: false };
    case 'verify-ca': return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    case 'verify-full': return { rejectUnauthorized: true };
    default: return undefined;
  }
}

/**
 * The `ssl` option for libpq's settings, as libpq acts on them: sslmode as sslOfMode says; sslrootcert is the
 * authority verify-ca and verify-full check the server's certificate against (and turns require into
 * verify-ca, as in libpq); sslcert and sslkey, given together, are the client's certificate. Undefined when
 * nothing is set. Throws SslSettingsError for an unknown mode, a file that cannot be read, files with a mode
 * that connects without TLS (they would be ignored), or a certificate without its key.
 */
export function sslOption(settings: PostgresSslSettings, readFile = (path: string) => readFileSync(path, 'utf8')): pg.PoolConfig['ssl'] | undefined {
  const mode = settings.sslmode;
  const files = (Object.keys(SSL_FILES) as SslFileKey[]).filter((key) => settings[key] !== undefined);
  if (mode === undefined && files.length === 0) return undefined;
  const base = mode === undefined ? false : sslOfMode(mode);
  if (base === undefined) throw new SslSettingsError(`sslmode '${mode}' is not a PostgreSQL sslmode`, `use one of ${SSL_MODES.join(', ')}`);
  if (files.length === 0) return base;
  if (base === false) {
    const why = mode === undefined ? 'sslmode is not set, so amp-dbt connects without TLS' : `sslmode '${mode}' connects without TLS`;
    throw new SslSettingsError(`${files.join(' and ')} ${files.length > 1 ? 'are' : 'is'} set but ${why} and would not use ${files.length > 1 ? 'them' : 'it'}`,
      "set sslmode: verify-full (the server's certificate is checked against sslrootcert, and its host name), verify-ca (against sslrootcert only) or require");
  }
  if ((settings.sslcert === undefined) !== (settings.sslkey === undefined)) {
    const [given, missing] = settings.sslcert === undefined ? ['sslkey', 'sslcert'] : ['sslcert', 'sslkey'];
    throw new SslSettingsError(`${given} is set without ${missing}`, 'give both the client certificate (sslcert) and its private key (sslkey)');
  }
  const ssl: ConnectionOptions = typeof base === 'object' ? { ...base } : {};
  for (const key of files) {
    const path = settings[key]!;
    try {
      ssl[SSL_FILES[key]] = readFile(path);
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
      throw new SslSettingsError(`${key} '${path}' cannot be read (${reason})`, `set ${key} to ${FILE_WHAT[key]} (a path relative to the folder amp-dbt runs in, or absolute)`);
    }
  }
  // libpq: "if a root CA file exists, the behavior of sslmode=require will be the same as that of verify-ca".
  if (mode === 'require' && settings.sslrootcert !== undefined) Object.assign(ssl, sslOfMode('verify-ca'));
  return ssl;
}

/** `connect_timeout` (seconds, as a target or a URL gives it; 0 waits as long as the system does) as the driver's option. */
export function connectTimeoutOption(seconds: unknown): Pick<pg.PoolConfig, 'connectionTimeoutMillis'> {
  const value = seconds === undefined || seconds === null || seconds === '' ? NaN : Number(seconds);
  return Number.isFinite(value) && value > 0 ? { connectionTimeoutMillis: value * 1000 } : {};
}

/** The connection parameters of a URL that amp-dbt reads itself rather than leave to the driver. */
const OWN_PARAMETERS = new Set(['sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'connect_timeout']);

/**
 * A connection URL without its TLS parameters and `connect_timeout`, and their values. Left in the URL, the
 * driver would read them its own way: require as verify-full (with a security warning), sslrootcert
 * overriding the mode, and connect_timeout not at all.
 */
export function splitConnectionUrl(url: string): { connectionString: string; settings: PostgresSslSettings & { connect_timeout?: string } } {
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  if (query === -1 || (hash !== -1 && hash < query)) return { connectionString: url, settings: {} };
  const end = hash === -1 ? url.length : hash;
  const kept: string[] = [];
  const settings: Record<string, string> = {};
  for (const part of url.slice(query + 1, end).split('&')) {
    const equals = part.indexOf('=');
    const name = equals === -1 ? part : part.slice(0, equals);
    if (OWN_PARAMETERS.has(name) && equals !== -1) settings[name] = decoded(part.slice(equals + 1));
    else if (part !== '') kept.push(part);
  }
  return { connectionString: url.slice(0, query) + (kept.length > 0 ? `?${kept.join('&')}` : '') + url.slice(end), settings };
}

function decoded(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
