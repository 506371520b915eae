import { relative, sep } from 'node:path';
import { GitError } from './git-error.js';
import { realPath } from './real-path.js';

/** The project folder's path in its repository (`''` at the root, else `a/b` with forward slashes). */
export function projectSubdir(repoRoot: string, projectDir: string): string {
  const rel = relative(realPath(repoRoot), realPath(projectDir));
  if (rel.startsWith('..')) throw new GitError('not-a-git-repository', `${projectDir} is outside the git repository at ${repoRoot}`);
  return rel.split(sep).join('/');
}
