import type { GitContext } from './git-context.js';
import { mapConcurrent, readConcurrency } from './map-concurrent.js';
import { parseTree, skippedTreeFolders } from './parse-tree.js';
import { readTypedObject } from './read-git-object.js';

const treeContent = (ctx: GitContext, oid: string) => readTypedObject(ctx, oid, 'tree');

/** What listTreeFiles left out that a reader should hear of: symbolic links, submodules and names not in UTF-8, by path. */
export interface SkippedTreeEntries {
  links: string[];
  submodules: string[];
  /** Files and folders whose names are not UTF-8 (shown with U+FFFD for the bytes that are not). */
  undecodable: string[];
}

/**
 * Every regular file below tree `oid` (path relative to it, posix) -> blob id, symbolic links,
 * submodules, names not in UTF-8 and skipped folders left out (all but the folders added to `skipped` when given).
 * Trees are read by GitObjects and parsed without building
 * isomorphic-git objects (several times faster for thousands of files; test/record/reference-tree-files.ts
 * is the same listing through isomorphic-git).
 */
export async function listTreeFiles(ctx: GitContext, oid: string, skipped?: SkippedTreeEntries): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let level = [{ oid, prefix: '' }];
  while (level.length > 0) {
    const trees = await mapConcurrent(level, readConcurrency, async (tree) => ({ tree, entries: parseTree(await treeContent(ctx, tree.oid)) }));
    level = [];
    for (const { tree, entries } of trees) {
      for (const entry of entries) {
        const path = tree.prefix + entry.name;
        if (entry.undecodable) {
          skipped?.undecodable.push(path);
        } else if (entry.mode === '40000') {
          if (!skippedTreeFolders.has(entry.name)) level.push({ oid: entry.oid, prefix: path + '/' });
        } else if (entry.mode.startsWith('100')) {
          files.set(path, entry.oid);
        } else if (entry.mode === '120000') {
          skipped?.links.push(path);
        } else if (entry.mode === '160000') {
          skipped?.submodules.push(path);
        }
      }
    }
  }
  return files;
}

/** Files of tree `oid` (or none, for null), with their ids, and its folders worth descending into. */
async function treeLevel(ctx: GitContext, oid: string | null): Promise<{ files: Map<string, string>; folders: Map<string, string> }> {
  const files = new Map<string, string>();
  const folders = new Map<string, string>();
  if (oid === null) return { files, folders };
  for (const entry of parseTree(await treeContent(ctx, oid))) {
    if (entry.undecodable) continue;
    if (entry.mode === '40000') {
      if (!skippedTreeFolders.has(entry.name)) folders.set(entry.name, entry.oid);
    } else if (entry.mode.startsWith('100')) {
      files.set(entry.name, entry.oid);
    }
  }
  return { files, folders };
}

/** A file that differs between two trees: its blob id on each side (undefined where it is absent). */
export interface ChangedFile {
  before?: string;
  after?: string;
}

/**
 * The files (as listTreeFiles lists them) that differ between trees `before` and `after` (null: no tree),
 * by path. Folders with the same id on both sides are skipped unread, so a commit editing a few files
 * reads a few trees instead of every tree of the project.
 */
export async function changedTreeFiles(ctx: GitContext, before: string | null, after: string | null): Promise<Map<string, ChangedFile>> {
  const changed = new Map<string, ChangedFile>();
  let level = [{ before, after, prefix: '' }];
  while (level.length > 0) {
    const pairs = level.filter((pair) => pair.before !== pair.after);
    const read = await mapConcurrent(pairs, readConcurrency, async (pair) => ({
      pair, sides: await Promise.all([treeLevel(ctx, pair.before), treeLevel(ctx, pair.after)]),
    }));
    level = [];
    for (const { pair, sides: [b, a] } of read) {
      for (const name of new Set([...b.files.keys(), ...a.files.keys()])) {
        if (b.files.get(name) !== a.files.get(name)) changed.set(pair.prefix + name, { before: b.files.get(name), after: a.files.get(name) });
      }
      for (const name of new Set([...b.folders.keys(), ...a.folders.keys()])) {
        level.push({ before: b.folders.get(name) ?? null, after: a.folders.get(name) ?? null, prefix: `${pair.prefix}${name}/` });
      }
    }
  }
  return changed;
}
