import { basename, dirname } from 'node:path';
import { gitDirs } from './git-dirs.js';

/**
 * The repository's own path, the key of a repository without an `origin` remote: the main working tree's
 * for a linked worktree (`git worktree add`; its `.git` is a file), so worktrees of one repository share it.
 */
export function repositoryPath(repoRoot: string): string {
  const commonDir = gitDirs(repoRoot)?.commonDir;
  return commonDir && basename(commonDir) === '.git' ? dirname(commonDir) : repoRoot;
}
