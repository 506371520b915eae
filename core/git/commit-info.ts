import git from 'isomorphic-git';
import { gitContext, type GitOptions } from './git-context.js';

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
  const { oid, commit } = await git.readCommit({ ...gitContext(repoDir, options), oid: sha });
  return {
    sha: oid,
    parents: commit.parent,
    author: { name: commit.author.name, email: commit.author.email },
    message: commit.message.replace(/\n$/, ''),
    timestamp: commit.committer.timestamp,
  };
}
