import { readFileSync } from 'node:fs';
import { makeFolders } from '../core/util/make-folders.js';
import { join } from 'node:path';
import { cachedSeedBlobIds } from '../core/compile/cached-seed-blob-ids.js';
import { compileCacheKey, compileCacheOf, reuseFromCache, writtenHashOf, type CompileCache } from '../core/compile/compile-cache.js';
import type { CompileOptions, CompileResult } from '../core/compile/compile-project.js';
import type { Project, Target } from '../core/project/project-types.js';
import { replaceFile } from './replace-file.js';
import { toolVersion } from './tool-version.js';

/** Where the working tree's partial compilation is kept (`amp-dbt clean` removes it with the compiled SQL). */
const cacheFile = (root: string) => join(root, '.amp-dbt', 'compiled', '.partial-compile.json');

/**
 * The cache is written as ASCII, every other character escaped (`\u27e6`, the placeholders of canonical SQL):
 * read as latin1, its 15 MB of a 10,000-model project take half the time that decoding UTF-8 does.
 * (A cache written otherwise reads as garbage within its strings, and fails the version or the key.)
 */
const asciiJson = (value: unknown) => JSON.stringify(value).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Models per part of the cache's text. */
const MODELS_PER_PART = 200;

/**
 * The cache's JSON text in parts of a few hundred models: made whole, the 17 MB text of a 10,000-model
 * project (and its copies while escaping and encoding) took 130 MB of the first compile's peak memory.
 */
export function* cacheText(cache: CompileCache): Generator<string> {
  const { models, seeds, ...head } = cache;
  const opening = asciiJson(head);
  yield `${opening.slice(0, -1)}${opening.length > 2 ? ',' : ''}"models":{`;
  let part: string[] = [];
  let separator = '';
  for (const [path, model] of Object.entries(models)) {
    part.push(`${asciiJson(path)}:${asciiJson(model)}`);
    if (part.length === MODELS_PER_PART) {
      yield separator + part.join(',');
      separator = ',';
      part = [];
    }
  }
  yield `${part.length > 0 ? separator + part.join(',') : ''}}${seeds === undefined ? '' : `,"seeds":${asciiJson(seeds)}`}}`;
}

function readCache(root: string): CompileCache | null {
  try {
    return JSON.parse(readFileSync(cacheFile(root), 'latin1')) as CompileCache;
  } catch {
    return null;
  }
}

/** Stale files, and the compiled files made again whose hash the cache does not hold (when compile gives them). */
function outdatedFiles(stale: number, result: CompileResult, cache: CompileCache | null, written?: ReadonlyMap<string, string>): number {
  let outdated = stale;
  if (written && cache) for (const model of result.models) if (written.has(model.path) && cache.models[model.path]?.written !== written.get(model.path)) outdated++;
  return outdated;
}

export interface PartialCompile {
  /** The `reuse` hook for compileProject (undefined when nothing can be reused). */
  reuse: CompileOptions['reuse'];
  /** The blob ids of seed files, kept with their stamps (CompileOptions.seedBlobId). */
  seedBlobId: CompileOptions['seedBlobId'];
  /**
   * Writes the cache after a compile without errors, when it changed; `warned`: paths of files with warnings;
   * `written`: hashes of the compiled files compile made or checked, by model path.
   */
  save(result: CompileResult, warned: ReadonlySet<string>, written?: ReadonlyMap<string, string>): void;
  /** The hash of the compiled file the compile that wrote the cache made for the model at `path`, if known. */
  writtenHash(path: string): string | undefined;
}

/**
 * Partial compilation of the working tree (core/compile/compile-cache.ts): reuses what the last compile
 * rendered for unchanged files. AMP_DBT_NO_PARTIAL_COMPILE=1 renders every model.
 */
export function partialCompile(project: Project, target: Target, env: Record<string, string | undefined>): PartialCompile {
  if (env.AMP_DBT_NO_PARTIAL_COMPILE === '1') return { reuse: undefined, seedBlobId: undefined, save: () => undefined, writtenHash: () => undefined };
  const key = compileCacheKey(project, target, env, toolVersion());
  const cache = readCache(project.root);
  const usable = cache?.key === key ? cache : null;
  const seeds = cachedSeedBlobIds(project, target, usable?.seeds);
  const hook = reuseFromCache(cache, key, project, seeds.ofName);
  // Files rendered, or read to be compared as their stamps changed (a checkout or copy restamps files unchanged).
  let stale = 0;
  const reuse = (model: Parameters<NonNullable<CompileOptions['reuse']>>[0]) => {
    // Asked before anything reads the file (even with no cache to reuse): the next cache keeps it.
    const stamp = model.stamp;
    const found = hook?.(model);
    if (!found || stamp !== cache?.models[model.path]?.stamp) stale++;
    return found;
  };
  return {
    reuse,
    seedBlobId: seeds.ofSeed,
    writtenHash: (path) => writtenHashOf(cache, key, path),
    save(result, warned, written) {
      // Rewriting a cache of 10,000 models costs more than rendering or reading a few files again: a valid cache
      // is rewritten only when many files were stale (the few edited ones are simply rendered each time), or many
      // compiled files were made again as the cache does not know their hash (one written by another command).
      // A seed's new blob id or stamp is always kept: its readers are not rendered, nor a large one read, at every compile.
      if (hook && !seeds.outdated() && outdatedFiles(stale, result, cache, written) <= Math.max(50, result.models.length / 50)) return;
      // A cache that cannot be written only costs the next compile its speed: its write is optional.
      try {
        makeFolders(join(project.root, '.amp-dbt', 'compiled'));
      } catch {
        return;
      }
      replaceFile(cacheFile(project.root), cacheText(compileCacheOf(result, key, warned, cache, written, seeds.seen())), true, 'latin1');
    },
  };
}
