import { didYouMean } from '../util/did-you-mean.js';
import { ExactInteger } from '../util/exact-integer.js';
import { isMapping, type MappingReader } from './mapping-reader.js';
import type { ResourcePaths } from './validate-resource-config-tree.js';

const isBoolean = (value: unknown) => typeof value === 'boolean';
const isWholeNumber = (value: unknown) => (typeof value === 'number' && Number.isInteger(value) && value >= 0) || value instanceof ExactInteger;

/** Seeds' configs (dbt's), and what amp-dbt reads of them must be. */
export const SEED_CONFIGS: NonNullable<ResourcePaths['configs']> = {
  names: new Set(['enabled', 'schema', 'column_types', 'tags', 'quote_columns', 'delimiter', 'database', 'alias', 'full_refresh',
    'persist_docs', 'meta', 'docs', 'grants', 'pre_hook', 'post_hook', 'pre-hook', 'post-hook', 'group', 'event_time']),
  check: (name: string, value: unknown) => {
    if (name === 'enabled' || name === 'quote_columns' || name === 'full_refresh') return isBoolean(value) ? null : 'true or false';
    if (name === 'column_types') return isMapping(value) ? null : 'a mapping of column names to types';
    if (name === 'schema' || name === 'alias' || name === 'database' || name === 'delimiter') return typeof value === 'string' ? null : 'text';
    return null;
  },
};

const SEVERITIES = ['warn', 'error'];

/**
 * Data tests' configs (dbt's), and what a test run reads of them must be: one check wherever a test's config is
 * written (dbt_project.yml's data_tests:, a property file's test, a singular test's config()).
 */
export const TEST_CONFIGS: NonNullable<ResourcePaths['configs']> = {
  names: new Set(['enabled', 'severity', 'tags', 'warn_if', 'error_if', 'limit', 'fail_calc', 'where', 'store_failures', 'store_failures_as',
    'schema', 'database', 'alias', 'meta', 'docs', 'group']),
  check: (name: string, value: unknown) => {
    if (name === 'severity') return typeof value === 'string' && SEVERITIES.includes(value.toLowerCase()) ? null : 'warn or error';
    if (name === 'limit') return isWholeNumber(value) ? null : 'a whole number of at least 0';
    if (name === 'enabled' || name === 'store_failures') return isBoolean(value) ? null : 'true or false';
    return null;
  },
  hint: (name: string, value: unknown) => (name === 'severity' && typeof value === 'string' ? didYouMean(value.toLowerCase(), SEVERITIES) || null : null),
};

/** What is wrong with config `name` of `configs` set to `value`: a near config's name it may be a typo of, or the kind of value expected. */
export type ConfigProblem = { near: string } | { expected: string; hint: string | null } | null;

/** The one check of a config, wherever it is written (the dbt_project.yml trees, a property entry's `config:`). */
export function configProblem(name: string, value: unknown, configs: NonNullable<ResourcePaths['configs']>): ConfigProblem {
  if (!configs.names.has(name)) {
    const near = didYouMean(name, configs.names);
    return near ? { near } : null;
  }
  if (value === null || value === undefined) return null;
  const expected = configs.check?.(name, value);
  return expected ? { expected, hint: configs.hint?.(name, value) ?? null } : null;
}

/**
 * A property file entry's `config:` mapping (`reader`), checked as the dbt_project.yml tree's configs are: a key
 * near one of `configs` is an `unknown-config` warning with it (others, custom configs, pass), a value amp-dbt
 * reads of the wrong kind an error at it. A value written in Jinja is left as written.
 */
export function checkConfigMapping(reader: MappingReader, configs: NonNullable<ResourcePaths['configs']>, noun: string): void {
  for (const [name, value] of Object.entries(reader.value)) {
    if (typeof value === 'string' && value.includes('{{')) continue;
    const problem = configProblem(name, value, configs);
    if (problem && 'near' in problem) {
      reader.diagnostics.warn('unknown-config', `'${name}' in ${reader.where} is not a ${noun} config amp-dbt or dbt reads: it is kept, and nothing acts on it`, reader.locate(name, 'key'), problem.near);
    } else if (problem) {
      reader.invalid(name, problem.expected, problem.hint);
    }
  }
}
