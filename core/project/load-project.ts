import { basename } from 'node:path';
import type { Diagnostics } from '../errors.js';
import type { FileSource } from '../util/file-source.js';
import { SEED_BARE_CONFIG_KEYS } from '../seed/seed-config.js';
import { discoverProjectFiles, type DiscoveredFiles } from './discover-project-files.js';
import { loadProperties } from './load-properties.js';
import { macroNamesIn } from './macro-names.js';
import { readDocsBlocks } from './docs-blocks.js';
import type { ModelFile, Project } from './project-types.js';
import { isMapping } from './mapping-reader.js';
import { readProjectSettings, type ProjectSettings } from './read-project-settings.js';
import { validateModelConfigTree } from './validate-model-config-tree.js';
import { warnAboutDatabaseNames } from './warn-about-database-names.js';
import { configLevels } from './folder-config.js';
import { SEED_CONFIGS, TEST_CONFIGS } from './resource-configs.js';
import { validateResourceConfigTree, type UnresolvedConfigKey } from './validate-resource-config-tree.js';
import { parseYamlFile, type YamlFile } from './yaml-file.js';

export interface LoadProjectOptions {
  files: FileSource;
  /** Absolute folder of dbt_project.yml. */
  root: string;
  /** `--vars`: override dbt_project.yml vars key by key. */
  vars?: Record<string, unknown>;
}

/**
 * Reads a project: dbt_project.yml, models, macros, singular tests and property files. Every problem
 * found is added to `diagnostics`; null only when dbt_project.yml is missing or unreadable.
 */
export function loadProject(options: LoadProjectOptions, diagnostics: Diagnostics): Project | null {
  const yaml = readProjectFile(options.files, diagnostics);
  if (!yaml) return null;
  const settings = readProjectSettings(yaml, basename(options.root).replace(/\W+/g, '_') || 'project', diagnostics);
  if (!settings) return null;
  warnAboutPackages(options.files, diagnostics);
  const snapshots = warnAboutSnapshots(options.files, settings.snapshotPaths.paths, diagnostics);
  warnAboutAnalyses(options.files, settings.analysisPaths.paths, diagnostics);
  const found = discoverProjectFiles(options.files, settings, diagnostics);
  warnAboutDatabaseNames(found.macros, diagnostics);
  validateModelConfigTree(settings.modelConfigTree, settings.name, configLevels([...found.models, ...found.duplicateModels]), yaml, diagnostics);
  const unresolvedTestConfigKeys = validateSeedAndTestTrees(settings, found, yaml, diagnostics);
  const models = new Map<string, ModelFile>(found.models.map((model) => [model.name, model]));
  const docs = readDocsBlocks(options.files, found.docsFiles, diagnostics);
  const macroNames = new Set(found.macros.flatMap((file) => macroNamesIn(file.content)));
  const properties = loadProperties(options.files, found.propertyFiles, models, diagnostics, docs, {
    seeds: new Set(found.seeds.map((steps) => steps[steps.length - 1]!)), macros: macroNames, singularTests: new Set(found.tests.map((test) => test.name)),
  });
  return {
    root: options.root,
    files: options.files,
    name: settings.name,
    version: settings.version,
    profile: settings.profile,
    modelPaths: settings.modelPaths.paths,
    macroPaths: settings.macroPaths.paths,
    testPaths: settings.testPaths.paths,
    seedPaths: settings.seedPaths.paths,
    vars: { ...settings.vars, ...options.vars },
    modelConfigTree: settings.modelConfigTree,
    locateInProjectFile: yaml.locator,
    seedConfigTree: settings.seedConfigTree,
    testConfigTree: settings.testConfigTree,
    testConfigSection: testConfigSection(yaml),
    ...(unresolvedTestConfigKeys.length ? { unresolvedTestConfigKeys } : {}),
    monitoring: settings.monitoring,
    cleanTargets: settings.cleanTargets,
    duplicateModels: found.duplicateModels,
    models: found.models,
    macros: found.macros,
    tests: found.tests,
    modelProperties: properties.modelProperties,
    sources: properties.sources,
    seedTests: properties.seedTests,
    snapshots,
    singularTestConfigs: properties.singularTestConfigs,
  };
}

/** dbt packages are not installed: a project listing some is told so once, at its packages file. */
function warnAboutPackages(files: FileSource, diagnostics: Diagnostics): void {
  for (const file of ['packages.yml', 'dependencies.yml']) {
    if (!files.exists(file)) continue;
    diagnostics.warn('packages-unsupported', `${file} is not read: amp-dbt does not install dbt packages, so their models and macros are not available`,
      { file }, 'copy the macros the project uses, from dbt_utils say, into macros/');
    return;
  }
}

/**
 * dbt snapshots (`{% snapshot %}` files under the snapshot paths) are not run: said once, at the first file.
 * Returns the snapshots' names with their files (a ref of one is then an error saying so).
 */
function warnAboutSnapshots(files: FileSource, paths: readonly string[], diagnostics: Diagnostics): Map<string, string> {
  // A snapshot path at the project's root would take every model for a snapshot.
  const snapshots = paths.filter((path) => path !== '').flatMap((path) => files.list(path)).filter((path) => path.endsWith('.sql'));
  const named = new Map<string, string>();
  if (snapshots.length === 0) return named;
  diagnostics.warn('not-supported', `snapshots are not run by amp-dbt: the ${snapshots.length === 1 ? 'file' : `${snapshots.length} files`} under the snapshot paths ${snapshots.length === 1 ? 'is' : 'are'} ignored`,
    { file: snapshots[0], line: 1, column: 1 }, null);
  for (const path of snapshots) {
    for (const match of files.read(path).matchAll(/\{%-?\s*snapshot\s+(\w+)/g)) if (!named.has(match[1]!)) named.set(match[1]!, path);
  }
  return named;
}

/** dbt's analyses (`analyses/*.sql`) are not compiled: said once, at the first file. */
function warnAboutAnalyses(files: FileSource, paths: readonly string[], diagnostics: Diagnostics): void {
  // An analysis path at the project's root would take every model for an analysis.
  const analyses = paths.filter((path) => path !== '').flatMap((path) => files.list(path)).filter((path) => path.endsWith('.sql'));
  if (analyses.length === 0) return;
  diagnostics.warn('not-supported', `analyses are not compiled by amp-dbt: the ${analyses.length === 1 ? 'file' : `${analyses.length} files`} under the analysis paths ${analyses.length === 1 ? 'is' : 'are'} ignored`,
    { file: analyses[0], line: 1, column: 1 }, 'to have amp-dbt compile one, make it a model (ephemeral, if it should build nothing)');
}

function readProjectFile(files: FileSource, diagnostics: Diagnostics): YamlFile | null {
  if (!files.exists('dbt_project.yml')) {
    diagnostics.error('missing-file', `no dbt_project.yml in ${files.description}`, { file: 'dbt_project.yml' },
      "run 'amp-dbt init' to create a project here, or run amp-dbt from (or with --project-dir pointing at) the project folder");
    return null;
  }
  const yaml = parseYamlFile(files.read('dbt_project.yml'), 'dbt_project.yml', diagnostics);
  return yaml.ok ? yaml : null;
}

/** The name dbt_project.yml gives its tests' config tree: `data_tests`, or the older `tests`. */
const testConfigSection = (yaml: YamlFile) => (isMapping(yaml.value) && 'data_tests' in yaml.value ? 'data_tests' : 'tests');

/**
 * The `seeds:` and `data_tests:` trees name the project, then folders (and seed files) that exist, and their configs
 * are checked. Returns the keys of `data_tests:` that may name a test (warnAboutUnknownTests checks them).
 */
function validateSeedAndTestTrees(settings: ProjectSettings, found: DiscoveredFiles, yaml: YamlFile, diagnostics: Diagnostics): UnresolvedConfigKey[] {
  if (Object.keys(settings.seedConfigTree).length > 0) {
    validateResourceConfigTree(settings.seedConfigTree, settings.name, { section: 'seeds', noun: 'seed', paths: found.seeds, namesKnown: true, bareConfigs: SEED_BARE_CONFIG_KEYS, configs: SEED_CONFIGS }, yaml, diagnostics);
  }
  if (Object.keys(settings.testConfigTree).length > 0) {
    // As testConfigFromTree reads them: the folders of the file a test is written in, below its model or test path.
    const holders = [...found.propertyFiles, ...found.tests.map((test) => test.path)];
    const paths = holders.map((file) => file.split('/').slice(1, -1));
    // Configs written in Jinja are rendered and checked by the compile (test-config-jinja.ts), as dbt renders them.
    return validateResourceConfigTree(settings.testConfigTree, settings.name, {
      section: testConfigSection(yaml), noun: 'test', paths, namesKnown: false, configs: TEST_CONFIGS, rendersJinja: true,
    }, yaml, diagnostics);
  }
  return [];
}
