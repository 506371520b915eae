import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

/** Where a repository's git data lives. */
export interface GitDirs {
  /** HEAD and the other per-worktree files: `.git`, or for a linked worktree `.git/worktrees/<name>` of its main repository. */
  gitDir: string;
  /** Objects, refs, packed-refs and config: the same as gitDir except in a linked worktree. */
  commonDir: string;
}

/**
 * The git folders of the repository whose working tree is `repoDir`: `.git` itself when it is a folder; when
 * it is a file (`gitdir: <path>`, as `git worktree add` and submodules write), the folder it names, and that
 * folder's `commondir` for what worktrees share. Null when neither can be read.
 */
export function gitDirs(repoDir: string): GitDirs | null {
  const dotGit = join(repoDir, '.git');
  let isFolder: boolean;
  try {
    isFolder = statSync(dotGit).isDirectory();
  } catch {
    return null;
  }
  if (isFolder) return { gitDir: dotGit, commonDir: dotGit };
  let gitDir: string;
  try {
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
    if (!pointer) return null;
    gitDir = isAbsolute(pointer) ? pointer : resolve(repoDir, pointer);
    if (!statSync(gitDir).isDirectory()) return null;
  } catch {
    return null;
  }
  let commonDir = gitDir;
  try {
    const common = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    if (common) commonDir = isAbsolute(common) ? common : resolve(gitDir, common);
  } catch {
    // a submodule's git folder: everything is in it
  }
  return { gitDir, commonDir };
}
