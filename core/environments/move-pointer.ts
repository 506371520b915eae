import { environmentNotFoundError, StateError, stalePlanError } from '../state/state-error.js';
import type { StateStore } from '../state/state-store.js';
import type { Environment, EnvironmentMove, MoveReason } from '../state/state-types.js';
import { withEnvironmentLock } from './with-environment-lock.js';

/** An environment after a promote, rollback or deploy. */
export interface PointerMove {
  environment: Environment;
  /** The commit it pointed at before. */
  previous: string;
  /** The move recorded in its history; null when it already pointed there (nothing was written). */
  move: EnvironmentMove | null;
}

export interface MovePointerOptions {
  to: string;
  /** The commit the caller saw it at (a full or abbreviated sha): the move is a compare-and-swap on it. */
  expected: string;
  actor: string;
  reason: MoveReason;
  /**
   * Runs under the lock just before the pointer moves, with the commit it moves to: a SQL warehouse
   * repoints the environment's views here. When it throws, the pointer does not move.
   */
  beforeMove?: (to: string) => Promise<void>;
}

/** The full sha `expected` abbreviates when it is `actual`'s prefix (at least 4 digits), else `expected` as given. */
export function expandExpected(actual: string, expected: string): string {
  const prefix = expected.toLowerCase();
  return prefix.length >= 4 && actual.startsWith(prefix) ? actual : expected;
}

/**
 * Moves an environment's pointer while holding its lock; the store refuses the move (`stale-plan`) when
 * the pointer moved away from `expected` meanwhile, and (`lock-fenced`) when a newer lease was issued.
 */
export async function movePointer(store: StateStore, repo: string, current: Environment, options: MovePointerOptions): Promise<PointerMove> {
  const expected = expandExpected(current.commit, options.expected);
  // Already where the move would take it (a retried promote whose first answer was lost, say): nothing to do.
  const arrived = (now: Environment): PointerMove => ({ environment: now, previous: now.commit, move: null });
  if (expected !== current.commit) {
    if (current.commit === options.to) return arrived(current);
    throw stalePlanError(repo, current.name, expected, current.commit);
  }
  if (options.to === current.commit) {
    // Nothing to write; `current` may have been read a while ago, so the pointer is read again.
    const now = await store.getEnvironment(repo, current.name);
    if (now === null) throw environmentNotFoundError(repo, current.name);
    if (now.commit !== expected && now.commit !== options.to) throw stalePlanError(repo, current.name, expected, now.commit);
    return arrived(now);
  }
  const owner = `${options.actor} (${options.reason} ${current.name})`;
  const move = await withEnvironmentLock(store, repo, current.name, owner, async (fence) => {
    await options.beforeMove?.(options.to);
    return store.moveEnvironment(repo, current.name, { to: options.to, expected, actor: options.actor, reason: options.reason, fence });
  }).catch(async (error: unknown) => {
    // Moved meanwhile, to where this move goes (the same promote, run twice at once): done, not stale.
    if (!(error instanceof StateError) || error.code !== 'stale-plan') throw error;
    const now = await store.getEnvironment(repo, current.name);
    if (now?.commit === options.to) return null;
    throw error;
  });
  if (move === null) return arrived((await store.getEnvironment(repo, current.name))!);
  const environment = { ...current, commit: move.to, updatedAt: move.movedAt, updatedBy: move.actor };
  return { environment, previous: current.commit, move };
}
