import git from 'isomorphic-git';
import type { GitContext } from '../../core/git/git-context.js';
import { mapConcurrent, readConcurrency } from '../../core/git/map-concurrent.js';
import { skippedTreeFolders } from '../../core/git/parse-tree.js';

/** A file of a tree: its path below the tree (posix) and blob id. */
export interface TreeFile {
  path: string;
  oid: string;
}

/**
 * Every regular file below tree `oid`, recursively, with its blob id; sibling trees are read concurrently.
 * Symbolic links and submodules are left out (a working-tree listing leaves them out too).
 */
export async function readTreeFiles(ctx: GitContext, oid: string): Promise<TreeFile[]> {
  const files: TreeFile[] = [];
  let level: { oid: string; prefix: string }[] = [{ oid, prefix: '' }];
  while (level.length) {
    const trees = await mapConcurrent(level, readConcurrency, async (tree) => ({ tree, read: await git.readTree({ ...ctx, oid: tree.oid }) }));
    const next: typeof level = [];
    for (const { tree, read } of trees) {
      for (const entry of read.tree) {
        const path = tree.prefix + entry.path;
        if (entry.type === 'tree') {
          if (!skippedTreeFolders.has(entry.path)) next.push({ oid: entry.oid, prefix: path + '/' });
        } else if (entry.type === 'blob' && entry.mode !== '120000') {
          files.push({ path, oid: entry.oid });
        }
      }
    }
    level = next;
  }
  return files;
}
