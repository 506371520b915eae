import { Diagnostics } from '../errors.js';
import { splitConfigTreeLevel } from './config-tree-level.js';
import { splitJinjaConfigs } from './config-jinja.js';
import { isMapping, type Mapping } from './mapping-reader.js';
import { validateModelConfig } from './model-config-keys.js';
import type { Location, ModelConfig, ModelFile, Project } from './project-types.js';
import type { Locate } from './yaml-file.js';

/** Configs whose values accumulate across layers instead of being replaced. */
const listKeys = new Set(['tags', 'pre_hook', 'post_hook']);
/** Configs merged key by key across layers (the more specific layer wins per key). */
const mapKeys = new Set(['dependencies', 'meta']);

/**
 * Layers `override` over `base`: scalars are replaced, `tags` accumulate (deduplicated, order kept),
 * hooks accumulate, `dependencies` and `meta` merge per key. Neither input is modified.
 */
export function mergeConfigs(base: ModelConfig, override: ModelConfig): ModelConfig {
  const out: ModelConfig = { ...base };
  for (const [key, value] of Object.entries(override)) {
    if (value === undefined) continue;
    if (listKeys.has(key)) out[key] = appendList(base[key], value, key === 'tags');
    else if (mapKeys.has(key) && isMapping(value)) out[key] = { ...(isMapping(base[key]) ? base[key] : {}), ...value };
    else out[key] = value;
  }
  return out;
}

function appendList(base: unknown, extra: unknown, unique: boolean): string[] {
  const all = [...asList(base), ...asList(extra)];
  return unique ? [...new Set(all)] : all;
}

function asList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as string[]) : [String(value)];
}

/** A folder of the `models:` tree with its own configs (normalised) and its sub-folders. */
interface FolderNode {
  config: ModelConfig;
  /** Its configs holding Jinja, as written (rendered by a compile: RenderFolderConfigs). */
  jinja?: FolderJinja;
  children: Map<string, FolderNode>;
}

/** A level's configs holding Jinja, and where they are written. */
export interface FolderJinja {
  /** Keyed without `+`. */
  configs: Mapping;
  /** Where a config (keyed without `+`) is written in dbt_project.yml. */
  locate: Locate;
  /** The level for messages: `models: shop: staging`. */
  where: string;
}

/**
 * Renders one level's configs holding Jinja (`+schema: "{{ env_var('SCHEMA', 'x') }}"`) to checked configs,
 * as dbt renders dbt_project.yml's configs for each node. Called for every model: a compile memoises it.
 */
export type RenderFolderConfigs = (jinja: FolderJinja) => ModelConfig;

/** The levels from the top to a folder, merged. */
interface MergedChain {
  config: ModelConfig;
  /** Whether a level on the way holds Jinja. */
  jinja: boolean;
  /** The folder's own level, when the tree has every level down to it (its children may name models). */
  node?: FolderNode;
}

interface TreeCache {
  root: FolderNode;
  /** Merged config per folder path (`staging/orders`). */
  byFolder: Map<string, MergedChain>;
}

const caches = new WeakMap<object, TreeCache>();
const nowhere: Location = { file: 'dbt_project.yml', line: 1, column: 1 };

/**
 * The config a model inherits from the `models:` tree of dbt_project.yml: `+key` configs merged from the
 * top through the project-name level, each of `model.folders` and, as dbt's fqn ends with the model's name,
 * a level of that name in its folder; the most specific level wins.
 * Cached per folder path, so 10,000 models cost one merge per folder. Returns a fresh object (fresh
 * tags, hooks, meta and dependencies; other nested values are shared and read-only).
 */
export function folderConfigFor(project: Project, model: ModelFile, render?: RenderFolderConfigs): ModelConfig {
  const cache = cacheFor(project);
  const key = model.folders.join('/');
  let merged = cache.byFolder.get(key);
  if (!merged) {
    merged = mergeChain(cache.root, project.name, model.folders);
    cache.byFolder.set(key, merged);
  }
  const own = merged.node?.children.get(model.name);
  // Rendered values depend on the compile (vars, environment, target): merged again each time, from memoised levels.
  const config = merged.jinja && render ? mergeChain(cache.root, project.name, model.folders, render).config : mergeConfigs({}, merged.config);
  if (!own) return config;
  return mergeConfigs(config, own.jinja && render ? mergeConfigs(own.config, render(own.jinja)) : own.config);
}

function cacheFor(project: Project): TreeCache {
  let cache = caches.get(project.modelConfigTree);
  if (!cache) {
    const levels = configLevels(project.models);
    const prefix = `${project.name}/`;
    const isFolder = (path: string) => path === project.name || (path.startsWith(prefix) && isConfigLevel(levels, path.slice(prefix.length)));
    const root = buildNode(project.modelConfigTree, '', isFolder, project.locateInProjectFile);
    cache = { root, byFolder: new Map() };
    caches.set(project.modelConfigTree, cache);
  }
  return cache;
}

/** The configs of the levels from the top to `folders`, merged; levels holding Jinja rendered by `render` (left out without it). */
function mergeChain(root: FolderNode, projectName: string, folders: string[], render?: RenderFolderConfigs): MergedChain {
  let jinja = false;
  const own = (node: FolderNode) => {
    if (!node.jinja) return node.config;
    jinja = true;
    return render ? mergeConfigs(node.config, render(node.jinja)) : node.config;
  };
  let config = own(root);
  let node = root.children.get(projectName);
  let deepest: FolderNode | undefined;
  for (let i = 0; node; i++) {
    config = mergeConfigs(config, own(node));
    if (i === folders.length) deepest = node;
    node = i < folders.length ? node.children.get(folders[i]) : undefined;
  }
  return { config, jinja, node: deepest };
}

/**
 * What a level of the `models:` tree may name, relative to the model paths: every folder holding a model
 * (`staging`, `staging/orders`), and the models of each folder ('' for the model path itself): dbt's fqn of
 * a model ends with its name (`staging: stg_orders:`).
 */
export interface ConfigLevels {
  folders: Set<string>;
  modelsIn: Map<string, Set<string>>;
}

export function configLevels(models: readonly Pick<ModelFile, 'folders' | 'name'>[]): ConfigLevels {
  const folders = new Set<string>();
  const modelsIn = new Map<string, Set<string>>();
  // Files of one folder come together: its path is made once, not once per file (10,000 models in a few dozen folders).
  let last: readonly string[] | undefined;
  let names: Set<string> | undefined;
  for (const model of models) {
    if (!names || !sameFolders(model.folders, last!)) {
      const path = model.folders.join('/');
      names = modelsIn.get(path) ?? new Set();
      modelsIn.set(path, names);
      last = model.folders;
      for (let i = 1; i <= model.folders.length; i++) folders.add(model.folders.slice(0, i).join('/'));
    }
    names.add(model.name);
  }
  return { folders, modelsIn };
}

const sameFolders = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((folder, i) => folder === b[i]);

/** Whether a level of the `models:` tree at `path` (relative to the model paths) names a folder or a model. */
export function isConfigLevel(levels: ConfigLevels, path: string): boolean {
  if (levels.folders.has(path)) return true;
  const slash = path.lastIndexOf('/');
  return levels.modelsIn.get(slash < 0 ? '' : path.slice(0, slash))?.has(path.slice(slash + 1)) ?? false;
}

/** `isFolder` gets the path from the top of the tree: `my_project`, `my_project/staging`. */
function buildNode(level: unknown, path: string, isFolder: (path: string) => boolean, locateIn: Project['locateInProjectFile']): FolderNode {
  const node: FolderNode = { config: {}, children: new Map() };
  if (!isMapping(level)) return node;
  const split = splitConfigTreeLevel(level, (name) => isFolder(path ? `${path}/${name}` : name));
  const { plain, jinja } = splitJinjaConfigs(split.configs);
  node.config = validateModelConfig(plain, () => nowhere, new Diagnostics());
  if (jinja) {
    const locate = locateIn?.(level);
    node.jinja = {
      configs: jinja,
      locate: (key, part) => locate?.(split.writtenKeys.get(key) ?? key, part) ?? nowhere,
      where: ['models', ...(path ? path.split('/') : [])].join(': '),
    };
  }
  for (const [name, child] of split.folders) node.children.set(name, buildNode(child, path ? `${path}/${name}` : name, isFolder, locateIn));
  return node;
}
