import type { GitContext } from './git-context.js';
import { isomorphicGit } from './isomorphic-git.js';

/** Local branches, remote branches (`origin/main`) and tags: the names a ref could have meant. */
export async function listRefNames(ctx: GitContext): Promise<string[]> {
  const git = await isomorphicGit();
  const names = new Set<string>();
  const add = async (list: () => Promise<string[]>, prefix = '') => {
    try {
      for (const name of await list()) if (name !== 'HEAD') names.add(prefix + name);
    } catch {
      // an empty or unusual repository: no names of this kind
    }
  };
  await add(() => git.listBranches(ctx));
  await add(() => git.listTags(ctx));
  let remotes: { remote: string }[] = [];
  try {
    remotes = await git.listRemotes(ctx);
  } catch {
    // no config
  }
  for (const { remote } of remotes) await add(() => git.listBranches({ ...ctx, remote }), `${remote}/`);
  return [...names].sort();
}
