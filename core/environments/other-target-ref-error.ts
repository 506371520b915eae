import { GitError } from '../git/git-error.js';
import { describeStateKey } from '../state/state-key.js';
import type { StateStore } from '../state/state-store.js';
import { otherTargetsHint } from './environment-errors.js';
import { otherTargets } from './other-targets.js';

/**
 * `error`, git's `unknown-commit` for a ref read as an environment or a commit (`env create --commit REF`,
 * `diff --base REF`, `plan --commit REF`),
 * said again when the ref names an environment of other targets of the repository only (records are kept
 * per target, state key `<repository>#<target>`): with a hint to pass --target. Any other error as it is.
 */
export async function otherTargetRefError<E>(store: StateStore, key: string, ref: string, error: E): Promise<E | GitError> {
  if (!(error instanceof GitError) || error.code !== 'unknown-commit') return error;
  const hint = otherTargetsHint(ref, (await otherTargets(store, key, ref)).targets);
  if (hint === null) return error;
  return new GitError('unknown-commit', `no environment named '${ref}' of ${describeStateKey(key)}, and ${error.message}`, { hint, cause: error });
}
