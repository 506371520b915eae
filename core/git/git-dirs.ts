import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';

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
 * folder's `commondir` for what worktrees share. When GIT_DIR was set and `repoDir` is its working tree (see
 * useGitEnvironment), the folder GIT_DIR names. Null when none can be read.
 */
export function gitDirs(repoDir: string): GitDirs | null {
  const fromEnv = gitDirFromEnv();
  if (fromEnv && resolve(repoDir) === fromEnv.workTree) return fromEnv.dirs;
  return dirsOf(join(repoDir, '.git'), repoDir);
}

/** The variables git reads to find a repository other than by `.git` (see useGitEnvironment). */
export interface GitEnvironment {
  GIT_DIR?: string;
  GIT_WORK_TREE?: string;
  GIT_COMMON_DIR?: string;
}

let fromEnvironment: { workTree: string; dirs: GitDirs } | null = null;

/**
 * Has every later lookup read the repository GIT_DIR names, as git does: its working tree is GIT_WORK_TREE,
 * else `cwd` (git's rule when GIT_DIR is set without it); GIT_COMMON_DIR, when set, holds what worktrees share.
 * Called once by the CLI with its environment (core reads none); a GIT_DIR naming no git folder is ignored.
 */
export function useGitEnvironment(env: GitEnvironment, cwd: string): void {
  const dirs = env.GIT_DIR ? dirsOf(resolve(cwd, env.GIT_DIR), cwd) : null;
  const commonDir = env.GIT_COMMON_DIR ? resolve(cwd, env.GIT_COMMON_DIR) : dirs?.commonDir;
  fromEnvironment = dirs && commonDir ? { workTree: resolve(cwd, env.GIT_WORK_TREE || '.'), dirs: { ...dirs, commonDir } } : null;
}

/** The repository GIT_DIR names and its working tree, when the CLI was started with it (useGitEnvironment). */
export function gitDirFromEnv(): { workTree: string; dirs: GitDirs } | null {
  return fromEnvironment;
}

/** Whether `dir` is `root` or inside it. */
export function isWithin(root: string, dir: string): boolean {
  const rel = relative(root, resolve(dir));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** The git folders of `dotGit`, a git folder or a `.git` file (a relative `gitdir:` is read from `baseDir`). */
function dirsOf(dotGit: string, baseDir: string): GitDirs | null {
  let isFolder: boolean;
  try {
    isFolder = statSync(dotGit).isDirectory();
  } catch {
    return null;
  }
  if (isFolder) return withCommonDir(dotGit);
  let gitDir: string;
  try {
    const pointer = /^gitdir:\s*(.+?)\s*$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
    if (!pointer) return null;
    gitDir = isAbsolute(pointer) ? pointer : resolve(baseDir, pointer);
    if (!statSync(gitDir).isDirectory()) return null;
  } catch {
    return null;
  }
  return withCommonDir(gitDir);
}

/** A git folder and the folder its `commondir` names (a linked worktree's), else itself. */
function withCommonDir(gitDir: string): GitDirs {
  let commonDir = gitDir;
  try {
    const common = readFileSync(join(gitDir, 'commondir'), 'utf8').trim();
    if (common) commonDir = isAbsolute(common) ? common : resolve(gitDir, common);
  } catch {
    // a repository's own git folder, or a submodule's: everything is in it
  }
  return { gitDir, commonDir };
}
