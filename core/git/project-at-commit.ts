import { projectSubdir } from './project-subdir.js';
import { findRepoRoot } from './find-repo-root.js';
import { GitError } from './git-error.js';
import { gitFileSource, type GitFileSource } from './git-file-source.js';
import { resolveCommit } from './resolve-commit.js';

export interface ProjectAtCommit {
  /** The repository's working-tree root. */
  repoRoot: string;
  /** The project folder relative to the repository root (posix, '' for the root). */
  subdir: string;
  /** The full sha `ref` resolved to. */
  commit: string;
  files: GitFileSource;
}

/**
 * The files of the project in `projectDir` as of `ref` (sha, branch, tag, HEAD~1...) of the git repository
 * holding that folder, read from git objects without touching the working tree.
 */
export async function projectAtCommit(projectDir: string, ref: string): Promise<ProjectAtCommit> {
  const repoRoot = findRepoRoot(projectDir);
  if (!repoRoot) {
    throw new GitError('not-a-git-repository', `cannot read commit '${ref}': ${projectDir} is not inside a git repository`, {
      hint: 'leave out --commit to compile the working tree, or run `git init` and commit the project first',
    });
  }
  const subdir = projectSubdir(repoRoot, projectDir);
  const cache = {};
  const commit = await resolveCommit(repoRoot, ref, { cache });
  const files = await gitFileSource(repoRoot, commit, subdir, { cache });
  return { repoRoot, subdir, commit, files };
}

