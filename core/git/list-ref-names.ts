import type { GitContext } from './git-context.js';
import { isomorphicGit } from './isomorphic-git.js';

/**
 * Local branches, tags and every ref under refs/remotes (`origin/main`, and those of no configured remote,
 * `pull/1/merge` as a GitHub Actions checkout fetches): the names a ref could have meant.
 */
export async function listRefNames(ctx: GitContext): Promise<string[]> {
  const git = await isomorphicGit();
  const names = new Set<string>();
  const add = async (list: () => Promise<string[]>) => {
    try {
      for (const name of await list()) if (name !== 'HEAD' && !name.endsWith('/HEAD')) names.add(name);
    } catch {
      // an empty or unusual repository: no names of this kind
    }
  };
  await add(() => git.listBranches(ctx));
  await add(() => git.listTags(ctx));
  await add(() => git.listRefs({ ...ctx, filepath: 'refs/remotes' }));
  return [...names].sort();
}
