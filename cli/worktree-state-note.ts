import { existsSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { gitDirs, isWithin } from '../core/git/git-dirs.js';
import { GitError } from '../core/git/git-error.js';
import { realPath } from '../core/git/real-path.js';
import { StateError } from '../core/state/state-error.js';
import type { StateSession } from './open-state.js';

/**
 * In a linked worktree (`git worktree add`) whose state database is a SQLite file inside it (the default
 * `.amp-dbt/state.db` of the project folder): that the database is the worktree's own, although the
 * repository key is the main worktree's too, and where the main worktree's is (with how to use it when it
 * exists). Null anywhere else.
 */
export function worktreeStateNote(session: Pick<StateSession, 'repoRoot' | 'store'>): string | null {
  const { repoRoot, store } = session;
  if (!repoRoot || store.kind !== 'sqlite') return null;
  const dirs = gitDirs(repoRoot);
  // A linked worktree's git folder is <main>/.git/worktrees/<name>; its common folder the main worktree's .git.
  if (!dirs || dirs.gitDir === dirs.commonDir || basename(dirs.commonDir) !== '.git') return null;
  const [root, database] = [realPath(repoRoot), realPath(store.location)];
  if (!isWithin(root, database)) return null;
  const main = dirname(realPath(dirs.commonDir));
  const mainDatabase = join(main, relative(root, database));
  const there = existsSync(mainDatabase) ? `; the main worktree's is ${mainDatabase} (AMP_DBT_STATE_URL=sqlite:${mainDatabase} uses it)` : '';
  return `this linked worktree of ${main} has a state database of its own, ${database}${there}`;
}

/**
 * `environment-not-found`, or `unknown-commit` of a ref read as an environment or a commit (`diff --base NAME`,
 * `plan --commit NAME`), with the worktree's note (worktreeStateNote) after its hint: in a linked worktree
 * with a state database of its own, the environment is likely the main worktree's. Any other error, or
 * anywhere else, the error as it is.
 */
export function withWorktreeStateNote(error: unknown, session: Pick<StateSession, 'repoRoot' | 'store'>): unknown {
  const noted = (error instanceof StateError && error.code === 'environment-not-found') || (error instanceof GitError && error.code === 'unknown-commit');
  if (!noted) return error;
  const note = worktreeStateNote(session);
  if (note === null) return error;
  const Kind = error instanceof StateError ? StateError : GitError;
  return new Kind(error.code, error.message, { hint: error.hint ? `${error.hint}; ${note}` : note, cause: error.cause, location: error.location });
}
