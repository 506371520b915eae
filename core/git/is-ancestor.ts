import { gitContext, type GitOptions } from './git-context.js';
import { isomorphicGit } from './isomorphic-git.js';

/**
 * Whether commit `ancestor` is reachable from `descendant` (full shas), as `git merge-base --is-ancestor`:
 * a commit is its own ancestor.
 */
export async function isAncestor(repoDir: string, ancestor: string, descendant: string, options: GitOptions = {}): Promise<boolean> {
  if (ancestor === descendant) return true;
  return (await isomorphicGit()).isDescendent({ ...gitContext(repoDir, options), oid: descendant, ancestor, depth: -1 });
}
