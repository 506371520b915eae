import type { ProjectSettings } from '../project/read-project-settings.js';
import type { Manifest, ManifestModel } from '../state/state-types.js';
import type { ProjectTree } from './commit-snapshot.js';

/** Files that differ between the recorded ancestor and the commit, by what they mean to the compiler. */
export interface ProjectChanges {
  /** Property files, profiles.yml and other YAML: any of them changes every model. */
  config: string[];
  /** dbt_project.yml changed (its non-vars settings are compared separately). */
  projectFile: boolean;
  /** Macro files (macro paths and `<test-path>/generic/`). */
  macros: string[];
  /** Seed files (CSV, Parquet) under the seed paths: a ref may now name a seed, or no longer. */
  seeds: string[];
}

const under = (path: string, root: string) => root === '' || path.startsWith(root + '/');
const isYaml = (path: string) => path.endsWith('.yml') || path.endsWith('.yaml');

export function isMacroFile(path: string, settings: ProjectSettings): boolean {
  if (!path.endsWith('.sql')) return false;
  return settings.macroPaths.paths.some((root) => under(path, root))
    || settings.testPaths.paths.some((root) => path.startsWith(root === '' ? 'generic/' : `${root}/generic/`));
}

/** A seed file (CSV, Parquet) under the seed paths. */
export function isSeedFile(path: string, settings: ProjectSettings): boolean {
  return /\.(?:csv|parquet)$/i.test(path) && settings.seedPaths.paths.some((root) => under(path, root));
}

export function classifyChanges(paths: readonly string[], settings: ProjectSettings): ProjectChanges {
  const changes: ProjectChanges = { config: [], projectFile: false, macros: [], seeds: [] };
  for (const path of paths) {
    if (path === 'dbt_project.yml') changes.projectFile = true;
    else if (isYaml(path)) changes.config.push(path);
    else if (isMacroFile(path, settings)) changes.macros.push(path);
    else if (isSeedFile(path, settings)) changes.seeds.push(path);
  }
  return changes;
}

/** Model file name -> path, for `.sql` files under the model paths (the first path in order wins, as the loader does). */
export function modelPathsByName(tree: ProjectTree, settings: ProjectSettings): Map<string, string> {
  const out = new Map<string, string>();
  for (const path of tree.keys()) {
    if (!path.endsWith('.sql') || !settings.modelPaths.paths.some((root) => under(path, root))) continue;
    const name = path.slice(path.lastIndexOf('/') + 1, -4);
    const other = out.get(name);
    if (other === undefined || path < other) out.set(name, path);
  }
  return out;
}

/**
 * A model the ancestor's manifest does not have, named as a seed of the commit: a ref of that name read the
 * seed and now reads the model (a model wins), in models whose manifest entries name no parent of that name.
 */
export function modelNamedAsSeed(base: Manifest, tree: ProjectTree, settings: ProjectSettings): string | undefined {
  const seeds = new Set([...tree.keys()].filter((path) => isSeedFile(path, settings)).map((path) => path.slice(path.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '')));
  if (seeds.size === 0) return undefined;
  const earlier = new Set(base.models.map((m) => m.name));
  return [...modelPathsByName(tree, settings).keys()].find((name) => seeds.has(name) && !earlier.has(name));
}

export interface ReuseInputs {
  /** The recorded ancestor's manifest. */
  base: Manifest;
  /** The project's files at the commit being recorded. */
  tree: ProjectTree;
  settings: ProjectSettings;
  /** The project's vars at the commit (dbt_project.yml and --vars). */
  vars: Record<string, unknown>;
  /** Macros whose output may have changed (changedMacroNames). */
  changedMacros: ReadonlySet<string>;
  /** Models of the ancestor reading a seed whose file changed (readersOfSeeds): their content hashes change. */
  seedReaders?: ReadonlySet<string>;
}

/** A var's value as manifests record it (`null` when undefined). */
const varValue = (vars: Record<string, unknown>, name: string) => JSON.stringify(Object.hasOwn(vars, name) ? vars[name] ?? null : null);

/**
 * The ancestor's models that can be reused as they are, by path: the file's blob is unchanged, no macro it
 * calls changed, every var it reads has the same value, no seed it reads changed, and every model it refers to still lives at the
 * same path (pragma imports name paths). Everything else is rendered again. Pure.
 */
export function reusableModels(inputs: ReuseInputs): Map<string, ManifestModel> {
  const { base, tree, vars, changedMacros, seedReaders } = inputs;
  const pathOf = modelPathsByName(tree, inputs.settings);
  const changedVars = new Set(Object.keys({ ...vars, ...base.vars }).filter((name) => varValue(vars, name) !== varValue(base.vars, name)));
  // Models of the ancestor that are gone or live at another path now.
  const moved = new Set(base.models.filter((m) => pathOf.get(m.name) !== m.path).map((m) => m.name));
  const reusable = new Map<string, ManifestModel>();
  for (const model of base.models) {
    if (model.blobId === null || tree.get(model.path) !== model.blobId || moved.has(model.name)) continue;
    if (changedMacros.size > 0 && model.usedMacros.some((name) => changedMacros.has(name))) continue;
    if (changedVars.size > 0 && model.usedVars.some((name) => changedVars.has(name))) continue;
    if (moved.size > 0 && model.refs.some((name) => moved.has(name))) continue;
    if (seedReaders?.has(model.name)) continue;
    reusable.set(model.path, model);
  }
  return reusable;
}
