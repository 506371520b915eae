import { lockHeldError, StateError } from '../state/state-error.js';
import { environmentLockName, PRUNE_LOCK_NAME, type StateStore } from '../state/state-store.js';
import type { Lease } from '../state/state-types.js';

/**
 * Takes the environment's lock (the lock a deploy holds); `lock-held` when someone else holds it, or when
 * `amp-dbt prune` is dropping physical relations (PRUNE_LOCK_NAME): the versions a run or a move reuses
 * might be among them. Taken first and checked after, so prune (which takes its lock, then looks for
 * environment locks) and this never both go on.
 */
export async function acquireEnvironmentLock(store: StateStore, repo: string, environment: string, owner: string, ttlMs: number): Promise<Lease> {
  const lease = await store.acquireLock(repo, environmentLockName(environment), owner, ttlMs);
  const prune = await store.getLock(repo, PRUNE_LOCK_NAME);
  if (!prune) return lease;
  await store.releaseLock(repo, lease.name, lease.token);
  throw new StateError('lock-held', lockHeldError(repo, prune, Date.now()).message, {
    hint: 'amp-dbt prune is dropping physical relations no environment needs: try again once it has finished',
  });
}
