import type { GitContext } from './git-context.js';
import { parseTree } from './parse-tree.js';
import { readCommitObject, readTypedObject } from './read-git-object.js';

/** The tree at `subdir` of a commit (posix, '' for the root), or null when the commit has no such folder. */
export async function subtreeOf(ctx: GitContext, commit: string, subdir: string): Promise<string | null> {
  let oid = (await readCommitObject(ctx, commit)).tree;
  for (const name of subdir.split('/').filter((part) => part !== '' && part !== '.')) {
    const entry = parseTree(await readTypedObject(ctx, oid, 'tree')).find((e) => e.name === name);
    if (!entry || entry.mode !== '40000') return null;
    oid = entry.oid;
  }
  return oid;
}
