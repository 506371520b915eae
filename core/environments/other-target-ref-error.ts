import { GitError } from '../git/git-error.js';
import { didYouMean } from '../util/did-you-mean.js';
import { describeStateKey } from '../state/state-key.js';
import type { StateStore } from '../state/state-store.js';
import { otherTargetsHint } from './environment-errors.js';
import { otherTargets } from './other-targets.js';

/**
 * `error`, git's `unknown-commit` for a ref read as an environment or a commit (`env create --commit REF`,
 * `env rollback --to REF`, `diff --base REF`, `plan --commit REF`), said again as what the ref is not: when it
 * names an environment of other targets of the repository only (records are kept per target, state key
 * `<repository>#<target>`), with a hint to pass --target; else, when this target has environments, with the
 * nearest of their names (a typo of `prod`) or the list of them. Any other error as it is.
 */
export async function unknownRefError<E>(store: StateStore, key: string, ref: string, error: E): Promise<E | GitError> {
  if (!(error instanceof GitError) || error.code !== 'unknown-commit') return error;
  const hint = otherTargetsHint(ref, (await otherTargets(store, key, ref)).targets);
  if (hint !== null) {
    return new GitError('unknown-commit', `no environment named '${ref}' of ${describeStateKey(key)}, and ${error.message}`, { hint, cause: error });
  }
  const environments = (await store.listEnvironments(key)).map((e) => e.name);
  if (environments.length === 0) return error;
  const suggestion = didYouMean(ref, environments) || `environments: ${environments.map((n) => `'${n}'`).join(', ')}; ${error.hint ?? ''}`;
  return new GitError('unknown-commit', `no environment named '${ref}', and ${error.message}`, { hint: suggestion, cause: error });
}
