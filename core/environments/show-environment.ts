import { environmentLockName, type StateStore } from '../state/state-store.js';
import type { Environment, EnvironmentMove, Lease } from '../state/state-types.js';
import { describeStateKey } from '../state/state-key.js';
import { StateError } from '../state/state-error.js';
import { requireEnvironment } from './require-environment.js';

export interface EnvironmentDetails {
  environment: Environment;
  /** Whether the commit it points at has a manifest in the store. */
  recorded: boolean;
  /** Its last move (creation included). */
  lastMove: EnvironmentMove | null;
  /** The lease on its lock, when a deploy or move holds it. */
  lock: Lease | null;
}

/**
 * An environment with its last move, whether its commit is recorded, and who holds its lock. One that does not
 * exist yet while its lock is held (a first `run --env NAME` building it) is environment-not-found saying so.
 */
export async function showEnvironment(store: StateStore, repo: string, name: string): Promise<EnvironmentDetails> {
  if (!(await store.getEnvironment(repo, name))) {
    const creating = await store.getLock(repo, environmentLockName(name));
    if (creating) {
      throw new StateError('environment-not-found', `environment '${name}' of ${describeStateKey(repo)} does not exist yet: ${creating.owner} holds its lock until ${creating.expiresAt}`, {
        hint: 'a deploy is creating it: show it again once that is done',
      });
    }
  }
  const environment = await requireEnvironment(store, repo, name);
  const [recorded, history, lock] = await Promise.all([
    store.hasManifest(repo, environment.commit),
    store.environmentHistory(repo, name),
    store.getLock(repo, environmentLockName(name)),
  ]);
  return { environment, recorded, lastMove: history[0] ?? null, lock };
}

