import { definedOnly } from '../util/defined-only.js';
import type { MappingReader } from './mapping-reader.js';
import type { Target, TargetType } from './project-types.js';

export const TARGET_TYPES: readonly TargetType[] = ['duckdb', 'postgres', 'amp'];
export const DEFAULT_DUCKDB_PATH = '.amp-dbt/warehouse.duckdb';
/** The target of the embedded default profile, and of a profile with several outputs and no `target:`. */
export const DEFAULT_TARGET_NAME = 'dev';

const commonKeys = ['type', 'schema', 'threads'];
const keysByType: Record<TargetType, ReadonlySet<string>> = {
  duckdb: new Set([...commonKeys, 'physical_schema', 'path', 'database', 'extensions', 'settings', 'attach', 'plugins']),
  postgres: new Set([
    ...commonKeys, 'physical_schema', 'host', 'port', 'user', 'password', 'pass', 'dbname', 'database', 'sslmode', 'connect_timeout',
    'keepalives_idle', 'retries', 'role', 'search_path', 'sslcert', 'sslkey', 'sslrootcert', 'application_name', 'url',
  ]),
  amp: new Set([...commonKeys, 'host', 'flight_port', 'jsonl_port', 'admin_port', 'tls', 'token', 'namespace', 'transport', 'timeout_seconds']),
};

const builders: Record<TargetType, (output: MappingReader) => Record<string, unknown>> = {
  duckdb: (o) => {
    const path = o.string('path') ?? DEFAULT_DUCKDB_PATH;
    return { path, schema: duckdbSchema(o, path, 'schema') ?? 'main', ...pick(o, ['database']), ...definedOnly({ physical_schema: duckdbSchema(o, path, 'physical_schema') }) };
  },
  postgres: (o) => ({
    host: o.string('host') ?? 'localhost',
    port: port(o, 'port') ?? 5432,
    schema: o.string('schema') ?? 'public',
    ...pick(o, ['user', 'sslmode', 'sslrootcert', 'sslcert', 'sslkey', 'role', 'search_path', 'application_name', 'physical_schema', 'url']),
    ...definedOnly({ password: o.string('password') ?? o.string('pass'), dbname: o.string('dbname') ?? o.string('database') }),
    ...definedOnly({ connect_timeout: count(o, 'connect_timeout'), keepalives_idle: count(o, 'keepalives_idle'), retries: count(o, 'retries') }),
  }),
  amp: (o) => {
    const namespace = ampNamespace(o);
    const timeout = o.integer('timeout_seconds', 1);
    return {
      host: ampHost(o) ?? 'localhost',
      flight_port: port(o, 'flight_port') ?? 1602,
      jsonl_port: port(o, 'jsonl_port') ?? 1603,
      admin_port: port(o, 'admin_port') ?? 1610,
      tls: flag(o, 'tls') ?? false,
      transport: o.oneOf('transport', ['flight', 'jsonl']) ?? 'flight',
      schema: o.string('schema') ?? namespace ?? '_',
      ...definedOnly({ token: o.string('token'), namespace, timeout_seconds: timeout }),
    };
  },
};

/**
 * A DuckDB target's `schema` or `physical_schema`, refused when it has the name DuckDB gives the database
 * file (`ci` for ci.duckdb): `"ci"."orders"` is then ambiguous to DuckDB (catalog or schema?) and every
 * view a run makes fails with a binder error.
 */
function duckdbSchema(o: MappingReader, path: string, key: 'schema' | 'physical_schema'): string | undefined {
  const schema = o.string(key);
  const file = path.split(/[\\/]/).pop() ?? '';
  const catalog = file.replace(/\.[^.]*$/, '');
  if (schema === undefined || path === ':memory:' || schema.toLowerCase() !== catalog.toLowerCase()) return schema;
  return o.invalid(key, `a schema named other than the database file ${file} (DuckDB names the database '${catalog}', and cannot tell the two apart in SQL)`,
    `rename the schema, or the file (path: ${path.slice(0, path.length - file.length)}${catalog}_warehouse${file.slice(catalog.length)})`);
}

/** Amp's namespace rule (amp-naming.ts's NAMESPACE), repeated: core/project does not import core/amp. */
const AMP_NAMESPACE = /^[a-z0-9_]+$/;

/**
 * An amp target's `namespace` (else its `schema`: the namespace models are registered in), checked here, at
 * profiles.yml, rather than at every model: one of them is required, as registering into `_` (the raw
 * datasets' namespace) by default would mix a project's datasets with the chain's.
 */
function ampNamespace(o: MappingReader): string | undefined {
  const key = o.has('namespace') ? 'namespace' : o.has('schema') ? 'schema' : null;
  if (key === null) {
    o.diagnostics.error('missing-key', `${o.where} has no 'namespace'`, o.locate('', 'key'),
      "add 'namespace: <name>', the Amp namespace models are registered in (<namespace>/<model>)");
    return undefined;
  }
  const value = o.string(key);
  if (value === undefined || AMP_NAMESPACE.test(value)) return key === 'namespace' ? value : undefined;
  return o.invalid(key, "an Amp namespace: lower-case letters, digits and '_'", `e.g. ${key}: ${value.toLowerCase().replace(/[^a-z0-9_]+/g, '_')}`);
}

/** An amp target's `host`: a name or address only (a scheme or port there made an unreadable URL). */
function ampHost(o: MappingReader): string | undefined {
  const host = o.string('host');
  if (host === undefined || !/:\/\/|\/|^[^:]+:\d+$/.test(host)) return host;
  return o.invalid('host', 'a host name or address, without a scheme, path or port',
    "write the port as admin_port / flight_port / jsonl_port, and 'tls: true' for https (e.g. host: amp.example.com)");
}

/** One output of profiles.yml (already interpolated) as a Target; undefined when its type is missing or unknown. */
export function buildTarget(name: string, output: MappingReader): Target | undefined {
  const type = readType(output);
  if (!type) return undefined;
  output.checkKeys(keysByType[type]);
  const fields = builders[type](output);
  const threads = output.integer('threads', 1);
  if (threads !== undefined) fields.threads = threads;
  if (type === 'postgres' && fields.dbname !== undefined) fields.database = fields.dbname;
  return { name, type, schema: String(fields.schema), ...fields };
}

function readType(output: MappingReader): TargetType | undefined {
  if (!output.has('type')) {
    output.diagnostics.error('invalid-value', `${output.where} has no 'type'`, output.locate('', 'key'), `add 'type: duckdb' (or ${TARGET_TYPES.slice(1).join(', ')})`);
    return undefined;
  }
  return output.oneOf('type', TARGET_TYPES);
}

/** A port: a number, or digits from an interpolated string. */
function port(output: MappingReader, key: string): number | undefined {
  const value = output.value[key];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number > 0 && number < 65536) return number;
  return output.invalid(key, 'a port number (1-65535)');
}

/** A whole number of at least 0 (seconds, attempts), also as interpolated text. */
function count(output: MappingReader, key: string): number | undefined {
  const value = output.value[key];
  if (value === undefined || value === null || value === '') return undefined;
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number >= 0) return number;
  return output.invalid(key, 'a whole number of at least 0');
}

/** true/false, also as interpolated text. */
function flag(output: MappingReader, key: string): boolean | undefined {
  const value = output.value[key];
  if (value === 'true' || value === 'false') return value === 'true';
  return value === '' ? undefined : output.boolean(key);
}

function pick(output: MappingReader, keys: string[]): Record<string, string> {
  return definedOnly(Object.fromEntries(keys.map((key) => [key, output.string(key)]))) as Record<string, string>;
}
