import { hashText } from '../util/hash-text.js';
import { inflateSync } from 'node:zlib';
import git from 'isomorphic-git';
import type { GitContext } from '../git/git-context.js';
import { GitError } from '../git/git-error.js';
import { mapConcurrent, readConcurrency } from '../git/map-concurrent.js';
import { skippedTreeFolders } from '../git/read-tree-files.js';

interface TreeEntry {
  mode: string;
  name: string;
  oid: string;
}

/** A tree object's raw content: loose objects inflated with Node's zlib, checked against their id. */
async function treeContent(ctx: GitContext, oid: string): Promise<Buffer> {
  const result = await git.readObject({ ...ctx, oid, format: 'deflated' });
  if (result.format === 'content') {
    if (result.type !== 'tree') throw notATree(oid, result.type);
    return Buffer.from(result.object);
  }
  if (result.format !== 'deflated' && result.format !== 'wrapped') throw notATree(oid, result.format);
  const wrapped = result.format === 'deflated' ? inflateSync(result.object) : Buffer.from(result.object);
  if (hashText('sha1', wrapped) !== oid) {
    throw new GitError('git-read-failed', `object ${oid} is corrupt: its content does not hash to its id`, { hint: 'run `git fsck`' });
  }
  const space = wrapped.indexOf(0x20);
  if (wrapped.toString('latin1', 0, space) !== 'tree') throw notATree(oid, wrapped.toString('latin1', 0, space));
  return wrapped.subarray(wrapped.indexOf(0, space) + 1);
}

/** Entries of a tree object: `<mode> <name>\0<20-byte id>` each. */
function parseTree(content: Buffer): TreeEntry[] {
  const entries: TreeEntry[] = [];
  for (let i = 0; i < content.length;) {
    const space = content.indexOf(0x20, i);
    const nul = content.indexOf(0, space);
    entries.push({ mode: content.toString('latin1', i, space), name: content.toString('utf8', space + 1, nul), oid: content.toString('hex', nul + 1, nul + 21) });
    i = nul + 21;
  }
  return entries;
}

function notATree(oid: string, type: string): GitError {
  return new GitError('git-read-failed', `object ${oid} is a ${type}, expected a folder (tree)`);
}

/**
 * Every regular file below tree `oid` (path relative to it, posix) -> blob id, as readTreeFiles lists
 * them (symbolic links, submodules and skipped folders left out), several times faster for thousands
 * of files: trees are inflated by Node's zlib and parsed without building isomorphic-git objects.
 */
export async function listTreeFiles(ctx: GitContext, oid: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  let level = [{ oid, prefix: '' }];
  while (level.length > 0) {
    const trees = await mapConcurrent(level, readConcurrency, async (tree) => ({ tree, entries: parseTree(await treeContent(ctx, tree.oid)) }));
    level = [];
    for (const { tree, entries } of trees) {
      for (const entry of entries) {
        const path = tree.prefix + entry.name;
        if (entry.mode === '40000') {
          if (!skippedTreeFolders.has(entry.name)) level.push({ oid: entry.oid, prefix: path + '/' });
        } else if (entry.mode.startsWith('100')) {
          files.set(path, entry.oid);
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
