import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configValue } from './git-config.js';
import { GitError } from './git-error.js';
import { gitDirs } from './git-dirs.js';

/**
 * The full ref name of the branch `branch` tracks (`main@{u}`; `HEAD`: the branch checked out, for `@{u}`),
 * as git works it out: `branch.<name>.remote` and `branch.<name>.merge`, mapped through the remote's fetch
 * refspec to its remote-tracking branch (`refs/remotes/origin/main`), or the local branch itself for remote `.`.
 * Errors name what is missing, as git's do (a detached HEAD, no upstream configured, an unmapped merge ref).
 */
export function upstreamRef(repoDir: string, branch: string, ref: string): string {
  const dirs = gitDirs(repoDir);
  if (!dirs) throw new GitError('unknown-commit', `cannot read '${ref}': no git folder in ${repoDir}`);
  const name = branch === 'HEAD' ? checkedOutBranch(dirs.gitDir, ref) : branch.replace(/^refs\/heads\//, '');
  const remote = configValue(dirs.commonDir, 'branch', name, 'remote');
  const merge = configValue(dirs.commonDir, 'branch', name, 'merge');
  if (!remote || !merge) {
    throw new GitError('unknown-commit', `'${ref}': no upstream configured for branch '${name}'`, {
      hint: `set one with git branch --set-upstream-to=origin/${name} ${name}, or pass the branch itself (origin/${name})`,
    });
  }
  if (remote === '.') return merge;
  const tracking = mapThroughRefspec(configValue(dirs.commonDir, 'remote', remote, 'fetch'), merge);
  if (!tracking) {
    throw new GitError('unknown-commit', `'${ref}': the upstream of branch '${name}', ${merge} of remote '${remote}', is not fetched into a remote-tracking branch`, {
      hint: `check remote.${remote}.fetch in git config, or pass the commit: $(git rev-parse '${ref}')`,
    });
  }
  return tracking;
}

/** The branch HEAD points at in the worktree whose git folder is `gitDir`; an error when HEAD is detached. */
function checkedOutBranch(gitDir: string, ref: string): string {
  let head = '';
  try {
    head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
  } catch {
    // read as detached below
  }
  const branch = /^ref:\s*refs\/heads\/(.+)$/.exec(head)?.[1];
  if (!branch) {
    throw new GitError('unknown-commit', `'${ref}' names the upstream of the branch checked out, and HEAD is detached (it points at no branch)`, {
      hint: 'name the branch: BRANCH@{u}, or pass the remote branch itself (origin/main)',
    });
  }
  return branch;
}

/** `merge` (refs/heads/x) mapped through a fetch refspec (`+refs/heads/*:refs/remotes/origin/*`), or null when it does not match. */
function mapThroughRefspec(refspec: string | undefined, merge: string): string | null {
  const spec = /^\+?([^:]+):(.+)$/.exec(refspec ?? '');
  if (!spec) return null;
  const [, source, destination] = spec;
  const star = source.indexOf('*');
  if (star < 0) return source === merge ? destination : null;
  const [prefix, suffix] = [source.slice(0, star), source.slice(star + 1)];
  if (!merge.startsWith(prefix) || !merge.endsWith(suffix) || merge.length < prefix.length + suffix.length) return null;
  return destination.replace('*', merge.slice(prefix.length, merge.length - suffix.length));
}
