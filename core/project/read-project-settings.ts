import { posix } from 'node:path';
import type { Diagnostics } from '../errors.js';
import { describeValue, MappingReader, isMapping, type Mapping } from './mapping-reader.js';
import type { FreshnessConfig, Location } from './project-types.js';
import { readFreshness } from './read-freshness.js';
import type { YamlFile } from './yaml-file.js';

/** Every top-level key dbt_project.yml may hold. */
export const PROJECT_KEYS: ReadonlySet<string> = new Set([
  'name', 'version', 'profile', 'config-version', 'model-paths', 'macro-paths', 'test-paths', 'seed-paths', 'vars',
  'models', 'seeds', 'tests', 'data_tests', 'sources', 'monitoring', 'target-path', 'clean-targets', 'require-dbt-version',
  'flags', 'analysis-paths', 'snapshot-paths', 'docs-paths', 'asset-paths', 'packages-install-path', 'quoting',
  'query-comment', 'on-run-start', 'on-run-end', 'dispatch', 'snapshots', 'analyses', 'metrics', 'semantic-models',
  'exposures', 'saved-queries', 'restrict-access', 'log-path', 'unit_tests', 'dbt-cloud', 'functions',
]);

const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A configured folder list, e.g. `model-paths`, and where it was written (when it was). */
export interface PathSetting {
  paths: string[];
  /** Location of the value when written in dbt_project.yml; null for the default. */
  location: Location | null;
  /** Where each path is written, when the value is a list (by path as in `paths`). */
  written?: ReadonlyMap<string, Location>;
}

/** dbt_project.yml, read and checked. */
export interface ProjectSettings {
  name: string;
  version: string;
  profile: string;
  modelPaths: PathSetting;
  macroPaths: PathSetting;
  testPaths: PathSetting;
  seedPaths: PathSetting;
  snapshotPaths: PathSetting;
  /** dbt's analyses (compiled by dbt, not run): amp-dbt compiles none and says so. */
  analysisPaths: PathSetting;
  /** Where `.md` files of docs blocks are: `docs-paths`, else every resource path, as in dbt. */
  docsPaths: string[];
  vars: Record<string, unknown>;
  modelConfigTree: Mapping;
  seedConfigTree: Mapping;
  testConfigTree: Mapping;
  monitoring: FreshnessConfig;
  cleanTargets: string[];
}

/** Reads the top level of dbt_project.yml (already parsed); null when it is not a mapping. */
export function readProjectSettings(yaml: YamlFile, fallbackName: string, diagnostics: Diagnostics): ProjectSettings | null {
  if (!isMapping(yaml.value)) {
    const got = yaml.value === null ? 'an empty file' : describeValue(yaml.value);
    diagnostics.error('invalid-value', `dbt_project.yml must be a mapping of settings (name: ..., version: ...), got ${got}`, yaml.at([]), null);
    return null;
  }
  const r = new MappingReader(yaml.value, yaml.locator(yaml.value), { diagnostics, locateIn: yaml.locator }, 'dbt_project.yml');
  r.checkKeys(PROJECT_KEYS);
  const name = readName(r, fallbackName);
  checkOtherKeys(r);
  const resources = {
    modelPaths: readPaths(r, 'model-paths', 'models'),
    macroPaths: readPaths(r, 'macro-paths', 'macros'),
    testPaths: readPaths(r, 'test-paths', 'tests'),
    seedPaths: readPaths(r, 'seed-paths', 'seeds'),
    snapshotPaths: readPaths(r, 'snapshot-paths', 'snapshots'),
  };
  const analysisPaths = readPaths(r, 'analysis-paths', 'analyses');
  const docsPaths = r.has('docs-paths') ? readPaths(r, 'docs-paths', 'docs').paths
    : [...new Set([...Object.values(resources), analysisPaths].flatMap((setting) => setting.paths))];
  return {
    name,
    version: r.text('version') ?? '',
    profile: r.string('profile') ?? name,
    ...resources,
    analysisPaths,
    docsPaths,
    vars: scopedVars(r.mapping('vars') ?? {}, name),
    modelConfigTree: r.mapping('models') ?? {},
    seedConfigTree: r.mapping('seeds') ?? {},
    testConfigTree: r.mapping('data_tests') ?? r.mapping('tests') ?? {},
    monitoring: readFreshness(r, 'monitoring') ?? {},
    cleanTargets: r.stringList('clean-targets') ?? [],
  };
}

function readName(r: MappingReader, fallback: string): string {
  if (!r.has('name')) {
    r.diagnostics.error('missing-key', "dbt_project.yml has no 'name'", r.locate('', 'key'), "add a line like 'name: my_project' (letters, digits and '_')");
    return fallback;
  }
  const name = r.value.name === null ? r.invalid('name', 'the project name') : r.string('name');
  if (name === undefined) return fallback;
  if (identifier.test(name)) return name;
  r.invalid('name', "an identifier (letters, digits and '_', not starting with a digit)", `for example '${name.replace(/\W+/g, '_')}'`);
  return fallback;
}

function readPaths(r: MappingReader, key: string, fallback: string): PathSetting {
  const paths = r.has(key) ? r.stringList(key) : undefined;
  if (!paths) return { paths: [fallback], location: null };
  const list = r.value[key];
  const written = new Map<string, Location>();
  if (Array.isArray(list)) {
    const locateItem = r.locateInside(list, key);
    paths.forEach((path, index) => { if (!written.has(normalizePath(path))) written.set(normalizePath(path), locateItem(String(index))); });
  }
  return { paths: [...new Set(paths.map(normalizePath))], location: r.locate(key, 'value'), written };
}

/** `./models/` -> `models`; `.` -> `` (the project root). */
function normalizePath(path: string): string {
  const normal = posix.normalize(path.replace(/\\/g, '/')).replace(/\/+$/, '');
  return normal === '.' ? '' : normal;
}

/** Vars scoped to this project (`vars: {my_project: {x: 1}}`, as dbt allows) apply like top-level vars. */
function scopedVars(vars: Mapping, projectName: string): Record<string, unknown> {
  const scoped = vars[projectName];
  if (!isMapping(scoped)) return { ...vars };
  const out: Record<string, unknown> = { ...vars, ...scoped };
  delete out[projectName];
  return out;
}

/** Shape checks for keys amp-dbt accepts but does not use here. */
function checkOtherKeys(r: MappingReader): void {
  r.integer('config-version', 1);
  for (const key of ['tests', 'data_tests', 'flags', 'quoting']) r.mapping(key);
  const sources = r.mapping('sources');
  if (sources && Object.keys(sources).length) {
    // Silently dropped, a `+tags` here would leave the tables out of `tag:` selections (test, status).
    r.diagnostics.warn('not-supported', "configs under 'sources:' in dbt_project.yml (+tags, +freshness, +enabled ...) are not read by amp-dbt", r.locate('sources', 'key'),
      'set tags: and freshness: on the sources in their property files beside the models');
  }
  r.stringList('asset-paths');
  for (const key of ['on-run-start', 'on-run-end']) {
    if (r.stringList(key)?.length) r.diagnostics.warn('hooks-not-run', `${key} hooks in dbt_project.yml are not run by amp-dbt`, r.locate(key, 'key'), 'run such statements outside amp-dbt (a grant, say, once per schema)');
  }
  for (const key of ['target-path', 'packages-install-path']) r.string(key);
}
