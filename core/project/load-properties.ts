import type { Diagnostics } from '../errors.js';
import type { FileSource } from '../util/file-source.js';
import { MappingReader, describeValue, isMapping, type Mapping } from './mapping-reader.js';
import type { Location, ModelFile, ModelProperties, SourceDefinition } from './project-types.js';
import { readModelProperties } from './read-model-properties.js';
import { checkMacroProperties } from './read-macro-properties.js';
import { readSeedTests, type SeedTests } from './read-seed-tests.js';
import { readSingularTestProperties } from './read-singular-test-properties.js';
import { readSources } from './read-sources.js';
import { parseYamlFile, type YamlFile, type YamlPath } from './yaml-file.js';
import { checkDocReferences } from './docs-blocks.js';

/** Top-level keys of a property file; the ones after `sources` are accepted and not read. */
const propertyFileKeys: ReadonlySet<string> = new Set([
  'version', 'models', 'sources', 'seeds', 'macros', 'exposures', 'metrics', 'semantic_models', 'unit_tests',
  'analyses', 'snapshots', 'groups', 'saved_queries', 'data_tests',
]);

/** Entries of dbt resources amp-dbt has no counterpart for, which a user would expect to run: said so, as warnings. */
const NOT_RUN: Record<string, string> = { unit_tests: 'unit tests', snapshots: 'snapshots' };

/** Keys read (and type-checked) by the readers below. */
const readHere = new Set(['version', 'models', 'sources', 'data_tests']);

export interface Properties {
  /** By model name. */
  modelProperties: Map<string, ModelProperties>;
  sources: SourceDefinition[];
  /** Tests declared on seeds, by seed name. */
  seedTests: Map<string, SeedTests>;
  /** The `config:` of singular tests' `data_tests:` entries, by test name. */
  singularTestConfigs: Map<string, Mapping>;
}

/**
 * Reads every property file (`paths`, project-relative): model descriptions, columns, tests and sources,
 * seeds' tests and singular tests' configs; `known` seed, macro and singular test names, when given, warn of
 * `seeds:`, `macros:` and `data_tests:` entries naming none.
 */
export function loadProperties(
  files: FileSource, paths: readonly string[], models: ReadonlyMap<string, ModelFile>, diagnostics: Diagnostics, docs: ReadonlyMap<string, Location> = new Map(),
  known: { seeds?: ReadonlySet<string>; macros?: ReadonlySet<string>; singularTests?: ReadonlySet<string> } = {},
): Properties {
  const out: Properties = { modelProperties: new Map(), sources: [], seedTests: new Map(), singularTestConfigs: new Map() };
  const sourceTables = new Map<string, Location>();
  for (const path of paths) {
    const file = readPropertyFile(files, path, diagnostics, docs);
    if (!file) continue;
    readModelProperties(file, models, out.modelProperties);
    readSources(file, out.sources, sourceTables);
    readSeedTests(file, out.seedTests, known.seeds);
    if (known.macros) checkMacroProperties(file, known.macros);
    if (known.singularTests) readSingularTestProperties(file, known.singularTests, out.singularTestConfigs);
  }
  return out;
}

function readPropertyFile(files: FileSource, path: string, diagnostics: Diagnostics, docs: ReadonlyMap<string, Location>): MappingReader | undefined {
  const yaml = parseYamlFile(files.read(path), path, diagnostics);
  if (!yaml.ok || yaml.value === null) return undefined;
  if (!isMapping(yaml.value)) {
    const message = `a property file must be a mapping (version: 2, models: [...], sources: [...]), got ${describeValue(yaml.value)}`;
    diagnostics.error('invalid-value', message, yaml.at([]), null);
    return undefined;
  }
  checkDescriptions(yaml, yaml.value, [], docs, diagnostics);
  const reader = new MappingReader(yaml.value, yaml.locator(yaml.value), { diagnostics, locateIn: yaml.locator }, `property file ${path}`);
  reader.checkKeys(propertyFileKeys);
  // dbt reads version 2 only (and no version at all): another is a file written for something else.
  const version = reader.value.version;
  if (version !== undefined && version !== null && String(version) !== '2') {
    diagnostics.error('invalid-value', `'version' in ${reader.where} must be 2, got ${describeValue(version)}`, reader.locate('version', 'value'), 'write version: 2, or leave it out');
  }
  for (const key of propertyFileKeys) {
    if (readHere.has(key)) continue;
    const entries = reader.list(key);
    const what = NOT_RUN[key];
    if (what && entries?.length) diagnostics.warn('not-supported', `${what} are not run by amp-dbt: the ${entries.length} under '${key}' here are ignored`, reader.locate(key, 'key'), null);
  }
  return reader;
}

/** Every `description:` of the file (models, columns, sources, tables, seeds ...): its doc() calls name docs blocks. */
function checkDescriptions(yaml: YamlFile, value: unknown, path: YamlPath, docs: ReadonlyMap<string, Location>, diagnostics: Diagnostics): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkDescriptions(yaml, item, [...path, i], docs, diagnostics));
  } else if (isMapping(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'description' && typeof item === 'string') checkDocReferences(item, docs, yaml.at([...path, key], 'value'), diagnostics);
      else checkDescriptions(yaml, item, [...path, key], docs, diagnostics);
    }
  }
}
