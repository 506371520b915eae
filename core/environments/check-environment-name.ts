import { describeStateKey } from '../state/state-key.js';
import type { StateStore } from '../state/state-store.js';
import { StateError } from '../state/state-error.js';
import { invalidEnvironmentNameError } from './environment-errors.js';

const validName = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Environment names become schema and lock names: letters, digits, `.`, `_`, `-`; at most 63 characters. */
export function checkEnvironmentName(name: string): void {
  if (!validName.test(name)) throw invalidEnvironmentNameError(name);
}

/**
 * A (valid) name for an environment that does not exist yet must not be another one's in other letter case
 * (`PR-1` beside `pr-1`): warehouse schemas ignore case (DuckDB), so the two would share views; nor git's
 * HEAD (or FETCH_HEAD ...).
 */
export async function checkNewEnvironmentName(store: StateStore, repo: string, name: string): Promise<void> {
  // diff and plan read a REF|ENV as an environment when one of that name exists: HEAD (their default) must stay git's.
  if (/^[A-Z_]*HEAD$/i.test(name)) {
    throw new StateError('invalid-environment-name', `'${name}' cannot name an environment: it is git's name for a commit`, {
      hint: 'diff and plan read a name as an environment when one exists, and HEAD is their default: pick another name, e.g. head-test',
    });
  }
  const lower = name.toLowerCase();
  const clash = (await store.listEnvironments(repo)).find((e) => e.name !== name && e.name.toLowerCase() === lower);
  if (clash) {
    throw new StateError('environment-name-clash', `environment '${name}' differs from the existing '${clash.name}' of ${describeStateKey(repo)} only in letter case`, {
      hint: `warehouse schema names ignore case, so the two would share views: use '${clash.name}'`,
    });
  }
}
