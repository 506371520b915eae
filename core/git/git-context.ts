import type { PromiseFsClient } from 'isomorphic-git';
import { join } from 'node:path';
import { gitDirs } from './git-dirs.js';
import { gitReadFs } from './git-read-fs.js';

/**
 * What every isomorphic-git call needs: an `fs`, the repository folder and a cache object.
 * Share one cache between calls on the same repository so packfile indexes are read once; drop it
 * (let it be garbage collected) when done, as it keeps packfiles in memory.
 */
export interface GitContext {
  fs: PromiseFsClient;
  dir: string;
  /**
   * The git folder isomorphic-git reads, when it is not `<dir>/.git`: a linked worktree's main repository
   * folder (isomorphic-git reads no `.git` file). The worktree's own HEAD is read by read-ref.ts.
   */
  gitdir?: string;
  cache: object;
}

export interface GitOptions {
  /** An isomorphic-git cache object shared between calls on one repository. */
  cache?: object;
}

/** The folder holding objects, refs and config: the context's gitdir, else `<dir>/.git`. */
export function commonGitDir(ctx: Pick<GitContext, 'dir' | 'gitdir'>): string {
  return ctx.gitdir ?? join(ctx.dir, '.git');
}

/** A context for one read operation (see gitReadFs); the cache may be shared with other operations. */
export function gitContext(repoDir: string, options: GitOptions = {}): GitContext {
  const dirs = gitDirs(repoDir);
  const ctx: GitContext = { fs: gitReadFs(), dir: repoDir, cache: options.cache ?? {} };
  if (dirs && dirs.commonDir !== join(repoDir, '.git')) ctx.gitdir = dirs.commonDir;
  return ctx;
}
