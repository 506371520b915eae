import type { GitContext } from './git-context.js';
import { GitError } from './git-error.js';
import { readGitObject } from './read-git-object.js';

/** Follows annotated tags (tags of tags too) to the commit they name. */
export async function peelToCommit(ctx: GitContext, oid: string, ref: string): Promise<string> {
  for (let depth = 0; depth < 32; depth++) {
    const { type, content } = await readGitObject(ctx, oid);
    if (type === 'commit') return oid;
    if (type !== 'tag') {
      throw new GitError('not-a-commit', `'${ref}' names a ${type} (${oid.slice(0, 12)}), not a commit`, {
        hint: 'pass a commit sha, a branch or a tag',
      });
    }
    // A tag object starts with `object <sha>`.
    const target = /^object ([0-9a-f]{40})\n/.exec(content.toString('latin1', 0, 48));
    if (!target) throw new GitError('git-read-failed', `tag object ${oid} names no object`, { hint: 'run `git fsck`' });
    oid = target[1];
  }
  throw new GitError('not-a-commit', `'${ref}' is a chain of more than 32 tags`);
}
