import { DATASET_REFERENCE, DATASET_REFERENCE_HINT } from './dataset-reference.js';
import type { Diagnostics } from '../errors.js';
import { MappingReader, type Mapping, type ReadContext } from './mapping-reader.js';
import type { ModelConfig } from './project-types.js';
import { readFreshness } from './read-freshness.js';
import type { Locate } from './yaml-file.js';

/**
 * dbt configs other adapters act on, accepted as written (any value) so a dbt project compiles as it is:
 * amp-dbt keeps them in the model's config (`indexes` of dbt-postgres, `sql_header`, ...) but does not act on them.
 */
const PASS_THROUGH_KEYS = [
  'indexes', 'unlogged', 'sql_header', 'quoting', 'access', 'group', 'event_time', 'batch_size', 'lookback', 'begin',
  'concurrent_batches', 'incremental_predicates', 'merge_update_columns', 'merge_exclude_columns',
  'on_configuration_change',
  // BigQuery
  'partition_by', 'cluster_by', 'partition_expiration_days', 'require_partition_filter', 'partitions', 'labels',
  'kms_key_name', 'hours_to_expiration', 'grant_access_to', 'enable_refresh', 'refresh_interval_minutes', 'max_staleness',
  // Snowflake
  'transient', 'copy_grants', 'automatic_clustering', 'snowflake_warehouse', 'secure', 'query_tag', 'table_tag',
  'target_lag', 'tmp_relation_type',
  // Redshift
  'dist', 'sort', 'sort_type', 'bind', 'backup', 'auto_refresh',
  // Spark and Databricks
  'file_format', 'location_root', 'clustered_by', 'buckets', 'tblproperties', 'liquid_clustered_by', 'catalog',
  'compression', 'submission_method',
] as const;
const passThrough: ReadonlySet<string> = new Set(PASS_THROUGH_KEYS);

/** Every key a model config may set (in `config(...)`, `-- @config:`, property files or `+key` folder configs). */
export const MODEL_CONFIG_KEYS = [
  'materialized', 'tags', 'schema', 'database', 'alias', 'enabled', 'unique_key', 'incremental_strategy',
  'on_schema_change', 'dependencies', 'freshness', 'track_column', 'register', 'deploy', 'end_block', 'meta',
  'docs', 'persist_docs', 'grants', 'contract', 'full_refresh', 'pre_hook', 'post_hook', 'pre-hook', 'post-hook',
  'description', 'network', 'start_block', ...PASS_THROUGH_KEYS,
] as const;

export const MATERIALIZATIONS = ['view', 'table', 'incremental', 'ephemeral'] as const;
export const ON_SCHEMA_CHANGE = ['ignore', 'fail', 'append_new_columns', 'sync_all_columns'] as const;

const modelConfigKeySet: ReadonlySet<string> = new Set(MODEL_CONFIG_KEYS);

export function isModelConfigKey(key: string): boolean {
  return modelConfigKeySet.has(key);
}

/** `namespace/name@version`: version is semver, `latest`, or a 64-hex manifest hash. */
const dependencyAlias = /^[a-zA-Z][a-zA-Z0-9_]*$/;

export interface ValidateConfigOptions {
  /** For messages, e.g. `config of model 'orders'`; default `model config`. */
  where?: string;
  /** Exact locations inside nested values (YAML files); otherwise they point at the key's value. */
  locateIn?: (container: object) => Locate;
}

/** Keys where null means something (`freshness: null` disables it); other nulls are ignored. */
const nullableKeys = new Set(['freshness', 'end_block', 'full_refresh']);

type KeyReader = (reader: MappingReader, key: string) => unknown;

const readers: Record<string, KeyReader> = {
  materialized: (r, k) => r.oneOf(k, MATERIALIZATIONS, {
    materialized_view: "materialized views are not there in amp-dbt: use 'table' (built once per version of the model) or 'incremental'",
    snapshot: "snapshots are not run by amp-dbt: an incremental model appending changed rows keeps their history",
  }),
  tags: (r, k) => r.stringList(k),
  enabled: (r, k) => r.boolean(k),
  register: (r, k) => r.boolean(k),
  deploy: (r, k) => r.boolean(k),
  full_refresh: (r, k) => r.boolean(k),
  // What materialize applies (dbt's microbatch and insert_overwrite are not there: an error, not an append).
  incremental_strategy: (r, k) => r.oneOf(k, ['append', 'delete+insert', 'merge'], {
    microbatch: "dbt's microbatch is not there: filter the new rows in {% if is_incremental() %} (on the event time) and use 'delete+insert' or 'merge' with a unique_key",
    insert_overwrite: "dbt's insert_overwrite is not there: use 'delete+insert' with the partition's columns as unique_key",
  }),
  unique_key: (r, k) => (typeof r.value[k] === 'string' ? r.value[k] : r.stringList(k)),
  on_schema_change: (r, k) => r.oneOf(k, ON_SCHEMA_CHANGE),
  dependencies: readDependencies,
  freshness: readFreshness,
  start_block: (r, k) => r.integer(k, 0),
  end_block: readEndBlock,
  meta: (r, k) => r.mapping(k),
  docs: (r, k) => r.mapping(k),
  persist_docs: (r, k) => r.mapping(k),
  grants: (r, k) => r.mapping(k),
  contract: (r, k) => r.mapping(k),
  pre_hook: (r, k) => r.stringList(k),
  post_hook: (r, k) => r.stringList(k),
  'pre-hook': (r, k) => r.stringList(k),
  'post-hook': (r, k) => r.stringList(k),
};

/**
 * Checks a model config's keys and value types and returns it normalised: invalid entries dropped,
 * `tags` and hooks as lists, `pre-hook`/`post-hook` stored as `pre_hook`/`post_hook`,
 * `end_block` as a string. `locate(key, part)` gives the location of a key (or its value).
 */
export function validateModelConfig(config: Mapping, locate: Locate, diagnostics: Diagnostics, options: ValidateConfigOptions = {}): ModelConfig {
  const context: ReadContext = { diagnostics, locateIn: options.locateIn };
  const reader = new MappingReader(config, locate, context, options.where ?? 'model config');
  reader.checkKeys(modelConfigKeySet, "a key of the project's own goes under 'meta:' (meta: {owner: finance})");
  const out: ModelConfig = {};
  for (const key of Object.keys(config)) {
    if (!modelConfigKeySet.has(key)) continue;
    if (config[key] === null || config[key] === undefined) {
      if (nullableKeys.has(key)) out[key] = null;
      continue;
    }
    const value = passThrough.has(key) ? config[key] : (readers[key] ?? readString)(reader, key);
    if (value !== undefined) storeConfig(out, key, value);
  }
  return out;
}

function readString(reader: MappingReader, key: string): unknown {
  return reader.string(key);
}

function storeConfig(out: ModelConfig, key: string, value: unknown): void {
  if (key === 'pre-hook' || key === 'post-hook') {
    const name = key.replace('-', '_');
    out[name] = [...((out[name] as string[] | undefined) ?? []), ...(value as string[])];
  } else if ((key === 'pre_hook' || key === 'post_hook') && Array.isArray(out[key])) {
    out[key] = [...(out[key] as string[]), ...(value as string[])];
  } else {
    out[key] = value;
  }
}

function readDependencies(reader: MappingReader, key: string): Record<string, string> | undefined {
  const deps = reader.child(key, `'${key}' of ${reader.where}`);
  if (!deps) return undefined;
  const out: Record<string, string> = {};
  for (const [alias, value] of Object.entries(deps.value)) {
    if (!dependencyAlias.test(alias)) {
      deps.diagnostics.error('invalid-value', `dependency alias '${alias}' must start with a letter and hold only letters, digits and '_'`, deps.locate(alias, 'key'), null);
    } else if (typeof value !== 'string' || !DATASET_REFERENCE.test(value)) {
      deps.invalid(alias, "a dataset reference 'namespace/name@version'", DATASET_REFERENCE_HINT);
    } else {
      out[alias] = value;
    }
  }
  return out;
}

function readEndBlock(reader: MappingReader, key: string): string | undefined {
  const value = reader.value[key];
  if (value === null || value === undefined) return undefined;
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof text === 'string' && /^(?:latest|-?\d+)$/.test(text)) return text;
  return reader.invalid(key, "'latest', a block number, or a negative offset from the latest block");
}
