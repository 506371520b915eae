import type { StateStore } from '../state/state-store.js';
import type { Fence } from '../state/state-types.js';
import { acquireEnvironmentLock } from './acquire-environment-lock.js';

/** How long a pointer move may hold an environment's lock (a move takes milliseconds). */
export const MOVE_LOCK_TTL_MS = 60_000;

/**
 * Runs `fn` holding the environment's lock (the lock a deploy holds), with the lease's fence for the
 * move; `lock-held` when someone else holds it (or prune runs: acquireEnvironmentLock). The lease is released afterwards, also on failure.
 */
export async function withEnvironmentLock<T>(
  store: StateStore, repo: string, environment: string, owner: string, fn: (fence: Fence) => Promise<T>, ttlMs = MOVE_LOCK_TTL_MS,
): Promise<T> {
  const lease = await acquireEnvironmentLock(store, repo, environment, owner, ttlMs);
  try {
    return await fn({ lock: lease.name, token: lease.token });
  } finally {
    await store.releaseLock(repo, lease.name, lease.token);
  }
}
