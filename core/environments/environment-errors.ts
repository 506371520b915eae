import { describeStateKey } from '../state/state-key.js';
import { StateError } from '../state/state-error.js';
import { didYouMean } from '../util/did-you-mean.js';

const short = (commit: string) => commit.slice(0, 12);

/**
 * `environment-not-found`, with the nearest existing name or the list of names as the hint; first, the
 * other targets of the repository that have an environment of that name (`otherTargets`).
 */
export function unknownEnvironmentError(repo: string, name: string, known: readonly string[], otherTargets: readonly string[] = []): StateError {
  const hint = otherTargetsHint(name, otherTargets)
    || didYouMean(name, known)
    || (known.length > 0 ? `environments of ${describeStateKey(repo)}: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', ...' : ''}` : '')
    || `build it: amp-dbt run --env ${name}; or point it at a commit: amp-dbt env create ${name} --commit <ref>`;
  return new StateError('environment-not-found', `environment '${name}' of ${describeStateKey(repo)} does not exist`, { hint });
}

/** `target 'ci' has an environment 'staging': pass --target ci`, for a name other targets have; null when none has it. */
export function otherTargetsHint(name: string, otherTargets: readonly string[]): string | null {
  if (otherTargets.length === 0) return null;
  const targets = otherTargets.map((t) => `'${t}'`).join(', ');
  return `${otherTargets.length === 1 ? `target ${targets} has` : `targets ${targets} have`} an environment '${name}': pass --target ${otherTargets[0]}`;
}

export function invalidEnvironmentNameError(name: string): StateError {
  return new StateError('invalid-environment-name', `'${name}' is not a valid environment name`, {
    hint: 'use letters, digits, and . _ - (at most 63 characters, starting with a letter or digit), e.g. prod, pr-123, dev-alice',
  });
}

export function nothingToRollBackError(repo: string, name: string, commit: string): StateError {
  return new StateError('nothing-to-roll-back', `environment '${name}' of ${describeStateKey(repo)} has not moved since it was created (at ${short(commit)})`, {
    hint: `name the commit to move it to: amp-dbt env rollback ${name} --to <ref>`,
  });
}

export function notRecordedError(repo: string, commit: string): StateError {
  return new StateError('commit-not-recorded', `commit ${short(commit)} has no manifest in the state database of ${describeStateKey(repo)}`, {
    hint: `record it first: amp-dbt state record --commit ${short(commit)}`,
  });
}

/** `env delete prod` without --force: prod's views are what the warehouse's readers query. */
export function productionDeleteError(name: string): StateError {
  return new StateError('production-environment', `environment '${name}' is the production environment: deleting it drops the views its readers query`, {
    hint: `if that is what you want: amp-dbt env delete ${name} --force`,
  });
}
