import { didYouMean } from '../util/did-you-mean.js';
import { mergeConfigs, type FolderJinja } from './folder-config.js';
import { splitJinjaConfigs } from './config-jinja.js';
import { describeEntry, type MappingReader } from './mapping-reader.js';
import { validateModelConfig } from './model-config-keys.js';
import type { ModelConfig, ModelFile, ModelProperties } from './project-types.js';
import { readColumns, readRequiredName } from './read-columns.js';
import { readTests } from './read-tests.js';

const modelKeys: ReadonlySet<string> = new Set([
  'name', 'description', 'columns', 'config', 'tests', 'data_tests', 'meta', 'docs', 'tags', 'access', 'latest_version',
  'versions', 'constraints', 'group', 'deprecation_date',
]);
const accessLevels = ['private', 'protected', 'public'] as const;

/** `models:` entries of one property file, added to `found` (by model name). */
export function readModelProperties(file: MappingReader, models: ReadonlyMap<string, ModelFile>, found: Map<string, ModelProperties>): void {
  for (const entry of file.mappingItems('models', (item) => describeEntry('model', item))) {
    entry.checkKeys(modelKeys);
    const name = readRequiredName(entry, 'model entry');
    if (name === undefined || !isKnownModel(entry, name, models) || isDuplicate(entry, name, found)) continue;
    found.set(name, readModelEntry(entry, name));
  }
}

function readModelEntry(entry: MappingReader, name: string): ModelProperties {
  const { config, configJinja } = readConfig(entry, name);
  const out: ModelProperties = { name, columns: readColumns(entry), config, tests: readTests(entry), location: entry.locate('name') };
  if (configJinja) out.configJinja = configJinja;
  const description = entry.string('description');
  const access = entry.oneOf('access', accessLevels);
  if (description !== undefined) out.description = description;
  if (access !== undefined) out.access = access;
  entry.list('versions');
  entry.list('constraints');
  return out;
}

/**
 * `config:` with the entry's own `tags`, `meta` and `docs` underneath it (dbt treats them as configs). Values
 * written in Jinja (`schema: "{{ env_var('SCHEMA', 'x') }}"`) are kept apart, as dbt_project.yml's are: a
 * compile renders them (compile-project's renderOne) and checks them then.
 */
function readConfig(entry: MappingReader, name: string): { config: ModelConfig; configJinja?: FolderJinja } {
  const own: ModelConfig = {};
  const tags = entry.stringList('tags');
  const meta = entry.mapping('meta');
  const docs = entry.mapping('docs');
  if (tags) own.tags = tags;
  if (meta) own.meta = meta;
  if (docs) own.docs = docs;
  const config = entry.mapping('config');
  if (!config) return { config: own };
  const { plain, jinja } = splitJinjaConfigs(config);
  const locate = entry.locateInside(config, 'config');
  const written = validateModelConfig(plain, locate, entry.diagnostics, {
    where: `config of ${entry.where}`,
    locateIn: entry.context.locateIn,
  });
  const merged = mergeConfigs(own, written);
  return jinja ? { config: merged, configJinja: { configs: jinja, locate, where: `models: ${name}: config` } } : { config: merged };
}

function isKnownModel(entry: MappingReader, name: string, models: ReadonlyMap<string, ModelFile>): boolean {
  if (models.has(name)) return true;
  const hint = didYouMean(name, models.keys()) || `create models/${name}.sql or fix the name`;
  entry.diagnostics.warn('unknown-model', `${entry.where} is described here but no model file is named '${name}.sql'`, entry.locate('name', 'value'), hint);
  return false;
}

function isDuplicate(entry: MappingReader, name: string, found: Map<string, ModelProperties>): boolean {
  const first = found.get(name);
  if (!first) return false;
  const here = entry.locate('name', 'value');
  const message = `model '${name}' is described twice: ${first.location.file}:${first.location.line} and ${here.file}:${here.line}`;
  entry.diagnostics.error('duplicate-model', message, here, 'keep one entry per model across all property files');
  return true;
}
