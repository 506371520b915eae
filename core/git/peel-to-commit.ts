import git from 'isomorphic-git';
import type { GitContext } from './git-context.js';
import { GitError } from './git-error.js';

/** Follows annotated tags (tags of tags too) to the commit they name. */
export async function peelToCommit(ctx: GitContext, oid: string, ref: string): Promise<string> {
  for (let depth = 0; depth < 32; depth++) {
    const { type, object } = await git.readObject({ ...ctx, oid, format: 'parsed' });
    if (type === 'commit') return oid;
    if (type !== 'tag') {
      throw new GitError('not-a-commit', `'${ref}' names a ${type} (${oid.slice(0, 12)}), not a commit`, {
        hint: 'pass a commit sha, a branch or a tag',
      });
    }
    oid = (object as { object: string }).object;
  }
  throw new GitError('not-a-commit', `'${ref}' is a chain of more than 32 tags`);
}
