import { COMPILER_REVISION } from './compiler-revision.js';
import { hashText } from '../util/hash-text.js';
import type { ModelFile, Project, Target } from '../project/project-types.js';
import { refableSeeds } from '../seed/refable-seeds.js';
import type { CompileResult, ReusedModel } from './compile-project.js';
import type { CompiledModel, RenderedModel } from './compiled-model.js';
import { unchangedModels } from './unchanged-models.js';
import type { CachedSeed } from './cached-seed-blob-ids.js';
import { seedsReadBy } from './seeds-read-by.js';
import { readSeedColumnTypes } from '../seed/read-seed-column-types.js';
import { Diagnostics } from '../errors.js';
import { macroNamesOfFiles } from './written-at.js';

/**
 * Partial compilation (dbt's partial parsing): what the last compile of the working tree rendered, kept in
 * `.amp-dbt/compiled/.partial-compile.json` by the CLI, so an edit-compile loop renders only the files that changed.
 * Everything a model file does not say itself is in the cache key: dbt_project.yml settings and vars, every
 * property file, every macro, the set of model paths (pragma imports name paths), the target, the values of
 * the environment variables macros read, and the amp-dbt version and compiler revision. Any change there renders everything.
 * A model file is reused when its text is unchanged (its stamp, else its hash: compileCacheOf) and it reads no environment variable and not
 * `run_started_at`, nor calls a macro that reads `run_started_at` or an environment variable by a computed
 * name (those are rendered every time). Reused models keep their content hash; every fingerprint
 * is recomputed from content hashes down the graph, as for incremental recordings.
 */
export interface CompileCache {
  version: typeof CACHE_VERSION;
  key: string;
  /** By model path. */
  models: Record<string, CachedModel>;
  /**
   * The blob ids of the seed files the cached models read, by seed name: a model reading a seed whose file
   * has another blob id now is rendered again (its content hash holds the seed's). Kept with the files' stamps.
   */
  seeds?: Record<string, CachedSeed>;
}

interface CachedModel {
  /** sha1 of the file's text. */
  content: string;
  /** The file's stamp when it was read (FileSource.stamp): the same stamp is the same text, not read again. */
  stamp?: string;
  rendered: Omit<RenderedModel, 'description' | 'columns' | 'refLocations'>;
  contentHash: string;
  /** The model's fingerprint then: still its fingerprint when its refs and its parents' fingerprints are too. */
  fingerprint: string;
  /**
   * The hash (as `.amp-dbt/compiled/.index.json` keeps it) of the compiled SQL file that compile made for the
   * model, when it made or checked it. A later compile whose model and everything upstream are unchanged
   * makes the same text: while the index holds this hash for the file, it is neither made nor hashed again.
   */
  written?: string;
}

/**
 * Bumped when what a cache holds changes meaning (a change of rendering bumps COMPILER_REVISION, in the
 * key; before it, this was bumped for those too: 2: content hashes
 * instead of fingerprints; 3: seeds ref'd by name, Python's string methods, `}}` inside a tag's dicts;
 * 4: vars holding Jinja rendered, config.get, str.format, execute; 5: tuples, Python's + * % operators).
 * 6: a cached model also passed the check for SQL strings and comments never closed (check-unclosed-sql).
 * 7: fingerprints kept. 8: written as ASCII (the CLI reads it as latin1: a cache of 7 read so would pass with its
 * SQL garbled). 9: files' stamps (a cache of 8 has none, and would be rewritten only once many files changed).
 * 10: each model's compiled file hash (`written`): an unchanged model's file is left alone only while the index
 * holds that hash (a compile that did not write the cache, one with errors say, may have rewritten the file since).
 * 11: the blob ids of the seeds models read (`seeds`), in their content hashes since compiler revision 9.
 * 12: a seed's blob id is of what `git add` would store (CRLF line ends as LF where git converts them, checkin-blob-id.ts).
 * 13: a working-tree file's text too (checkin-text.ts): a model cached from a CRLF checkout was rendered from CRLF text.
 */
const CACHE_VERSION = 13;

const sha = (text: string) => hashText('sha1', text, 'base64url');

/** Model configs of property files written in Jinja (rendered at each compile, as folder configs are). */
const propertyJinja = (project: Project) => [...project.modelProperties.values()].flatMap((p) => (p.configJinja ? [p.configJinja.configs] : []));

/**
 * Environment variables the macros, the project's vars (rendered when read) and dbt_project.yml's folder configs
 * (rendered for every model) read (model files that read any are never reused).
 */
function macroEnvNames(project: Project): string[] {
  const names = new Set<string>();
  for (const text of [...project.macros.map((macro) => macro.content), JSON.stringify(project.vars), JSON.stringify(project.modelConfigTree), JSON.stringify(propertyJinja(project))]) {
    for (const match of text.matchAll(/env_var\(\s*\\?['"]([^'"\\]+)\\?['"]/g)) names.add(match[1]);
  }
  return [...names].sort();
}

/** The cache key of a loaded project compiled for `target` in `env` by amp-dbt `version`. */
export function compileCacheKey(project: Project, target: Target, env: Record<string, string | undefined>, version: string): string {
  const inputs = {
    version,
    compilerRevision: COMPILER_REVISION,
    target,
    name: project.name,
    profile: project.profile,
    vars: project.vars,
    models: project.models.map((m) => m.path),
    modelConfigTree: project.modelConfigTree,
    macros: project.macros.map((m) => [m.path, m.content]),
    properties: [...project.modelProperties],
    sources: project.sources,
    // A ref renders differently when a seed of its name comes or goes, or moves to another schema; its
    // declared column types count in the content hash of the models reading it.
    seeds: [...refableSeeds(project, target, project.seedPaths.length > 0 ? readSeedColumnTypes(project, new Diagnostics()) : undefined).values()]
      .map((seed) => [seed.name, seed.schema, seed.identifier, [...seed.declared]]),
    env: macroEnvNames(project).map((name) => [name, env[name] ?? null]),
  };
  return hashText('sha256', JSON.stringify(inputs));
}

const readsEnvironment = (content: string) => content.includes('env_var') || content.includes('run_started_at');

/**
 * Macros whose output can change while their text and the variables the key covers do not: they read
 * `run_started_at`, or an environment variable whose name is computed (`env_var('SCHEMA_' ~ kind)`). A model
 * that called one (directly or through another macro) is rendered every time. By file: every macro of it.
 */
function volatileMacroNames(project: Project): Set<string> {
  return macroNamesOfFiles(project.macros, (content) => {
    const calls = content.match(/env_var\s*\(/g)?.length ?? 0;
    const literal = content.match(/env_var\s*\(\s*(['"])[^'"]*\1\s*[,)]/g)?.length ?? 0;
    return content.includes('run_started_at') || calls !== literal;
  });
}

/**
 * Whether values (as JSON) read what the key cannot cover: `run_started_at`, or an environment variable by a
 * computed name. When dbt_project.yml's folder configs do, no model is reused (each takes its folders' configs);
 * when a var does, no model reading a var is (a var may read another).
 */
function readsVolatile(value: unknown): boolean {
  const text = JSON.stringify(value) ?? '';
  const calls = text.match(/env_var\s*\(/g)?.length ?? 0;
  const literal = text.match(/env_var\s*\(\s*\\?(['"])[^'"\\]*\\?\1\s*[,)]/g)?.length ?? 0;
  return text.includes('run_started_at') || calls !== literal;
}

/** The compiled file hash a usable cache (same version and key) holds for the model at `path` (CachedModel.written). */
export function writtenHashOf(cache: CompileCache | null, key: string, path: string): string | undefined {
  return cache?.version === CACHE_VERSION && cache.key === key ? cache.models[path]?.written : undefined;
}

/**
 * The `reuse` hook of compileProject from a cache written under the same key; undefined otherwise.
 * `seedBlobId`: the blob id of the seed of a name now (a model reading a seed whose id changed is rendered again).
 */
export function reuseFromCache(
  cache: CompileCache | null, key: string, project: Project, seedBlobId: (name: string) => string | undefined = () => undefined,
): ((model: ModelFile) => ReusedModel | undefined) | undefined {
  if (!cache || cache.version !== CACHE_VERSION || cache.key !== key || readsVolatile(project.modelConfigTree) || readsVolatile(propertyJinja(project))) return undefined;
  const volatile = volatileMacroNames(project);
  const volatileVars = readsVolatile(project.vars);
  // Folder configs reading such a var are every model's.
  if (volatileVars && JSON.stringify(project.modelConfigTree).includes('var(')) return undefined;
  // A model that read a seed asked for its blob id, which the cache kept: with none kept, no model read one.
  const readSeeds = cache.seeds !== undefined && Object.keys(cache.seeds).length > 0;
  return (model) => {
    const cached = cache.models[model.path];
    if (!cached || !sameText(cached, model)) return undefined;
    if (volatile.size > 0 && cached.rendered.usedMacros.some((name) => volatile.has(name))) return undefined;
    if (volatileVars && cached.rendered.usedVars.length > 0) return undefined;
    if (readSeeds && seedsReadBy(cached.rendered).some((name) => cache.seeds?.[name]?.blobId !== seedBlobId(name))) return undefined;
    const properties = project.modelProperties.get(model.name);
    // The parsed cache is this compile's own: its objects become the models (copying 10,000 of them cost more).
    const rendered = cached.rendered as CompiledModel;
    // Where refs are written is only needed for errors, which an unchanged file found none of.
    rendered.refLocations = {};
    rendered.description = properties?.description;
    rendered.columns = properties?.columns ?? [];
    rendered.contentHash = cached.contentHash;
    rendered.fingerprint = '';
    return { rendered, contentHash: cached.contentHash, fingerprint: cached.fingerprint, refCount: rendered.refs.length };
  };
}

/**
 * Whether a file has the text the cache rendered: its stamp is the one kept (no model reading the environment
 * is kept), or else its text, read now, has the same hash and reads no environment variable.
 */
function sameText(cached: CachedModel, model: ModelFile): boolean {
  if (model.stamp !== undefined && model.stamp === cached.stamp) return true;
  return !readsEnvironment(model.content) && cached.content === sha(model.content);
}

/**
 * The cache to write after a compile without errors. Model files with warnings (`warned`, by path) are left
 * out, so the next compile renders them again and shows their warnings again. `written`: the hashes of the
 * compiled files this compile made or checked, by model path (compile's; other commands write none); an
 * unchanged model (unchangedModels) keeps the hash the previous cache held. `seeds`: the blob ids of the seeds
 * the models read, as this compile hashed them (SeedBlobIds.seen).
 */
export function compileCacheOf(
  result: CompileResult, key: string, warned: ReadonlySet<string> = new Set(), previous: CompileCache | null = null,
  written: ReadonlyMap<string, string> = new Map(), seeds: Record<string, CachedSeed> = {},
): CompileCache {
  const files = new Map(result.project.models.map((m) => [m.path, m]));
  const unchanged = previous?.version === CACHE_VERSION ? unchangedModels(result) : new Set<string>();
  const models: Record<string, CachedModel> = {};
  for (const model of result.models) {
    const file = files.get(model.path);
    if (file === undefined || warned.has(model.path)) continue;
    // A file whose stamp the previous cache kept has the text hashed then (it is not read for its hash).
    const kept = previous?.version === CACHE_VERSION ? previous.models[model.path] : undefined;
    const content = kept?.stamp !== undefined && kept.stamp === file.stamp ? kept.content : undefined;
    if (content === undefined && readsEnvironment(file.content)) continue;
    const { description: _d, columns: _c, refLocations: _l, fingerprint, contentHash, ...rendered } = model;
    const hash = written.get(model.path) ?? (unchanged.has(model.name) ? kept?.written : undefined);
    models[model.path] = {
      content: content ?? sha(file.content), ...(file.stamp === undefined ? {} : { stamp: file.stamp }), rendered, contentHash, fingerprint,
      ...(hash === undefined ? {} : { written: hash }),
    };
  }
  return { version: CACHE_VERSION, key, models, seeds };
}
