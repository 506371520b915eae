import git from 'isomorphic-git';
import type { GitContext } from './git-context.js';

/** The tree at `subdir` of a commit (posix, '' for the root), or null when the commit has no such folder. */
export async function subtreeOf(ctx: GitContext, commit: string, subdir: string): Promise<string | null> {
  const { commit: parsed } = await git.readCommit({ ...ctx, oid: commit });
  let oid = parsed.tree;
  for (const name of subdir.split('/').filter((part) => part !== '' && part !== '.')) {
    const { tree } = await git.readTree({ ...ctx, oid });
    const entry = tree.find((e) => e.path === name);
    if (!entry || entry.type !== 'tree') return null;
    oid = entry.oid;
  }
  return oid;
}
