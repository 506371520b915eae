import { isEnvironmentLock, PRUNE_LOCK_NAME, type StateStore } from '../state/state-store.js';
import { lockLostError } from '../state/state-error.js';
import type { Lease } from '../state/state-types.js';
import { deployInProgressError } from './prune-errors.js';

/** Prune renews its lease while it works, as a run does: a killed prune frees the target within the TTL. */
const PRUNE_LOCK_TTL_MS = 2 * 60_000;
const RENEW_EVERY_MS = 20_000;

/** Prune's hold on the physical schema: `check()` before each drop stops it once the lease is no longer its own. */
export interface PruneHold {
  lease: Lease;
  check(): Promise<void>;
}

/**
 * Runs `fn` holding the prune lock of the repository key (renewed), once no environment's lock is held:
 * `lock-held` naming the holders otherwise (a run into an environment that does not exist yet holds one
 * too). Environment locks are taken, then the prune lock checked (acquireEnvironmentLock), so no run or
 * move starts while `fn` runs. Released afterwards, also on failure.
 */
export async function withPruneLock<T>(store: StateStore, repo: string, owner: string, fn: (hold: PruneHold) => Promise<T>): Promise<T> {
  const lease = await store.acquireLock(repo, PRUNE_LOCK_NAME, owner, PRUNE_LOCK_TTL_MS);
  const renew = setInterval(() => { store.renewLock(repo, lease.name, lease.token, PRUNE_LOCK_TTL_MS).catch(() => undefined); }, RENEW_EVERY_MS);
  renew.unref();
  try {
    const held = (await store.listLocks(repo)).filter((l) => isEnvironmentLock(l.name));
    if (held.length) throw deployInProgressError(repo, held);
    const check = async () => {
      const current = await store.getLock(repo, lease.name);
      if (current?.token !== lease.token) throw lockLostError(repo, lease.name, lease.token, current);
    };
    return await fn({ lease, check });
  } finally {
    clearInterval(renew);
    await store.releaseLock(repo, lease.name, lease.token).catch(() => undefined);
  }
}
