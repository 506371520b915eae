import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { gitDirFromEnv, isWithin } from './git-dirs.js';

/**
 * The nearest folder at or above `dir` holding `.git` (a folder, or a file for worktrees and submodules), or
 * null. With GIT_DIR set (a bare repository checked out elsewhere, a git hook: useGitEnvironment), its working
 * tree when `dir` is inside it, as git reads the repository there.
 */
export function findRepoRoot(dir: string): string | null {
  const fromEnv = gitDirFromEnv();
  if (fromEnv && isWithin(fromEnv.workTree, dir)) return fromEnv.workTree;
  let current = resolve(dir);
  for (;;) {
    if (existsSync(join(current, '.git'))) return current;
    const parent = dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}
