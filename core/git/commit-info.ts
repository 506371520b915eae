import { gitContext, type GitOptions } from './git-context.js';
import { readCommitObject } from './read-git-object.js';

export interface CommitInfo {
  sha: string;
  /** Parent shas, first parent first; empty for a root commit. */
  parents: string[];
  author: { name: string; email: string };
  /** The full message, trailing newline removed. */
  message: string;
  /** When the commit was made (committer time), seconds since the epoch. */
  timestamp: number;
}

/** Who made commit `sha` (a full sha; see resolveCommit), when, why, and its parents. */
export async function commitInfo(repoDir: string, sha: string, options: GitOptions = {}): Promise<CommitInfo> {
  const commit = await readCommitObject(gitContext(repoDir, options), sha);
  return { sha, parents: commit.parents, author: commit.author, message: commit.message.replace(/\n$/, ''), timestamp: commit.committerTime };
}
